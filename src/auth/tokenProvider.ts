/** Where the Partner Center access token for one call comes from (app-only, demo, later the user). */
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
