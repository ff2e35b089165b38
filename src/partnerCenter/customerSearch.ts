import type { CompanyName } from './companyName';
import { normaliseCustomerPage, type CustomerPage, type NextPageHint } from './customers';
import { firstLabel, type CustomerDomain } from './domain';
import { PartnerCenterError } from './errors';
import { readBody } from './readBody';
import type { PartnerCenterRequests } from './requests';
import type {
  CallContext,
  CompanyNameSearchResult,
  CustomerProfile,
  CustomerSearchResult,
  SearchIncompleteReason,
} from './types';

/** Customers asked for per page of a domain search (the documented example uses 40). */
export const SEARCH_PAGE_SIZE = 40;
/** Pages of one domain search read at most; beyond that the result says it is incomplete. */
const MAX_SEARCH_PAGES = 2;
/** "Did you mean" candidates asked for (one page) and returned at most. */
export const MAX_SIMILAR_CUSTOMERS = 10;
/** A links.next.uri we follow: the customer collection on the same host, nothing else. */
const NEXT_PAGE_URI = /^\/(?:v1\/)?customers\?[\x21-\x7e]{0,2000}$/;
/** An MS-ContinuationToken we send back: printable ASCII only (no header injection). */
const CONTINUATION_TOKEN = /^[\x21-\x7e](?:[\x20-\x7e]{0,4094}[\x21-\x7e])?$/;

/**
 * The customers whose domain is `domain`, with Partner Center's customer search (Domain
 * starts_with; the only operator it has): exact matches are kept, ignoring case; names that only
 * start like it are "similar". When nothing matches exactly, a second search for the first label
 * ("contoso" for contoso.com) finds candidates for a "did you mean". A search reads at most
 * MAX_SEARCH_PAGES pages, and no page after the one that holds an exact match.
 *
 * Only the first request decides whether there is an answer: when a later one fails (a next
 * page, or the "did you mean" search), what came before is kept, the result says why it may be
 * incomplete, and `partialFailure` holds the error. A cancelled call still fails.
 */
export async function findCustomersByDomain(
  requests: PartnerCenterRequests,
  domain: CustomerDomain,
  context: CallContext,
): Promise<CustomerSearchResult> {
  const isMatch = (customer: CustomerProfile): boolean => customer.domain === domain;
  const exact = await searchCustomers(
    requests,
    'Domain',
    domain,
    SEARCH_PAGE_SIZE,
    MAX_SEARCH_PAGES,
    context,
    (customers) => customers.some(isMatch),
  );
  let found = exact.customers;
  let partialFailure = exact.failure;
  if (!found.some(isMatch)) {
    try {
      // Its own MS-RequestId: another request, not a retry of the first.
      const near = await searchCustomers(
        requests,
        'Domain',
        firstLabel(domain),
        MAX_SIMILAR_CUSTOMERS,
        1,
        withoutRequestId(context),
        () => false,
        true,
      );
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
 * The customers whose company name starts with `name` (Partner Center's CompanyName starts_with,
 * which ignores case): one page of SEARCH_PAGE_SIZE, in Partner Center's order except that names
 * equal to `name` (ignoring case) come first, each customer once. `complete` is false when
 * Partner Center has more: the person is then asked to type more of the name, so no later page is read.
 */
export async function findCustomersByName(
  requests: PartnerCenterRequests,
  name: CompanyName,
  context: CallContext,
): Promise<CompanyNameSearchResult> {
  const found = await searchCustomers(requests, 'CompanyName', name, SEARCH_PAGE_SIZE, 1, context);
  const unique = [...new Map(found.customers.map((customer) => [customer.id, customer])).values()];
  const wanted = name.toLowerCase();
  const isSame = (customer: CustomerProfile): boolean => customer.companyName?.toLowerCase() === wanted;
  return {
    name,
    matches: [...unique.filter(isSame), ...unique.filter((customer) => !isSame(customer))],
    complete: found.incompleteBecause === undefined,
    fetchedAt: new Date(),
    correlationId: context.correlationId,
    requestId: found.requestId,
  };
}

/** What one search read, and why it stopped before the last page when it did. */
interface SearchPages {
  readonly customers: readonly CustomerProfile[];
  readonly incompleteBecause?: SearchIncompleteReason;
  /** The later page's failure, when that is why the search ended. */
  readonly failure?: PartnerCenterError;
  readonly requestId: string;
}

/** The customer search fields the bot uses (the SDK's CustomerSearchField has two more). */
type SearchField = 'Domain' | 'CompanyName';

/**
 * GET /v1/customers?size=…&filter={"Field":field,"Value":prefix,"Operator":"starts_with"},
 * following links.next until `enough` says what was read suffices. The first page's failure is
 * the search's; a later page's ends it with what was read (`failure`, incompleteBecause 'pageFailed').
 * The first page is retried under the call policy; later pages (and a `suggestion` search) add to
 * an answer that already stands, so they are asked once, best effort.
 */
async function searchCustomers(
  requests: PartnerCenterRequests,
  field: SearchField,
  prefix: string,
  size: number,
  maxPages: number,
  context: CallContext,
  enough: (customers: readonly CustomerProfile[]) => boolean = () => false,
  suggestion = false,
): Promise<SearchPages> {
  const filter = encodeURIComponent(JSON.stringify({ Field: field, Value: prefix, Operator: 'starts_with' }));
  const firstPath = `/v1/customers?size=${size}&filter=${filter}`;
  const customers: CustomerProfile[] = [];
  let request: NextRequest | undefined = { path: firstPath };
  let pageContext = context;
  let firstRequestId: string | undefined;
  for (let page = 0; page < maxPages && request !== undefined; page++) {
    let read: CustomerPage;
    try {
      const bestEffort = suggestion || page > 0;
      const { body, requestId } = await requests.getJson('customerSearch', request.path, pageContext, {
        headers: request.headers,
        bestEffort,
      });
      firstRequestId ??= requestId;
      read = readBody(() => normaliseCustomerPage(body), {
        correlationId: context.correlationId,
        requestId,
        endpoint: 'customerSearch',
      });
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

/** The same call context for another request: it gets a new MS-RequestId. */
function withoutRequestId(context: CallContext): CallContext {
  const { requestId: _ignored, ...rest } = context;
  return rest;
}
