import assert from 'node:assert/strict';
import { DEFAULTS } from '../../../src/config/defaults';
import { randomUUID } from 'node:crypto';
import sinon from 'sinon';
import { TokenAcquisitionError } from '../../../src/auth/tokenProvider';
import { PartnerCenterClient } from '../../../src/partnerCenter/client';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import type { AttemptContext, ResilienceOptions } from '../../../src/partnerCenter/resilience';
import { FakePartnerCenter } from '../../helpers/fakePartnerCenter';
import { watchTimers } from '../../helpers/timers';
import { context, pcError, rejection, scripted, setup, sleep, type LogLine } from '../../helpers/resilienceScript';
import { tenantId } from '../../helpers/ids';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CUSTOMER = tenantId('b44bb1fb-c595-45b0-9e09-d657365580bf');
const TOKEN = 'eyJ0eXAiOiJKV1Qi.resilience-test-token';

describe('PartnerCenterResilience', () => {
  afterEach(() => sinon.restore());

  describe('what is retried', () => {
    const transient: ReadonlyArray<readonly [string, () => PartnerCenterError]> = [
      ['500', () => pcError('unavailable', { httpStatus: 500 })],
      ['502', () => pcError('unavailable', { httpStatus: 502 })],
      ['503', () => pcError('unavailable', { httpStatus: 503 })],
      ['504', () => pcError('timeout', { httpStatus: 504 })],
      ['408', () => pcError('timeout', { httpStatus: 408 })],
      ['a network error', () => pcError('unavailable')],
      ['a per-request timeout', () => pcError('timeout')],
    ];

    for (const [name, error] of transient) {
      it(`retries ${name} with the same MS-RequestId, and succeeds on the third attempt`, async () => {
        const { resilience } = setup();
        const script = scripted(error(), error(), 'ok');
        const ctx = context();
        assert.equal(await resilience.execute(ctx, script.attempt), 'ok after 3');
        assert.equal(script.calls.length, 3);
        const ids = script.calls.map((c) => c.context.requestId);
        assert.match(ids[0] ?? '', GUID);
        assert.deepEqual(new Set(ids).size, 1, `MS-RequestId changed between retries: ${ids.join(', ')}`);
        for (const call of script.calls) assert.equal(call.context.correlationId, ctx.correlationId);
      });
    }

    it('gives up after 3 attempts and rejects with the last error', async () => {
      const { resilience } = setup();
      const last = pcError('unavailable', { httpStatus: 503 });
      const script = scripted(pcError('timeout'), pcError('unavailable', { httpStatus: 500 }), last);
      assert.equal(await rejection(resilience.execute(context(), script.attempt)), last);
      assert.equal(script.calls.length, 3);
    });

    it('honours maxAttempts', async () => {
      const { resilience } = setup({ maxAttempts: 1 });
      const script = scripted(pcError('unavailable', { httpStatus: 503 }));
      await rejection(resilience.execute(context(), script.attempt));
      assert.equal(script.calls.length, 1);
    });

    it('gives every new command a new MS-RequestId, and keeps one the caller chose', async () => {
      const { resilience } = setup();
      const script = scripted('ok');
      await resilience.execute(context(), script.attempt);
      await resilience.execute(context(), script.attempt);
      const chosen = randomUUID();
      await resilience.execute(context({ requestId: chosen }), script.attempt);
      const ids = script.calls.map((c) => c.context.requestId);
      assert.notEqual(ids[0], ids[1]);
      assert.equal(ids[2], chosen);
    });

    const permanent: ReadonlyArray<readonly [string, () => Error]> = [
      ['400', () => pcError('badRequest', { httpStatus: 400 })],
      ['401', () => pcError('unauthorized', { httpStatus: 401 })],
      ['403', () => pcError('forbidden', { httpStatus: 403 })],
      ['404', () => pcError('notFound', { httpStatus: 404 })],
      ['409', () => pcError('unexpected', { httpStatus: 409 })],
      ['an unreadable answer', () => pcError('malformedResponse', { httpStatus: 200 })],
      ['a 429 without Retry-After', () => pcError('throttled', { httpStatus: 429 })],
      ['a sign-in failure', () => new TokenAcquisitionError('invalidCredentials', 'bad secret')],
      ['a programming error', () => new TypeError('customerId must be a canonical GUID')],
    ];
    for (const [name, error] of permanent) {
      it(`never retries ${name}`, async () => {
        const { resilience } = setup();
        const thrown = error();
        const script = scripted(thrown, 'ok');
        assert.equal(await rejection(resilience.execute(context(), script.attempt)), thrown);
        assert.equal(script.calls.length, 1);
      });
    }
  });

  describe('429 and Retry-After', () => {
    it('waits Retry-After when it is at most the cap, then retries', async () => {
      const { resilience } = setup({ retryAfterSecondMs: 20 });
      const script = scripted(pcError('throttled', { httpStatus: 429, retryAfterSeconds: 3 }), 'ok');
      assert.equal(await resilience.execute(context(), script.attempt), 'ok after 2');
      const waited = (script.calls[1]?.at ?? 0) - (script.calls[0]?.at ?? 0);
      assert.ok(waited >= 58, `waited ${waited} ms, Retry-After asked for 3 × 20 ms`);
      assert.ok(waited < 400, `waited ${waited} ms`);
    });

    it('retries at once on Retry-After: 0 and at the cap itself', async () => {
      const { resilience } = setup({ retryAfterCapSeconds: 5, retryAfterSecondMs: 1 });
      for (const seconds of [0, 5]) {
        const script = scripted(pcError('throttled', { httpStatus: 429, retryAfterSeconds: seconds }), 'ok');
        assert.equal(await resilience.execute(context(), script.attempt), 'ok after 2', `Retry-After ${seconds}`);
      }
    });

    it('answers at once, with the seconds to wait, when Retry-After is over the cap', async () => {
      const { resilience } = setup({ retryAfterCapSeconds: 5 });
      const script = scripted(pcError('throttled', { httpStatus: 429, retryAfterSeconds: 6 }), 'ok');
      const started = performance.now();
      const error = await rejection(resilience.execute(context(), script.attempt));
      assert.ok(
        error instanceof PartnerCenterError && error.kind === 'throttled' && error.retryAfterSeconds === 6,
        String(error),
      );
      assert.equal(script.calls.length, 1);
      assert.ok(performance.now() - started < 50);
    });

    it('never waits with a cap of 0', async () => {
      const { resilience } = setup({ retryAfterCapSeconds: 0 });
      const script = scripted(pcError('throttled', { httpStatus: 429, retryAfterSeconds: 1 }), 'ok');
      await rejection(resilience.execute(context(), script.attempt));
      assert.equal(script.calls.length, 1);
    });

    it('answers at once when the wait would not fit before the deadline', async () => {
      const { resilience } = setup({ deadlineMs: 400, retryAfterSecondMs: 100, minAttemptMs: 50 });
      const script = scripted(pcError('throttled', { httpStatus: 429, retryAfterSeconds: 4 }), 'ok');
      const started = performance.now();
      const error = await rejection(resilience.execute(context(), script.attempt));
      assert.ok(
        error instanceof PartnerCenterError && error.kind === 'throttled' && error.retryAfterSeconds === 4,
        String(error),
      );
      assert.ok(performance.now() - started < 100, 'it waited although the wait could not fit');
      assert.equal(script.calls.length, 1);
    });

    it('stops after 3 throttled attempts and says how long to wait', async () => {
      const { resilience } = setup();
      const script = scripted(pcError('throttled', { httpStatus: 429, retryAfterSeconds: 1 }));
      const error = await rejection(resilience.execute(context(), script.attempt));
      assert.ok(error instanceof PartnerCenterError && error.kind === 'throttled' && error.retryAfterSeconds === 1);
      assert.equal(script.calls.length, 3);
    });
  });

  describe('back-off', () => {
    it('waits an exponentially growing, jittered delay between attempts (cockatiel decorrelated jitter)', async () => {
      sinon.stub(Math, 'random').returns(0.5);
      const { resilience, lines } = setup({ initialBackoffMs: 40, maxBackoffMs: 1000 });
      const script = scripted(pcError('unavailable', { httpStatus: 503 }));
      await rejection(resilience.execute(context(), script.attempt));
      const delays = lines
        .filter((l) => l.msg === 'Partner Center call failed; retrying')
        .map((l) => l.delayMs as number);
      assert.equal(delays.length, 2);
      const [first = 0, second = 0] = delays;
      assert.ok(first > 0 && second > first, `delays ${delays.join(', ')} do not grow`);
      const gaps = [1, 2].map((i) => (script.calls[i]?.at ?? 0) - (script.calls[i - 1]?.at ?? 0));
      gaps.forEach((gap, i) =>
        assert.ok(gap >= (delays[i] ?? 0) - 2, `gap ${gap} ms shorter than the delay ${delays[i]} ms`),
      );
    });

    it('jitters: a different random draw gives a different delay, and none is above maxBackoffMs', async () => {
      const random = sinon.stub(Math, 'random');
      const retryDelays = (lines: LogLine[]) =>
        lines.filter((l) => l.msg === 'Partner Center call failed; retrying').map((l) => l.delayMs as number);
      const jittered = setup({ initialBackoffMs: 100, maxBackoffMs: 1000, maxAttempts: 2 });
      for (const draw of [0.1, 0.9]) {
        random.returns(draw);
        await rejection(jittered.resilience.execute(context(), scripted(pcError('timeout')).attempt));
      }
      const [low = 0, high = 0] = retryDelays(jittered.lines);
      assert.ok(low > 0 && high > low * 2, `delays ${low} and ${high} ms: no jitter`);

      const capped = setup({ initialBackoffMs: 1000, maxBackoffMs: 30, maxAttempts: 2 });
      await rejection(capped.resilience.execute(context(), scripted(pcError('timeout')).attempt));
      assert.deepEqual(retryDelays(capped.lines), [30]);
    });

    it('does not start a back-off that would end after the deadline: it answers at once', async () => {
      const { resilience } = setup({ initialBackoffMs: 5000, maxBackoffMs: 10000, deadlineMs: 1000, minAttemptMs: 20 });
      sinon.stub(Math, 'random').returns(0.5);
      const script = scripted(pcError('unavailable', { httpStatus: 503 }), 'ok');
      const started = performance.now();
      const error = await rejection(resilience.execute(context(), script.attempt));
      assert.ok(
        error instanceof PartnerCenterError && error.kind === 'unavailable' && error.httpStatus === 503,
        String(error),
      );
      assert.ok(performance.now() - started < 200);
      assert.equal(script.calls.length, 1);
    });

    it('logs each retry with the correlation id, request id, attempt and status', async () => {
      const { resilience, lines } = setup();
      const ctx = context();
      const script = scripted(pcError('unavailable', { httpStatus: 502 }), 'ok');
      await resilience.execute(ctx, script.attempt);
      const retry = lines.find((l) => l.msg === 'Partner Center call failed; retrying');
      assert.ok(retry, 'no retry line');
      assert.equal(retry.level, 'warn');
      assert.equal(retry.correlationId, ctx.correlationId);
      assert.equal(retry.requestId, script.calls[0]?.context.requestId);
      assert.equal(retry.attempt, 1);
      assert.equal(retry.nextAttempt, 2);
      assert.equal(retry.httpStatus, 502);
      assert.equal(retry.outcome, 'unavailable');
    });
  });

  describe('the deadline', () => {
    it('cancels the attempt in flight and answers timeout at the deadline, leaving no timer behind', async () => {
      const { resilience, lines } = setup({ deadlineMs: 200 });
      const timers = await watchTimers();
      const script = scripted('hang');
      const ctx = context();
      const started = performance.now();
      const error = await rejection(resilience.execute(ctx, script.attempt));
      const elapsed = performance.now() - started;
      assert.ok(error instanceof PartnerCenterError, String(error));
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /within 200 ms/);
      assert.equal(error.correlationId, ctx.correlationId);
      assert.equal(error.requestId, script.calls[0]?.context.requestId);
      assert.ok(elapsed >= 190 && elapsed < 600, `answered after ${elapsed} ms`);
      assert.equal(script.calls.length, 1);
      assert.equal(script.calls[0]?.context.signal.aborted, true, 'the request in flight was not cancelled');
      assert.equal(await timers.pendingAfterTick(), 0, 'a timer is still running after the answer');
      const line = lines.find((l) => /deadline/.test(l.msg));
      assert.equal(line?.correlationId, ctx.correlationId);
      assert.equal(line?.attempts, 1);
    });

    it('covers all attempts together', async () => {
      const { resilience } = setup({ deadlineMs: 300, minAttemptMs: 20 });
      const script = scripted({ delayMs: 120, then: pcError('unavailable', { httpStatus: 503 }) }, 'hang');
      const started = performance.now();
      const error = await rejection(resilience.execute(context(), script.attempt));
      const elapsed = performance.now() - started;
      assert.ok(error instanceof PartnerCenterError && error.kind === 'timeout', String(error));
      assert.ok(elapsed >= 290 && elapsed < 700, `answered after ${elapsed} ms`);
      assert.equal(script.calls.length, 2);
    });

    it('leaves no timer behind after a success either', async () => {
      const { resilience } = setup({ deadlineMs: 60000 });
      const timers = await watchTimers();
      await resilience.execute(context(), scripted(pcError('timeout'), 'ok').attempt);
      assert.equal(await timers.pendingAfterTick(), 0);
    });

    it("treats the caller's cancellation as a cancellation, not a timeout", async () => {
      const { resilience } = setup({ deadlineMs: 5000 });
      const controller = new AbortController();
      const script = scripted('hang');
      const pending = rejection(resilience.execute(context({ signal: controller.signal }), script.attempt));
      await sleep(20);
      controller.abort();
      const error = await pending;
      assert.ok(error instanceof PartnerCenterError, String(error));
      assert.equal(error.kind, 'unavailable');
      assert.equal(script.calls.length, 1);
    });
  });

  describe('the circuit breaker (failure ratio over a window, with a minimum throughput)', () => {
    /** Small numbers for the tests that are about what happens once it opens. */
    const SMALL = { breakerMinimumThroughput: 10, breakerSamplingMs: 1000, breakerFailureRatio: 0.5 } as const;

    it('defaults: more than 50 % of at least 100 attempts in 30 s, then a 5 s pause', () => {
      assert.deepEqual(DEFAULTS.breaker, {
        failureRatio: 0.5,
        samplingMs: 30_000,
        minimumThroughput: 100,
        halfOpenAfterMs: 5_000,
      });
    });

    it(
      'a handful of failing customers, asked again and again, never open it: everyone else keeps getting answers ' +
        '(defaults)',
      async () => {
        // The reproduction from the issue: with 5 failures in a row opening it, one user asking twice
        // for a customer Partner Center answers with 5xx made every other lookup "unavailable".
        const { resilience } = setup({ maxAttempts: 3 });
        const failing = scripted(pcError('unavailable', { httpStatus: 503 }));
        const healthy = scripted('ok');
        let answered = 0;
        for (let round = 0; round < 3; round++) {
          // 5 failing customers, each asked twice (30 failed attempts), among 100 other lookups.
          for (let i = 0; i < 100; i++) {
            if (i % 10 === 0) await rejection(resilience.execute(context(), failing.attempt));
            await resilience.execute(context(), healthy.attempt);
            answered++;
          }
          assert.equal(resilience.circuitState, 'closed', `round ${round}`);
        }
        assert.equal(answered, 300);
        assert.equal(failing.calls.length, 90, 'every failing lookup still reached Partner Center (3 attempts each)');
        // And at a quieter time: the same failing customers among 20 other lookups (too few calls to judge).
        const quiet = setup({ maxAttempts: 3 });
        for (let i = 0; i < 20; i++) {
          if (i % 2 === 0) await rejection(quiet.resilience.execute(context(), failing.attempt));
          await quiet.resilience.execute(context(), healthy.attempt);
        }
        assert.equal(quiet.resilience.circuitState, 'closed');
      },
    );

    it(
      'under little traffic, a failing customer alone never opens it (fewer calls than the minimum ' + 'throughput)',
      async () => {
        const { resilience } = setup({ maxAttempts: 3 });
        const failing = scripted(pcError('unavailable', { httpStatus: 500 }));
        for (let i = 0; i < 33; i++) await rejection(resilience.execute(context(), failing.attempt)); // 99 attempts
        assert.equal(resilience.circuitState, 'closed');
        assert.equal(failing.calls.length, 99);
      },
    );

    it(
      'a real outage (most calls failing under real traffic) opens it; then "unavailable" at once without calling, ' +
        'and logs it (defaults)',
      async () => {
        const { resilience, lines } = setup({ maxAttempts: 3, breakerHalfOpenAfterMs: 60000 });
        const healthy = scripted('ok');
        for (let i = 0; i < 50; i++) await resilience.execute(context(), healthy.attempt);
        const down = scripted(pcError('unavailable', { httpStatus: 503 }));
        let lookups = 0;
        while (resilience.circuitState === 'closed' && lookups < 100) {
          await rejection(resilience.execute(context(), down.attempt));
          lookups++;
        }
        assert.equal(resilience.circuitState, 'open', `still closed after ${lookups} failed lookups`);
        // 50 successes: the 51st failed attempt makes failures the majority of 101 attempts.
        assert.equal(down.calls.length, 51);

        const ctx = context();
        const started = performance.now();
        const refusedError = await rejection(resilience.execute(ctx, healthy.attempt));
        assert.ok(performance.now() - started < 50);
        assert.equal(healthy.calls.length, 50, 'a call went out while the circuit was open');
        assert.ok(refusedError instanceof PartnerCenterError, String(refusedError));
        assert.equal(refusedError.kind, 'unavailable');
        assert.equal(refusedError.correlationId, ctx.correlationId);
        assert.ok(lines.some((l) => l.msg.includes('circuit breaker opened') && l.level === 'warn'));
        const refused = lines.find(
          (l) => l.msg.includes('circuit breaker is open') && l.correlationId === ctx.correlationId,
        );
        assert.ok(refused, 'no log line says the call was refused because the circuit is open');
      },
    );

    it('the ratio counts: exactly half failing does not open it, more than half does', async () => {
      const { resilience } = setup({ ...SMALL, maxAttempts: 1 });
      const failing = scripted(pcError('unavailable', { httpStatus: 500 }));
      const healthy = scripted('ok');
      for (let i = 0; i < 12; i++) {
        await resilience.execute(context(), healthy.attempt);
        await rejection(resilience.execute(context(), failing.attempt));
      }
      assert.equal(resilience.circuitState, 'closed', 'half failing is not more than half');
      await rejection(resilience.execute(context(), failing.attempt));
      assert.equal(resilience.circuitState, 'open', '13 failures of 25 attempts');
    });

    it('failures older than the window no longer count, even after a quiet spell', async () => {
      const { resilience } = setup({ ...SMALL, maxAttempts: 1, breakerSamplingMs: 300 });
      const failing = scripted(pcError('unavailable', { httpStatus: 500 }));
      for (let i = 0; i < 9; i++) await rejection(resilience.execute(context(), failing.attempt));
      await sleep(350);
      // cockatiel alone would still count the 9 from before the pause and open at this 10th.
      await rejection(resilience.execute(context(), failing.attempt));
      assert.equal(resilience.circuitState, 'closed');
    });

    it(
      'Partner Center answering 400, 401, 403, 404, 409, 429 or unreadably counts as up; sign-in failures ' +
        'do not count',
      async () => {
        const { resilience } = setup({ ...SMALL, maxAttempts: 1 });
        const answers = [
          pcError('badRequest', { httpStatus: 400 }),
          pcError('unauthorized', { httpStatus: 401 }),
          pcError('forbidden', { httpStatus: 403 }),
          pcError('notFound', { httpStatus: 404 }),
          pcError('unexpected', { httpStatus: 409 }),
          pcError('throttled', { httpStatus: 429, retryAfterSeconds: 60 }),
          pcError('malformedResponse', { httpStatus: 200 }),
          new TokenAcquisitionError('unreachable', 'Entra down'),
        ];
        const script = scripted(...answers, ...answers, ...answers);
        for (let i = 0; i < answers.length * 3; i++) await rejection(resilience.execute(context(), script.attempt));
        assert.equal(script.calls.length, answers.length * 3, 'every call reached Partner Center');
        assert.equal(resilience.circuitState, 'closed');
        // 21 answers in the window: 10 failures more are not the majority of 31 attempts…
        const failing = scripted(pcError('unavailable', { httpStatus: 503 }));
        for (let i = 0; i < 10; i++) await rejection(resilience.execute(context(), failing.attempt));
        assert.equal(resilience.circuitState, 'closed', 'the 4xx answers did not count as attempts');
        // …but 22 failures against 21 answers are.
        for (let i = 0; i < 12; i++) await rejection(resilience.execute(context(), failing.attempt));
        assert.equal(resilience.circuitState, 'open');
      },
    );

    it('does not count attempts cancelled by the deadline', async () => {
      const { resilience } = setup({ ...SMALL, breakerMinimumThroughput: 3, deadlineMs: 60 });
      await Promise.all(
        Array.from({ length: 6 }, () => rejection(resilience.execute(context(), scripted('hang').attempt))),
      );
      assert.equal(resilience.circuitState, 'closed');
    });

    it('after the pause lets one trial call through: a success closes it, a failure opens it again', async () => {
      const { resilience, lines } = setup({
        ...SMALL,
        breakerMinimumThroughput: 2,
        maxAttempts: 1,
        breakerHalfOpenAfterMs: 100,
      });
      const failing = scripted(pcError('unavailable', { httpStatus: 500 }));
      await rejection(resilience.execute(context(), failing.attempt));
      await rejection(resilience.execute(context(), failing.attempt));
      assert.equal(resilience.circuitState, 'open');
      await sleep(120);
      await rejection(resilience.execute(context(), failing.attempt)); // trial fails
      assert.equal(failing.calls.length, 3);
      assert.equal(resilience.circuitState, 'open');
      await rejection(resilience.execute(context(), failing.attempt));
      assert.equal(failing.calls.length, 3, 'called again while open');
      await sleep(120);
      assert.equal(await resilience.execute(context(), scripted('ok').attempt), 'ok after 1');
      assert.equal(resilience.circuitState, 'closed');
      assert.ok(lines.some((l) => l.msg.includes('circuit breaker closed')));
    });
  });

  describe("the concurrency bound (a slot around each attempt's exchange)", () => {
    /** An attempt whose exchange holds a slot, as the client's request layer does. */
    function slotted(script: ReturnType<typeof scripted>) {
      return async (ctx: AttemptContext) => {
        const release = await ctx.acquireSlot();
        try {
          return await script.attempt(ctx);
        } finally {
          release();
        }
      };
    }

    it('keeps at most maxConcurrency requests in flight; the others wait their turn', async () => {
      const { resilience } = setup({ maxConcurrency: 2 });
      const script = scripted({ delayMs: 40, then: 'ok' });
      const results = await Promise.all(
        Array.from({ length: 6 }, () => resilience.execute(context(), slotted(script))),
      );
      assert.equal(results.length, 6);
      assert.equal(script.calls.length, 6);
      assert.equal(script.maxActive(), 2);
    });

    it('answers "busy" at once when the waiting line is full', async () => {
      const { resilience } = setup({ maxConcurrency: 1, maxQueued: 1, deadlineMs: 300 });
      const script = scripted('hang');
      const running = rejection(resilience.execute(context(), slotted(script)));
      const queued = rejection(resilience.execute(context(), slotted(script)));
      await sleep(10);
      const started = performance.now();
      const refused = await rejection(resilience.execute(context(), slotted(script)));
      assert.ok(performance.now() - started < 50);
      assert.ok(
        refused instanceof PartnerCenterError &&
          refused.kind === 'throttled' &&
          refused.retryAfterSeconds === undefined,
        String(refused),
      );
      await Promise.all([running, queued]);
      assert.equal(resilience.circuitState, 'closed');
    });

    it(
      'a call cancelled while waiting in line is never sent, and does not hold up the calls behind it ' +
        '(cockatiel#114)',
      async () => {
        const { resilience } = setup({ maxConcurrency: 1, deadlineMs: 5000 });
        const first = resilience.execute(context(), slotted(scripted({ delayMs: 80, then: 'ok' })));
        const controller = new AbortController();
        const never = scripted('ok');
        const cancelled = rejection(resilience.execute(context({ signal: controller.signal }), slotted(never)));
        const behind = scripted('ok');
        const last = resilience.execute(context(), slotted(behind));
        await sleep(10);
        controller.abort();
        await first;
        await cancelled;
        const started = performance.now();
        assert.equal(await last, 'ok after 1');
        assert.ok(performance.now() - started < 200, 'the call behind the cancelled one waited for its deadline');
        assert.equal(never.calls.length, 0, 'the cancelled call was sent anyway');
      },
    );
  });
});

