import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PartnerCenterError, type PartnerCenterErrorKind } from '../../src/partnerCenter/errors';
import {
  PartnerCenterResilience,
  type AttemptContext,
  type ResilienceOptions,
} from '../../src/partnerCenter/resilience';
import type { CallContext } from '../../src/partnerCenter/types';
import { captureLogs } from './logCapture';

/**
 * The resilience policy's test kit: a policy with short timings and its captured log lines, and
 * scripted attempts that fail, hang or succeed in a given order.
 */

/** Short timings: no test waits for real back-off. */
const FAST: Partial<ResilienceOptions> = {
  initialBackoffMs: 1,
  maxBackoffMs: 5,
  minAttemptMs: 20,
  retryAfterSecondMs: 10,
  breakerHalfOpenAfterMs: 150,
};

export type LogLine = Record<string, unknown> & { msg: string; level: string };

export function setup(options: Partial<ResilienceOptions> = {}) {
  const { logger, records } = captureLogs('debug');
  const lines = records as LogLine[];
  const resilience = new PartnerCenterResilience({
    deadlineMs: 3000,
    maxConcurrency: 10,
    retryAfterCapSeconds: 5,
    logger,
    ...FAST,
    ...options,
  });
  return { resilience, lines };
}

export function pcError(
  kind: PartnerCenterErrorKind,
  details: { httpStatus?: number; retryAfterSeconds?: number } = {},
): PartnerCenterError {
  return new PartnerCenterError(kind, `test ${kind}`, { correlationId: 'from-the-client', ...details });
}

export type Step = Error | 'ok' | 'hang' | { readonly delayMs: number; readonly then: Error | 'ok' };

/** An attempt function that plays `steps` in order (the last one repeats) and records each call. */
export function scripted(...steps: Step[]) {
  const calls: Array<{ readonly context: AttemptContext; readonly at: number }> = [];
  let active = 0;
  let maxActive = 0;
  const attempt = async (context: AttemptContext): Promise<string> => {
    const step = steps[Math.min(calls.length, steps.length - 1)];
    calls.push({ context, at: performance.now() });
    active++;
    maxActive = Math.max(maxActive, active);
    try {
      if (step === 'hang') {
        // Like the client: nothing happens until the signal aborts the request.
        await new Promise<void>((resolve) => context.signal.addEventListener('abort', () => resolve(), { once: true }));
        throw pcError('unavailable');
      }
      const outcome = typeof step === 'object' && 'then' in step ? (await sleep(step.delayMs), step.then) : step;
      if (outcome === 'ok') return `ok after ${calls.length}`;
      throw outcome;
    } finally {
      active--;
    }
  };
  return { attempt, calls, maxActive: () => maxActive };
}

export function context(extra: Partial<CallContext> = {}): CallContext {
  return { correlationId: randomUUID(), locale: 'en-US', ...extra };
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('expected the call to fail');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
