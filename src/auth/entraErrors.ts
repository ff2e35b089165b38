import { TokenAcquisitionError, type TokenFailureReason } from './tokenProvider';

/**
 * Entra ID (MSAL) failures → a TokenAcquisitionError with a reason the cards can explain. Only the
 * AADSTS code and a reason are kept; never the raw MSAL error, which can carry request details.
 * Codes: https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
const MFA_CODES = ['AADSTS50076', 'AADSTS50079', 'AADSTS50074', 'AADSTS50072', 'AADSTS50158'];
const CONSENT_CODES = ['AADSTS65001', 'AADSTS65004', 'AADSTS90094', 'AADSTS90008'];
const EXPIRED_CODES = [
  'AADSTS50013',
  'AADSTS500133',
  'AADSTS50173',
  'AADSTS70043',
  'AADSTS700082',
  'AADSTS50132',
  'AADSTS50089',
];
const CREDENTIAL_CODES = ['AADSTS7000215', 'AADSTS7000222', 'AADSTS700016', 'AADSTS700027', 'AADSTS7000112'];
const TENANT_CODES = ['AADSTS90002', 'AADSTS900023', 'AADSTS90072', 'AADSTS50020'];
/** Conditional Access blocks (device, location, policy): no consent fixes these; the card shows the code. */
const POLICY_CODES = ['AADSTS53000', 'AADSTS53001', 'AADSTS53002', 'AADSTS53003', 'AADSTS53004'];
const NETWORK_CODES = ['network_error', 'endpoints_resolution_error', 'openid_config_error', 'untrusted_authority'];

function reasonFor(aadCode: string | undefined, errorCode: string, text: string): TokenFailureReason {
  const is = (codes: readonly string[]) => aadCode !== undefined && codes.includes(aadCode);
  if (is(MFA_CODES)) return 'mfaRequired';
  if (is(CONSENT_CODES) || errorCode === 'consent_required') return 'consentRequired';
  if (is(EXPIRED_CODES)) return 'signInExpired';
  if (is(CREDENTIAL_CODES) || errorCode === 'invalid_client') return 'invalidCredentials';
  if (is(TENANT_CODES) || errorCode === 'invalid_tenant') return 'invalidTenant';
  if (NETWORK_CODES.some((code) => text.includes(code))) return 'unreachable';
  if (is(POLICY_CODES)) return 'unknown';
  // Any other "the user must interact" answer (MSAL's InteractionRequiredAuthError) on the
  // on-behalf-of path means a consent or policy prompt the bot cannot show.
  if (errorCode === 'interaction_required') return 'consentRequired';
  return 'unknown';
}

export function toTokenAcquisitionError(error: unknown): TokenAcquisitionError {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const errorCode = typeof record.errorCode === 'string' ? record.errorCode : '';
  const text = `${errorCode} ${typeof record.errorMessage === 'string' ? record.errorMessage : ''} ${
    error instanceof Error ? error.message : ''
  } ${typeof record.subError === 'string' ? record.subError : ''}`;
  const aadCode = text.match(/AADSTS\d+/)?.[0];
  const reason = reasonFor(aadCode, errorCode, text);
  return new TokenAcquisitionError(
    reason,
    `Could not get a Partner Center token (${aadCode ?? (errorCode || 'unknown')})`,
    aadCode,
  );
}
