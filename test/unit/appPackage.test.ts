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
  ICONS,
  MANIFEST_DIR,
  MANIFEST_FILE_NAME,
  PACKAGE_FILE_NAME,
  REPO_ROOT,
  buildManifest,
  iconProblems,
  packageApp,
  packageWarnings,
  readIcons,
  readManifestTemplate,
  readManifestVars,
  validateAppPackage,
  withNetworkBlocked,
  writeAppPackage,
} from '../../scripts/appPackage';

const BOT_ID = '11111111-2222-4333-8444-555555555555';
const TEAMS_APP_ID = '99999999-8888-4777-8666-555555555555';
const VARS = { botId: BOT_ID, teamsAppId: TEAMS_APP_ID };
const CLI = path.join(REPO_ROOT, 'scripts', 'package-app.ts');

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
  return (manifest.bots as JsonObject[])[0]!;
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
  for (const name of ['MicrosoftAppId', 'TEAMS_APP_ID', 'BOT_DOMAIN']) {
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
      assert.match(problems[0]!, /^MicrosoftAppId is not set\. Set MicrosoftAppId/);
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
      assert.match(problems[0]!, /^MicrosoftAppId "my-bot" is not a GUID/);
      assert.match(problems[1]!, /^TEAMS_APP_ID "1234" is not a GUID/);
      assert.match(problems[2]!, /^BOT_DOMAIN "https:\/\/mybot\.azurewebsites\.net\/api\/messages" is not a host name/);
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
      const problems = await validateAppPackage(await realManifest(), await readIcons());
      assert.deepEqual(problems, []);
    });

    it('describe the bot as the brief asks', async () => {
      const manifest = await realManifest();
      const bot = botOf(manifest);
      assert.deepEqual(bot.scopes, ['personal', 'team', 'groupChat']);
      assert.equal(bot.supportsFiles, false);
      assert.equal(bot.isNotificationOnly, false);
      const commandLists = bot.commandLists as Array<{ scopes: string[]; commands: Array<{ title: string }> }>;
      assert.deepEqual(commandLists.flatMap((list) => list.scopes).sort(), ['groupChat', 'personal', 'team']);
      for (const list of commandLists) {
        assert.deepEqual(list.commands.map((command) => command.title), ['qualification for', 'help', 'sign out']);
      }
      assert.deepEqual(manifest.permissions, ['identity', 'messageTeamMembers']);
      assert.deepEqual(manifest.validDomains, ['token.botframework.com']);
      // Teams single sign-on (PARTNER_CENTER_AUTH=user) asks Entra for a token for this resource;
      // it must equal the OAuth connection's Token Exchange URL.
      assert.deepEqual(manifest.webApplicationInfo, { id: bot.botId, resource: `api://botid-${String(bot.botId)}` });
    });

    it('warn that the developer URLs are still placeholders', async () => {
      const warnings = packageWarnings(await realManifest());
      assert.equal(warnings.length, 3);
      assert.match(warnings[0]!, /developer\.websiteUrl is still the placeholder https:\/\/example\.com/);
    });
  });

  describe('validateAppPackage refuses', () => {
    it('a broken manifest, with the schema messages', async () => {
      const manifest = buildManifest(await readManifestTemplate(), { botId: 'not-a-guid', teamsAppId: TEAMS_APP_ID });
      (manifest.description as JsonObject).short = 'x'.repeat(81);
      botOf(manifest).scopes = ['personal', 'galaxy'];
      manifest.unknownProp = true;
      const problems = await validateAppPackage(manifest, await readIcons());
      assert.deepEqual(
        problems.map((problem) => problem.replace(/\. Details: .*$/, '')),
        [
          'manifest.json: (top level) must NOT have additional properties',
          'manifest.json: /description/short must NOT have more than 80 characters',
          'manifest.json: /bots/0/botId must match pattern "^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"',
          'manifest.json: /bots/0/scopes/1 must be equal to one of the allowed values',
          'manifest.json: /webApplicationInfo/id must match pattern "^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$"',
        ],
      );
    });

    it('a placeholder that nothing fills in', async () => {
      const template = (await readManifestTemplate()).replace('Contoso Partner Tools', '${{PUBLISHER}}');
      const problems = await validateAppPackage(buildManifest(template, VARS), await readIcons());
      assert.deepEqual(problems, ['manifest.json still contains the placeholder ${{PUBLISHER}}; nothing fills it in.']);
    });

    it('a $schema that is not bundled, without going to the network', async () => {
      const manifest = { ...(await realManifest()), $schema: 'https://example.invalid/teams/v9/MicrosoftTeams.schema.json' };
      const original = globalThis.fetch;
      let fetchCalls = 0;
      globalThis.fetch = (() => {
        fetchCalls++;
        throw new Error('unexpected fetch');
      }) as typeof fetch;
      try {
        const problems = await validateAppPackage(manifest, await readIcons());
        assert.equal(problems.length, 1);
        assert.match(problems[0]!, /\$schema "https:\/\/example\.invalid\/.*" is not a Teams schema bundled/);
      } finally {
        globalThis.fetch = original;
      }
      assert.equal(fetchCalls, 0);
    });

    it('icon file names other than the ones packed into the zip', async () => {
      const manifest = await realManifest();
      manifest.icons = { color: 'icon-color.png', outline: 'outline.png' };
      const problems = await validateAppPackage(manifest, await readIcons());
      assert.deepEqual(problems, [
        'manifest.json: icons.color must be "color.png" (the file packed into the zip), not "icon-color.png".',
      ]);
    });

    it('http:// developer URLs, which newer schemas accept', async () => {
      const manifest = await realManifest();
      manifest.developer = { ...(manifest.developer as JsonObject), privacyUrl: 'http://contoso.example/privacy' };
      const problems = await validateAppPackage(manifest, await readIcons());
      assert.deepEqual(problems, ['manifest.json: developer.privacyUrl must be an https:// URL.']);
    });
  });

  describe('iconProblems', () => {
    const color = solidPng(ICONS.color.size, [15, 108, 189, 255]);

    it('accepts a 192×192 colour icon and a white-on-transparent 32×32 outline', () => {
      assert.deepEqual(iconProblems({ color, outline: goodOutline() }), []);
    });

    it('refuses icons of the wrong size', () => {
      const problems = iconProblems({ color: solidPng(100, [15, 108, 189, 255]), outline: pngOf(48, () => [0, 0, 0, 0]) });
      assert.deepEqual(problems.slice(0, 2), [
        'color.png is 100×100 pixels; it must be exactly 192×192.',
        'outline.png is 48×48 pixels; it must be exactly 32×32.',
      ]);
    });

    it('refuses an opaque outline icon', () => {
      const problems = iconProblems({ color, outline: solidPng(32, [15, 108, 189, 255]) });
      assert.deepEqual(problems, [
        'outline.png has no transparent pixels; the outline icon must be a white glyph on a transparent background.',
        'outline.png: 1024 of 1024 visible pixels are not white (first at x=0, y=0: rgba(15, 108, 189, 255)); the outline icon must be a white glyph on a transparent background.',
      ]);
    });

    it('refuses an opaque white outline icon and a coloured glyph', () => {
      assert.deepEqual(iconProblems({ color, outline: solidPng(32, [255, 255, 255, 255]) }), [
        'outline.png has no transparent pixels; the outline icon must be a white glyph on a transparent background.',
      ]);
      const redGlyph = pngOf(32, (x) => (x === 5 ? [255, 0, 0, 128] : [0, 0, 0, 0]));
      const [problem] = iconProblems({ color, outline: redGlyph });
      assert.match(problem!, /^outline\.png: 32 of 1024 visible pixels are not white \(first at x=5, y=0: rgba\(255, 0, 0, 128\)\)/);
    });

    it('refuses files that are not PNG images', () => {
      const problems = iconProblems({ color: Buffer.from('GIF89a'), outline: goodOutline() });
      assert.equal(problems.length, 1);
      assert.match(problems[0]!, /^color\.png is not a readable PNG image/);
    });

    it('checks the committed icons the same way', async () => {
      const icons = await readIcons();
      const outline = PNG.sync.read(icons.outline);
      const alphas = new Set(outline.data.filter((_, index) => index % 4 === 3));
      assert.deepEqual([...alphas].sort((a, b) => a - b), [0, 255]);
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
    it('writes a zip with manifest.json, color.png and outline.png at its root', async () => {
      const icons = await readIcons();
      const zipPath = await writeAppPackage(path.join(tempDir, 'nested', 'out'), await realManifest(), icons);
      assert.equal(zipPath, path.join(tempDir, 'nested', 'out', PACKAGE_FILE_NAME));
      const zip = await JSZip.loadAsync(await readFile(zipPath));
      assert.deepEqual(Object.keys(zip.files).sort(), ['color.png', 'manifest.json', 'outline.png']);
      const manifest = JSON.parse(await zip.file(MANIFEST_FILE_NAME)!.async('string')) as JsonObject;
      assert.equal(manifest.id, TEAMS_APP_ID);
      assert.equal(botOf(manifest).botId, BOT_ID);
      assert.ok((await zip.file('color.png')!.async('nodebuffer')).equals(icons.color));
      assert.ok((await zip.file('outline.png')!.async('nodebuffer')).equals(icons.outline));
    });
  });

  describe('packageApp', () => {
    async function manifestDirWith(icons: Partial<AppIcons>): Promise<string> {
      const dir = path.join(tempDir, 'manifest');
      await mkdir(dir, { recursive: true });
      await copyFile(path.join(MANIFEST_DIR, MANIFEST_FILE_NAME), path.join(dir, MANIFEST_FILE_NAME));
      const real = await readIcons();
      await writeFile(path.join(dir, ICONS.color.file), icons.color ?? real.color);
      await writeFile(path.join(dir, ICONS.outline.file), icons.outline ?? real.outline);
      return dir;
    }

    it('writes nothing and lists every problem when a check fails', async () => {
      const manifestDir = await manifestDirWith({ outline: solidPng(32, [0, 0, 0, 255]), color: solidPng(64, [0, 0, 0, 255]) });
      const outDir = path.join(tempDir, 'out');
      const result = await packageApp({ env: { MicrosoftAppId: BOT_ID }, manifestDir, outDir });
      assert.ok(!result.ok, 'expected the package to be refused');
      assert.equal(result.problems.length, 3);
      assert.match(result.problems[0]!, /^color\.png is 64×64 pixels/);
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
    });
  });

  describe('the CLI (npm run package)', () => {
    it('exits 1 with a clear message and writes nothing when MicrosoftAppId is unset', () => {
      const outDir = path.join(tempDir, 'out');
      const run = runCli(['--out', outDir], cliEnv());
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /Cannot build the Teams app package:\n {2}- MicrosoftAppId is not set\. Set MicrosoftAppId/);
      assert.equal(existsSync(outDir), false);
    });

    it('exits 1 on an unknown argument', () => {
      const run = runCli(['--output', tempDir], cliEnv({ MicrosoftAppId: BOT_ID }));
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /unknown argument "--output"/);
    });

    it('exits 0 and writes the zip to --out when MicrosoftAppId is set', async () => {
      const outDir = path.join(tempDir, 'out');
      const run = runCli(['--out', outDir], cliEnv({ MicrosoftAppId: BOT_ID, TEAMS_APP_ID }));
      assert.equal(run.status, 0, run.stderr);
      const zipPath = path.join(outDir, PACKAGE_FILE_NAME);
      assert.match(run.stdout, new RegExp(`Teams app package written to ${zipPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      const zip = await JSZip.loadAsync(await readFile(zipPath));
      const manifest = JSON.parse(await zip.file(MANIFEST_FILE_NAME)!.async('string')) as JsonObject;
      assert.equal(manifest.id, TEAMS_APP_ID);
      assert.equal(botOf(manifest).botId, BOT_ID);
    });
  });
});
