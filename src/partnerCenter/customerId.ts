/**
 * Customer tenant ids ("Microsoft ID" in Partner Center) are GUIDs. This is the one place that
 * decides what a valid id looks like. What people type is validated once, at the edge
 * (normaliseCustomerId), and carried from there as a CustomerTenantId: the type says it is
 * canonical, so nothing that is not a canonical GUID can become part of a Partner Center URL.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

declare const canonical: unique symbol;
/** A customer tenant id in canonical form (lower case, no braces). Only this module makes one. */
export type CustomerTenantId = string & { readonly [canonical]: 'CustomerTenantId' };

/** Any GUID, in either case (app ids, tenant ids and request ids in configuration and headers). */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The canonical form (lower case, no braces) of a GUID typed by a person, or undefined. */
export function normaliseCustomerId(text: string): CustomerTenantId | undefined {
  let candidate = text.trim();
  if (candidate.startsWith('{') && candidate.endsWith('}')) {
    candidate = candidate.slice(1, -1);
  }
  candidate = candidate.toLowerCase();
  return isCanonicalCustomerId(candidate) ? candidate : undefined;
}

/** True only for an id already in canonical form. */
export function isCanonicalCustomerId(id: string): id is CustomerTenantId {
  return GUID.test(id);
}
