import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type JsonObject,
  MANIFEST_DIR,
  buildManifest,
  readIcons,
  readLocalizationFiles,
  readManifestTemplate,
  validateAppPackage,
} from '../../../scripts/appPackage';
import { customEngineAgentProblems, promptStarterProblems, promptStarters } from '../../../scripts/copilotAgent';
import { DEFAULT_MAX_CUSTOMERS, parseCommand, type ParsedCommand } from '../../../src/conversation/commandParser';
import { parseWatchCommand } from '../../../src/conversation/understanding/watchCommand';

/**
 * The bot in Microsoft 365 Copilot: what `npm run package` checks beyond the Teams schema (the
 * agent is this bot, which has the personal and copilot scopes, in a manifest of 1.22 or later; a
 * prompt starter has a prompt), and the prompt starters themselves, read back through the bot's
 * own parser in both languages.
 */

const BOT_ID = '11111111-2222-4333-8444-555555555555';
const OTHER_ID = '22222222-3333-4444-8555-666666666666';
const VARS = { botId: BOT_ID, teamsAppId: BOT_ID };

async function realManifest(): Promise<JsonObject> {
  return buildManifest(await readManifestTemplate(), VARS);
}

function botOf(manifest: JsonObject): JsonObject {
  return (manifest.bots as JsonObject[])[0];
}

function agentsOf(manifest: JsonObject): JsonObject[] {
  return (manifest.copilotAgents as { customEngineAgents: JsonObject[] }).customEngineAgents;
}

/** Every problem of the real package with `change` made to its manifest. */
async function problemsWith(change: (manifest: JsonObject) => void): Promise<string[]> {
  const manifest = await realManifest();
  change(manifest);
  return validateAppPackage(manifest, await readIcons(), await readLocalizationFiles(manifest));
}

describe('Teams app package: the bot in Microsoft 365 Copilot', () => {
  it('the real manifest offers this bot as its one custom engine agent, with no problem', async () => {
    const manifest = await realManifest();
    assert.deepEqual(agentsOf(manifest), [{ type: 'bot', id: BOT_ID }]);
    assert.deepEqual(customEngineAgentProblems(manifest), []);
    assert.deepEqual(promptStarterProblems(manifest), []);
  });

  it('refuses an agent id that is not the bot id (the schema takes any GUID)', async () => {
    const problems = await problemsWith((manifest) => {
      agentsOf(manifest)[0].id = OTHER_ID;
    });
    assert.deepEqual(problems, [
      `manifest.json: copilotAgents.customEngineAgents[0].id "${OTHER_ID}" is not the id of a bot in bots[]; it ` +
        "must be the bot's id (bots[0].botId, both filled from MicrosoftAppId).",
    ]);
  });

  it('refuses a bot without the personal or the copilot scope (the schema accepts both)', async () => {
    const withoutPersonal = await problemsWith((manifest) => {
      botOf(manifest).scopes = ['team', 'groupChat', 'copilot'];
    });
    assert.deepEqual(withoutPersonal, [
      'manifest.json: bots[0].scopes must include "personal" (copilotAgents.customEngineAgents[0] is that bot).',
    ]);
    const withoutCopilot = await problemsWith((manifest) => {
      botOf(manifest).scopes = ['personal'];
    });
    assert.deepEqual(withoutCopilot, [
      'manifest.json: bots[0].scopes must include "copilot" (copilotAgents.customEngineAgents[0] is that bot).',
    ]);
  });

  it('refuses a manifest version before 1.22 (checked without the schema: its own version may be older)', () => {
    for (const manifestVersion of ['1.21', '1.9', 'devPreview', undefined]) {
      const manifest: JsonObject = {
        manifestVersion,
        bots: [{ botId: BOT_ID, scopes: ['personal', 'copilot'] }],
        copilotAgents: { customEngineAgents: [{ type: 'bot', id: BOT_ID }] },
      };
      assert.deepEqual(customEngineAgentProblems(manifest), [
        'manifest.json: copilotAgents.customEngineAgents needs manifestVersion 1.22 or later (and the $schema of ' +
          `that version), not ${JSON.stringify(manifestVersion)}.`,
      ]);
    }
    for (const manifestVersion of ['1.22', '1.30', '2.0']) {
      const manifest: JsonObject = {
        manifestVersion,
        bots: [{ botId: BOT_ID, scopes: ['personal', 'copilot'] }],
        copilotAgents: { customEngineAgents: [{ type: 'bot', id: BOT_ID }] },
      };
      assert.deepEqual(customEngineAgentProblems(manifest), [], manifestVersion);
    }
  });

  it('checks nothing of a package that does not offer the bot in Copilot', async () => {
    const problems = await problemsWith((manifest) => {
      delete manifest.copilotAgents;
      botOf(manifest).scopes = ['team'];
    });
    assert.deepEqual(problems, []);
  });

  it('refuses a prompt starter without a prompt (the schema does not require one)', async () => {
    const problems = await problemsWith((manifest) => {
      const [starter] = promptStarters(manifest);
      delete starter?.command.prompt;
    });
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.equal(
      problems[0],
      'manifest.json: bots[0].commandLists[0].commands[6] is of type "prompt" but has no prompt text; give it a ' +
        '"prompt".',
    );
    // …and its translation now translates nothing.
    assert.match(
      problems[1] ?? '',
      /^zh-tw\.json: "bots\[0\]\.commandLists\[0\]\.commands\[6\]\.prompt" has no counterpart/,
    );
  });
});

