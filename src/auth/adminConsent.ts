/**
 * Where a tenant admin grants the app's permissions (Partner Center user_impersonation included)
 * for the whole organization: the admin-consent endpoint of the partner tenant.
 */
export function adminConsentUrl(authorityHost: string, tenantId: string, clientId: string): string {
  const url = new URL(`/${encodeURIComponent(tenantId)}/adminconsent`, authorityHost);
  url.searchParams.set('client_id', clientId);
  return url.toString();
}
