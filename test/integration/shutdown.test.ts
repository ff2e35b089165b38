import assert from 'node:assert/strict';
import { teamsMessage } from '../helpers/activities';
import { BotConnectorStandIn, cardOf, cardText } from '../helpers/botConnector';
import { BotProcess, freePort, killAllBots, probe, sleep, type ProbeAnswer } from '../helpers/botProcess';

/**
 * Start-up and shutdown of the real bot as a child process (demo mode: no credentials, the bot
 * starts its own Partner Center simulator, whose `slow` customer answers after ~4 s).
 */

/** customers.json: the slow customer (Education, Approved, after 4 s by default). */
const SLOW_CUSTOMER = '00000000-0000-4000-8000-000000004000';
const EDUCATION_APPROVED = '00000000-0000-4000-8000-000000000001';

describe('bot process start-up and shutdown', function () {
  this.timeout(30000);

  let connector: BotConnectorStandIn;

  before(async () => {
    connector = new BotConnectorStandIn();
    await connector.start();
  });

  beforeEach(() => {
    connector.replies.length = 0;
  });

  after(async () => {
    await killAllBots();
    await connector?.close();
  });

  it('on SIGTERM finishes the turn in flight, refuses new messages meanwhile, and exits 0', async () => {
    const bot = await BotProcess.start();

    // Warm-up turn, so the slow turn below does not also pay for first-use costs.
    const warmUp = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(teamsMessage('help', { serviceUrl: connector.url })),
    });
    assert.equal(warmUp.status, 200);
    await connector.waitForReplies(1);

    const slow = teamsMessage(`qualification for ${SLOW_CUSTOMER}`, { serviceUrl: connector.url });
    const slowPost = probe('POST', `${bot.url}/api/messages`, slow, 20000);
    await sleep(300); // the turn is now waiting for the (4 s) simulator answer
    assert.equal(connector.replies.length, 1, 'the slow lookup answered too early for this test to mean anything');

    const signalledAt = Date.now();
    bot.child.kill('SIGTERM');

    // Wait until the bot shows it is stopping (health no longer 200); it only ever goes one way.
    let health: ProbeAnswer = { status: 200 };
    while (health.status === 200 && Date.now() - signalledAt < 3000) {
      await sleep(50);
      health = await probe('GET', `${bot.url}/healthz`, undefined, 1000);
    }
    assert.notEqual(health.status, 200, 'the bot still said healthy 3 s after SIGTERM');

    // A new message now is refused: 503, or no connection at all.
    const refused = await probe(
      'POST',
      `${bot.url}/api/messages`,
      teamsMessage(`qualification for ${EDUCATION_APPROVED}`, { serviceUrl: connector.url }),
    );
    assert.ok(
      refused.status === 503 || refused.errorCode === 'ECONNREFUSED',
      `a new message while stopping got ${refused.status ?? refused.errorCode}`,
    );
    // ...and this all happened while the slow turn was still running.
    assert.equal(bot.hasExited, false, 'the bot exited before the turn in flight could finish');
    assert.equal(connector.replies.length, 1, 'the slow reply arrived before the refusal was checked');

    const exit = await bot.waitForExit(15000);
    assert.deepEqual(exit, { code: 0, signal: null }, `exit: ${JSON.stringify(exit)}; stderr:\n${bot.stderr}`);

    // The turn in flight completed: its card reached the Bot Connector, and its HTTP request got 200.
    assert.equal(connector.replies.length, 2, 'the turn in flight was cut off (or the refused message was processed)');
    const reply = connector.replies[1];
    assert.ok(reply);
    assert.equal(reply.activity.replyToId, slow.id);
    const text = cardText(cardOf(reply));
    assert.match(text, /Education/);
    assert.match(text, /Approved/);
    assert.ok(text.includes(SLOW_CUSTOMER));
    assert.equal((await slowPost).status, 200);
    assert.ok(Date.now() - signalledAt >= 3000, 'the bot did not wait for the slow turn');

    // Logged seconds before the exit. Not 'stopped': pino writes asynchronously and index.ts calls
    // process.exit right after that line, so it can be lost or come out of order.
    assert.ok(
      bot.logRecords().some((r) => r.msg === 'shutting down: finishing turns in flight' && r.signal === 'SIGTERM'),
    );
  });

  it('on SIGINT exits 0 promptly when idle', async () => {
    const bot = await BotProcess.start();
    const started = Date.now();
    // Exit code 0 (not death by the signal) shows the bot handled SIGINT and shut down itself.
    assert.equal(await bot.stop('SIGINT', 5000), 0);
    assert.equal(bot.child.signalCode, null);
    const elapsedMs = Date.now() - started;
    assert.ok(elapsedMs < 2000, `stopping an idle bot took ${elapsedMs} ms`);
    const afterStop = await probe('GET', `${bot.url}/healthz`, undefined, 1000);
    assert.equal(afterStop.errorCode, 'ECONNREFUSED', 'something still listens on the bot port');
  });

  it('exits 1 on a bad configuration and names every bad variable', async () => {
    const bot = BotProcess.spawn(await freePort(), { env: { PARTNER_CENTER_AUTH: 'magic', PORT: 'abc' } });
    const exit = await bot.waitForExit(15000);
    assert.deepEqual(exit, { code: 1, signal: null }, `exit: ${JSON.stringify(exit)}; stderr:\n${bot.stderr}`);
    assert.match(bot.stderr, /PARTNER_CENTER_AUTH/);
    assert.match(bot.stderr, /PORT/);
    assert.match(bot.stderr, /Invalid configuration/);
    assert.doesNotMatch(bot.stdout, /bot listening/);
  });
});
