import type { CustomerTenantId } from '../partnerCenter/customerId';
import type { CustomerDomain } from '../partnerCenter/domain';
import type {
  CompanyNameSearchResult,
  CustomerProfile,
  CustomerSearchResult,
  QualificationLookup,
} from '../partnerCenter/types';

/**
 * What the lookup use cases answer (view models the cards render). Failures are values, never
 * thrown: a PartnerCenterError, a TokenAcquisitionError, or anything else (then a generic card).
 */

/** Everything the bot learned about one customer: its qualifications or why not, and its name. */
export interface CustomerAnswer {
  readonly customerId: CustomerTenantId;
  /** Set when the qualification lookup succeeded. */
  readonly lookup?: QualificationLookup;
  /** Set when it failed. */
  readonly error?: unknown;
  /** Company name and domain, when known (given, or read in parallel); its failure never hides the rest. */
  readonly customer?: CustomerProfile;
  /** The company name was asked for and could not be read. */
  readonly customerUnavailable: boolean;
}

/** Several customers: one answer each, in the order asked; or one sign-in failure for all of them. */
export type SeveralAnswer =
  | { readonly kind: 'answers'; readonly answers: readonly CustomerAnswer[] }
  | { readonly kind: 'signInFailed'; readonly error: unknown };

/** A search for customers: its one customer's answer, a choice, nobody, or the search's failure. */
export type SearchAnswer<Search> =
  | { readonly kind: 'found'; readonly answer: CustomerAnswer }
  | { readonly kind: 'choice'; readonly search: Search }
  | { readonly kind: 'notFound'; readonly search: Search }
  | { readonly kind: 'failed'; readonly error: unknown };

/** A customer domain (the customers whose domain is exactly it). */
export type DomainAnswer = SearchAnswer<CustomerSearchResult>;

/** A company name (the customers whose name starts with it). */
export type NameAnswer = SearchAnswer<CompanyNameSearchResult>;

/**
 * One entry of a request that mixes tenant ids and domains: a customer's answer (`domain` set when
 * it was found by its domain), a domain that is not exactly one customer's (`matches`: 0, or how
 * many share it), or a domain whose search failed.
 */
export type TargetAnswer =
  | { readonly kind: 'customer'; readonly answer: CustomerAnswer; readonly domain?: CustomerDomain }
  | { readonly kind: 'domainNotResolved'; readonly domain: CustomerDomain; readonly matches: number }
  | { readonly kind: 'domainFailed'; readonly domain: CustomerDomain; readonly error: unknown };

/** Several targets: one answer each, in the order asked; or one sign-in failure for all of them. */
export type SeveralTargetsAnswer =
  | { readonly kind: 'answers'; readonly answers: readonly TargetAnswer[] }
  | { readonly kind: 'signInFailed'; readonly error: unknown };
