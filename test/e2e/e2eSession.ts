import path from 'node:path';
import type { Context } from 'mocha';
import type { BotProcess } from '../helpers/botProcess';
import type { PlaygroundPage } from './playgroundPage';
import type { PlaygroundProcess } from './playgroundProcess';

/** What one e2e suite runs: the bot, the Agents Playground and the browser page on it. */
export interface E2eSession {
  readonly bot?: BotProcess;
  readonly playground?: PlaygroundProcess;
  readonly client?: PlaygroundPage;
  /** A test failed: the teardown then keeps the Playground's log and prints what each side said. */
  readonly failed: boolean;
}

/** afterEach: a failed test leaves a screenshot of the whole page, named after the test; true when it failed. */
export async function screenshotIfFailed(
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
export async function endSession(session: E2eSession, folder: string): Promise<void> {
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
