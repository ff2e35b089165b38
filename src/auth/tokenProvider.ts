/** Where the Partner Center access token for one call comes from (app-only, demo, or the signed-in user). */
export interface PartnerCenterTokenProvider {
  /** A bearer token for the Partner Center API. Throws TokenAcquisitionError when none can be had. */
  getToken(): Promise<string>;
}

export type TokenFailureReason =
  /** Entra rejected the app's credentials (wrong secret, expired secret, unknown client id). */
  | 'invalidCredentials'
  /** The tenant or authority is wrong or unknown. */
  | 'invalidTenant'
  /** Entra could not be reached or did not answer in time. */
  | 'unreachable'
  /** On-behalf-of: nobody has consented to the app's Partner Center permission (AADSTS65001, interaction_required). */
  | 'consentRequired'
  /** On-behalf-of: the user's sign-in lacks multi-factor authentication (AADSTS50076, 50079, …). */
  | 'mfaRequired'
  /** On-behalf-of: the user's sign-in expired or was revoked (AADSTS50013, 500133, 50173, …): sign in again. */
  | 'signInExpired'
  | 'unknown';

/** No token could be obtained. `aadCode` is the AADSTS code when Entra sent one; never the secret. */
export class TokenAcquisitionError extends Error {
  readonly reason: TokenFailureReason;
  readonly aadCode?: string;

  constructor(reason: TokenFailureReason, message: string, aadCode?: string) {
    super(message);
    this.name = 'TokenAcquisitionError';
    this.reason = reason;
    this.aadCode = aadCode;
  }
}

/** The signed-in person's sign-in turned out to be expired or revoked (sign in again). */
export function isExpiredSignIn(error: unknown): boolean {
  return error instanceof TokenAcquisitionError && error.reason === 'signInExpired';
}
