import { randomUUID } from 'node:crypto';
import {
  type CircuitBreakerPolicy,
  CircuitState,
  ExponentialBackoff,
  type IBackoff,
  type IBackoffFactory,
  isBrokenCircuitError,
} from 'cockatiel';
import { DEFAULTS } from '../config/defaults';
import type { Logger } from '../shared/logger';
import { CallDeadline, CancelledAttemptError } from './callDeadline';
import {
  circuitStateName,
  describeFailure,
  isPartnerCenterAnswer,
  isPartnerCenterTrouble,
  partnerCenterBreaker,
} from './circuitBreaker';
import { GUID_PATTERN } from './customerId';
import { PartnerCenterError, isPartnerCenterError } from './errors';
import { Slots, SlotsFullError, type ReleaseSlot } from './slots';
import type { CallContext } from './types';

/**
 * What happens around each Partner Center request. The client's request layer (requests.ts) runs
 * each attempt (its token, then its HTTP exchange in a slot) through `execute`:
 *
 *   deadline (callDeadline.ts) → attempts in a loop (same MS-RequestId) → circuit breaker
 *   (cockatiel) → the attempt: token, then a slot (slots.ts) → one HTTP exchange
 *
 * - Deadline: the user gets an answer within `deadlineMs` whatever Partner Center does, and never
 *   after the command's own deadline (`CallContext.deadlineAt`, set by the lookup use cases for
 *   the whole command). When it passes, the request in flight is cancelled (its AbortSignal) and
 *   the caller gets `timeout`.
 * - Retry: at most `maxAttempts` attempts (3, as the Partner Center SDK) on 5xx, 408, network
 *   errors and timeouts, after an exponential back-off with jitter; on 429 only when Retry-After is
 *   at most `retryAfterCapSeconds`, after exactly that wait. Never on 400/401/403/404/409, an
 *   unreadable answer or a sign-in failure. A retry is made only if the wait plus `minAttemptMs`
 *   still fits before the deadline; otherwise the caller gets the last error at once (for a 429:
 *   "try again in N seconds").
 * - Circuit breaker (one per process, circuitBreaker.ts): counts each attempt; open, calls fail
 *   at once with `unavailable` and no request is sent.
 * - Slots (one set per process): at most `maxConcurrency` requests in flight to Partner Center; up
 *   to `maxQueued` more wait for a slot (inside their deadline); beyond that a call fails at once
 *   with `throttled`. Only the exchange holds a slot, never the wait for a token.
 */
export interface ResilienceOptions {
  /** Overall time for one call, every attempt, wait and queue included. */
  readonly deadlineMs: number;
  readonly maxConcurrency: number;
  /** 429s are waited out and retried only when Retry-After ≤ this; 0 = never. */
  readonly retryAfterCapSeconds: number;
  readonly logger: Logger;
  /** Attempts per request, the first included. Default 3. */
  readonly maxAttempts?: number;
  /** Calls that may wait for a free slot. Default 1000. */
  readonly maxQueued?: number;
  /** Exponential back-off (decorrelated jitter): first delay about this long… Default 250 ms. */
  readonly initialBackoffMs?: number;
  /** …and never longer than this. Default 2000 ms. */
  readonly maxBackoffMs?: number;
  /** No new attempt is started with less than this left before the deadline. Default 500 ms. */
  readonly minAttemptMs?: number;
  /** Share of the attempts in the window (0-1, exclusive) that must fail to open the circuit. Default 0.5. */
  readonly breakerFailureRatio?: number;
  /** The window the ratio is measured over. Default 30 s. */
  readonly breakerSamplingMs?: number;
  /** Fewer attempts than this in the window never open the circuit. Default 100. */
  readonly breakerMinimumThroughput?: number;
  /** How long the circuit stays open before one trial call. Default 5 s. */
  readonly breakerHalfOpenAfterMs?: number;
  /** Milliseconds per Retry-After second. Default 1000; tests shorten it. */
  readonly retryAfterSecondMs?: number;
}

/**
 * What each attempt receives: the caller's context plus the request id and signal of this request,
 * and `acquireSlot`, which answers once one of the `maxConcurrency` slots is free (the attempt
 * holds it for its HTTP exchange only, so a request waiting for its token holds none).
 */
export type AttemptContext = CallContext & {
  readonly requestId: string;
  readonly signal: AbortSignal;
  acquireSlot(): Promise<ReleaseSlot>;
};

/** What one attempt came to, as the circuit breaker counts it. */
type Outcome<T> = { readonly value: T } | { readonly answer: PartnerCenterError };

