import { randomUUID } from 'node:crypto';
import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import { isCanonicalCustomerId } from './customerId';
import { MalformedCustomerError, normaliseCustomer, normaliseCustomerPage, type CustomerPage, type NextPageHint } from './customers';
import { firstLabel, isNormalisedDomain } from './domain';
import { PartnerCenterError, type PartnerCenterEndpoint } from './errors';
import { errorFromResponse, errorWithoutResponse } from './httpErrors';
import { MalformedQualificationError, normaliseQualifications } from './normalise';
import { HttpTransport, TransportError, type HttpAnswer } from './transport';
import type {
  CallContext,
  CustomerDirectory,
  CustomerLookup,
  CustomerProfile,
  CustomerSearchResult,
  QualificationApi,
  QualificationLookup,
  SearchIncompleteReason,
} from './types';

/**
 * The Partner Center REST client: one method per call the bot makes. It knows nothing of Teams
 * or botbuilder. Its HTTP goes through HttpTransport (Node's http/https with a keep-alive agent),
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

/** Customers asked for per page of a domain search (the documented example uses 40). */
export const SEARCH_PAGE_SIZE = 40;
/** Pages of one domain search read at most; beyond that the result says it is incomplete. */
export const MAX_SEARCH_PAGES = 2;
/** "Did you mean" candidates asked for (one page) and returned at most. */
export const MAX_SIMILAR_CUSTOMERS = 10;
/** A links.next.uri we follow: the customer collection on the same host, nothing else. */
const NEXT_PAGE_URI = /^\/(?:v1\/)?customers\?[\x21-\x7e]{0,2000}$/;
/** An MS-ContinuationToken we send back: printable ASCII only (no header injection). */
const CONTINUATION_TOKEN = /^[\x21-\x7e](?:[\x20-\x7e]{0,4094}[\x21-\x7e])?$/;

type RequestIds = { correlationId: string; requestId: string; endpoint: PartnerCenterEndpoint };

/** `application/json`, `text/json` or any `…+json` type, with or without parameters. */
const JSON_MEDIA_TYPE = /^(?:application\/json|text\/json|application\/[\w.+-]+\+json)\s*(?:;|$)/i;

export class PartnerCenterClient implements CustomerDirectory {
  private readonly baseUrl: string;
  private readonly tokenProvider: PartnerCenterTokenProvider;
  private readonly api: QualificationApi;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;
  private readonly transport: HttpTransport;
  private readonly outbound: OutboundGate;

  constructor(options: PartnerCenterClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.tokenProvider = options.tokenProvider;
    this.api = options.api ?? 'qualifications';
    this.timeoutMs = options.timeoutMs ?? 10000;
    this.maxResponseBytes = options.maxResponseBytes ?? 1024 * 1024;
    this.transport = new HttpTransport(this.baseUrl);
    this.outbound = options.outbound ?? ((exchange) => exchange());
  }

  /** Closes the idle keep-alive connections (at shutdown). */
  close(): void {
    this.transport.close();
  }

