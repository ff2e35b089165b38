import { normaliseCustomerId, type CustomerTenantId } from './customerId';
import { normaliseDomain } from './domain';
import type { CustomerProfile } from './types';

/**
 * Reads Partner Center's Customer resource and customer collections
 * (Partner Center's "Get a customer by ID" and "Get a list of customers" references; fixtures in
 * test/fixtures/partner-center):
 * - a Customer: { id, companyProfile: { tenantId, domain, companyName }, relationshipToPartner, … };
 * - a collection: { totalCount, items: [Customer…], links: { self, next? }, continuationToken? },
 *   or a bare list of customers;
 * - property names in any case.
 * The id is `id`, or `companyProfile.tenantId` when `id` is missing (both are the tenant id in every
 * example); it must be a GUID and comes back in canonical form. The domain is kept only when it is
 * a DNS name (lower case), the company name only when it is text. Anything else:
 * MalformedCustomerError.
 */
export class MalformedCustomerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedCustomerError';
  }
}

/** Where the next page of a collection is, as Partner Center said it (not yet checked for use in a URL). */
export interface NextPageHint {
  /** links.next.uri, e.g. "/customers?size=40&seekOperation=Next" (with or without /v1). */
  readonly uri?: string;
  /** The MS-ContinuationToken from links.next.headers, or a top-level continuationToken. */
  readonly continuationToken?: string;
}

export interface CustomerPage {
  readonly customers: readonly CustomerProfile[];
  /** Set only when the body says there is more. */
  readonly next?: NextPageHint;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Looks a property up case-insensitively. */
function property(record: Record<string, unknown>, name: string): unknown {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(record)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new MalformedCustomerError(`${field} is not text`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function guid(value: unknown, field: string): CustomerTenantId | undefined {
  const text = optionalText(value, field);
  return text === undefined ? undefined : normaliseCustomerId(text);
}

/** `body` is one Customer resource (the answer to GET /v1/customers/{id}, or one collection item). */
export function normaliseCustomer(body: unknown): CustomerProfile {
  if (!isRecord(body)) throw new MalformedCustomerError('a customer is not an object');
  const rawProfile = property(body, 'companyProfile');
  if (rawProfile !== undefined && rawProfile !== null && !isRecord(rawProfile)) {
    throw new MalformedCustomerError('companyProfile is not an object');
  }
  const profile = isRecord(rawProfile) ? rawProfile : {};
  // The list example has "tenantId": "<guid>" next to a real id: a placeholder is not an error.
  const id = guid(property(body, 'id'), 'id') ?? guid(property(profile, 'tenantId'), 'companyProfile.tenantId');
  if (id === undefined) throw new MalformedCustomerError('a customer has neither an id nor a tenantId that is a GUID');
  const companyName = optionalText(property(profile, 'companyName'), 'companyProfile.companyName');
  const rawDomain = optionalText(property(profile, 'domain'), 'companyProfile.domain');
  const domain = rawDomain === undefined ? undefined : normaliseDomain(rawDomain);
  return {
    id,
    ...(companyName !== undefined && { companyName }),
    ...(domain !== undefined && { domain }),
  };
}

function continuationTokenOf(link: Record<string, unknown>): string | undefined {
  const headers = property(link, 'headers');
  if (!Array.isArray(headers)) return undefined;
  for (const header of headers) {
    if (!isRecord(header)) continue;
    const key = property(header, 'key');
    if (typeof key === 'string' && key.toLowerCase() === 'ms-continuationtoken') {
      return optionalText(property(header, 'value'), 'MS-ContinuationToken');
    }
  }
  return undefined;
}

function nextPageHint(collection: Record<string, unknown>): NextPageHint | undefined {
  const links = property(collection, 'links');
  const next = isRecord(links) ? property(links, 'next') : undefined;
  const uri = isRecord(next) ? optionalText(property(next, 'uri'), 'links.next.uri') : undefined;
  const continuationToken =
    (isRecord(next) ? continuationTokenOf(next) : undefined) ??
    optionalText(property(collection, 'continuationToken'), 'continuationToken');
  if (uri === undefined && continuationToken === undefined) return undefined;
  return { ...(uri !== undefined && { uri }), ...(continuationToken !== undefined && { continuationToken }) };
}

/** `body` is the answer to GET /v1/customers (a search or a list page). */
export function normaliseCustomerPage(body: unknown): CustomerPage {
  if (Array.isArray(body)) return { customers: body.map(normaliseCustomer) };
  if (!isRecord(body)) throw new MalformedCustomerError('the answer is not a collection of customers');
  const items = property(body, 'items');
  if (!Array.isArray(items)) throw new MalformedCustomerError('the collection has no "items" list');
  const next = nextPageHint(body);
  return { customers: items.map(normaliseCustomer), ...(next !== undefined && { next }) };
}