export class PartnerCenterResilience {
  private readonly deadlineMs: number;
  private readonly maxAttempts: number;
  private readonly retryAfterCapSeconds: number;
  private readonly retryAfterSecondMs: number;
  private readonly minAttemptMs: number;
  private readonly logger: Logger;
  private readonly backoff: IBackoffFactory<unknown>;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly slots: Slots;

  constructor(options: ResilienceOptions) {
    this.deadlineMs = options.deadlineMs;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 3);
    this.retryAfterCapSeconds = options.retryAfterCapSeconds;
    this.retryAfterSecondMs = options.retryAfterSecondMs ?? 1000;
    this.minAttemptMs = options.minAttemptMs ?? 500;
    this.logger = options.logger;
    this.backoff = new ExponentialBackoff({
      initialDelay: options.initialBackoffMs ?? 250,
      maxDelay: options.maxBackoffMs ?? 2000,
    });

    this.breaker = partnerCenterBreaker({
      failureRatio: options.breakerFailureRatio ?? DEFAULTS.breaker.failureRatio,
      samplingMs: options.breakerSamplingMs ?? DEFAULTS.breaker.samplingMs,
      minimumThroughput: options.breakerMinimumThroughput ?? DEFAULTS.breaker.minimumThroughput,
      halfOpenAfterMs: options.breakerHalfOpenAfterMs ?? DEFAULTS.breaker.halfOpenAfterMs,
      logger: this.logger,
    });