  /** GET /v1/customers/{id}/qualifications (or the legacy /qualification). */
  async getQualifications(customerId: string, context: CallContext): Promise<QualificationLookup> {
    if (!isCanonicalCustomerId(customerId)) {
      // The parser only ever produces canonical ids; refuse anything else before it reaches a URL.
      throw new TypeError('customerId must be a canonical GUID');
    }
    const path = `/v1/customers/${customerId}/${this.api}`;
    const { body, requestId } = await this.getJson(this.api, path, context);
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
        throw errorWithoutResponse('malformedResponse', { correlationId: context.correlationId, requestId, httpStatus: 200, endpoint: this.api }, error);
      }
      throw error;
    }
  }

  /** GET /v1/customers/{id}: the company name and domain of one customer. */
  async getCustomer(customerId: string, context: CallContext): Promise<CustomerLookup> {
    if (!isCanonicalCustomerId(customerId)) {
      throw new TypeError('customerId must be a canonical GUID');
    }
    const { body, requestId } = await this.getJson('customer', `/v1/customers/${customerId}`, context);
    const customer = readBody(() => {
      const read = normaliseCustomer(body);
      // Never put another customer's name next to this one's qualification.
      if (read.id !== customerId) throw new MalformedCustomerError('the answer is about another customer');
      return read;
    }, { correlationId: context.correlationId, requestId, endpoint: 'customer' });
    return { customer, fetchedAt: new Date(), correlationId: context.correlationId, requestId };
  }

  /**
   * The customers whose domain is `domain` (canonical, see domain.ts), with Partner Center's
   * customer search (Domain starts_with; the only operator it has): exact matches are kept,
   * ignoring case; names that only start like it are "similar". When nothing matches exactly, a
   * second search for the first label ("contoso" for contoso.com) finds candidates for a "did
   * you mean". A search reads at most MAX_SEARCH_PAGES pages, and no page after the one that
   * holds an exact match.
   *
   * Only the first request decides whether there is an answer: when a later one fails (a next
   * page, or the "did you mean" search), what came before is kept, the result says why it may be
   * incomplete, and `partialFailure` holds the error. A cancelled call still fails.
   */
  async findCustomersByDomain(domain: string, context: CallContext): Promise<CustomerSearchResult> {
    if (!isNormalisedDomain(domain)) {
      // Only a validated domain may become part of a URL (the parser normalises what people type).
      throw new TypeError('domain must be a normalised domain name');
    }
    const isMatch = (customer: CustomerProfile): boolean => customer.domain === domain;
    const exact = await this.searchByDomain(domain, SEARCH_PAGE_SIZE, MAX_SEARCH_PAGES, context, (customers) => customers.some(isMatch));
    let found = exact.customers;
    let partialFailure = exact.failure;
    if (!found.some(isMatch)) {
      try {
        // Its own MS-RequestId: another request, not a retry of the first.
        const near = await this.searchByDomain(firstLabel(domain), MAX_SIMILAR_CUSTOMERS, 1, withoutRequestId(context));
        found = [...found, ...near.customers];
      } catch (error) {
        // "Did you mean" is a suggestion: without it the answer about the domain still stands.
        if (!isLaterRequestFailure(error, context)) throw error;
        partialFailure ??= error;
      }
    }
    const unique = [...new Map(found.map((customer) => [customer.id, customer])).values()];
    const matches = unique.filter(isMatch);
    const similar = unique.filter((customer) => !isMatch(customer));
    return {
      domain,
      matches,
      similar: similar.slice(0, MAX_SIMILAR_CUSTOMERS),
      similarCount: similar.length,
      complete: exact.incompleteBecause === undefined,
      ...(exact.incompleteBecause !== undefined && { incompleteBecause: exact.incompleteBecause }),
      ...(partialFailure !== undefined && { partialFailure }),
      fetchedAt: new Date(),
      correlationId: context.correlationId,
      requestId: exact.requestId,
    };
  }

  /**
   * GET /v1/customers?size=…&filter={"Field":"Domain","Value":prefix,"Operator":"starts_with"},
   * following links.next until `enough` says what was read suffices. The first page's failure is
   * the search's; a later page's ends it with what was read (`failure`, incompleteBecause 'pageFailed').
   */
  private async searchByDomain(
    prefix: string,
    size: number,
    maxPages: number,
    context: CallContext,
    enough: (customers: readonly CustomerProfile[]) => boolean = () => false,
  ): Promise<SearchPages> {
    const filter = encodeURIComponent(JSON.stringify({ Field: 'Domain', Value: prefix, Operator: 'starts_with' }));
    const firstPath = `/v1/customers?size=${size}&filter=${filter}`;
    const customers: CustomerProfile[] = [];
    let request: NextRequest | undefined = { path: firstPath };
    let pageContext = context;
    let firstRequestId: string | undefined;
    for (let page = 0; page < maxPages && request !== undefined; page++) {
      let read: CustomerPage;
      try {
        const { body, requestId } = await this.getJson('customerSearch', request.path, pageContext, request.headers);
        firstRequestId ??= requestId;
        read = readBody(() => normaliseCustomerPage(body), { correlationId: context.correlationId, requestId, endpoint: 'customerSearch' });
      } catch (error) {
        if (page === 0 || firstRequestId === undefined || !isLaterRequestFailure(error, context)) throw error;
        return { customers, incompleteBecause: 'pageFailed', failure: error, requestId: firstRequestId };
      }
      customers.push(...read.customers);
      request = read.next === undefined ? undefined : nextRequest(read.next, firstPath);
      // A hint we cannot follow safely ends the search: what we have is all we can say.
      if (read.next !== undefined && request === undefined) {
        return { customers, incompleteBecause: 'morePages', requestId: firstRequestId };
      }
      if (request !== undefined && enough(customers)) break;
      pageContext = withoutRequestId(context);
    }
    return {
      customers,
      ...(request !== undefined && { incompleteBecause: 'morePages' as const }),
      requestId: firstRequestId as string,
    };
  }

  private async getJson(
    endpoint: PartnerCenterEndpoint,
    path: string,
    context: CallContext,
    extraHeaders: Readonly<Record<string, string>> = {},
  ): Promise<{ body: unknown; requestId: string }> {
    // A retry of the same request reuses its MS-RequestId (see resilience.ts); otherwise a new one.
    const requestId = context.requestId !== undefined && REQUEST_ID.test(context.requestId) ? context.requestId : randomUUID();
    const ids: RequestIds = { correlationId: context.correlationId, requestId, endpoint };
    const token = await (context.tokenProvider ?? this.tokenProvider).getToken();
    const answer = await this.outbound(() => this.exchange(path, token, context, ids, extraHeaders), context.signal);
    if (answer.status !== 200) {
      // A redirect is not followed (the token must not go elsewhere): Partner Center is not answering as it should.
      if (answer.status >= 300 && answer.status < 400) {
        throw errorWithoutResponse('unavailable', ids, new Error(`HTTP ${answer.status} redirect not followed`));
      }
      throw errorFromResponse(answer.status, answer.text, answer.header('retry-after'), { ...ids, contentType: answer.header('content-type') });
    }
    // A gateway or sign-in page can come with 200: only a JSON answer (or one that does not say
    // what it is) is read as JSON, even if an HTML page's text happens to parse.
    const contentType = answer.header('content-type');
    if (contentType !== null && !JSON_MEDIA_TYPE.test(contentType.trim())) {
      throw errorWithoutResponse(
        'malformedResponse',
        { ...ids, httpStatus: answer.status },
        new TypeError(`Content-Type ${contentType.slice(0, 100)} is not JSON`),
      );
    }
    try {
      return { body: JSON.parse(answer.text) as unknown, requestId };
    } catch (error) {
      throw errorWithoutResponse('malformedResponse', { ...ids, httpStatus: answer.status }, error);
    }
  }

  /** One request and its body (at most maxResponseBytes), within the per-request timeout. */
  private async exchange(
    path: string,
    token: string,
    context: CallContext,
    ids: RequestIds,
    extraHeaders: Readonly<Record<string, string>>,
  ): Promise<HttpAnswer> {
    try {
      return await this.transport.get(`${this.baseUrl}${path}`, {
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          'MS-RequestId': ids.requestId,
          'MS-CorrelationId': ids.correlationId,
          'X-Locale': context.locale && LOCALE.test(context.locale) ? context.locale : DEFAULT_LOCALE,
          ...extraHeaders,
        },
        timeoutMs: this.timeoutMs,
        maxBytes: this.maxResponseBytes,
        signal: context.signal,
      });
    } catch (error) {
      if (!(error instanceof TransportError)) throw error;
      if (error.failure === 'tooLarge') throw errorWithoutResponse('malformedResponse', { ...ids, httpStatus: 200 }, error);
      throw errorWithoutResponse(error.failure, ids, error);
    }
  }
}

