import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { PNG } from 'pngjs';
import {
  type AppIcons,
  type JsonObject,
  type LocalizationFiles,
  ICONS,
  MANIFEST_DIR,
  MANIFEST_FILE_NAME,
  PACKAGE_FILE_NAME,
  REPO_ROOT,
  buildManifest,
  iconProblems,
  localizationFileNames,
  packageApp,
  packageWarnings,
  readIcons,
  readLocalizationFiles,
  readManifestTemplate,
  readManifestVars,
  validateAppPackage,
  withNetworkBlocked,
  writeAppPackage,
} from '../../../scripts/appPackage';
import { parseCommand } from '../../../src/conversation/commandParser';
import { parseWatchCommand } from '../../../src/conversation/understanding/watchCommand';

const BOT_ID = '11111111-2222-4333-8444-555555555555';
const TEAMS_APP_ID = '99999999-8888-4777-8666-555555555555';
const VARS = { botId: BOT_ID, teamsAppId: TEAMS_APP_ID };
const CLI = path.join(REPO_ROOT, 'scripts', 'package-app.ts');
const ZH_TW_FILE = 'zh-tw.json';
const CUSTOMER_A = '00000000-0000-4000-8000-000000000001';
const CUSTOMER_B = '00000000-0000-4000-8000-000000000002';
/** Limits for bot command titles and descriptions in the Teams command menu (schemas up to v1.20 enforced them). */
const COMMAND_TITLE_MAX = 32;
const COMMAND_DESCRIPTION_MAX = 128;
/** The v1.30 schema's maxItems for a command list (prompt starters included). */
const TEAMS_MAX_COMMANDS = 12;

type Rgba = readonly [number, number, number, number];

function pngOf(size: number, pixelAt: (x: number, y: number) => Rgba): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) png.data.set(pixelAt(x, y), (y * size + x) * 4);
  }
  return PNG.sync.write(png);
}

/** A white square glyph in the middle of a transparent 32×32 image. */
function goodOutline(): Buffer {
  return pngOf(32, (x, y) => (x >= 8 && x < 24 && y >= 8 && y < 24 ? [255, 255, 255, 255] : [0, 0, 0, 0]));
}

function solidPng(size: number, rgba: Rgba): Buffer {
  return pngOf(size, () => rgba);
}

async function realManifest(): Promise<JsonObject> {
  return buildManifest(await readManifestTemplate(), VARS);
}

function botOf(manifest: JsonObject): JsonObject {
  return (manifest.bots as JsonObject[])[0];
}

type Command = { title: string; description: string };

function commandListsOf(manifest: JsonObject): Array<{ scopes: string[]; commands: Command[] }> {
  return botOf(manifest).commandLists as Array<{ scopes: string[]; commands: Command[] }>;
}

async function realLocalizations(manifest: JsonObject): Promise<LocalizationFiles> {
  return readLocalizationFiles(manifest);
}

/** manifest/zh-tw.json as committed. */
async function zhTw(): Promise<JsonObject> {
  return JSON.parse(await readFile(path.join(MANIFEST_DIR, ZH_TW_FILE), 'utf8')) as JsonObject;
}

/** The real localization files with zh-tw.json replaced by content (a JSON object or raw text). */
function withZhTw(content: JsonObject | string): LocalizationFiles {
  return new Map([[ZH_TW_FILE, Buffer.from(typeof content === 'string' ? content : JSON.stringify(content, null, 2))]]);
}

/** The translated commands of zh-tw.json, per command list of the manifest. */
function localizedCommands(manifest: JsonObject, localization: JsonObject): Command[][] {
  return commandListsOf(manifest).map((list, i) =>
    list.commands.map((_, j) => {
      const key = `bots[0].commandLists[${i}].commands[${j}]`;
      return {
        title: localization[`${key}.title`] as string,
        description: localization[`${key}.description`] as string,
      };
    }),
  );
}

function withoutDetails(problems: readonly string[]): string[] {
  return problems.map((problem) => problem.replace(/\. Details: .*$/, ''));
}

async function makeTempDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'app-package-test-'));
}

function runCli(args: readonly string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['--require', 'tsx/cjs', CLI, ...args], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
}

