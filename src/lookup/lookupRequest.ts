import { normaliseCustomerId, type CustomerTenantId } from '../partnerCenter/customerId';
import { normaliseDomain, type CustomerDomain } from '../partnerCenter/domain';

/**
 * A lookup someone asked for. In PARTNER_CENTER_AUTH=user mode it waits in conversation state
 * while they sign in, so it holds only ids and a domain (never a token) and is plain JSON.
 */
export type LookupRequest =
  /** One or more canonical tenant ids, in the order typed. */
  | { readonly kind: 'customers'; readonly customerIds: readonly CustomerTenantId[] }
  /** A normalised domain, to be found among the partner's customers. */
  | { readonly kind: 'domain'; readonly domain: CustomerDomain };

/**
 * A request read back from conversation state (another instance or an earlier process may have
 * written it): validated again, like anything from outside, or undefined.
 */
export function parseLookupRequest(value: unknown): LookupRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, customerIds, domain } = value as { kind?: unknown; customerIds?: unknown; domain?: unknown };
  if (kind === 'domain' && typeof domain === 'string') {
    const canonical = normaliseDomain(domain);
    return canonical === undefined ? undefined : { kind, domain: canonical };
  }
  if (kind === 'customers' && Array.isArray(customerIds) && customerIds.length > 0) {
    const ids = customerIds.map((id) => (typeof id === 'string' ? normaliseCustomerId(id) : undefined));
    return ids.every((id) => id !== undefined) ? { kind, customerIds: ids } : undefined;
  }
  return undefined;
}