describe('Teams app package: the prompt starters', () => {
  /** The kind of command each prompt starter must be, in order: a lookup, several, by domain, by name, help. */
  const EXPECTED: readonly ParsedCommand['kind'][] = [
    'qualification',
    'bulkQualification',
    'qualificationByDomain',
    'qualificationByName',
    'help',
  ];

  /** The bot's routing: a watch command is read first, then every other command. */
  function understood(prompt: string): ParsedCommand {
    assert.equal(parseWatchCommand(prompt, DEFAULT_MAX_CUSTOMERS), undefined, `${prompt}: read as a watch command`);
    return parseCommand(prompt, { maxCustomers: DEFAULT_MAX_CUSTOMERS });
  }

  async function prompts(): Promise<{ english: string[]; chinese: string[] }> {
    const manifest = await realManifest();
    const zhTw = JSON.parse(await readFile(path.join(MANIFEST_DIR, 'zh-tw.json'), 'utf8')) as JsonObject;
    const starters = promptStarters(manifest);
    return {
      english: starters.map(({ command }) => String(command.prompt)),
      chinese: starters.map(({ key }) => {
        const prompt = zhTw[`${key}.prompt`];
        assert.equal(typeof prompt, 'string', `${key}.prompt is not translated`);
        return prompt as string;
      }),
    };
  }

  it('a lookup, several customers, by domain, by name and help, in en-US and in zh-TW', async () => {
    const { english, chinese } = await prompts();
    assert.equal(english.length, EXPECTED.length);
    for (const [language, list] of [
      ['en-US', english],
      ['zh-TW', chinese],
    ] as const) {
      assert.deepEqual(
        list.map((prompt) => understood(prompt).kind),
        EXPECTED,
        `${language}: ${list.join(' | ')}`,
      );
    }
  });

  it('each is carried out as written: help is the help asked for, never the "not understood" help', async () => {
    const { english, chinese } = await prompts();
    for (const prompt of [...english, ...chinese]) {
      const command = understood(prompt);
      assert.ok(!(command.kind === 'help' && command.reason !== 'asked'), `${prompt}: ${JSON.stringify(command)}`);
      assert.notEqual(command.kind, 'invalidCustomerId', prompt);
      assert.notEqual(command.kind, 'tooManyCustomers', prompt);
    }
  });

  it('the Chinese prompt asks for the same customers as the English one', async () => {
    const { english, chinese } = await prompts();
    english.forEach((prompt, i) => {
      const { kind: _english, ...asked } = understood(prompt);
      const { kind: _chinese, ...askedInChinese } = understood(chinese[i] ?? '');
      assert.deepEqual(askedInChinese, asked, `${prompt} | ${chinese[i]}`);
    });
  });
});
