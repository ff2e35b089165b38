import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import {
  type JsonObject,
  MANIFEST_DIR,
  MANIFEST_FILE_NAME,
  REPO_ROOT,
  packageApp,
  readManifestVars,
} from '../../../scripts/appPackage';
import { SIGN_OUT_TITLE, withoutSignOut } from '../../../scripts/commandMenu';

/**
 * `sign out` is in the command menu only of the package built for user sign-in
 * (PARTNER_CENTER_AUTH=user); elsewhere the bot has nothing to sign out of. Its zh-TW translation
 * goes with it. And `npm run package` warns about the template's example developer name.
 */

const BOT_ID = '11111111-2222-4333-8444-555555555555';
const ZH_TW_FILE = 'zh-tw.json';
const CLI = path.join(REPO_ROOT, 'scripts', 'package-app.ts');

type Command = { title: string; description: string; type?: string };

/** The command menu of manifest/manifest.json, in its order, but for `sign out` (last). */
const COMMANDS_WITHOUT_SIGN_OUT = ['qualification for', 'watch', 'unwatch', 'watching', 'help'];

async function zipped(zipPath: string): Promise<{ manifest: JsonObject; zhTw: JsonObject; zhTwText: string }> {
  const zip = await JSZip.loadAsync(await readFile(zipPath));
  const manifest = JSON.parse(await zip.file(MANIFEST_FILE_NAME)!.async('string')) as JsonObject;
  const zhTwText = await zip.file(ZH_TW_FILE)!.async('string');
  return { manifest, zhTw: JSON.parse(zhTwText) as JsonObject, zhTwText };
}

/** The command menu's titles, list by list (not the prompt starters, which follow the commands in each list). */
function titles(manifest: JsonObject): string[][] {
  const [bot] = manifest.bots as Array<{ commandLists: Array<{ commands: Command[] }> }>;
  return (bot?.commandLists ?? []).map((list) =>
    list.commands.filter((command) => command.type !== 'prompt').map((command) => command.title),
  );
}

/** The five prompt starters after the commands, as localization keys from the command index `first`. */
function promptStarterKeys(first: number): string[] {
  return [0, 1, 2, 3, 4].flatMap((i) =>
    ['title', 'description', 'prompt'].map((field) => `bots[0].commandLists[0].commands[${first + i}].${field}`),
  );
}

function commandKeys(localization: JsonObject): string[] {
  return Object.keys(localization).filter((key) => key.startsWith('bots[') && key.includes('.commands['));
}

