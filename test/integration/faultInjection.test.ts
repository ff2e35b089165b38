import assert from 'node:assert/strict';
import { startApp, type RunningApp, type StartOptions } from '../../src';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/shared/logger';
import { postActivity, teamsMessage } from '../helpers/activities';
import { BotConnectorStandIn, cardOf, cardText, type CapturedReply } from '../helpers/botConnector';
import { FakePartnerCenter, appModeEnv, type FakeReply, type RecordedRequest } from '../helpers/fakePartnerCenter';
import { waitFor } from '../helpers/waitFor';

/**
 * Fault injection, end to end: the real server (restify + CloudAdapter + bot + REST client +
 * resilience policies) in app mode, its Partner Center calls going to a programmable fake on
 * 127.0.0.1, its replies to a Bot Connector stand-in. The only seam is startApp's test options: a
 * stub token provider instead of Entra, and short back-off/breaker/Retry-After timings.
 *
 * For each fault: the card the user sees, how many requests reached "Partner Center", and that
 * the process is still healthy afterwards (GET /healthz 200, a normal lookup works, no unhandled
 * rejection).
 */

const FAULTY = '00000000-0000-4000-8000-0000000fa017';
const NORMAL = '00000000-0000-4000-8000-00000000a11e';
const TOKEN = 'fault-injection-token';
const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };
const EDUCATION = [{ qualification: 'Education', vettingStatus: 'Approved', vettingReason: 'Verified' }];

/** Short timings, so that no test waits for real back-off. Retry-After "1" means 20 ms here. */
const FAST: StartOptions['resilience'] = {
  initialBackoffMs: 5,
  maxBackoffMs: 20,
  minAttemptMs: 50,
  retryAfterSecondMs: 20,
};

/** More attempts than any test makes: the circuit breaker never opens. */
const NO_BREAKER: StartOptions['resilience'] = { breakerMinimumThroughput: 1_000_000 };