/** What one search read, and why it stopped before the last page when it did. */
interface SearchPages {
  readonly customers: readonly CustomerProfile[];
  readonly incompleteBecause?: SearchIncompleteReason;
  /** The later page's failure, when that is why the search ended. */
  readonly failure?: PartnerCenterError;
  readonly requestId: string;
}

/**
 * A later request of a search failed in a way that leaves what came before intact: a Partner
 * Center answer or a failed exchange, not a cancellation (the caller stopped waiting) or a
 * sign-in failure (the person must act).
 */
function isLaterRequestFailure(error: unknown, context: CallContext): error is PartnerCenterError {
  return error instanceof PartnerCenterError && context.signal?.aborted !== true;
}

/** The next request of a paged search: its path (under baseUrl) and the headers it needs. */
interface NextRequest {
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Where a links.next / continuationToken hint leads, or undefined when it cannot be followed
 * safely. Like the Partner Center SDK: the link's uri (with /v1 added when missing) and its
 * MS-ContinuationToken header; a bare token is sent with the same search and seekOperation=Next.
 * Only the customer collection on the configured host is ever asked, never a URL from the answer.
 */
function nextRequest(hint: NextPageHint, firstPath: string): NextRequest | undefined {
  const { uri, continuationToken } = hint;
  if (continuationToken !== undefined && !CONTINUATION_TOKEN.test(continuationToken)) return undefined;
  const headers = continuationToken === undefined ? undefined : { 'MS-ContinuationToken': continuationToken };
  if (uri === undefined) {
    return headers === undefined ? undefined : { path: `${firstPath}&seekOperation=Next`, headers };
  }
  if (!NEXT_PAGE_URI.test(uri) || /[#\\]/.test(uri)) return undefined;
  const path = uri.startsWith('/v1/') ? uri : `/v1${uri}`;
  return { path, ...(headers !== undefined && { headers }) };
}

/** The same call context for another request: the client makes it a new MS-RequestId. */
function withoutRequestId(context: CallContext): CallContext {
  const { requestId: _ignored, ...rest } = context;
  return rest;
}

/** Runs a normaliser on the body of a 200 answer; an unreadable body is a malformedResponse. */
function readBody<T>(read: () => T, ids: RequestIds): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof MalformedCustomerError || error instanceof MalformedQualificationError) {
      throw errorWithoutResponse('malformedResponse', { ...ids, httpStatus: 200 }, error);
    }
    throw error;
  }
}
