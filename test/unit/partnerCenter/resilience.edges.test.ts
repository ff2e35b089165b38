import assert from 'node:assert/strict';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import { context, pcError, rejection, scripted, setup, sleep, type LogLine } from '../../helpers/resilienceScript';
import { watchTimers } from '../../helpers/timers';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function linesAbout(lines: readonly LogLine[], text: string): LogLine[] {
  return lines.filter((line) => line.msg.includes(text));
}

/** Opens the breaker of `resilience`: more than half of at least 4 attempts failing. */
async function openBreaker(resilience: ReturnType<typeof setup>['resilience']): Promise<void> {
  const failing = scripted(pcError('unavailable', { httpStatus: 503 }));
  for (let i = 0; i < 4 && resilience.circuitState === 'closed'; i++) {
    await rejection(resilience.execute(context(), failing.attempt));
  }
  assert.equal(resilience.circuitState, 'open');
}

const SMALL_BREAKER = { breakerMinimumThroughput: 4, maxAttempts: 1 } as const;

describe('PartnerCenterResilience: edges', () => {
  describe('the command deadline (CallContext.deadlineAt)', () => {
    it('cuts a call short at the command deadline, long before its own', async () => {
      const { resilience } = setup({ deadlineMs: 5000 });
      const started = performance.now();
      const error = await rejection(
        resilience.execute(context({ deadlineAt: performance.now() + 60 }), scripted('hang').attempt),
      );
      assert.ok(error instanceof PartnerCenterError && error.kind === 'timeout', String(error));
      assert.ok(performance.now() - started < 1000, 'ended at the command deadline');
    });

    it('a command deadline later than the call’s own changes nothing; one still ahead lets the call run', async () => {
      const { resilience } = setup({ deadlineMs: 80 });
      const started = performance.now();
      await rejection(
        resilience.execute(context({ deadlineAt: performance.now() + 10_000 }), scripted('hang').attempt),
      );
      assert.ok(performance.now() - started < 1000, 'its own deadline still applies');
      const ok = scripted({ delayMs: 20, then: 'ok' });
      assert.equal(
        await resilience.execute(context({ deadlineAt: performance.now() + 500 }), ok.attempt),
        'ok after 1',
      );
    });

    it('a command already past its deadline makes no attempt at all (lookup and best effort)', async () => {
      const { resilience } = setup();
      const script = scripted('ok');
      const past = context({ deadlineAt: performance.now() - 1 });
      const error = await rejection(resilience.execute(past, script.attempt));
      assert.ok(error instanceof PartnerCenterError && error.kind === 'timeout', String(error));
      const bestEffort = await rejection(resilience.executeBestEffort(past, script.attempt));
      assert.ok(bestEffort instanceof PartnerCenterError && bestEffort.kind === 'timeout', String(bestEffort));
      assert.equal(script.calls.length, 0);
    });
  });

  describe('request ids', () => {
    it('keeps a caller’s GUID, and replaces anything else with a new GUID', async () => {
      const { resilience } = setup();
      const chosen = '6f1b9a52-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
      for (const [given, kept] of [
        [chosen, true],
        ['not-a-guid', false],
        [`x${chosen}`, false],
        [undefined, false],
      ] as const) {
        const script = scripted('ok');
        await resilience.execute(context({ requestId: given }), script.attempt);
        const sent = script.calls[0]?.context.requestId;
        assert.match(sent ?? '', GUID, `for ${String(given)}`);
        assert.equal(sent === given, kept, `for ${String(given)}`);
      }
    });
  });

  describe('what the caller is told, and the log lines', () => {
    it('after retries that all failed: one line with the attempts, the request id and the last status', async () => {
      const { resilience, lines } = setup();
      const ctx = context();
      await rejection(resilience.execute(ctx, scripted(pcError('unavailable', { httpStatus: 503 })).attempt));
      const [line, ...more] = linesAbout(lines, 'failed after retries');
      assert.equal(more.length, 0);
      assert.equal(line?.attempts, 3);
      assert.equal(line?.correlationId, ctx.correlationId);
      assert.match(String(line?.requestId), GUID);
      assert.equal(line?.httpStatus, 503);
      assert.equal(line?.outcome, 'unavailable');
    });

    it('no "after retries" line after one attempt; a non-Partner Center failure is named by its type', async () => {
      const { resilience, lines } = setup();
      await rejection(resilience.execute(context(), scripted(pcError('notFound', { httpStatus: 404 })).attempt));
      assert.equal(linesAbout(lines, 'failed after retries').length, 0);
      await rejection(
        resilience.execute(
          context(),
          scripted(pcError('unavailable', { httpStatus: 502 }), new TypeError('x')).attempt,
        ),
      );
      const [line] = linesAbout(lines, 'failed after retries');
      assert.equal(line?.attempts, 2);
      assert.equal(line?.outcome, 'TypeError');
    });

    it('a call the caller cancels is "cancelled" (not a timeout), with its ids, no deadline line', async () => {
      const { resilience, lines } = setup();
      const caller = new AbortController();
      const ctx = context({ signal: caller.signal });
      const pending = rejection(resilience.execute(ctx, scripted('hang').attempt));
      await sleep(10);
      caller.abort();
      const error = await pending;
      assert.ok(error instanceof PartnerCenterError && error.kind === 'unavailable', String(error));
      assert.match(error.message, /cancelled/);
      assert.equal(error.correlationId, ctx.correlationId);
      assert.match(error.requestId ?? '', GUID);
      assert.equal(linesAbout(lines, 'deadline').length, 0);
    });

    it('"busy" when the waiting line is full: a clear error and one warn line with the correlation id', async () => {
      const { resilience, lines } = setup({ maxConcurrency: 1, maxQueued: 0, deadlineMs: 300 });
      const holding = async (ctx: Parameters<ReturnType<typeof scripted>['attempt']>[0]) => {
        const release = await ctx.acquireSlot();
        try {
          return await scripted('hang').attempt(ctx);
        } finally {
          release();
        }
      };
      const running = rejection(resilience.execute(context(), holding));
      await sleep(10);
      const ctx = context();
      const refused = await rejection(resilience.execute(ctx, holding));
      assert.ok(refused instanceof PartnerCenterError && refused.kind === 'throttled', String(refused));
      assert.match(refused.message, /Too many Partner Center calls are waiting/);
      assert.equal(refused.correlationId, ctx.correlationId);
      const [line] = linesAbout(lines, 'too many Partner Center calls waiting');
      assert.equal(line?.level, 'warn');
      assert.equal(line?.correlationId, ctx.correlationId);
      await running;
    });
  });

  describe('the circuit breaker', () => {
    it('while open: "paused" with the correlation id, for lookups and best-effort calls alike', async () => {
      const { resilience } = setup(SMALL_BREAKER);
      await openBreaker(resilience);
      const ctx = context();
      for (const call of [
        resilience.execute(ctx, scripted('ok').attempt),
        resilience.executeBestEffort(ctx, scripted('ok').attempt),
      ]) {
        const error = await rejection(call);
        assert.ok(error instanceof PartnerCenterError && error.kind === 'unavailable', String(error));
        assert.match(error.message, /paused/);
        assert.equal(error.correlationId, ctx.correlationId);
      }
    });

    it('logs opening (warn, with the pause and the failure), the trial call (halfOpen) and closing', async () => {
      const { resilience, lines } = setup(SMALL_BREAKER);
      await openBreaker(resilience);
      const [opened] = linesAbout(lines, 'circuit breaker opened');
      assert.equal(opened?.level, 'warn');
      assert.equal(opened?.circuit, 'open');
      assert.equal(opened?.pauseMs, 150);
      assert.equal(opened?.httpStatus, 503);
      assert.equal(opened?.outcome, 'unavailable');
      await sleep(170);
      const trial = resilience.execute(context(), scripted({ delayMs: 40, then: 'ok' }).attempt);
      await sleep(10);
      assert.equal(resilience.circuitState, 'halfOpen', 'during the trial call');
      const [halfOpen] = linesAbout(lines, 'half-open');
      assert.equal(halfOpen?.level, 'info');
      assert.equal(halfOpen?.circuit, 'halfOpen');
      await trial;
      const [closed] = linesAbout(lines, 'circuit breaker closed');
      assert.equal(closed?.level, 'info');
      assert.equal(closed?.circuit, 'closed');
    });

    it('a failure that is no answer (no HTTP status, no trouble) is counted neither way', async () => {
      // 5 failures and 4 such errors: counted as successes they would make 9 calls, 5/9 failing,
      // enough to open it; not counted, 5 calls stay under the minimum of 6.
      const { resilience } = setup({ breakerMinimumThroughput: 6, maxAttempts: 1 });
      const failing = scripted(pcError('unavailable', { httpStatus: 503 }));
      const noAnswer = scripted(pcError('malformedResponse'));
      for (let i = 0; i < 4; i++) await rejection(resilience.execute(context(), noAnswer.attempt));
      for (let i = 0; i < 5; i++) await rejection(resilience.execute(context(), failing.attempt));
      assert.equal(resilience.circuitState, 'closed');
    });
  });

  it('a best-effort call leaves no timer behind, whether it succeeds or fails', async () => {
    const { resilience } = setup();
    const timers = await watchTimers();
    await resilience.executeBestEffort(context(), scripted('ok').attempt);
    await rejection(
      resilience.executeBestEffort(context(), scripted(pcError('notFound', { httpStatus: 404 })).attempt),
    );
    assert.equal(await timers.pendingAfterTick(), 0);
  });
});
