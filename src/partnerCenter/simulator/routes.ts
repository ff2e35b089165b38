import { isCanonicalCustomerId } from '../customerId';
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
}

type CustomerResource = 'customer' | 'qualifications' | 'qualification';

type Route =
  | { readonly kind: 'health' }
  | { readonly kind: 'customerList'; readonly search: string }
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
  return query < 0 ? { pathname: target, search: '' } : { pathname: target.slice(0, query), search: target.slice(query) };
}

function matchRoute(target: string): Route | undefined {
  const { pathname, search } = splitTarget(target);
  if (pathname === '/healthz') return { kind: 'health' };
  if (pathname === '/v1/customers') return { kind: 'customerList', search };
  const match = CUSTOMER_PATH.exec(pathname);
  if (!match) return undefined;
  const resource = (match[2] as 'qualifications' | 'qualification' | undefined) ?? 'customer';
  return { kind: 'customer', id: match[1] as string, resource };
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

function customerList(search: string, context: SimulatorContext): Reply {
  const query = new URLSearchParams(search);
  const size = parseSize(query.get('size'));
  if (size === undefined) return replies.invalidFilter('size');
  const filter = parseFilter(query.get('filter'));
  if (!filter) return replies.invalidFilter('filter');
  // A "notFound" sample is not the partner's customer, so no search finds it either.
  const matches = [...context.customers.values()].filter(
    (customer) => customer.behaviour !== 'notFound' && matchesFilter(customer, filter),
  );
  // One page only: no links.next, no continuation tokens.
  const page = size > 0 ? matches.slice(0, size) : matches;
  return replies.ok(customerCollection(page, `/customers${search}`));
}

function dispatch(route: Route, context: SimulatorContext): Reply {
  switch (route.kind) {
    case 'health':
      return replies.ok({ status: 'ok', simulator: true });
    case 'customerList':
      return customerList(route.search, context);
    case 'customer':
      return customerRoute(route.id, route.resource, context);
  }
}

/** 404 for an unknown path, then 405, then (except /healthz) 401, then the route itself. */
export function routeRequest(request: RouteRequest, context: SimulatorContext): Reply {
  const route = matchRoute(request.target);
  if (!route) return replies.notFound();
  if (request.method !== 'GET') return replies.methodNotAllowed();
  if (route.kind !== 'health' && !isAuthorised(request.authorization, context.requireToken)) {
    return replies.unauthorized();
  }
  return dispatch(route, context);
}