    this.slots = new Slots(Math.max(1, options.maxConcurrency), options.maxQueued ?? 1000);
  }

  /** closed, open, halfOpen (or isolated): for logs and tests. */
  get circuitState(): string {
    return circuitStateName(this.breaker.state);
  }

  /**
   * Runs one logical request: `attempt` is called once per attempt, each time with the same
   * MS-RequestId (the context's, or a new one) and a signal that aborts at the deadline.
   * Rejects with a PartnerCenterError (or whatever else `attempt` threw and was not retried).
   *
   * The retries are a loop here rather than a cockatiel retry policy: whether to try again
   * depends on this call's own deadline and on Retry-After, which a policy shared by every call
   * cannot see, and a policy per call costs more than the loop.
   */
  async execute<T>(context: CallContext, attempt: (context: AttemptContext) => Promise<T>): Promise<T> {
    const deadline = new CallDeadline(this.budgetMs(context), context.signal);
    const attemptContext = this.attemptContext(context, deadline.signal);
    let attempts = 0;
    let backoff: IBackoff<unknown> | undefined;
    try {
      for (;;) {
        attempts++;
        try {
          const outcome = await deadline.race(
            this.breaker.execute(async (): Promise<Outcome<T>> => {
              if (deadline.signal.aborted) throw new CancelledAttemptError();
              try {
                return { value: await attempt(attemptContext) };
              } catch (error) {
                // Cut short by the deadline or the caller: not a Partner Center failure, so not counted.
                if (deadline.signal.aborted) throw new CancelledAttemptError(error);
                // Partner Center answered (404, 403, 429, …): it is up, so this counts as a success.
                if (isPartnerCenterAnswer(error)) return { answer: error };
                throw error;
              }
            }),
          );
          if ('answer' in outcome) throw outcome.answer;
          return outcome.value;
        } catch (error) {
          const next = this.retryDelay(error, attempts, deadline, backoff);
          if (next === undefined) throw error;
          backoff = next.backoff;
          this.logger.warn(
            {
              correlationId: attemptContext.correlationId,
              requestId: attemptContext.requestId,
              attempt: attempts,
              nextAttempt: attempts + 1,
              delayMs: Math.round(next.delayMs),
              ...describeFailure(error),
            },
            'Partner Center call failed; retrying',
          );
          await deadline.pause(next.delayMs);
        }
      }
    } catch (error) {
      throw this.explain(error, attemptContext, deadline, attempts);
    } finally {
      deadline.end();
    }
  }

  /**
   * A call whose failure costs the user nothing (the company name beside a lookup): one attempt
   * within the deadline, no retry, and outside the circuit breaker, so it neither counts towards
   * opening it nor takes the one trial call of a half-open breaker (that belongs to the lookup).
   * While the breaker is not closed it fails at once, without a request. The slots still apply.
   */
  async executeBestEffort<T>(context: CallContext, attempt: (context: AttemptContext) => Promise<T>): Promise<T> {
    if (this.breaker.state !== CircuitState.Closed) {
      throw new PartnerCenterError('unavailable', 'Partner Center calls are paused (circuit breaker not closed)', {
        correlationId: context.correlationId,
      });
    }
    const deadline = new CallDeadline(this.budgetMs(context), context.signal);
    const attemptContext = this.attemptContext(context, deadline.signal);
    try {
      if (deadline.signal.aborted) throw new CancelledAttemptError();
      return await deadline.race(attempt(attemptContext));
    } catch (error) {
      throw this.explain(error, attemptContext, deadline, 1);
    } finally {
      deadline.end();
    }
  }

  /** Milliseconds left for a call that starts now: its own deadline, or the command's when that comes first. */
  private budgetMs(context: CallContext): number {
    const own = this.deadlineMs;
    if (context.deadlineAt === undefined) return own;
    return Math.max(0, Math.min(own, context.deadlineAt - performance.now()));
  }

  /** The same for every attempt of one call: the MS-RequestId (retries of one request share it) and the signal. */
  private attemptContext(context: CallContext, signal: AbortSignal): AttemptContext {
    const { requestId } = context;
    return {
      ...context,
      requestId: requestId !== undefined && GUID_PATTERN.test(requestId) ? requestId : randomUUID(),
      signal,
      acquireSlot: () => this.slots.acquire(signal),
    };
  }

  /**
   * How long to wait before the next attempt, or undefined when there is none: at most
   * `maxAttempts`; a 429 only when its Retry-After is within the cap (exactly that wait);
   * Partner Center trouble after the exponential back-off; and only when the wait plus
   * `minAttemptMs` still fits before the deadline. Nothing else is retried.
   */
  private retryDelay(
    error: unknown,
    attempts: number,
    deadline: CallDeadline,
    backoff: IBackoff<unknown> | undefined,
  ): { readonly delayMs: number; readonly backoff: IBackoff<unknown> | undefined } | undefined {
    if (attempts >= this.maxAttempts || !isPartnerCenterError(error)) return undefined;
    let next: { readonly delayMs: number; readonly backoff: IBackoff<unknown> | undefined };
    if (error.kind === 'throttled') {
      const seconds = error.retryAfterSeconds;
      if (seconds === undefined || seconds > this.retryAfterCapSeconds) return undefined;
      next = { delayMs: seconds * this.retryAfterSecondMs, backoff };
    } else if (isPartnerCenterTrouble(error)) {
      const step = backoff ? backoff.next(undefined) : this.backoff.next(undefined);
      next = { delayMs: step.duration, backoff: step };
    } else {
      return undefined;
    }
    // Waiting past the deadline helps no one: answer now with what Partner Center said.
    return performance.now() + next.delayMs + this.minAttemptMs > deadline.deadlineAt ? undefined : next;
  }

  /** The error the caller sees, with the log line that says why. */
  private explain(error: unknown, ids: AttemptContext, deadline: CallDeadline, attempts: number): unknown {
    // These two never reached Partner Center on their last attempt: no request id to quote.
    const { correlationId, requestId } = ids;
    if (isBrokenCircuitError(error)) {
      this.logger.warn(
        { correlationId, attempts, circuit: this.circuitState },
        'Partner Center circuit breaker is open: answering "unavailable" without calling Partner Center',
      );
      return new PartnerCenterError('unavailable', 'Partner Center calls are paused (circuit breaker open)', {
        correlationId,
        cause: error,
      });
    }
    if (error instanceof SlotsFullError) {
      this.logger.warn({ correlationId, attempts }, 'too many Partner Center calls waiting: answering "busy"');
      return new PartnerCenterError('throttled', 'Too many Partner Center calls are waiting', {
        correlationId,
        cause: error,
      });
    }
    if (error instanceof CancelledAttemptError || deadline.signal.aborted) {
      if (deadline.cancelledByCaller) {
        return new PartnerCenterError('unavailable', 'The Partner Center call was cancelled', {
          correlationId,
          requestId,
          cause: error,
        });
      }
      const deadlineMs = Math.round(deadline.budgetMs);
      this.logger.warn(
        { correlationId, requestId, attempts, deadlineMs },
        'Partner Center did not answer before the deadline; call cancelled',
      );
      return new PartnerCenterError('timeout', `Partner Center did not answer within ${deadlineMs} ms`, {
        correlationId,
        requestId,
        cause: error,
      });
    }
    if (attempts > 1) {
      this.logger.warn(
        { correlationId, requestId, attempts, ...describeFailure(error) },
        'Partner Center call failed after retries',
      );
    }
    return error;
  }
}
