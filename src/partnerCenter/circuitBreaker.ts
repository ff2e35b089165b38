import { type CircuitBreakerPolicy, CircuitState, circuitBreaker, handleWhen } from 'cockatiel';
import type { Logger } from '../shared/logger';
import { FailureRatioBreaker } from './failureRatioBreaker';
import { type PartnerCenterError, isPartnerCenterError } from './errors';

/**
 * The process's one circuit breaker around Partner Center attempts (cockatiel's, with the
 * FailureRatioBreaker). It opens when, over the last `samplingMs`, at least `minimumThroughput`
 * attempts were made and more than `failureRatio` of them failed with Partner Center trouble
 * (5xx, 408, timeouts, network; 404, 403, 429 etc. count as answers). Open, calls fail at once
 * with `unavailable` and no request is sent, for `halfOpenAfterMs`; then one trial call decides.
 * A ratio over a window, not failures in a row: one customer that Partner Center cannot answer
 * (asked again and again) must not make every other user's lookups "unavailable" — only Partner
 * Center failing for most calls, under real traffic, does. The defaults follow resilience4j's ratio (50 %) and
 * Polly v8 / Microsoft.Extensions.Http.Resilience's window, minimum throughput and break
 * (30 s, 100 calls, 5 s); their 10 % would let a handful of failing customers open it.
 */
export interface BreakerOptions {
  readonly failureRatio: number;
  readonly samplingMs: number;
  readonly minimumThroughput: number;
  readonly halfOpenAfterMs: number;
  readonly logger: Logger;
}

/** Failures that show Partner Center (or the way to it) in trouble: retried, and counted by the breaker. */
export function isPartnerCenterTrouble(error: unknown): error is PartnerCenterError {
  // kindForStatus maps 5xx to unavailable (504 to timeout) and 408 to timeout; the client maps
  // network errors to unavailable and its per-request timeout to timeout.
  return isPartnerCenterError(error) && (error.kind === 'unavailable' || error.kind === 'timeout');
}

/** Partner Center answered, just not with the data (400, 403, 404, 429, an unreadable 200, …). */
export function isPartnerCenterAnswer(error: unknown): error is PartnerCenterError {
  const trouble = isPartnerCenterTrouble(error);
  return !trouble && isPartnerCenterError(error) && error.httpStatus !== undefined;
}

const CIRCUIT_STATE_NAMES: Readonly<Record<CircuitState, string>> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'halfOpen',
  [CircuitState.Isolated]: 'isolated',
};

/** What a log line says of a failure: its kind, status and Partner Center code, never its text. */
export function describeFailure(error: unknown): Record<string, unknown> {
  return isPartnerCenterError(error)
    ? { outcome: error.kind, httpStatus: error.httpStatus, partnerCenterCode: error.code }
    : { outcome: error instanceof Error ? error.name : typeof error };
}

/** closed, open, halfOpen (or isolated): for logs and tests. */
export function circuitStateName(state: CircuitState): string {
  return CIRCUIT_STATE_NAMES[state];
}

/** The breaker, with a log line when it opens, half-opens and closes. */
export function partnerCenterBreaker(options: BreakerOptions): CircuitBreakerPolicy {
  const { logger } = options;
  const breaker = circuitBreaker(handleWhen(isPartnerCenterTrouble), {
    halfOpenAfter: options.halfOpenAfterMs,
    breaker: new FailureRatioBreaker({
      threshold: options.failureRatio,
      duration: options.samplingMs,
      // cockatiel counts throughput in calls per second over the window.
      minimumRps: options.minimumThroughput / (options.samplingMs / 1000),
    }),
  });
  breaker.onBreak((reason) =>
    logger.warn(
      {
        circuit: 'open',
        pauseMs: options.halfOpenAfterMs,
        ...('error' in reason ? describeFailure(reason.error) : {}),
      },
      'Partner Center circuit breaker opened: no calls to Partner Center until it recovers',
    ),
  );
  breaker.onHalfOpen(() =>
    logger.info({ circuit: 'halfOpen' }, 'Partner Center circuit breaker half-open: one trial call'),
  );
  breaker.onReset(() => logger.info({ circuit: 'closed' }, 'Partner Center circuit breaker closed: calls resume'));
  return breaker;
}
