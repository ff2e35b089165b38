import { randomUUID } from 'node:crypto';
import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import type { PartnerCenterEndpoint } from './errors';
import { errorFromResponse, errorWithoutResponse } from './httpErrors';
import type { AttemptContext } from './resilience';
import { UNBOUNDED_SLOTS } from './slots';
import { HttpTransport, TransportError, type HttpAnswer } from './transport';
import type { CallContext } from './types';

/**
 * One Partner Center request as the client makes it, under the call policy (retries, breaker,
 * bulkhead, deadline: resilience.ts): each attempt gets the caller's token (holding no slot while it
 * waits), then makes the HTTP exchange in a slot, then checks the answer: a 200 with a JSON body, or
 * a typed PartnerCenterError. Redirects are never followed (the token must not go elsewhere).
 */
export interface CallPolicy {
  /** A request worth retrying: every attempt gets the same MS-RequestId and the deadline's signal. */
  execute<T>(context: CallContext, attempt: (context: AttemptContext) => Promise<T>): Promise<T>;
  /** A request whose failure costs the user nothing (a company name): one attempt, outside the breaker. */
  executeBestEffort<T>(context: CallContext, attempt: (context: AttemptContext) => Promise<T>): Promise<T>;
}

export interface RequestOptions {
  /** e.g. https://api.partnercenter.microsoft.com (no trailing slash). */
  readonly baseUrl: string;
  /** Whose token to send when the call context names no one (app-only or demo). */
  readonly tokenProvider: PartnerCenterTokenProvider;
  /** Per-request timeout. */
  readonly timeoutMs: number;
  /** Largest answer read; anything longer is treated as malformed. */
  readonly maxResponseBytes: number;
  /** Default: one attempt, no policy (unit tests of the client). */
  readonly policy?: CallPolicy;
}

export interface JsonAnswer {
  readonly body: unknown;
  readonly requestId: string;
}

/** The ids every error of one request carries. */
export type RequestIds = {
  readonly correlationId: string;
  readonly requestId: string;
  readonly endpoint: PartnerCenterEndpoint;
};

const DEFAULT_LOCALE = 'en-US';
const LOCALE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$/;
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `application/json`, `text/json` or any `…+json` type, with or without parameters. */
const JSON_MEDIA_TYPE = /^(?:application\/json|text\/json|application\/[\w.+-]+\+json)\s*(?:;|$)/i;

/** Without a policy: the one attempt a unit test of the client wants. */
const SINGLE_ATTEMPT: CallPolicy = {
  execute: (context, attempt) => attempt(attemptContext(context)),
  executeBestEffort: (context, attempt) => attempt(attemptContext(context)),
};

function attemptContext(context: CallContext): AttemptContext {
  const requestId =
    context.requestId !== undefined && REQUEST_ID.test(context.requestId) ? context.requestId : randomUUID();
  return {
    ...context,
    requestId,
    signal: context.signal ?? new AbortController().signal,
    acquireSlot: UNBOUNDED_SLOTS.acquire,
  };
}

export class PartnerCenterRequests {
  private readonly transport: HttpTransport;
  private readonly policy: CallPolicy;

  constructor(private readonly options: RequestOptions) {
    this.transport = new HttpTransport(options.baseUrl);
    this.policy = options.policy ?? SINGLE_ATTEMPT;
  }

  /** GET `path` (under the base URL); the parsed JSON of a 200 answer. */
  async getJson(
    endpoint: PartnerCenterEndpoint,
    path: string,
    context: CallContext,
    extra: { readonly headers?: Readonly<Record<string, string>>; readonly bestEffort?: boolean } = {},
  ): Promise<JsonAnswer> {
    const tokens = context.tokenProvider ?? this.options.tokenProvider;
    /** One attempt: the token first (holding no slot while it waits), then the exchange in a slot. */
    const send = async (attempt: AttemptContext): Promise<JsonAnswer> => {
      const ids: RequestIds = { correlationId: attempt.correlationId, requestId: attempt.requestId, endpoint };
      const token = await tokens.getToken();
      const release = await attempt.acquireSlot();
      let answer: HttpAnswer;
      try {
        answer = await this.transport.get(path, {
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            'MS-RequestId': ids.requestId,
            'MS-CorrelationId': ids.correlationId,
            'X-Locale': attempt.locale && LOCALE.test(attempt.locale) ? attempt.locale : DEFAULT_LOCALE,
            ...extra.headers,
          },
          timeoutMs: this.options.timeoutMs,
          maxBytes: this.options.maxResponseBytes,
          signal: attempt.signal,
        });
      } catch (error) {
        throw transportFailure(error, ids);
      } finally {
        release();
      }
      return { body: readJson(answer, ids), requestId: attempt.requestId };
    };
    return extra.bestEffort ? this.policy.executeBestEffort(context, send) : this.policy.execute(context, send);
  }

  /** Closes the idle keep-alive connections (at shutdown). */
  close(): void {
    this.transport.close();
  }
}

/** What a request that got no usable answer amounts to (per-request timeout, network, too large). */
function transportFailure(error: unknown, ids: RequestIds): unknown {
  if (!(error instanceof TransportError)) return error;
  if (error.failure === 'tooLarge')
    return errorWithoutResponse('malformedResponse', { ...ids, httpStatus: 200 }, error);
  return errorWithoutResponse(error.failure, ids, error);
}

/**
 * The parsed body of a 200 answer, or the PartnerCenterError the answer amounts to. A gateway or
 * sign-in page can come with 200: only a JSON answer (or one that does not say what it is) is read
 * as JSON, even if an HTML page's text happens to parse.
 */
function readJson(answer: HttpAnswer, ids: RequestIds): unknown {
  if (answer.status !== 200) {
    if (answer.status >= 300 && answer.status < 400) {
      throw errorWithoutResponse('unavailable', ids, new Error(`HTTP ${answer.status} redirect not followed`));
    }
    throw errorFromResponse(answer.status, answer.text, answer.header('retry-after'), {
      ...ids,
      contentType: answer.header('content-type'),
    });
  }
  const contentType = answer.header('content-type');
  if (contentType !== null && !JSON_MEDIA_TYPE.test(contentType.trim())) {
    throw errorWithoutResponse(
      'malformedResponse',
      { ...ids, httpStatus: 200 },
      new TypeError(`Content-Type ${contentType.slice(0, 100)} is not JSON`),
    );
  }
  try {
    return JSON.parse(answer.text) as unknown;
  } catch (error) {
    throw errorWithoutResponse('malformedResponse', { ...ids, httpStatus: 200 }, error);
  }
}
