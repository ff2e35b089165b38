import { isCanonicalCustomerId } from '../partnerCenter/customerId';
import { customerCollection, customerResource, legacyQualification, replies, type Reply } from './responses';
import {
  isFailingCustomer,
  type AnsweringSampleCustomer,
  type ErrorBehaviour,
  type SampleCustomer,
} from './sampleCustomers';

/**
 * Pure routing for the simulator: one request in, one Reply out. Paths are matched exactly and
 * case-sensitively, as Partner Center does, without decoding or normalising them.
 */
export interface SimulatorContext {
  readonly customers: ReadonlyMap<string, SampleCustomer>;
  readonly slowDelayMs: number;
  /** When set, the bearer token must be exactly this. */
  readonly requireToken?: string;
}

export interface RouteRequest {
  readonly method: string;
  /** The request target as received: path plus optional ?query. */
  readonly target: string;
  readonly authorization?: string;
  /** The MS-ContinuationToken header, when the caller asks for the next page of a search. */
  readonly continuationToken?: string;
}

type CustomerResource = 'customer' | 'qualifications' | 'qualification';

type Route =
  | { readonly kind: 'health' }
  | { readonly kind: 'customerList'; readonly search: string; readonly continuationToken?: string }
  | { readonly kind: 'customer'; readonly id: string; readonly resource: CustomerResource };

const CUSTOMER_PATH = /^\/v1\/customers\/([^/]+)(?:\/(qualifications|qualification))?$/;
const BEARER = /^Bearer +(\S+) *$/i;

const FAILURES: Readonly<Record<ErrorBehaviour, () => Reply>> = {
  notFound: replies.notFound,
  forbidden: replies.forbidden,
  throttled: replies.throttled,
  unavailable: replies.unavailable,
};

function splitTarget(target: string): { pathname: string; search: string } {
  const query = target.indexOf('?');
  return query < 0
    ? { pathname: target, search: '' }
    : { pathname: target.slice(0, query), search: target.slice(query) };
}

function matchRoute(target: string, continuationToken: string | undefined): Route | undefined {
  const { pathname, search } = splitTarget(target);
  if (pathname === '/healthz') return { kind: 'health' };
  if (pathname === '/v1/customers')
    return { kind: 'customerList', search, ...(continuationToken !== undefined && { continuationToken }) };
  const match = CUSTOMER_PATH.exec(pathname);
  if (!match) return undefined;
  const resource = (match[2] as 'qualifications' | 'qualification' | undefined) ?? 'customer';
  return { kind: 'customer', id: match[1], resource };
}

function isAuthorised(header: string | undefined, requireToken: string | undefined): boolean {
  const token = header === undefined ? undefined : BEARER.exec(header)?.[1];
  if (token === undefined) return false;
  return requireToken === undefined || token === requireToken;
}

function answerFor(customer: AnsweringSampleCustomer, resource: CustomerResource): unknown {
  if (resource === 'customer') return customerResource(customer);
  return resource === 'qualifications' ? customer.qualifications : legacyQualification(customer.qualifications);
}

function customerRoute(id: string, resource: CustomerResource, context: SimulatorContext): Reply {
  if (!isCanonicalCustomerId(id)) return replies.invalidCustomerId();
  const customer = context.customers.get(id);
  if (!customer) return replies.notFound();
  if (isFailingCustomer(customer)) return FAILURES[customer.behaviour]();
  const reply = replies.ok(answerFor(customer, resource));
  return customer.behaviour === 'slow' ? { ...reply, delayMs: context.slowDelayMs } : reply;
}

interface CustomerFilter {
  readonly field: 'Domain' | 'CompanyName';
  /** Lower case: matching is case-insensitive. */
  readonly prefix: string;
}

/** `{"Field":"Domain"|"CompanyName","Value":"…","Operator":"starts_with"}`, the only form documented. */
function parseFilter(raw: string | null): CustomerFilter | undefined {
  if (raw === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { Field, Value, Operator } = parsed as Record<string, unknown>;
  if (Field !== 'Domain' && Field !== 'CompanyName') return undefined;
  if (typeof Value !== 'string' || Value === '' || Operator !== 'starts_with') return undefined;
  return { field: Field, prefix: Value.toLowerCase() };
}

/** `size` is optional; 0 (what the SDK sends by default) means no limit. */
function parseSize(raw: string | null): number | undefined {
  if (raw === null) return 0;
  return /^\d{1,4}$/.test(raw) ? Number(raw) : undefined;
}

function matchesFilter(customer: SampleCustomer, filter: CustomerFilter): boolean {
  const text = filter.field === 'Domain' ? customer.domain : customer.companyName;
  return text.toLowerCase().startsWith(filter.prefix);
}

/**
 * The simulator's continuation token: where the next page starts, made opaque. Partner Center's
 * are opaque too; the caller only sends back what it was given.
 */
function continuationTokenFor(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

function offsetFrom(token: string | undefined): number | undefined {
  if (token === undefined || !/^[A-Za-z0-9_-]{1,64}$/.test(token)) return undefined;
  const match = /^offset:(\d{1,6})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/** The search as a link: the same filter and size, plus seekOperation=Next (as the SDK pages). */
function nextPageUri(size: number, rawFilter: string): string {
  return `/customers?size=${size}&filter=${encodeURIComponent(rawFilter)}&seekOperation=Next`;
}

function customerList(search: string, continuationToken: string | undefined, context: SimulatorContext): Reply {
  const query = new URLSearchParams(search);
  const size = parseSize(query.get('size'));
  if (size === undefined) return replies.invalidFilter('size');
  const rawFilter = query.get('filter');
  const filter = parseFilter(rawFilter);
  if (!filter || rawFilter === null) return replies.invalidFilter('filter');
  let offset = 0;
  if (query.get('seekOperation') !== null) {
    if (query.get('seekOperation') !== 'Next') return replies.invalidFilter('seekOperation');
    const from = offsetFrom(continuationToken);
    if (from === undefined) return replies.invalidFilter('MS-ContinuationToken');
    offset = from;
  }
  // A "notFound" sample is not the partner's customer, so no search finds it either.
  const matches = [...context.customers.values()].filter(
    (customer) => customer.behaviour !== 'notFound' && matchesFilter(customer, filter),
  );
  // size 0: everything in one page. Otherwise pages of `size`, with links.next while there are more.
  const end = size > 0 ? offset + size : matches.length;
  const page = matches.slice(offset, end);
  const next =
    end < matches.length
      ? { uri: nextPageUri(size, rawFilter), continuationToken: continuationTokenFor(end) }
      : undefined;
  return replies.ok(customerCollection(page, `/customers${search}`, next));
}

function dispatch(route: Route, context: SimulatorContext): Reply {
  switch (route.kind) {
    case 'health':
      return replies.ok({ status: 'ok', simulator: true });
    case 'customerList':
      return customerList(route.search, route.continuationToken, context);
    case 'customer':
      return customerRoute(route.id, route.resource, context);
  }
}

/** 404 for an unknown path, then 405, then (except /healthz) 401, then the route itself. */
export function routeRequest(request: RouteRequest, context: SimulatorContext): Reply {
  const route = matchRoute(request.target, request.continuationToken);
  if (!route) return replies.notFound();
  if (request.method !== 'GET') return replies.methodNotAllowed();
  if (route.kind !== 'health' && !isAuthorised(request.authorization, context.requireToken)) {
    return replies.unauthorized();
  }
  return dispatch(route, context);
}