const UNAVAILABLE = [/Partner Center is unavailable right now/, /Try again in a few minutes\./];
const SLOW = [/Partner Center didn't answer in time/, /Try again\./];
const UNREADABLE = [/Partner Center sent an answer the bot couldn't read/];
const QUALIFIED = [/Education/, /Approved/, /Verified/];

interface Harness {
  readonly pc: FakePartnerCenter;
  readonly connector: BotConnectorStandIn;
  readonly app: RunningApp;
  /** What the fake answers for FAULTY, in order; the last one repeats. */
  script: FakeReply[];
  /** Partner Center down for everyone: every qualification request answers 503. */
  outage: boolean;
}

async function startHarness(
  env: Record<string, string>,
  resilience: StartOptions['resilience'] = {},
): Promise<Harness> {
  // Company-name calls (GET /v1/customers/{id}) answer at once, outside the fault script.
  const pc = (await FakePartnerCenter.start()).answerProfiles();
  const connector = new BotConnectorStandIn();
  await connector.start();
  const config = loadConfig(appModeEnv(pc.url, env));
  const app = await startApp(config, createLogger(process.env.LOG_LEVEL ?? 'silent'), {
    tokenProvider: { getToken: async () => TOKEN },
    resilience: { ...FAST, ...resilience },
  });
  const harness: Harness = { pc, connector, app, script: [], outage: false };
  pc.replyAlways((request) => {
    if (harness.outage) return { status: 503 };
    if (request.url.includes(NORMAL)) return { json: EDUCATION };
    const played = faultyRequests(harness).length - 1;
    return harness.script[Math.min(played, harness.script.length - 1)] ?? { status: 599 };
  });
  return harness;
}

async function stopHarness(h: Harness | undefined): Promise<void> {
  await h?.app.stop(1000);
  await h?.pc.close();
  await h?.connector.close();
}

function faultyRequests(h: Harness): RecordedRequest[] {
  return h.pc.requests.filter((r) => r.url.includes(FAULTY));
}

/** Sends `qualification for <id>` as Teams would; resolves with the card text the user sees. */
async function ask(h: Harness, customerId: string): Promise<{ text: string; ms: number; reply: CapturedReply }> {
  const activity = teamsMessage(`qualification for ${customerId}`, { serviceUrl: h.connector.url });
  const started = performance.now();
  const { status } = await postActivity(h.app.host.url, activity);
  assert.equal(status, 200, `POST /api/messages answered ${status}`);
  const reply = await h.connector.waitForReplyTo(activity.id as string);
  const ms = performance.now() - started;
  const card = cardOf(reply);
  assert.ok(card, `the reply carries no Adaptive Card: ${JSON.stringify(reply.activity).slice(0, 3000)}`);
  return { text: cardText(card), ms, reply };
}

function assertText(text: string, expected: readonly RegExp[]): void {
  for (const pattern of expected) assert.match(text, pattern);
}

/** GET /healthz answers 200 and an ordinary lookup still gets its qualification card. */
async function assertHealthy(h: Harness): Promise<void> {
  const health = await fetch(`${h.app.host.url}/healthz`);
  assert.equal(health.status, 200, 'GET /healthz');
  assert.equal(((await health.json()) as { status: string }).status, 'ok');
  const normal = await ask(h, NORMAL);
  assertText(normal.text, QUALIFIED);
  assert.ok(normal.text.includes(NORMAL));
}

function hugeBody(withContentLength: boolean): FakeReply {
  return { hugeBody: { bytes: 32 * 1024 * 1024, withContentLength } };
}

interface FaultCase {
  readonly name: string;
  /** A function when the answer depends on the time the test runs (HTTP dates). */
  readonly script: FakeReply[] | (() => FakeReply[]);
  readonly attempts: number;
  readonly card: readonly RegExp[];
  /** Extra checks on what reached the fake. */
  readonly check?: (requests: RecordedRequest[]) => void;
}

const FAULTS: readonly FaultCase[] = [
  // Partner Center trouble: retried (3 attempts at most), same MS-RequestId each time.
  {
    name: '500 with a PartnerFD error body',
    script: [{ status: 500, json: { code: 0, description: 'Internal error' } }],
    attempts: 3,
    card: [...UNAVAILABLE, /HTTP status 500/],
  },
  {
    name: '502 with an HTML page from a gateway',
    script: [
      {
        status: 502,
        body: '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>',
        headers: { 'Content-Type': 'text/html' },
      },
    ],
    attempts: 3,
    card: [...UNAVAILABLE, /HTTP status 502/],
  },
  {
    name: '503 once, then the answer',
    script: [{ status: 503, headers: { 'Retry-After': '30' } }, { json: EDUCATION }],
    attempts: 2,
    card: QUALIFIED,
  },
  {
    name: '503 with a huge HTML body',
    script: [
      {
        status: 503,
        hugeBody: { bytes: 8 * 1024 * 1024, withContentLength: false },
        headers: { 'Content-Type': 'text/html' },
      },
    ],
    attempts: 3,
    card: UNAVAILABLE,
  },
  { name: '504', script: [{ status: 504 }], attempts: 3, card: [...SLOW, /HTTP status 504/] },
  { name: '408', script: [{ status: 408 }], attempts: 3, card: [...SLOW, /HTTP status 408/] },
  {
    name: 'a connection reset before any answer',
    script: [{ destroyBeforeHeaders: true }],
    attempts: 3,
    card: UNAVAILABLE,
  },
  {
    name: 'a connection reset in the middle of the body',
    script: [{ body: JSON.stringify(EDUCATION), headers: JSON_TYPE, destroyAfterBodyBytes: 10 }],
    attempts: 3,
    card: UNAVAILABLE,
  },
  { name: 'no answer at all (the per-request timeout)', script: [{ hang: true }], attempts: 3, card: SLOW },
  {
    name: 'a reset, a timeout, then the answer',
    script: [{ destroyBeforeHeaders: true }, { hang: true }, { json: EDUCATION }],
    attempts: 3,
    card: QUALIFIED,
  },

  // Throttling: Retry-After in both forms, waited out up to the cap, else the user is told when.
  {
    name: '429 with Retry-After: 1, then the answer',
    script: [{ status: 429, headers: { 'Retry-After': '1' } }, { json: EDUCATION }],
    attempts: 2,
    card: QUALIFIED,
  },
  {
    name: '429 with an HTTP-date Retry-After two seconds ahead, then the answer',
    script: () => [
      { status: 429, headers: { 'Retry-After': new Date(Date.now() + 2000).toUTCString() } },
      { json: EDUCATION },
    ],
    attempts: 2,
    card: QUALIFIED,
  },
  {
    name: '429 with Retry-After: 57 (over the cap)',
    script: [
      {
        status: 429,
        headers: { ...JSON_TYPE, 'Retry-After': '57' },
        json: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 57 seconds.' },
      },
    ],
    attempts: 1,
    card: [/Partner Center is busy/, /Try again in 57 seconds\./],
  },
  {
    name: '429 with an HTTP-date Retry-After two minutes ahead (over the cap)',
    script: () => [{ status: 429, headers: { 'Retry-After': new Date(Date.now() + 120_000).toUTCString() } }],
    attempts: 1,
    card: [/Partner Center is busy/, /Try again in (?:11\d|120) seconds\./],
  },
  {
    name: '429 with Retry-After: 1, every time',
    script: [{ status: 429, headers: { 'Retry-After': '1' } }],
    attempts: 3,
    card: [/Partner Center is busy/, /Try again in 1 second\./],
  },
  {
    name: '429 without Retry-After',
    script: [{ status: 429 }],
    attempts: 1,
    card: [/Partner Center is busy/, /Try again in a minute\./],
  },

  // The request itself is wrong: never retried.
  {
    name: '400',
    script: [{ status: 400, json: { code: 900118, description: 'Invalid Customer Id' } }],
    attempts: 1,
    card: [/Partner Center rejected the request/, /Invalid Customer Id/],
  },
  {
    name: '401',
    script: [{ status: 401, headers: { 'WWW-Authenticate': 'Bearer' } }],
    attempts: 1,
    card: [/Partner Center refused the bot's credentials/],
  },
  {
    name: '403',
    script: [{ status: 403, json: { code: 20002, description: 'No relationship' } }],
    attempts: 1,
    card: [/You don't have access to this customer in Partner Center/],
  },
  {
    name: '404',
    script: [{ status: 404, json: { code: 600, description: 'Customer not found' } }],
    attempts: 1,
    card: [/This tenant isn't one of your customers/],
  },
  {
    name: '409',
    script: [{ status: 409, json: { code: 1, description: 'Conflict' } }],
    attempts: 1,
    card: [/Something went wrong/, /HTTP status 409/],
  },

  // Bad bodies with 200: a clear card, not an exception; not retried.
  {
    name: '200 with invalid JSON',
    script: [{ body: '{"qualification":"Education",', headers: JSON_TYPE }],
    attempts: 1,
    card: UNREADABLE,
  },
  {
    name: '200 with an HTML gateway page',
    script: [
      {
        body: '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Gateway</body></html>',
        headers: { 'Content-Type': 'text/html' },
      },
    ],
    attempts: 1,
    card: UNREADABLE,
  },
  {
    name: '200 text/html whose text parses as JSON',
    script: [{ body: JSON.stringify(EDUCATION), headers: { 'Content-Type': 'text/html' } }],
    attempts: 1,
    card: UNREADABLE,
  },
  {
    name: '200 with a wrong content type (text/plain)',
    script: [{ body: JSON.stringify(EDUCATION), headers: { 'Content-Type': 'text/plain' } }],
    attempts: 1,
    card: UNREADABLE,
  },
  { name: '200 with an empty body', script: [{ body: '', headers: JSON_TYPE }], attempts: 1, card: UNREADABLE },
  {
    name: '200 with a huge body (32 MB, chunked)',
    script: [hugeBody(false)],
    attempts: 1,
    card: UNREADABLE,
    check: ([request]) => assert.ok((request?.bodyBytesWritten ?? 0) < 32 * 1024 * 1024, 'the whole 32 MB was read'),
  },
  {
    name: '200 with a huge body (32 MB, Content-Length declared)',
    script: [hugeBody(true)],
    attempts: 1,
    card: UNREADABLE,
  },
  { name: '200 with a JSON answer of the wrong shape', script: [{ json: { foo: 1 } }], attempts: 1, card: UNREADABLE },
];

describe(
  'fault injection: what the user sees when Partner Center misbehaves (real server, fake ' + 'Partner Center)',
  function () {
    this.timeout(30000);

    let h: Harness;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);

    before(async () => {
      process.on('unhandledRejection', onUnhandled);
      // Per-request timeout 300 ms, deadline 2 s: three timed-out attempts fit. The circuit breaker
      // is not what these cases are about (its own block is below): it never judges here.
      h = await startHarness({ PARTNER_CENTER_TIMEOUT_MS: '300', PARTNER_CENTER_DEADLINE_MS: '2000' }, NO_BREAKER);
    });

    after(async () => {
      process.off('unhandledRejection', onUnhandled);
      await stopHarness(h);
    });

    beforeEach(() => {
      h.pc.requests.splice(0);
    });

    for (const fault of FAULTS) {
      it(
        `${fault.name} → ${fault.attempts} attempt${fault.attempts === 1 ? '' : 's'}, a clear card, ` + `still healthy`,
        async () => {
          h.script = typeof fault.script === 'function' ? fault.script() : fault.script;
          const { text } = await ask(h, FAULTY);
          assertText(text, fault.card);
          assert.ok(text.includes(FAULTY), 'the card names the customer');
          if (fault.card !== QUALIFIED) assert.match(text, /Correlation id:\s*[0-9a-f-]{36}/);

          const requests = faultyRequests(h);
          assert.equal(requests.length, fault.attempts, `requests that reached Partner Center: ${requests.length}`);
          const requestIds = new Set(requests.map((r) => r.headers['ms-requestid']));
          assert.equal(requestIds.size, 1, 'every retry of one lookup carries the same MS-RequestId');
          assert.equal(new Set(requests.map((r) => r.headers['ms-correlationid'])).size, 1);
          requests.forEach((r) => assert.equal(r.headers.authorization, `Bearer ${TOKEN}`));
          fault.check?.(requests);

          await assertHealthy(h);
          const normalId = h.pc.requests.find((r) => r.url.includes(NORMAL))?.headers['ms-requestid'];
          assert.ok(normalId && !requestIds.has(normalId), 'the next lookup has a new MS-RequestId');
          assert.deepEqual(unhandled, []);
        },
      );
    }
  },
);

describe('fault injection: the per-command deadline', function () {
  this.timeout(30000);

  let h: Harness;
  const DEADLINE_MS = 700;

  before(async () => {
    // A per-request timeout far longer than the deadline: only the deadline can end these calls.
    h = await startHarness(
      { PARTNER_CENTER_TIMEOUT_MS: '20000', PARTNER_CENTER_DEADLINE_MS: String(DEADLINE_MS) },
      NO_BREAKER,
    );
  });
  after(() => stopHarness(h));
  beforeEach(() => {
    h.pc.requests.splice(0);
  });

  const cases: ReadonlyArray<{ name: string; script: FakeReply[]; attempts: number }> = [
    { name: 'Partner Center never answers', script: [{ hang: true }], attempts: 1 },
    {
      name: 'Partner Center sends the headers, then never the body',
      script: [{ stallAfterHeaders: true, headers: { ...JSON_TYPE, 'Content-Length': '200' } }],
      attempts: 1,
    },
    { name: 'a 503, then no answer', script: [{ status: 503 }, { hang: true }], attempts: 2 },
  ];

  for (const c of cases) {
    it(
      `${c.name}: "Partner Center didn't answer in time" at the deadline, the request is cancelled, ` + `still healthy`,
      async () => {
        h.script = c.script;
        const { text, ms } = await ask(h, FAULTY);
        assertText(text, SLOW);
        assert.ok(
          ms >= DEADLINE_MS - 20 && ms < DEADLINE_MS + 1000,
          `the user waited ${Math.round(ms)} ms; the deadline is ${DEADLINE_MS} ms`,
        );
        const requests = faultyRequests(h);
        assert.equal(requests.length, c.attempts);
        const last = requests.at(-1);
        await waitFor(() => last?.outcome !== 'pending', { what: 'the request in flight to end' });
        assert.equal(last?.outcome, 'aborted', 'the request in flight was not cancelled at the deadline');
        await assertHealthy(h);
      },
    );
  }

  it('a slow answer inside the deadline is shown', async () => {
    h.script = [{ json: EDUCATION, delayMs: 300 }];
    const { text } = await ask(h, FAULTY);
    assertText(text, QUALIFIED);
    assert.equal(faultyRequests(h).length, 1);
  });
});

describe(
  'fault injection: the circuit breaker (failure ratio over a window; shortened: 10 ' + 'attempts, 3 s)',
  function () {
    this.timeout(30000);

    let h: Harness;

    // Each case starts with a bot of its own: a closed circuit and an empty window.
    beforeEach(async () => {
      h = await startHarness(
        { PARTNER_CENTER_TIMEOUT_MS: '1000', PARTNER_CENTER_DEADLINE_MS: '3000' },
        {
          breakerHalfOpenAfterMs: 400,
          breakerSamplingMs: 3000,
          breakerMinimumThroughput: 10,
          breakerFailureRatio: 0.5,
        },
      );
    });
    afterEach(() => stopHarness(h));

    it('404s, 403s and 429s do not open it', async () => {
      for (const status of [404, 403, 404, 403, 404, 403, 429, 404, 403, 404, 403]) {
        h.script = [{ status }];
        await ask(h, FAULTY);
      }
      assert.equal(faultyRequests(h).length, 11);
      await assertHealthy(h);
    });

    it(
      "one customer that Partner Center cannot answer, asked again and again, does not make anyone else's lookups " +
        '"unavailable"',
      async () => {
        // Before: five failures in a row opened it, so one user asking twice for this customer made
        // every lookup answer "unavailable" for 30 s (1 answer in 30 for the other users).
        h.script = [{ status: 503 }];
        let answered = 0;
        for (let round = 0; round < 10; round++) {
          assertText((await ask(h, FAULTY)).text, UNAVAILABLE);
          for (let i = 0; i < 8; i++) {
            assertText((await ask(h, NORMAL)).text, QUALIFIED);
            answered++;
          }
        }
        assert.equal(answered, 80, 'every other lookup was answered');
        assert.equal(
          faultyRequests(h).length,
          30,
          'every ask for the failing customer still reached Partner Center (3 attempts each)',
        );
      },
    );

    it(
      'a Partner Center outage opens it: "unavailable" at once, with no request, for everyone; it recovers after the ' +
        'pause',
      async () => {
        h.outage = true;
        for (let i = 0; i < 3; i++) assertText((await ask(h, NORMAL)).text, UNAVAILABLE);
        assert.equal(h.pc.requests.filter((r) => r.url.includes('/qualifications')).length, 9);
        assertText((await ask(h, FAULTY)).text, UNAVAILABLE);
        assert.equal(
          faultyRequests(h).length,
          1,
          'the tenth failed attempt of ten opens it; the retries after it are not sent',
        );

        // Open: every lookup, for any customer, is answered at once without calling Partner Center.
        const before = h.pc.requests.length;
        for (const customer of [FAULTY, NORMAL]) {
          const { text, ms } = await ask(h, customer);
          assertText(text, UNAVAILABLE);
          assert.ok(ms < 500, `took ${Math.round(ms)} ms`);
        }
        assert.equal(h.pc.requests.length, before, 'a request went out while the circuit was open');
        assert.equal((await fetch(`${h.app.host.url}/healthz`)).status, 200);

        // After the pause one trial call goes through; Partner Center is back, and it closes the circuit.
        h.outage = false;
        await new Promise((resolve) => setTimeout(resolve, 450));
        await assertHealthy(h);
        h.script = [{ json: EDUCATION }];
        assertText((await ask(h, FAULTY)).text, QUALIFIED);
      },
    );
  },
);

describe('fault injection: bounded outbound concurrency', function () {
  this.timeout(30000);

  let h: Harness;

  before(async () => {
    h = await startHarness({ PARTNER_CENTER_MAX_CONCURRENCY: '2', PARTNER_CENTER_DEADLINE_MS: '5000' });
  });
  after(() => stopHarness(h));

  it(
    'never has more than PARTNER_CENTER_MAX_CONCURRENCY requests in flight; every user still gets ' + 'the answer',
    async () => {
      let inFlight = 0;
      let most = 0;
      h.pc.replyAlways(() => {
        inFlight++;
        most = Math.max(most, inFlight);
        // Scheduled before the fake's own 80 ms timer, so it runs just before the answer is sent.
        setTimeout(() => inFlight--, 80);
        return { json: EDUCATION, delayMs: 80 };
      });
      const answers = await Promise.all(Array.from({ length: 8 }, () => ask(h, NORMAL)));
      answers.forEach(({ text }) => assertText(text, QUALIFIED));
      assert.equal(h.pc.requests.length, 8);
      assert.equal(most, 2, `at most ${most} requests were in flight`);
    },
  );
});
