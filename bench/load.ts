import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { teamsMessage } from '../test/helpers/activities';
import { CONNECTIONS } from './settings';

/**
 * Drives bench/loadWorker.js (closed loop, keep-alive, in a worker thread). A message's body is
 * a template: every request gets its own activity id, and may get its own customer (the
 * CUSTOMER_SUFFIX placeholder becomes 12 hex digits of the request number).
 */

export interface LoadResult {
  requests: number;
  errors: number;
  errorSamples: Record<string, number>;
  elapsedMs: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
  /** Requests started (a request number is never used twice in one bench run). */
  sent: number;
}

/** Put in a message's text where each request should name a different customer. */
export const CUSTOMER_SUFFIX = '__BENCH_CUSTOMER_SUFFIX__';
const ID = '__BENCH_ID__';

export type LoadRequest =
  { readonly kind: 'get' } | { readonly kind: 'activity'; readonly text: string; readonly serviceUrl: string };

/** What the worker fills in between the parts: the request number, or it as 12 hex digits. */
type Fill = 'n' | 'hex12';

interface BodyTemplate {
  readonly parts: string[];
  readonly fills: Fill[];
}

function bodyTemplate(text: string, serviceUrl: string): BodyTemplate {
  const activity = teamsMessage(text, { serviceUrl });
  activity.id = `bench-${ID}`;
  const pieces = JSON.stringify(activity).split(new RegExp(`(${ID}|${CUSTOMER_SUFFIX})`));
  return {
    parts: pieces.filter((_, i) => i % 2 === 0),
    fills: pieces.filter((_, i) => i % 2 === 1).map((piece) => (piece === ID ? 'n' : 'hex12')),
  };
}

let nextRequestNumber = 0;

export async function load(
  port: number,
  request: LoadRequest,
  maxRequests: number,
  durationMs: number,
): Promise<LoadResult> {
  const body = request.kind === 'activity' ? bodyTemplate(request.text, request.serviceUrl) : undefined;
  const result = await new Promise<LoadResult>((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'loadWorker.js'), {
      workerData: {
        port,
        method: request.kind === 'get' ? 'GET' : 'POST',
        path: request.kind === 'get' ? '/ping' : '/api/messages',
        body,
        firstNumber: nextRequestNumber,
        connections: CONNECTIONS,
        maxRequests,
        durationMs,
      },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  nextRequestNumber += result.sent;
  return result;
}