/** The test process's environment without any packaging variables and without .env. */
function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DOTENV_DISABLED: 'true', ...extra };
  for (const name of ['MicrosoftAppId', 'TEAMS_APP_ID', 'BOT_DOMAIN', 'PARTNER_CENTER_AUTH']) {
    if (!(name in extra)) delete env[name];
  }
  return env;
}

describe('Teams app package', () => {
  let tempDir: string;

  beforeEach(async () => {
    tempDir = await makeTempDir();
  });

  afterEach(async () => {
    await rm(tempDir, { recursive: true, force: true });
  });

  describe('readManifestVars', () => {
    it('requires MicrosoftAppId and says which variable to set', () => {
      const { vars, problems } = readManifestVars({ MicrosoftAppId: '  ' });
      assert.equal(vars, undefined);
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^MicrosoftAppId is not set\. Set MicrosoftAppId/);
    });

    it('defaults the Teams app id to the bot id and ignores a blank BOT_DOMAIN', () => {
      assert.deepEqual(readManifestVars({ MicrosoftAppId: BOT_ID, BOT_DOMAIN: '' }), {
        vars: { botId: BOT_ID, teamsAppId: BOT_ID },
        problems: [],
      });
    });

    it('takes TEAMS_APP_ID and BOT_DOMAIN when given', () => {
      const { vars } = readManifestVars({
        MicrosoftAppId: BOT_ID,
        TEAMS_APP_ID: TEAMS_APP_ID,
        BOT_DOMAIN: 'mybot.azurewebsites.net',
      });
      assert.deepEqual(vars, { botId: BOT_ID, teamsAppId: TEAMS_APP_ID, botDomain: 'mybot.azurewebsites.net' });
    });

    it('reports every malformed value at once', () => {
      const { vars, problems } = readManifestVars({
        MicrosoftAppId: 'my-bot',
        TEAMS_APP_ID: '1234',
        BOT_DOMAIN: 'https://mybot.azurewebsites.net/api/messages',
      });
      assert.equal(vars, undefined);
      assert.equal(problems.length, 3);
      assert.match(problems[0], /^MicrosoftAppId "my-bot" is not a GUID/);
      assert.match(problems[1], /^TEAMS_APP_ID "1234" is not a GUID/);
      assert.match(problems[2], /^BOT_DOMAIN "https:\/\/mybot\.azurewebsites\.net\/api\/messages" is not a host name/);
    });
  });

  describe('buildManifest', () => {
    it('fills in the bot id and the Teams app id', async () => {
      const manifest = await realManifest();
      assert.equal(manifest.id, TEAMS_APP_ID);
      assert.equal(botOf(manifest).botId, BOT_ID);
      assert.doesNotMatch(JSON.stringify(manifest), /\$\{\{/);
    });

    it('adds BOT_DOMAIN to validDomains once, after token.botframework.com', async () => {
      const template = await readManifestTemplate();
      const once = buildManifest(template, { ...VARS, botDomain: 'mybot.azurewebsites.net' });
      assert.deepEqual(once.validDomains, ['token.botframework.com', 'mybot.azurewebsites.net']);
      const duplicate = buildManifest(template, { ...VARS, botDomain: 'TOKEN.botframework.com' });
      assert.deepEqual(duplicate.validDomains, ['token.botframework.com']);
    });

    it('rejects a template that is not JSON', () => {
      assert.throws(() => buildManifest('{ "id": ', VARS), /manifest\.json is not valid JSON/);
    });
  });

  describe('the real manifest and icons', () => {
    it('validate offline with no problems', async () => {
      const manifest = await realManifest();
      const problems = await validateAppPackage(manifest, await readIcons(), await realLocalizations(manifest));
      assert.deepEqual(problems, []);
    });

    it('describe the bot as the brief asks', async () => {
      const manifest = await realManifest();
      const bot = botOf(manifest);
      assert.deepEqual(bot.scopes, ['personal', 'team', 'groupChat', 'copilot']);
      assert.equal(bot.supportsFiles, false);
      assert.equal(bot.isNotificationOnly, false);
      const commandLists = bot.commandLists as Array<{
        scopes: string[];
        commands: Array<{ title: string; type?: string }>;
      }>;
      assert.deepEqual(commandLists.flatMap((list) => list.scopes).sort(), [
        'copilot',
        'groupChat',
        'personal',
        'team',
      ]);
      for (const list of commandLists) {
        assert.deepEqual(
          list.commands.filter((command) => command.type !== 'prompt').map((command) => command.title),
          ['qualification for', 'watch', 'unwatch', 'watching', 'help', 'sign out'],
        );
        assert.ok(list.commands.length <= TEAMS_MAX_COMMANDS, `at most ${TEAMS_MAX_COMMANDS} commands in a list`);
      }
      // Offered in Microsoft 365 Copilot as this bot.
      assert.deepEqual(manifest.copilotAgents, { customEngineAgents: [{ type: 'bot', id: bot.botId }] });
      assert.deepEqual(manifest.permissions, ['identity', 'messageTeamMembers']);
      assert.deepEqual(manifest.validDomains, ['token.botframework.com']);
      // Teams single sign-on (PARTNER_CENTER_AUTH=user) asks Entra for a token for this resource;
      // it must equal the OAuth connection's Token Exchange URL.
      assert.deepEqual(manifest.webApplicationInfo, { id: bot.botId, resource: `api://botid-${String(bot.botId)}` });
    });

    it('warn that the developer name and URLs are still placeholders', async () => {
      const warnings = packageWarnings(await realManifest());
      assert.equal(warnings.length, 4);
      assert.match(warnings[0], /developer\.name is still the example "Contoso Partner Tools"/);
      assert.match(warnings[1], /developer\.websiteUrl is still the placeholder https:\/\/example\.com/);
    });
  });

  describe('the command menu and its zh-TW localization', () => {
    it('manifest.json is in en-us and names zh-tw.json for zh-tw, which is read from manifest/', async () => {
      const manifest = await realManifest();
      assert.deepEqual(manifest.localizationInfo, {
        defaultLanguageTag: 'en-us',
        additionalLanguages: [{ languageTag: 'zh-tw', file: ZH_TW_FILE }],
      });
      assert.deepEqual(localizationFileNames(manifest), [ZH_TW_FILE]);
      const localizations = await realLocalizations(manifest);
      assert.deepEqual([...localizations.keys()], [ZH_TW_FILE]);
      assert.ok(localizations.get(ZH_TW_FILE)!.equals(await readFile(path.join(MANIFEST_DIR, ZH_TW_FILE))));
    });

    it(
      "zh-tw.json uses the localization schema of the manifest's version and translates the names and " +
        'descriptions',
      async () => {
        const manifest = await realManifest();
        const localization = await zhTw();
        assert.equal(
          localization.$schema,
          String(manifest.$schema).replace('MicrosoftTeams.schema.json', 'MicrosoftTeams.Localization.schema.json'),
        );
        const name = manifest.name as JsonObject;
        const description = manifest.description as JsonObject;
        const english = {
          'name.short': name.short,
          'name.full': name.full,
          'description.short': description.short,
          'description.full': description.full,
        };
        for (const [key, value] of Object.entries(english)) {
          assert.equal(typeof localization[key], 'string', `${key} is missing from ${ZH_TW_FILE}`);
          assert.notEqual(localization[key], value, `${key} is not translated`);
          assert.match(localization[key] as string, /\p{Script=Han}/u, `${key} is not in Chinese`);
        }
        // The description tells zh-TW users the Chinese commands.
        assert.match(localization['description.full'] as string, /「資格 \{customer-tenant-id\}」.*「說明」/);
      },
    );

    it("English and Chinese command titles are the commands the bot's parser accepts", async () => {
      const manifest = await realManifest();
      const localized = localizedCommands(manifest, await zhTw());
      assert.deepEqual(
        localized.map((list) => list.slice(0, 6).map((command) => command.title)),
        [['資格', '追蹤', '取消追蹤', '追蹤清單', '說明', '登出']],
      );
      for (const commands of [...commandListsOf(manifest).map((list) => list.commands), ...localized]) {
        const [lookup, watch, unwatch, watching, help, signOut] = commands.map((command) => command.title);
        // Teams puts the title into the compose box; the user adds the customers after it.
        assert.deepEqual(parseCommand(`${lookup} ${CUSTOMER_A}`), { kind: 'qualification', customerId: CUSTOMER_A });
        assert.deepEqual(parseCommand(`${lookup} ${CUSTOMER_A}, ${CUSTOMER_B}`), {
          kind: 'bulkQualification',
          customerIds: [CUSTOMER_A, CUSTOMER_B],
        });
        assert.deepEqual(parseCommand(`${lookup} contoso.onmicrosoft.com`), {
          kind: 'qualificationByDomain',
          domain: 'contoso.onmicrosoft.com',
        });
        assert.deepEqual(parseWatchCommand(`${watch} ${CUSTOMER_A}`, 20), {
          kind: 'watch',
          targets: [{ kind: 'id', customerId: CUSTOMER_A }],
        });
        assert.deepEqual(parseWatchCommand(`${unwatch} ${CUSTOMER_A}`, 20), {
          kind: 'unwatch',
          targets: [{ kind: 'id', customerId: CUSTOMER_A }],
        });
        assert.deepEqual(parseWatchCommand(watching, 20), { kind: 'watching' });
        assert.deepEqual(parseCommand(help), { kind: 'help', reason: 'asked' });
        assert.deepEqual(parseCommand(signOut), { kind: 'signOut' });
      }
    });

    it('every command is translated, and titles and descriptions fit the Teams command menu', async () => {
      const manifest = await realManifest();
      const english = commandListsOf(manifest).map((list) => list.commands);
      const chinese = localizedCommands(manifest, await zhTw());
      for (const [index, command] of [...english.flat(), ...chinese.flat()].entries()) {
        const where = `command ${index}: ${JSON.stringify(command)}`;
        assert.equal(typeof command.title, 'string', where);
        assert.equal(typeof command.description, 'string', where);
        assert.ok([...command.title].length <= COMMAND_TITLE_MAX, `${where}: title longer than ${COMMAND_TITLE_MAX}`);
        assert.ok(
          [...command.description].length <= COMMAND_DESCRIPTION_MAX,
          `${where}: description longer than ${COMMAND_DESCRIPTION_MAX}`,
        );
      }
      // The lookup command says how to ask for one customer, several customers and a domain.
      assert.match(english[0][0].description, /one customer.*several.*domain/i);
      assert.match(chinese[0][0].description, /資格 \{customer-tenant-id\}.*多位客戶.*網域/);
    });
  });

  describe('validateAppPackage refuses', () => {
    it('a broken manifest, with the schema messages', async () => {
      const manifest = buildManifest(await readManifestTemplate(), { botId: 'not-a-guid', teamsAppId: TEAMS_APP_ID });
      (manifest.description as JsonObject).short = 'x'.repeat(81);
      botOf(manifest).scopes = ['personal', 'galaxy'];
      manifest.unknownProp = true;
      const problems = await validateAppPackage(manifest, await readIcons(), await realLocalizations(manifest));
      assert.deepEqual(withoutDetails(problems), [
        'manifest.json: (top level) must NOT have additional properties',
        'manifest.json: /description/short must NOT have more than 80 characters',
        'manifest.json: /bots/0/botId must match pattern "^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"',
        'manifest.json: /bots/0/scopes/1 must be equal to one of the allowed values',
        // The message extension is the bot's too: the same id, the same pattern.
        'manifest.json: /composeExtensions/0/botId must match pattern ' +
          '"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"',
        'manifest.json: /webApplicationInfo/id must match pattern ' +
          '"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"',
        'manifest.json: /copilotAgents/customEngineAgents/0/id must match pattern ' +
          '"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"',
        // The schema does not check the agent's bot's scopes (scripts/copilotAgent.ts does).
        'manifest.json: bots[0].scopes must include "copilot" (copilotAgents.customEngineAgents[0] is that bot).',
      ]);
    });

    it('a placeholder that nothing fills in', async () => {
      const template = (await readManifestTemplate()).replace('Contoso Partner Tools', '${{PUBLISHER}}');
      const manifest = buildManifest(template, VARS);
      const problems = await validateAppPackage(manifest, await readIcons(), await realLocalizations(manifest));
      assert.deepEqual(problems, ['manifest.json still contains the placeholder ${{PUBLISHER}}; nothing fills it in.']);
    });

    it('a $schema that is not bundled, without going to the network', async () => {
      const manifest = {
        ...(await realManifest()),
        $schema: 'https://example.invalid/teams/v9/MicrosoftTeams.schema.json',
      };
      const original = globalThis.fetch;
      let fetchCalls = 0;
      globalThis.fetch = () => {
        fetchCalls++;
        throw new Error('unexpected fetch');
      };
      try {
        const problems = await validateAppPackage(manifest, await readIcons(), await realLocalizations(manifest));
        assert.equal(problems.length, 1);
        assert.match(problems[0], /\$schema "https:\/\/example\.invalid\/.*" is not a Teams schema bundled/);
      } finally {
        globalThis.fetch = original;
      }
      assert.equal(fetchCalls, 0);
    });

    it('icon file names other than the ones packed into the zip', async () => {
      const manifest = await realManifest();
      manifest.icons = { color: 'icon-color.png', outline: 'outline.png' };
      const problems = await validateAppPackage(manifest, await readIcons(), await realLocalizations(manifest));
      assert.deepEqual(problems, [
        'manifest.json: icons.color must be "color.png" (the file packed into the zip), not "icon-color.png".',
      ]);
    });

    it('http:// developer URLs, which newer schemas accept', async () => {
      const manifest = await realManifest();
      manifest.developer = { ...(manifest.developer as JsonObject), privacyUrl: 'http://contoso.example/privacy' };
      const problems = await validateAppPackage(manifest, await readIcons(), await realLocalizations(manifest));
      assert.deepEqual(problems, ['manifest.json: developer.privacyUrl must be an https:// URL.']);
    });

    it('a localization file that breaks the localization schema, with the schema messages', async () => {
      const manifest = await realManifest();
      const { 'description.full': _full, ...localization } = await zhTw();
      const broken = {
        ...localization,
        'name.short': '資'.repeat(31),
        'bots[0].commandList[0].commands[0].title': '資格',
      };
      const problems = await validateAppPackage(manifest, await readIcons(), withZhTw(broken));
      assert.deepEqual(withoutDetails(problems), [
        "zh-tw.json: (top level) must have required property 'description.full'",
        'zh-tw.json: (top level) must NOT have additional properties',
        'zh-tw.json: /name.short must NOT have more than 30 characters',
        'zh-tw.json: "bots[0].commandList[0].commands[0].title" has no counterpart in manifest.json; each key must ' +
          'translate a string manifest.json has (check the names and the indexes, e.g. of ' +
          'bots[0].commandLists[0].commands).',
      ]);
      assert.match(problems[1], /"additionalProperty":"bots\[0\]\.commandList\[0\]\.commands\[0\]\.title"/);
    });

    it(
      'a translation of a command the manifest does not have, but not the keys whose schema patterns ' + 'need repair',
      async () => {
        const manifest = await realManifest();
        const localization = {
          ...(await zhTw()),
          'bots[0].commandLists[0].commands[11].title': '查詢',
          // Allowed by the schema (its pattern has an unescaped "]" that Ajv cannot compile as written).
          'activities.activityTypes[0].description': '活動',
        };
        const problems = await validateAppPackage(manifest, await readIcons(), withZhTw(localization));
        assert.deepEqual(
          problems.map((problem) => problem.replace(/; each key must .*$/, '')),
          [
            'zh-tw.json: "bots[0].commandLists[0].commands[11].title" has no counterpart in manifest.json',
            'zh-tw.json: "activities.activityTypes[0].description" has no counterpart in manifest.json',
          ],
        );
      },
    );

    it('a localization file that is missing, not JSON, or named with a folder', async () => {
      const manifest = await realManifest();
      const info = manifest.localizationInfo as JsonObject;
      info.additionalLanguages = [
        ...(info.additionalLanguages as JsonObject[]),
        { languageTag: 'fr-fr', file: 'fr-fr.json' },
        { languageTag: 'de-de', file: '../de-de.json' },
      ];
      assert.deepEqual(localizationFileNames(manifest), [ZH_TW_FILE, 'fr-fr.json']);
      const problems = await validateAppPackage(manifest, await readIcons(), withZhTw('{ "name.short": '));
      assert.equal(problems.length, 3, problems.join('\n'));
      assert.equal(
        problems[0],
        'manifest.json: localizationInfo.additionalLanguages[1].file is "fr-fr.json", but there is no fr-fr.json ' +
          'next to manifest.json.',
      );
      assert.equal(
        problems[1],
        'manifest.json: localizationInfo.additionalLanguages[2].file must be the name of a .json file next to ' +
          'manifest.json (no folder, not manifest.json itself), not "../de-de.json".',
      );
      assert.match(problems[2], /^zh-tw\.json is not valid JSON: /);
    });

    it('a localization $schema that is missing, not bundled or of another version than the manifest', async () => {
      const manifest = await realManifest();
      const { $schema: _schema, ...unnamed } = await zhTw();
      const expected =
        'https://developer.microsoft.com/json-schemas/teams/v1.30/MicrosoftTeams.Localization.schema.json';
      const missing = await validateAppPackage(manifest, await readIcons(), withZhTw(unnamed));
      assert.deepEqual(missing, [
        `zh-tw.json: $schema (missing) is not a Teams localization schema bundled with @microsoft/app-manifest; use ` +
          `${expected} so it can be checked offline.`,
      ]);
      const elsewhere = { ...unnamed, $schema: 'https://example.invalid/MicrosoftTeams.Localization.schema.json' };
      const [notBundled] = await validateAppPackage(manifest, await readIcons(), withZhTw(elsewhere));
      assert.match(
        notBundled,
        /^zh-tw\.json: \$schema "https:\/\/example\.invalid\/.*" is not a Teams localization schema bundled/,
      );
      const older = { ...unnamed, $schema: expected.replace('v1.30', 'v1.29') };
      assert.deepEqual(await validateAppPackage(manifest, await readIcons(), withZhTw(older)), [
        `zh-tw.json: $schema is the v1.29 localization schema but manifest.json uses v1.30; Teams expects the same ` +
          `version in both, so use ${expected}.`,
      ]);
    });

    it('a placeholder in a localization file, which nothing fills in', async () => {
      const manifest = await realManifest();
      const localization = { ...(await zhTw()), 'name.full': '${{APP_NAME}}' };
      const problems = await validateAppPackage(manifest, await readIcons(), withZhTw(localization));
      assert.deepEqual(problems, ['zh-tw.json still contains the placeholder ${{APP_NAME}}; nothing fills it in.']);
    });
  });

  describe('iconProblems', () => {
    const color = solidPng(ICONS.color.size, [15, 108, 189, 255]);

    it('accepts a 192×192 colour icon and a white-on-transparent 32×32 outline', () => {
      assert.deepEqual(iconProblems({ color, outline: goodOutline() }), []);
    });

    it('refuses icons of the wrong size', () => {
      const problems = iconProblems({
        color: solidPng(100, [15, 108, 189, 255]),
        outline: pngOf(48, () => [0, 0, 0, 0]),
      });
      assert.deepEqual(problems.slice(0, 2), [
        'color.png is 100×100 pixels; it must be exactly 192×192.',
        'outline.png is 48×48 pixels; it must be exactly 32×32.',
      ]);
    });

    it('refuses an opaque outline icon', () => {
      const problems = iconProblems({ color, outline: solidPng(32, [15, 108, 189, 255]) });
      assert.deepEqual(problems, [
        'outline.png has no transparent pixels; the outline icon must be a white glyph on a transparent background.',
        'outline.png: 1024 of 1024 visible pixels are not white (first at x=0, y=0: rgba(15, 108, 189, 255)); the ' +
          'outline icon must be a white glyph on a transparent background.',
      ]);
    });

    it('refuses an opaque white outline icon and a coloured glyph', () => {
      assert.deepEqual(iconProblems({ color, outline: solidPng(32, [255, 255, 255, 255]) }), [
        'outline.png has no transparent pixels; the outline icon must be a white glyph on a transparent background.',
      ]);
      const redGlyph = pngOf(32, (x) => (x === 5 ? [255, 0, 0, 128] : [0, 0, 0, 0]));
      const [problem] = iconProblems({ color, outline: redGlyph });
      assert.match(
        problem,
        /^outline\.png: 32 of 1024 visible pixels are not white \(first at x=5, y=0: rgba\(255, 0, 0, 128\)\)/,
      );
    });

    it('refuses files that are not PNG images', () => {
      const problems = iconProblems({ color: Buffer.from('GIF89a'), outline: goodOutline() });
      assert.equal(problems.length, 1);
      assert.match(problems[0], /^color\.png is not a readable PNG image/);
    });

    it('checks the committed icons the same way', async () => {
      const icons = await readIcons();
      const outline = PNG.sync.read(icons.outline);
      const alphas = new Set(outline.data.filter((_, index) => index % 4 === 3));
      assert.deepEqual(
        [...alphas].sort((a, b) => a - b),
        [0, 255],
      );
      assert.deepEqual(iconProblems(icons), []);
    });
  });

  describe('withNetworkBlocked', () => {
    it('makes fetch fail inside and restores it afterwards', async () => {
      const original = globalThis.fetch;
      await withNetworkBlocked(async () => {
        assert.throws(() => fetch('https://example.com/'), /network access is disabled/);
      });
      assert.equal(globalThis.fetch, original);
    });
  });

  describe('writeAppPackage', () => {
    it('writes a zip with manifest.json, color.png, outline.png and zh-tw.json at its root', async () => {
      const icons = await readIcons();
      const source = await realManifest();
      const localizations = await realLocalizations(source);
      const zipPath = await writeAppPackage(path.join(tempDir, 'nested', 'out'), source, icons, localizations);
      assert.equal(zipPath, path.join(tempDir, 'nested', 'out', PACKAGE_FILE_NAME));
      const zip = await JSZip.loadAsync(await readFile(zipPath));
      assert.deepEqual(Object.keys(zip.files).sort(), ['color.png', 'manifest.json', 'outline.png', ZH_TW_FILE]);
      const packed = await zip.file(ZH_TW_FILE)!.async('nodebuffer');
      assert.ok(
        packed.equals(await readFile(path.join(MANIFEST_DIR, ZH_TW_FILE))),
        'zh-tw.json is packed byte for byte',
      );
      const manifest = JSON.parse(await zip.file(MANIFEST_FILE_NAME)!.async('string')) as JsonObject;
      assert.equal(manifest.id, TEAMS_APP_ID);
      assert.equal(botOf(manifest).botId, BOT_ID);
      assert.ok((await zip.file('color.png')!.async('nodebuffer')).equals(icons.color));
      assert.ok((await zip.file('outline.png')!.async('nodebuffer')).equals(icons.outline));
    });
  });

  describe('packageApp', () => {
    /** A copy of manifest/ with some files replaced; zhTw null leaves zh-tw.json out. */
    async function manifestDirWith(files: Partial<AppIcons> & { zhTw?: Buffer | null }): Promise<string> {
      const dir = path.join(tempDir, 'manifest');
      await mkdir(dir, { recursive: true });
      await copyFile(path.join(MANIFEST_DIR, MANIFEST_FILE_NAME), path.join(dir, MANIFEST_FILE_NAME));
      const real = await readIcons();
      await writeFile(path.join(dir, ICONS.color.file), files.color ?? real.color);
      await writeFile(path.join(dir, ICONS.outline.file), files.outline ?? real.outline);
      if (files.zhTw !== null) {
        await writeFile(
          path.join(dir, ZH_TW_FILE),
          files.zhTw ?? (await readFile(path.join(MANIFEST_DIR, ZH_TW_FILE))),
        );
      }
      return dir;
    }

    it('writes nothing and lists every problem when a check fails', async () => {
      const manifestDir = await manifestDirWith({
        outline: solidPng(32, [0, 0, 0, 255]),
        color: solidPng(64, [0, 0, 0, 255]),
      });
      const outDir = path.join(tempDir, 'out');
      const result = await packageApp({ env: { MicrosoftAppId: BOT_ID }, manifestDir, outDir });
      assert.ok(!result.ok, 'expected the package to be refused');
      assert.equal(result.problems.length, 3);
      assert.match(result.problems[0], /^color\.png is 64×64 pixels/);
      assert.equal(existsSync(outDir), false);
    });

    it('writes the zip and returns the ids used', async () => {
      const outDir = path.join(tempDir, 'out');
      const result = await packageApp({ env: { MicrosoftAppId: BOT_ID, BOT_DOMAIN: 'bot.contoso.com' }, outDir });
      assert.ok(result.ok, JSON.stringify(result));
      assert.equal(result.zipPath, path.join(outDir, PACKAGE_FILE_NAME));
      assert.deepEqual(result.vars, { botId: BOT_ID, teamsAppId: BOT_ID, botDomain: 'bot.contoso.com' });
      const zip = await JSZip.loadAsync(await readFile(result.zipPath));
      const manifest = JSON.parse(await zip.file(MANIFEST_FILE_NAME)!.async('string')) as JsonObject;
      assert.deepEqual(manifest.validDomains, ['token.botframework.com', 'bot.contoso.com']);
      assert.deepEqual(Object.keys(zip.files).sort(), ['color.png', 'manifest.json', 'outline.png', ZH_TW_FILE]);
    });

    it('writes nothing when zh-tw.json is missing from the manifest folder', async () => {
      const manifestDir = await manifestDirWith({ zhTw: null });
      const outDir = path.join(tempDir, 'out');
      const result = await packageApp({ env: { MicrosoftAppId: BOT_ID }, manifestDir, outDir });
      assert.ok(!result.ok, 'expected the package to be refused');
      assert.deepEqual(result.problems, [
        'manifest.json: localizationInfo.additionalLanguages[0].file is "zh-tw.json", but there is no zh-tw.json ' +
          'next to manifest.json.',
      ]);
      assert.equal(existsSync(outDir), false);
    });

    it('writes nothing when zh-tw.json breaks the localization schema', async () => {
      const broken = { ...(await zhTw()), 'description.short': '' };
      const manifestDir = await manifestDirWith({ zhTw: Buffer.from(JSON.stringify(broken)) });
      const outDir = path.join(tempDir, 'out');
      const result = await packageApp({ env: { MicrosoftAppId: BOT_ID }, manifestDir, outDir });
      assert.ok(!result.ok, 'expected the package to be refused');
      assert.deepEqual(withoutDetails(result.problems), [
        'zh-tw.json: /description.short must match pattern "^(?![nN][uU][lL]{2}$)\\s*\\S.*"',
      ]);
      assert.equal(existsSync(outDir), false);
    });
  });

  describe('the CLI (npm run package)', () => {
    it('exits 1 with a clear message and writes nothing when MicrosoftAppId is unset', () => {
      const outDir = path.join(tempDir, 'out');
      const run = runCli(['--out', outDir], cliEnv());
      assert.equal(run.status, 1, run.stderr);
      assert.match(
        run.stderr,
        /Cannot build the Teams app package:\n {2}- MicrosoftAppId is not set\. Set MicrosoftAppId/,
      );
      assert.equal(existsSync(outDir), false);
    });

    it('exits 1 on an unknown argument', () => {
      const run = runCli(['--output', tempDir], cliEnv({ MicrosoftAppId: BOT_ID }));
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /unknown argument "--output"/);
    });

    it('exits 0 and writes the zip to --out when MicrosoftAppId is set', async () => {
      const outDir = path.join(tempDir, 'out');
      const run = runCli(
        ['--out', outDir],
        cliEnv({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID, PARTNER_CENTER_AUTH: 'user' }),
      );
      assert.equal(run.status, 0, run.stderr);
      const zipPath = path.join(outDir, PACKAGE_FILE_NAME);
      assert.match(
        run.stdout,
        new RegExp(`Teams app package written to ${zipPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      const zip = await JSZip.loadAsync(await readFile(zipPath));
      const manifest = JSON.parse(await zip.file(MANIFEST_FILE_NAME)!.async('string')) as JsonObject;
      assert.equal(manifest.id, TEAMS_APP_ID);
      assert.equal(botOf(manifest).botId, BOT_ID);
      assert.deepEqual(JSON.parse(await zip.file(ZH_TW_FILE)!.async('string')), await zhTw());
    });
  });
});