describe('PartnerCenterClient under the resilience policy over HTTP (real client, fake Partner Center)', () => {
  let pc: FakePartnerCenter;
  let lines: LogLine[];

  beforeEach(async () => {
    pc = await FakePartnerCenter.start();
  });
  afterEach(async () => {
    sinon.restore();
    await pc.close();
  });

  function source(options: Partial<ResilienceOptions> = {}, timeoutMs = 2000): PartnerCenterClient {
    const made = setup(options);
    lines = made.lines;
    return new PartnerCenterClient({
      baseUrl: pc.url,
      tokenProvider: { getToken: async () => TOKEN },
      timeoutMs,
      policy: made.resilience,
    });
  }

  it('a lookup waiting for its token does not hold a slot: only requests to Partner Center do', async () => {
    pc.replyAlways({ json: [] });
    const made = setup({ maxConcurrency: 1 });
    let issue: (token: string) => void = () => undefined;
    const token = new Promise<string>((resolve) => (issue = resolve));
    const s = new PartnerCenterClient({
      baseUrl: pc.url,
      tokenProvider: { getToken: () => token },
      policy: made.resilience,
    });
    const lookups = [s.getQualifications(CUSTOMER, context()), s.getQualifications(CUSTOMER, context())];
    await sleep(20);
    let timer: NodeJS.Timeout | undefined;
    const held = new Promise<string>((resolve) => (timer = setTimeout(() => resolve('held'), 300)));
    const probe = await Promise.race([made.resilience.executeBestEffort(context(), async () => 'free'), held]);
    clearTimeout(timer);
    assert.equal(probe, 'free', 'the only slot is held by a lookup that is waiting for its token');
    issue(TOKEN);
    await Promise.all(lookups);
    assert.equal(pc.requests.length, 2);
  });

  it(
    'sends the same MS-RequestId and MS-CorrelationId on every retry of one lookup, and a new one for the ' +
      'next lookup',
    async () => {
      pc.reply(
        { status: 503 },
        { status: 500, json: { code: 0, description: 'x' } },
        { json: [{ qualification: 'Education' }] },
        { json: [] },
      );
      const s = source();
      const ctx = context();
      const lookup = await s.getQualifications(CUSTOMER, ctx);
      assert.deepEqual(lookup.qualifications, [{ name: 'Education', known: 'Education' }]);
      assert.equal(pc.requests.length, 3);
      const ids = pc.requests.map((r) => r.headers['ms-requestid']);
      assert.equal(new Set(ids).size, 1);
      assert.equal(lookup.requestId, ids[0]);
      assert.deepEqual(
        pc.requests.map((r) => r.headers['ms-correlationid']),
        [ctx.correlationId, ctx.correlationId, ctx.correlationId],
      );
      pc.requests.forEach((r) => assert.equal(r.url, `/v1/customers/${CUSTOMER}/qualifications`));

      await s.getQualifications(CUSTOMER, context());
      assert.notEqual(pc.requests[3]?.headers['ms-requestid'], ids[0]);
      assert.ok(!JSON.stringify(lines).includes(TOKEN), 'the token reached a log line');
      assert.ok(lines.some((l) => l.msg === 'Partner Center call failed; retrying' && l.httpStatus === 503));
    },
  );

  it('honours an HTTP-date Retry-After within the cap', async () => {
    pc.reply({ status: 429, headers: { 'Retry-After': new Date(Date.now() + 1000).toUTCString() } }, { json: [] });
    const lookup = await source({ retryAfterSecondMs: 20 }).getQualifications(CUSTOMER, context());
    assert.deepEqual(lookup.qualifications, []);
    assert.equal(pc.requests.length, 2);
  });

  it('answers an HTTP-date Retry-After beyond the cap at once, with the seconds until then', async () => {
    pc.reply({ status: 429, headers: { 'Retry-After': new Date(Date.now() + 90_000).toUTCString() } }, { json: [] });
    const error = await rejection(source().getQualifications(CUSTOMER, context()));
    assert.ok(error instanceof PartnerCenterError && error.kind === 'throttled', String(error));
    assert.ok(
      (error.retryAfterSeconds ?? 0) >= 88 && (error.retryAfterSeconds ?? 0) <= 90,
      `retryAfterSeconds ${error.retryAfterSeconds}`,
    );
    assert.equal(pc.requests.length, 1);
  });

  it('the deadline cancels the fetch in flight: the connection is dropped, and no timer is left', async () => {
    pc.reply({ hang: true });
    const timers = await watchTimers();
    const started = performance.now();
    const error = await rejection(source({ deadlineMs: 250 }, 10_000).getQualifications(CUSTOMER, context()));
    assert.ok(error instanceof PartnerCenterError && error.kind === 'timeout', String(error));
    assert.ok(performance.now() - started < 800);
    const deadline = Date.now() + 2000;
    while (pc.requests[0]?.outcome === 'pending' && Date.now() < deadline)
      await new Promise((resolve) => setImmediate(resolve));
    assert.equal(pc.requests[0]?.outcome, 'aborted', 'the request to Partner Center is still open');
    assert.equal(await timers.pendingAfterTick(), 0, "the client's 10 s per-request timer is still running");
  });

  it('the deadline also covers a token that never comes (Entra ID hanging)', async () => {
    const made = setup({ deadlineMs: 200 });
    const client = new PartnerCenterClient({
      baseUrl: pc.url,
      tokenProvider: { getToken: () => new Promise<string>(() => undefined) },
      policy: made.resilience,
    });
    const started = performance.now();
    const error = await rejection(client.getQualifications(CUSTOMER, context()));
    assert.ok(error instanceof PartnerCenterError && error.kind === 'timeout', String(error));
    assert.ok(performance.now() - started < 600);
    assert.equal(pc.requests.length, 0);
  });

  it('a 200 with an HTML page is not retried', async () => {
    pc.replyAlways({ body: '<html><body>Gateway</body></html>', headers: { 'Content-Type': 'text/html' } });
    const error = await rejection(source().getQualifications(CUSTOMER, context()));
    assert.ok(error instanceof PartnerCenterError && error.kind === 'malformedResponse', String(error));
    assert.equal(pc.requests.length, 1);
  });
});
