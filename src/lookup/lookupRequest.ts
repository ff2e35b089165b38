import { normaliseCompanyName, type CompanyName } from '../partnerCenter/companyName';
import { normaliseCustomerId, type CustomerTenantId } from '../partnerCenter/customerId';
import { normaliseDomain, type CustomerDomain } from '../partnerCenter/domain';

/** One customer of a several-customer request: by tenant id, or by a domain to resolve first. */
export type LookupTarget =
  | { readonly kind: 'id'; readonly customerId: CustomerTenantId }
  | { readonly kind: 'domain'; readonly domain: CustomerDomain };

/**
 * A lookup someone asked for. In PARTNER_CENTER_AUTH=user mode it waits in conversation state
 * while they sign in, so it holds only ids, domains and a name (never a token) and is plain JSON.
 */
export type LookupRequest =
  /** One or more canonical tenant ids, in the order typed. */
  | { readonly kind: 'customers'; readonly customerIds: readonly CustomerTenantId[] }
  /** A normalised domain, to be found among the partner's customers. */
  | { readonly kind: 'domain'; readonly domain: CustomerDomain }
  /** Tenant ids and domains together (or several domains), in the order typed: one summary card. */
  | { readonly kind: 'targets'; readonly targets: readonly LookupTarget[] }
  /** A company name, to be searched for among the partner's customers. */
  | { readonly kind: 'name'; readonly name: CompanyName }
  /** `watch …`: the customers looked up once as the person, then watched (src/watch/). */
  | { readonly kind: 'watch'; readonly targets: readonly LookupTarget[] };

/**
 * A request read back from conversation state (another instance or an earlier process may have
 * written it): validated again, like anything from outside, or undefined.
 */
export function parseLookupRequest(value: unknown): LookupRequest | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, customerIds, domain, targets, name } = value as Record<string, unknown>;
  if (kind === 'domain' && typeof domain === 'string') {
    const canonical = normaliseDomain(domain);
    return canonical === undefined ? undefined : { kind, domain: canonical };
  }
  if (kind === 'customers' && Array.isArray(customerIds) && customerIds.length > 0) {
    const ids = customerIds.map((id) => (typeof id === 'string' ? normaliseCustomerId(id) : undefined));
    return ids.every((id) => id !== undefined) ? { kind, customerIds: ids } : undefined;
  }
  if ((kind === 'targets' || kind === 'watch') && Array.isArray(targets) && targets.length > 0) {
    const read = targets.map(parseTarget);
    return read.every((target) => target !== undefined) ? { kind, targets: read } : undefined;
  }
  if (kind === 'name' && typeof name === 'string') {
    const canonical = normaliseCompanyName(name);
    return canonical === undefined ? undefined : { kind, name: canonical };
  }
  return undefined;
}

function parseTarget(value: unknown): LookupTarget | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, customerId, domain } = value as Record<string, unknown>;
  if (kind === 'id' && typeof customerId === 'string') {
    const id = normaliseCustomerId(customerId);
    return id === undefined ? undefined : { kind, customerId: id };
  }
  if (kind === 'domain' && typeof domain === 'string') {
    const canonical = normaliseDomain(domain);
    return canonical === undefined ? undefined : { kind, domain: canonical };
  }
  return undefined;
}
