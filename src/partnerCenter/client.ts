import { randomUUID } from 'node:crypto';
import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import { isCanonicalCustomerId } from './customerId';
import { PartnerCenterError } from './errors';
import { errorFromResponse, errorWithoutResponse } from './httpErrors';
import { MalformedQualificationError, normaliseQualifications } from './normalise';
import type { CallContext, QualificationApi, QualificationLookup } from './types';

/**
 * The Partner Center REST client: one method per call the bot makes. It knows nothing of Teams
 * or botbuilder. It uses Node's built-in fetch, whose global undici agent keeps connections alive,
 * so repeated lookups reuse one TLS connection to Partner Center.
 */
export interface PartnerCenterClientOptions {
  /** e.g. https://api.partnercenter.microsoft.com (no trailing slash). */
  readonly baseUrl: string;
  readonly tokenProvider: PartnerCenterTokenProvider;
  readonly api?: QualificationApi;
  /** Per-request timeout. */
  readonly timeoutMs?: number;
  /** Largest answer read; anything longer is treated as malformed. */
  readonly maxResponseBytes?: number;
  readonly fetch?: typeof fetch;
  /** Runs each HTTP exchange; the resilience policy's concurrency bound (see resilience.ts). */
  readonly outbound?: OutboundGate;
}

/**
 * Runs one HTTP exchange with Partner Center (request and body), e.g. once a slot is free. Only the
 * exchange is gated, not the wait for a token: a slot is held only while Partner Center is asked.
 */
export type OutboundGate = <T>(exchange: () => Promise<T>, signal?: AbortSignal) => Promise<T>;

const DEFAULT_LOCALE = 'en-US';
const LOCALE = /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,3}$/;
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

class ResponseTooLargeError extends Error {}

/** `application/json`, `text/json` or any `…+json` type, with or without parameters. */
const JSON_MEDIA_TYPE = /^(?:application\/json|text\/json|application\/[\w.+-]+\+json)\s*(?:;|$)/i;

export class PartnerCenterClient {
  private readonly baseUrl: string;
  private readonly tokenProvider: PartnerCenterTokenProvider;
  private readonly api: QualificationApi;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly fetchImpl: typeof fetch;
  private readonly outbound: OutboundGate;

  constructor(options: PartnerCenterClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.tokenProvider = options.tokenProvider;
    this.api = options.api ?? 'qualifications';
    this.timeoutMs = options.timeoutMs ?? 10000;
    this.maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
    this.fetchImpl = options.fetch ?? fetch;
    this.outbound = options.outbound ?? ((exchange) => exchange());
  }

  /** GET /v1/customers/{id}/qualifications (or the legacy /qualification). */
  async getQualifications(customerId: string, context: CallContext): Promise<QualificationLookup> {
    if (!isCanonicalCustomerId(customerId)) {
      // The parser only ever produces canonical ids; refuse anything else before it reaches a URL.
      throw new TypeError('customerId must be a canonical GUID');
    }
    const path = `/v1/customers/${customerId}/${this.api}`;
    const { body, requestId } = await this.getJson(path, context);
    try {
      return {
        customerId,
        qualifications: normaliseQualifications(body),
        fetchedAt: new Date(),
        correlationId: context.correlationId,
        requestId,
        api: this.api,
      };
    } catch (error) {
      if (error instanceof MalformedQualificationError) {
        // getJson only returns the body of a 200 answer; say so, like every other malformedResponse.
        throw errorWithoutResponse('malformedResponse', { correlationId: context.correlationId, requestId, httpStatus: 200 }, error);
      }
      throw error;
    }
  }

  private async getJson(path: string, context: CallContext): Promise<{ body: unknown; requestId: string }> {
    // A retry of the same request reuses its MS-RequestId (see resilience.ts); otherwise a new one.
    const requestId = context.requestId !== undefined && REQUEST_ID.test(context.requestId) ? context.requestId : randomUUID();
    const ids = { correlationId: context.correlationId, requestId };
    const token = await (context.tokenProvider ?? this.tokenProvider).getToken();
    const { response, text } = await this.outbound(() => this.exchange(path, token, context, ids), context.signal);
    if (response.status !== 200) {
      throw errorFromResponse(response.status, text, response.headers.get('retry-after'), ids);
    }
    // A gateway or sign-in page can come with 200: only a JSON answer (or one that does not say
    // what it is) is read as JSON, even if an HTML page's text happens to parse.
    const contentType = response.headers.get('content-type');
    if (contentType !== null && !JSON_MEDIA_TYPE.test(contentType.trim())) {
      throw errorWithoutResponse(
        'malformedResponse',
        { ...ids, httpStatus: response.status },
        new TypeError(`Content-Type ${contentType.slice(0, 100)} is not JSON`),
      );
    }
    try {
      return { body: JSON.parse(text) as unknown, requestId };
    } catch (error) {
      throw errorWithoutResponse('malformedResponse', { ...ids, httpStatus: response.status }, error);
    }
  }

  /** One request and its body (at most maxResponseBytes), within the per-request timeout. */
  private async exchange(
    path: string,
    token: string,
    context: CallContext,
    ids: { correlationId: string; requestId: string },
  ): Promise<{ response: Response; text: string }> {
    // The per-request timeout covers the headers and the body. A timer of our own (not
    // AbortSignal.timeout) so that it is cleared as soon as the exchange ends, however it ends.
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new DOMException(`no answer within ${this.timeoutMs} ms`, 'TimeoutError')),
      this.timeoutMs,
    );
    try {
      const response = await this.send(path, token, context, ids, timeout.signal);
      return { response, text: await this.readText(response, ids) };
    } finally {
      clearTimeout(timer);
    }
  }

  private async send(
    path: string,
    token: string,
    context: CallContext,
    ids: { correlationId: string; requestId: string },
    timeout: AbortSignal,
  ): Promise<Response> {
    const signal = context.signal ? AbortSignal.any([timeout, context.signal]) : timeout;
    try {
      return await this.fetchImpl(`${this.baseUrl}${path}`, {
        method: 'GET',
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          'MS-RequestId': ids.requestId,
          'MS-CorrelationId': ids.correlationId,
          'X-Locale': context.locale && LOCALE.test(context.locale) ? context.locale : DEFAULT_LOCALE,
        },
        signal,
        redirect: 'error',
      });
    } catch (error) {
      throw errorWithoutResponse(timeout.aborted ? 'timeout' : 'unavailable', ids, error);
    }
  }

  /** Reads the body as text, at most maxResponseBytes; a longer 200 answer is malformed. */
  private async readText(response: Response, ids: { correlationId: string; requestId: string }): Promise<string> {
    try {
      const declared = Number(response.headers.get('content-length'));
      if (declared > this.maxResponseBytes) throw new ResponseTooLargeError();
      if (!response.body) return '';
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        size += chunk.byteLength;
        if (size > this.maxResponseBytes) throw new ResponseTooLargeError();
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks).toString('utf8');
    } catch (error) {
      await response.body?.cancel().catch(() => undefined);
      if (error instanceof ResponseTooLargeError) {
        // A huge error page still tells us what happened through its status; a huge 200 is unreadable.
        if (response.status !== 200) return '';
        throw errorWithoutResponse('malformedResponse', { ...ids, httpStatus: response.status }, error);
      }
      if (error instanceof PartnerCenterError) throw error;
      // The connection dropped or the timeout fired while the body was arriving.
      const kind = error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'unavailable';
      throw errorWithoutResponse(kind, ids, error);
    }
  }
}
