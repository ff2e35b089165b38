import type { Logger } from '../shared/logger';
import type { ProfileCache } from '../lookup/companyNames';
import type { CallContext, CustomerDirectory, QualificationLookup } from '../partnerCenter/types';

/**
 * What the conversation needs from Partner Center: a customer's qualifications, and the customer
 * directory (company names, lookups by domain). The resilient REST client has all three.
 */
export interface QualificationSource extends CustomerDirectory {
  getQualifications(customerId: string, context: CallContext): Promise<QualificationLookup>;
}

/** Per-turn facts every handler needs. */
export interface TurnInfo {
  readonly correlationId: string;
  /** Writes the correlation id on every line (a pino child logger made for this turn). */
  readonly logger: Logger;
  readonly locale: string;
  /** Entra object id of the person who asked (for the audit log), when the channel sends it. */
  readonly userObjectId?: string;
}

/** What every lookup handler needs. */
export interface LookupDeps {
  readonly source: QualificationSource;
  /** Company names and domains remembered between lookups. */
  readonly profiles: ProfileCache;
  /** Demo mode: every card says the data is not from Partner Center. */
  readonly demo: boolean;
  /** PARTNER_CENTER_AUTH=user: error cards speak to the user (consent, MFA, roles) with a next step. */
  readonly userSignIn?: { readonly adminConsentUrl: string };
}

/**
 * `answered`: a card was sent. `signInExpired` (user mode): the user's sign-in turned out to be
 * expired or revoked; nothing was sent, the caller asks them to sign in again.
 */
export type LookupOutcome = 'answered' | 'signInExpired';
