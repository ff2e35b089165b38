import assert from 'node:assert/strict';
import net from 'node:net';
import { startApp, type RunningApp } from '../../src';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/shared/logger';
import { captureLogs } from '../helpers/logCapture';
import { isLoopbackHost } from '../../src/shared/loopback';
import { DEFAULTS } from '../../src/config/defaults';
import { postActivity, teamsMessage } from '../helpers/activities';
import { ReplyTarget, type ReplyTargetBehaviour } from '../helpers/replyTarget';

/**
 * Where the bot's replies go, and how, in anonymous mode (MicrosoftAppId empty): the real server,
 * and reply targets on 127.0.0.1 that record what the bot sends (see ReplyTarget). Every
 * connection the bot opens during a test is recorded too; one to a non-loopback address is refused
 * before it is made, so nothing here ever leaves the machine.
 */

const EDUCATION = '00000000-0000-4000-8000-000000000001';
const GCC = '00000000-0000-4000-8000-000000000004';
/** The simulator answers this one after 4 seconds. */
const SLOW = '00000000-0000-4000-8000-000000004000';
const REPLY_TIMEOUT_MS = 1000;

/** Records the host of every outbound TCP connection of this process; never opens one beyond loopback. */
function guardConnections(): { hosts: string[]; restore(): void } {
  const hosts: string[] = [];
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back as it was by restore()
  const original = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
    const host =
      typeof first === 'object' && first !== null
        ? (first as { host?: string }).host
        : typeof args[1] === 'string'
          ? args[1]
          : undefined;
    if (host !== undefined) hosts.push(host);
    if (host !== undefined && !isLoopbackHost(host)) {
      process.nextTick(() => this.destroy(new Error(`test guard: no connection to ${host}`)));
      return this;
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  };
  return { hosts, restore: () => (net.Socket.prototype.connect = original) };
}

function message(text: string, serviceUrl: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...teamsMessage(text, { serviceUrl }), ...extra };
}