describe('Teams app package: the command menu', () => {
  let outDir: string;

  beforeEach(async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), 'command-menu-test-'));
  });

  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('PARTNER_CENTER_AUTH=user: lookup, watch commands, help and sign out; zh-tw.json packed as it is', async () => {
    const result = await packageApp({ env: { MicrosoftAppId: BOT_ID, PARTNER_CENTER_AUTH: 'user' }, outDir });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.commands, [...COMMANDS_WITHOUT_SIGN_OUT, SIGN_OUT_TITLE]);
    const { manifest, zhTwText } = await zipped(result.zipPath);
    assert.deepEqual(titles(manifest), [[...COMMANDS_WITHOUT_SIGN_OUT, SIGN_OUT_TITLE]]);
    assert.equal(zhTwText, await readFile(path.join(MANIFEST_DIR, ZH_TW_FILE), 'utf8'));
  });

  for (const auth of [undefined, 'app', 'demo']) {
    it(`PARTNER_CENTER_AUTH=${auth ?? '(unset)'}: no sign out, in English or in Chinese`, async () => {
      const env = { MicrosoftAppId: BOT_ID, ...(auth !== undefined && { PARTNER_CENTER_AUTH: auth }) };
      const result = await packageApp({ env, outDir });
      assert.ok(result.ok, JSON.stringify(result));
      assert.deepEqual(result.commands, COMMANDS_WITHOUT_SIGN_OUT);
      const { manifest, zhTw } = await zipped(result.zipPath);
      assert.deepEqual(titles(manifest), [COMMANDS_WITHOUT_SIGN_OUT]);
      assert.deepEqual(commandKeys(zhTw), [
        ...COMMANDS_WITHOUT_SIGN_OUT.flatMap((_, i) => [
          `bots[0].commandLists[0].commands[${i}].title`,
          `bots[0].commandLists[0].commands[${i}].description`,
        ]),
        // The prompt starters moved up one, in place of sign out.
        ...promptStarterKeys(COMMANDS_WITHOUT_SIGN_OUT.length),
      ]);
      assert.equal(zhTw['bots[0].commandLists[0].commands[4].title'], '說明');
      assert.equal(zhTw['bots[0].commandLists[0].commands[5].title'], '查詢一位客戶');
      assert.ok(!JSON.stringify(zhTw).includes('登出'));
      assert.equal(zhTw['name.short'], '資格查詢', 'the rest of the translation is kept');
    });
  }

  it('readManifestVars: user sign-in only for PARTNER_CENTER_AUTH=user', () => {
    assert.equal(readManifestVars({ MicrosoftAppId: BOT_ID, PARTNER_CENTER_AUTH: 'user' }).vars?.userSignIn, true);
    for (const auth of ['app', 'demo', '', 'User ']) {
      assert.equal(readManifestVars({ MicrosoftAppId: BOT_ID, PARTNER_CENTER_AUTH: auth }).vars?.userSignIn, undefined);
    }
  });

  it('withoutSignOut renumbers the translations of the commands after it, in every list, and keeps the rest', () => {
    const command = (title: string) => ({ title, description: `${title}…` });
    const manifest: JsonObject = {
      bots: [
        {
          commandLists: [
            { scopes: ['personal'], commands: [command('a'), command(SIGN_OUT_TITLE), command('b')] },
            { scopes: ['team'], commands: [command('c')] },
          ],
        },
      ],
    };
    const localization = {
      'name.short': 'x',
      'bots[0].commandLists[0].commands[0].title': 'A',
      'bots[0].commandLists[0].commands[1].title': 'SIGN OUT',
      'bots[0].commandLists[0].commands[1].description': 'SIGN OUT…',
      'bots[0].commandLists[0].commands[2].title': 'B',
      'bots[0].commandLists[1].commands[0].title': 'C',
    };
    const files = new Map([
      ['zh-tw.json', Buffer.from(JSON.stringify(localization))],
      ['broken.json', Buffer.from('not json')],
    ]);
    const result = withoutSignOut(manifest, files);
    assert.deepEqual(titles(result.manifest), [['a', 'b'], ['c']]);
    assert.deepEqual(JSON.parse(result.localizations.get('zh-tw.json')!.toString()), {
      'name.short': 'x',
      'bots[0].commandLists[0].commands[0].title': 'A',
      'bots[0].commandLists[0].commands[1].title': 'B',
      'bots[0].commandLists[1].commands[0].title': 'C',
    });
    assert.equal(result.localizations.get('broken.json')!.toString(), 'not json');
    // Nothing to remove: the very same objects.
    const none = withoutSignOut(result.manifest, result.localizations);
    assert.equal(none.manifest, result.manifest);
    assert.equal(none.localizations, result.localizations);
  });

  it('npm run package says which commands the menu has and warns about the example developer name', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DOTENV_DISABLED: 'true', MicrosoftAppId: BOT_ID };
    for (const name of ['TEAMS_APP_ID', 'BOT_DOMAIN', 'PARTNER_CENTER_AUTH']) delete env[name];
    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', CLI, '--out', outDir], {
      cwd: REPO_ROOT,
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(
      run.stdout,
      /commands: {5}qualification for, watch, unwatch, watching, help \(sign out only with PARTNER_CENTER_AUTH=user\)/,
    );
    assert.match(run.stdout, /prompt starters: Check one customer, Check several customers, .*What can you do\?/);
    assert.match(run.stdout, /Microsoft 365 Copilot: offered as an agent/);
    assert.match(run.stderr, /Warnings:\n {2}- developer\.name is still the example "Contoso Partner Tools"/);
  });
});
