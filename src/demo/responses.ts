import type { QualificationsBody, SampleCustomer } from './sampleCustomers';
import { qualificationList } from './sampleCustomers';

/**
 * What the simulator answers: status, JSON body and extra headers. Bodies follow
 * Partner Center's REST reference and the fixtures in test/fixtures/partner-center; where no source
 * shows a body, Partner Center's error shape (PartnerFD) is filled from its error-code table.
 */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Answer only after this many milliseconds (the "slow" behaviour). */
  readonly delayMs?: number;
}

interface PartnerFdError {
  readonly code: number;
  readonly description: string;
  readonly data: readonly unknown[];
  readonly source: 'PartnerFD';
}

function partnerFd(code: number, description: string): PartnerFdError {
  return { code, description, data: [], source: 'PartnerFD' };
}

/** Seconds a throttled caller is told to wait (the documented example). */
const THROTTLE_RETRY_AFTER_SECONDS = 57;

export const replies = {
  /** fixtures/error-401-CONSTRUCTED.json (error table: 401 / 400 "Access denied"). */
  unauthorized: (): Reply => ({ status: 401, body: partnerFd(400, 'Access denied') }),
  /** fixtures/error-403-no-relationship-observed.json (a real body). */
  forbidden: (): Reply => ({ status: 403, body: partnerFd(20002, 'No relationship between caller and account.') }),
  /** fixtures/error-404-customer-CONSTRUCTED.json (error table: 404 / 1000 "Not found"). */
  notFound: (): Reply => ({ status: 404, body: partnerFd(1000, 'Not found') }),
  /** Error table: 400 / 900118. */
  invalidCustomerId: (): Reply => ({ status: 400, body: partnerFd(900118, 'Invalid Customer Id') }),
  /** Error table: 400 / 3000 "Invalid property". */
  invalidFilter: (detail: string): Reply => ({ status: 400, body: partnerFd(3000, `Invalid property: ${detail}`) }),
  /** fixtures/error-429-throttled.json: note the different (non-PartnerFD) shape. */
  throttled: (): Reply => ({
    status: 429,
    body: {
      statusCode: 429,
      message: `Rate limit is exceeded. Try again in ${THROTTLE_RETRY_AFTER_SECONDS} seconds.`,
    },
    headers: { 'Retry-After': String(THROTTLE_RETRY_AFTER_SECONDS) },
  }),
  /** CONSTRUCTED: no source shows a 503 body; the PartnerFD schema is assumed. */
  unavailable: (): Reply => ({
    status: 503,
    body: partnerFd(503, 'The service is temporarily unavailable. Please try again later.'),
  }),
  methodNotAllowed: (): Reply => ({
    status: 405,
    body: partnerFd(405, 'The requested method is not allowed'),
    headers: { Allow: 'GET' },
  }),
  internalError: (): Reply => ({ status: 500, body: partnerFd(500, 'Simulator error') }),
  ok: (body: unknown): Reply => ({ status: 200, body }),
};

/**
 * The legacy GET /qualification answer: a bare lower-case string from the first qualification
 * ("education", "governmentcommunitycloud"; an undocumented value lower-cased), "none" when empty.
 */
export function legacyQualification(body: QualificationsBody): string {
  const first = qualificationList(body)[0];
  return first ? first.qualification.toLowerCase() : 'none';
}

function selfLink(uri: string): { self: { uri: string; method: 'GET'; headers: [] } } {
  return { self: { uri, method: 'GET', headers: [] } };
}

/** The Customer resource, as in fixtures/customers-get-filtered-by-name.json. */
export function customerResource(customer: SampleCustomer): Record<string, unknown> {
  return {
    id: customer.id,
    companyProfile: {
      tenantId: customer.id,
      domain: customer.domain,
      companyName: customer.companyName,
      links: selfLink(`/customers/${customer.id}/profiles/company`),
      attributes: { objectType: 'CustomerCompanyProfile' },
    },
    relationshipToPartner: customer.relationshipToPartner,
    links: selfLink(`/customers/${customer.id}`),
    attributes: { objectType: 'Customer' },
  };
}

/** A link with headers, as in links.next of a paged collection (utility resources: Link). */
export interface NextLink {
  readonly uri: string;
  readonly continuationToken: string;
}

/**
 * A Collection of customers; `selfUri` is the request as Partner Center echoes it. `next`, when
 * there are more, becomes links.next with the MS-ContinuationToken header the caller sends back.
 */
export function customerCollection(
  customers: readonly SampleCustomer[],
  selfUri: string,
  next?: NextLink,
): Record<string, unknown> {
  return {
    totalCount: customers.length,
    items: customers.map(customerResource),
    links: {
      ...selfLink(selfUri),
      ...(next && {
        next: {
          uri: next.uri,
          method: 'GET',
          headers: [{ key: 'MS-ContinuationToken', value: next.continuationToken }],
        },
      }),
    },
    attributes: { objectType: 'Collection' },
  };
}
