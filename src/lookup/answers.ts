import type { CustomerTenantId } from '../partnerCenter/customerId';
import type { CustomerProfile, CustomerSearchResult, QualificationLookup } from '../partnerCenter/types';

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

/** A customer domain: its one customer's answer, a choice, nobody, or the search's failure. */
export type DomainAnswer =
  | { readonly kind: 'found'; readonly answer: CustomerAnswer }
  | { readonly kind: 'choice'; readonly search: CustomerSearchResult }
  | { readonly kind: 'notFound'; readonly search: CustomerSearchResult }
  | { readonly kind: 'failed'; readonly error: unknown };
