import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, type Context } from 'mocha';
import { BotProcess } from '../helpers/botProcess';
import { assertChromiumInstalled, PlaygroundPage } from './playgroundPage';
import { PlaygroundProcess } from './playgroundProcess';

/** What one e2e suite runs: the bot, the Agents Playground and the browser page on it. */
interface E2eSession {
  readonly bot?: BotProcess;
  readonly playground?: PlaygroundProcess;
  readonly client?: PlaygroundPage;
  /** A test failed: the teardown then keeps the Playground's log and prints what each side said. */
  readonly failed: boolean;
}

/** afterEach: a failed test leaves a screenshot of the whole page, named after the test; true when it failed. */
async function screenshotIfFailed(
  context: Context,
  client: PlaygroundPage | undefined,
  folder: string,
): Promise<boolean> {
  if (context.currentTest?.state !== 'failed') return false;
  const name = context.currentTest
    .fullTitle()
    .replace(/[^a-z0-9]+/gi, '-')
    .slice(-80);
  await client?.screenshotPage(path.join(folder, `FAILED-${name}.png`));
  return true;
}

/**
 * after: closes the page, the Playground and the bot. Every step runs even if an earlier one
 * throws, so nothing of ours is left running; on failure the Playground's own log stays next to the
 * screenshots and the page errors and both processes' output are printed.
 */
async function endSession(session: E2eSession, folder: string): Promise<void> {
  const { client, playground, bot, failed } = session;
  const problems: unknown[] = [];
  await client?.close().catch((error: unknown) => problems.push(error));
  await playground?.stop(failed ? folder : undefined).catch((error: unknown) => problems.push(error));
  if (bot) {
    await bot.stop('SIGTERM', 15000).catch((error: unknown) => problems.push(error));
    bot.kill();
  }
  if (failed) {
    console.log(`\n--- errors in the Playground's page ---\n${client?.pageErrors.join('\n') || '(none)'}`);
    console.log(`--- bot stdout/stderr ---\n${bot?.output.trim() ?? '(not started)'}`);
    console.log(`--- Agents Playground output ---\n${playground?.output.trim() ?? '(not started)'}\n`);
  }
  if (problems.length > 0) throw problems[0];
}

export interface E2eSuiteOptions {
  /** Where the suite's screenshots go (emptied first). */
  readonly screenshots: string;
  /** The bot's environment on top of demo mode; HOST is empty (loopback), as `npm start` runs it. */
  readonly botEnv?: Readonly<Record<string, string>>;
  readonly deviceScaleFactor?: number;
  /** Once the page is open (e.g. wait for the welcome card, so it never counts as a reply). */
  readonly ready?: (client: PlaygroundPage) => Promise<void>;
}

/**
 * Registers a suite's before, afterEach and after hooks: the bot (demo mode, a child process),
 * the Agents Playground against it and the page, started once for the suite; after each test the
 * page's notes are printed and a failure leaves a screenshot; at the end everything is stopped.
 * Call it inside `describe`. `page()` is the open Playground page (it fails the test when the
 * before hook could not open it).
 */
export function e2eSuite(options: E2eSuiteOptions): { page(): PlaygroundPage } {
  let bot: BotProcess | undefined;
  let playground: PlaygroundProcess | undefined;
  let client: PlaygroundPage | undefined;
  let failed = false;

  before(async function () {
    this.timeout(150000);
    assertChromiumInstalled(); // first: a missing browser should not cost a bot and Playground start
    fs.rmSync(options.screenshots, { recursive: true, force: true });
    fs.mkdirSync(options.screenshots, { recursive: true });
    // As `npm start` and `npm run playground` do: no HOST (loopback, 127.0.0.1 and ::1, without
    // MicrosoftAppId) and the Playground told `localhost`, whichever address that resolves to first.
    bot = await BotProcess.start({ logLevel: 'warn', startTimeoutMs: 30000, env: { HOST: '', ...options.botEnv } });
    playground = await PlaygroundProcess.start({ appEndpoint: `http://localhost:${bot.port}/api/messages` });
    client = await PlaygroundPage.launch(playground.url, { deviceScaleFactor: options.deviceScaleFactor ?? 1 });
    await options.ready?.(client);
  });

  afterEach(async function () {
    for (const note of client?.notes.splice(0) ?? []) console.log(`      (note: ${note})`);
    if (await screenshotIfFailed(this, client, options.screenshots)) failed = true;
  });

  after(async function () {
    this.timeout(60000);
    if (client && client.blockedHosts.size > 0) {
      console.log(`      (blocked, as intended, requests to: ${[...client.blockedHosts].sort().join(', ')})`);
    }
    await endSession({ bot, playground, client, failed }, options.screenshots);
  });

  return {
    page(): PlaygroundPage {
      assert.ok(client, 'the Playground page is not open (see the before hook)');
      return client;
    },
  };
}
