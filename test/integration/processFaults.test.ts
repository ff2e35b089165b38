import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { postActivity, teamsMessage } from '../helpers/activities';
import { cardText } from '../helpers/botConnector';
import { BotProcess, killAllBots, probe, sleep } from '../helpers/botProcess';
import { waitFor } from '../helpers/waitFor';

/**
 * The process as a whole (the real bot as a child process, demo mode): an unhandled promise
 * rejection is logged and the bot keeps serving; an uncaught exception is logged and the process
 * exits 1; a stop waits for turns in flight only up to SHUTDOWN_GRACE_MS; /healthz stays cheap.
 *
 * The faults come from test/helpers/processFaults.cjs, preloaded into the child with
 * NODE_OPTIONS=--require and triggered by SIGUSR2: the product has no test-only trigger.
 */

const FAULTS = path.resolve(__dirname, '..', 'helpers', 'processFaults.cjs');
const EDUCATION = '00000000-0000-4000-8000-000000000001';
/** customers.json: answers after about 4 seconds. */
const SLOW_CUSTOMER = '00000000-0000-4000-8000-000000004000';

function faultEnv(kind: 'rejection' | 'exception', marker: string): Record<string, string> {
  return { NODE_OPTIONS: `--require ${FAULTS}`, TEST_FAULT: kind, TEST_FAULT_MARKER: marker };
}

async function lookup(bot: BotProcess, customerId: string): Promise<string> {
  const activity = teamsMessage(`qualification for ${customerId}`, {
    serviceUrl: 'http://127.0.0.1:9/unused',
    deliveryMode: 'expectReplies',
  });
  const { status, text } = await postActivity(bot.url, activity);
  assert.equal(status, 200);
  const body = JSON.parse(text) as { activities: Array<{ attachments?: Array<{ content: unknown }> }> };
  return cardText(body.activities[0]?.attachments?.[0]?.content);
}

describe('bot process: faults, shutdown time limit, health', function () {
  this.timeout(30000);

  after(async () => {
    await killAllBots();
  });

  it('logs an uncaught exception as fatal and exits 1, not silently', async () => {
    const marker = `thrown ${randomUUID()}`;
    const bot = await BotProcess.start({ env: faultEnv('exception', marker) });
    bot.child.kill('SIGUSR2');
    const exit = await bot.waitForExit(10000);
    assert.deepEqual(exit, { code: 1, signal: null });
    const line = bot.logRecords().find((r) => (r.error as { message?: string } | undefined)?.message === marker);
    assert.ok(line, `no log line for the exception; stdout:\n${bot.stdout}\nstderr:\n${bot.stderr}`);
    assert.equal(line.level, 'fatal');
    assert.match(String(line.stack), /processFaults\.cjs/);
  });

  it(
    'logs an unhandled promise rejection and keeps serving; /healthz stays instant; a stop waits at most ' +
      'SHUTDOWN_GRACE_MS',
    async () => {
      const marker = `stray rejection ${randomUUID()}`;
      const bot = await BotProcess.start({ env: { ...faultEnv('rejection', marker), SHUTDOWN_GRACE_MS: '500' } });
      assert.match(await lookup(bot, EDUCATION), /Education/);

      // 1. Unhandled rejections: logged with their stack, and the bot goes on.
      const logged = () =>
        bot.logRecords().filter((r) => (r.error as { message?: string } | undefined)?.message === marker);
      // Twice (signals sent together may arrive as one): the first rejection did not change anything.
      bot.child.kill('SIGUSR2');
      await waitFor(() => logged().length === 1, { timeoutMs: 5000, what: 'the first rejection log line' });
      bot.child.kill('SIGUSR2');
      await waitFor(() => logged().length === 2, { timeoutMs: 5000, what: 'the second rejection log line' });
      const [line] = logged();
      assert.equal(line?.level, 'error');
      assert.equal(line?.msg, 'unhandled promise rejection (the bot keeps running)');
      assert.match(String(line?.stack), /processFaults\.cjs/);
      await sleep(100);
      assert.equal(bot.hasExited, false, `the bot died: ${bot.stderr}`);
      assert.match(await lookup(bot, EDUCATION), /Approved/);

      // 2. /healthz does no I/O: it answers at once while a 4-second lookup is in flight.
      const slow = postActivity(
        bot.url,
        teamsMessage(`qualification for ${SLOW_CUSTOMER}`, {
          serviceUrl: 'http://127.0.0.1:9/unused',
          deliveryMode: 'expectReplies',
        }),
      ).catch((error: unknown) => error);
      await sleep(300);
      const started = performance.now();
      assert.equal((await probe('GET', `${bot.url}/healthz`)).status, 200);
      assert.ok(performance.now() - started < 500, '/healthz waited for the slow turn');

      // 3. SIGTERM: the slow turn gets the 500 ms grace period, not the 4 s it would need.
      const signalledAt = Date.now();
      bot.child.kill('SIGTERM');
      const exit = await bot.waitForExit(10000);
      const tookMs = Date.now() - signalledAt;
      assert.deepEqual(exit, { code: 0, signal: null });
      assert.ok(tookMs >= 450, `stopped after ${tookMs} ms: did not wait for the turn at all`);
      assert.ok(
        tookMs < 3000,
        `stopped after ${tookMs} ms: the 500 ms grace period was not applied (the slow turn takes 4 s)`,
      );
      await slow;
      assert.equal(bot.logRecords().find((r) => r.msg === 'shutting down: finishing turns in flight')?.graceMs, 500);
      assert.ok(
        bot
          .logRecords()
          .some(
            (r) => r.msg === 'stopping: turns still running after the grace period are cut off' && r.unfinished === 1,
          ),
      );
    },
  );
});