describe('reply targets in anonymous mode (real server, recording listeners on 127.0.0.1)', function () {
  this.timeout(30000);

  let app: RunningApp;
  const { logger, records: lines } = captureLogs();
  const targets: ReplyTarget[] = [];
  let guard: ReturnType<typeof guardConnections>;

  before(async () => {
    guard = guardConnections();
    app = await startApp(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', USER_RATE_LIMIT_PER_MINUTE: '0', HEALTHZ_MAX_TURNS_IN_FLIGHT: '5' }),
      logger,
      { replies: { timeoutMs: REPLY_TIMEOUT_MS, retryDelayMs: 10 } },
    );
  });

  after(async () => {
    guard?.restore();
    await app?.stop(1000);
    await Promise.all(targets.map((target) => target.close()));
  });

  async function target(behaviour: ReplyTargetBehaviour): Promise<ReplyTarget> {
    const started = await ReplyTarget.start(behaviour);
    targets.push(started);
    return started;
  }

  const partnerCenterCalls = () => app.simulator?.requests.filter((r) => r.path.startsWith('/v1/')).length ?? 0;
  const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

  const remote = [
    'http://192.0.2.10:8080',
    'https://smba.trafficmanager.net/amer/',
    'http://10.0.0.1/',
    'http://127.0.0.1.example.com/',
    'http://[2001:db8::1]/',
    'ftp://127.0.0.1/',
  ];
  for (const serviceUrl of remote) {
    it(`answers 400 with the reason to serviceUrl ${serviceUrl}, and opens no connection for it`, async () => {
      const connectionsBefore = guard.hosts.length;
      const callsBefore = partnerCenterCalls();
      const answer = await postActivity(app.host.url, message(`qualification for ${EDUCATION}`, serviceUrl));
      assert.equal(answer.status, 400, answer.text);
      assert.match(answer.text, /without authentication \(MicrosoftAppId is empty\).*serviceUrl is on this machine/);
      await settle();
      // Only the test's own connection to the bot (127.0.0.1) was opened.
      assert.deepEqual(
        guard.hosts.slice(connectionsBefore).filter((host) => !isLoopbackHost(host)),
        [],
      );
      assert.equal(partnerCenterCalls(), callsBefore, 'no Partner Center call');
      const line = lines.find(
        (l) => /serviceUrl is on this machine/.test(String(l.msg)) && l.serviceUrl === serviceUrl,
      );
      assert.ok(line, 'a warning names the refused serviceUrl');
    });
  }

  it('a target that answers 500: two attempts for the reply, and no error reply after it (was 8 POSTs)', async () => {
    for (const text of ['help', `qualification for ${EDUCATION}`]) {
      const failing = await target('500');
      const answer = await postActivity(app.host.url, message(text, failing.url));
      assert.equal(answer.status, 200);
      await settle();
      assert.equal(failing.calls.length, 2, `${text}: ${JSON.stringify(failing.calls)}`);
      assert.ok(
        failing.calls.every((call) => call.method === 'POST' && call.path === failing.calls[0].path),
        'both attempts are the same reply',
      );
    }
    assert.ok(lines.some((l) => l.event === 'replyFailed' && l.statusCode === 500));
  });

  for (const behaviour of ['307', '303'] as const) {
    describe(`a target that answers ${behaviour}: no reply path follows it`, () => {
      it('the help reply', async () => {
        const redirecting = await target(behaviour);
        await postActivity(app.host.url, message('help', redirecting.url));
        await settle();
        assert.deepEqual(redirecting.followedRedirects, []);
        assert.equal(redirecting.calls.length, 1, JSON.stringify(redirecting.calls));
      });

      it('a card reply (a lookup)', async () => {
        const redirecting = await target(behaviour);
        await postActivity(app.host.url, message(`qualification for ${EDUCATION}`, redirecting.url));
        await settle();
        assert.deepEqual(redirecting.followedRedirects, []);
        assert.equal(redirecting.calls.length, 1, JSON.stringify(redirecting.calls));
      });

      it('updating a card in place (Refresh through Action.Submit, updateActivity)', async () => {
        const redirecting = await target(behaviour);
        const refresh = message('', redirecting.url, {
          replyToId: 'card-1',
          value: { verb: 'refreshQualification', customerId: EDUCATION },
        });
        await postActivity(app.host.url, refresh);
        await settle();
        assert.deepEqual(redirecting.followedRedirects, []);
        // The update (PUT) fails; its fallback, a new message, is not tried against a target that just failed.
        assert.deepEqual(
          redirecting.calls.map((call) => call.method),
          ['PUT'],
        );
      });

      it('the typing indicator (several customers, one slow)', async () => {
        const redirecting = await target(behaviour);
        await postActivity(app.host.url, message(`qualification for ${SLOW} ${GCC}`, redirecting.url));
        await settle();
        assert.deepEqual(redirecting.followedRedirects, []);
        assert.equal(redirecting.calls.length, 1, JSON.stringify(redirecting.calls));
      });
    });
  }

  for (const behaviour of ['hang', 'stall'] as const) {
    it(
      `a target that ${behaviour === 'hang' ? 'never answers' : 'stops in the middle of its answer'}: the reply ` +
        `times out and ends the turn; the socket is let go`,
      async () => {
        const stuck = await target(behaviour);
        const started = performance.now();
        const answer = await postActivity(app.host.url, message('help', stuck.url));
        const elapsed = performance.now() - started;
        assert.equal(answer.status, 200);
        assert.ok(
          elapsed >= REPLY_TIMEOUT_MS * 0.9 && elapsed < REPLY_TIMEOUT_MS + 2000,
          `the turn took ${Math.round(elapsed)} ms`,
        );
        await settle();
        assert.equal(stuck.calls.length, 1, 'one attempt: a time-out is the whole budget');
        assert.equal(await stuck.openConnections(), 0, 'the bot still holds a connection');
      },
    );
  }

  it(
    '300 activities aimed at a target that never answers: all end, no socket is kept, /healthz says ' +
      'degraded meanwhile',
    async () => {
      const stuck = await target('hang');
      const started = performance.now();
      const answers = Promise.all(
        Array.from({ length: 300 }, () => postActivity(app.host.url, message('help', stuck.url))),
      );
      while (stuck.calls.length < 10 && performance.now() - started < 5000) await settle(20);
      const during = await fetch(`${app.host.url}/healthz`);
      const duringBody = (await during.json()) as { status: string; turnsInFlight: number };
      assert.equal(during.status, 503);
      assert.equal(duringBody.status, 'degraded');
      assert.ok(duringBody.turnsInFlight > 5, JSON.stringify(duringBody));
      const statuses = (await answers).map((answer) => answer.status);
      assert.deepEqual([...new Set(statuses)], [200]);
      assert.ok(performance.now() - started < 15000, `took ${Math.round(performance.now() - started)} ms`);
      await settle();
      assert.equal(await stuck.openConnections(), 0);
      const after = await fetch(`${app.host.url}/healthz`);
      assert.equal(after.status, 200);
      assert.deepEqual(await after.json(), { status: 'ok', turnsInFlight: 0, mode: 'demo', inboundAuth: false });
    },
  );

  it('a reply that succeeds is unchanged: one POST, answered 200', async () => {
    const good = await target('ok');
    await postActivity(app.host.url, message(`qualification for ${EDUCATION}`, good.url));
    await settle();
    assert.equal(good.calls.length, 1);
    assert.equal(good.calls[0].method, 'POST');
  });
});

describe('reply time-out by default (real server)', function () {
  this.timeout(30000);

  it(
    `a never-answering target ends the turn after the default ${DEFAULTS.replyTimeoutMs} ms (a few seconds), not ` +
      `at shutdown`,
    async () => {
      const stuck = await ReplyTarget.start('hang');
      const app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1' }), createLogger('silent'));
      try {
        assert.ok(DEFAULTS.replyTimeoutMs >= 2000 && DEFAULTS.replyTimeoutMs <= 10000);
        const started = performance.now();
        const answer = await postActivity(app.host.url, message('help', stuck.url));
        const elapsed = performance.now() - started;
        assert.equal(answer.status, 200);
        assert.ok(elapsed < DEFAULTS.replyTimeoutMs + 3000, `the turn took ${Math.round(elapsed)} ms`);
        assert.equal(stuck.calls.length, 1);
      } finally {
        await app.stop(100);
        await stuck.close();
      }
    },
  );
});
