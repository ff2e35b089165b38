/**
 * Customer tenant ids ("Microsoft ID" in Partner Center) are GUIDs. This is the one place that
 * decides what a valid id looks like; the command parser and the REST client both rely on it, so
 * nothing that is not a canonical GUID can ever become part of a Partner Center URL path.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Any GUID, in either case (app ids, tenant ids and request ids in configuration and headers). */
export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The canonical form (lower case, no braces) of a GUID typed by a person, or undefined. */
export function normaliseCustomerId(text: string): string | undefined {
  let candidate = text.trim();
  if (candidate.startsWith('{') && candidate.endsWith('}')) {
    candidate = candidate.slice(1, -1);
  }
  candidate = candidate.toLowerCase();
  return GUID.test(candidate) ? candidate : undefined;
}

/** True only for an id already in canonical form. */
export function isCanonicalCustomerId(id: string): boolean {
  return GUID.test(id);
}
