import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import type { CompanyName } from './companyName';
import type { CustomerTenantId } from './customerId';
import type { CustomerDomain } from './domain';
import type { PartnerCenterError, QualificationApi } from './errors';

export type { QualificationApi };

/** The qualification values Partner Center documents (SDK enum CustomerQualification). */
export const KNOWN_QUALIFICATIONS = [
  'None',
  'Education',
  'Nonprofit',
  'GovernmentCommunityCloud',
  'StateOwnedEntity',
] as const;
export type KnownQualification = (typeof KNOWN_QUALIFICATIONS)[number];

/** One qualification as Partner Center reported it, read from any documented response shape. */
export interface Qualification {
  /** The canonical name when it is a documented value, otherwise exactly what Partner Center sent. */
  readonly name: string;
  /** Set when `name` is one of the documented values. */
  readonly known?: KnownQualification;
  /** e.g. Approved, InReview, Denied (Partner Center says there may be others). */
  readonly vettingStatus?: string;
  readonly vettingReason?: string;
  /** As Partner Center sent it (ISO 8601 in every current example; one old example is not ISO). */
  readonly vettingCreateDate?: string;
}

/** The answer to one successful lookup. An empty list means the customer has no qualification. */
export interface QualificationLookup {
  readonly customerId: CustomerTenantId;
  readonly qualifications: readonly Qualification[];
  readonly fetchedAt: Date;
  readonly correlationId: string;
  readonly requestId: string;
  readonly api: QualificationApi;
}

/** Per-call context: who asked, in which language, and the id that ties logs and cards together. */
export interface CallContext {
  readonly correlationId: string;
  /**
   * Whose token to send. In PARTNER_CENTER_AUTH=user mode, the person who asked (on-behalf-of);
   * without it the client's own provider (app-only or demo).
   */
  readonly tokenProvider?: PartnerCenterTokenProvider;
  /** BCP 47 tag sent as X-Locale; the client falls back to en-US when it is missing or malformed. */
  readonly locale?: string;
  /** Cancels the call (e.g. the process is shutting down, or the command's deadline passed). */
  readonly signal?: AbortSignal;
  /**
   * When the whole command must be answered (performance.now() time): no request of this call
   * runs past it, whatever its own deadline. Set by the lookup use cases.
   */
  readonly deadlineAt?: number;
  /**
   * The MS-RequestId to send. Retries of one request pass the same id (Partner Center asks for
   * that); without one the client makes a new GUID for the call.
   */
  readonly requestId?: string;
}

/** A customer as Partner Center describes it (GET /v1/customers/{id}, or one search result). */
export interface CustomerProfile {
  /** Canonical (lower-case) GUID: the customer id, which is also its tenant id. */
  readonly id: CustomerTenantId;
  /** As Partner Center sent it (trimmed); missing when the answer had none. */
  readonly companyName?: string;
  /** Lower case, e.g. contoso.onmicrosoft.com; missing when the answer had none that is a DNS name. */
  readonly domain?: CustomerDomain;
}

/** The answer to GET /v1/customers/{id}. */
export interface CustomerLookup {
  readonly customer: CustomerProfile;
  readonly fetchedAt: Date;
  readonly correlationId: string;
  readonly requestId: string;
}

/**
 * The answer to "which customer has this domain?". Partner Center only searches by prefix, so
 * `matches` holds the customers whose domain is exactly the one asked for (ignoring case): none,
 * one, or several (a choice for the person who asked). `similar` holds customers whose domain
 * only starts like it, for a "did you mean …?".
 */
export interface CustomerSearchResult {
  /** The domain searched for, in canonical form. */
  readonly domain: CustomerDomain;
  readonly matches: readonly CustomerProfile[];
  /** At most a few (see PartnerCenterClient); searched for by the first label only when nothing matched exactly. */
  readonly similar: readonly CustomerProfile[];
  /** How many non-exact customers Partner Center returned (may exceed similar.length). */
  readonly similarCount: number;
  /**
   * False when the search may have missed customers with the domain: Partner Center had more pages
   * than the client reads, or a later page failed (`incompleteBecause` says which).
   */
  readonly complete: boolean;
  /** Set exactly when `complete` is false. */
  readonly incompleteBecause?: SearchIncompleteReason;
  /**
   * A later request of the search failed (a next page, or the "did you mean" search) and what came
   * before was kept. For the log; a failed "did you mean" leaves the result complete.
   */
  readonly partialFailure?: PartnerCenterError;
  readonly fetchedAt: Date;
  readonly correlationId: string;
  /** The MS-RequestId of the first request of the search. */
  readonly requestId: string;
}

/**
 * The answer to "which customers are called this?": Partner Center's customers whose company name
 * starts with `name` (its search ignores case), in the order it returned them.
 */
export interface CompanyNameSearchResult {
  /** The name searched for, in canonical form. */
  readonly name: CompanyName;
  readonly matches: readonly CustomerProfile[];
  /** False when Partner Center had more customers starting with the name than the client reads. */
  readonly complete: boolean;
  readonly fetchedAt: Date;
  readonly correlationId: string;
  /** The MS-RequestId of the search. */
  readonly requestId: string;
}

/**
 * Why a search by domain may be incomplete: more pages than the client reads (or one it may not
 * follow, or not needed once an exact match was found), or a later page failed.
 */
export type SearchIncompleteReason = 'morePages' | 'pageFailed';

/**
 * What the lookups need from Partner Center: a customer's qualifications, its company name and
 * domain, the customers with a domain, and the customers whose name starts with a name.
 * PartnerCenterClient is the one implementation (its calls already run under the resilience
 * policy); tests use stubs.
 */
export interface QualificationSource {
  getQualifications(customerId: CustomerTenantId, context: CallContext): Promise<QualificationLookup>;
  /** Best effort: one attempt, outside the circuit breaker (a name must never cost the lookup beside it). */
  getCustomer(customerId: CustomerTenantId, context: CallContext): Promise<CustomerLookup>;
  findCustomersByDomain(domain: CustomerDomain, context: CallContext): Promise<CustomerSearchResult>;
  findCustomersByName(name: CompanyName, context: CallContext): Promise<CompanyNameSearchResult>;
}
