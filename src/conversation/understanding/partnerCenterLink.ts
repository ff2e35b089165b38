import { normaliseCustomerId, type CustomerTenantId } from '../../partnerCenter/customerId';

/**
 * The customer a pasted Partner Center link is about (link unfurling): an https link on
 * partner.microsoft.com to `/dashboard/commerce2/customers/<tenant id>/…`, with or without a
 * locale segment first (`/en-us/dashboard/…`). Anything else — another page of Partner Center,
 * another host, a look-alike host, a malformed id — is no customer, and gets no card.
 */
export const PARTNER_CENTER_LINK_HOST = 'partner.microsoft.com';
/** The path after the optional locale: the customer's tenant id is the fourth segment. */
const CUSTOMER_PATH = /^\/(?:[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,2}\/)?dashboard\/commerce2\/customers\/([^/?#]+)(?:\/|$)/i;
/** Teams sends the whole pasted link; longer than this is no link a person pasted. */
const MAX_LINK_LENGTH = 2048;

export function customerOfPartnerCenterLink(link: unknown): CustomerTenantId | undefined {
  if (typeof link !== 'string' || link.length > MAX_LINK_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  if (
    url.protocol !== 'https:' ||
    url.hostname.toLowerCase() !== PARTNER_CENTER_LINK_HOST ||
    url.username ||
    url.password
  )
    return undefined;
  const id = CUSTOMER_PATH.exec(url.pathname)?.[1];
  return id === undefined ? undefined : normaliseCustomerId(decodeURIComponentSafely(id));
}

function decodeURIComponentSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
