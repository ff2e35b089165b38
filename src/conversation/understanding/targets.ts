import { normaliseCustomerId, type CustomerTenantId } from '../../partnerCenter/customerId';
import { normaliseDomain, type CustomerDomain } from '../../partnerCenter/domain';
import { stripWrapping } from './text';

/**
 * What one ASCII token of a message is, as a lookup target: a tenant id, a customer domain, a
 * Partner Center customer link (its tenant id), something that tries to be one of them and is
 * not (`bad`: the bot says so rather than guess), or a plain word. Only `normaliseCustomerId` and
 * `normaliseDomain` make the values, so nothing else can reach Partner Center.
 */
export type TokenMeaning =
  | { readonly kind: 'id'; readonly customerId: CustomerTenantId }
  | { readonly kind: 'domain'; readonly domain: CustomerDomain }
  | { readonly kind: 'bad' }
  | { readonly kind: 'word'; readonly core: string };

/** A GUID somewhere inside a token (with something glued to it). */
const GUID_INSIDE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
/** Roughly the shape of a GUID (8-4-4-4-12 give or take, any letters): a mistyped tenant id. */
const GUID_SHAPED = /^\{?[0-9a-z]{6,10}(?:-[0-9a-z]{2,6}){3}-[0-9a-z]{8,16}\}?$/i;
/** Sixteen or more hex digits and dashes: part of a tenant id, or one without its dashes. */
const HEX_RUN = /^\{?[0-9a-f-]{16,}\}?$/i;
/** The start of a tenant id (eight hex digits and a dash, then hex and dashes only): `3f2b6c1e-8a4d`. */
const GUID_START = /^\{?[0-9a-f]{8}-[0-9a-f-]*\}?$/i;
/** Partner Center's own site; a link to it names a customer by a `customers/<tenant id>` path. */
const PARTNER_CENTER_LINK = /^(?:https?:\/\/)?(?:www\.)?partner\.microsoft\.com(?:[/?#]|$)/i;
/** A domain's last label: two letters or more (so `e.g.`, `a.m.` and `U.S.` are words). */
const TOP_LEVEL = /\.(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** What `token` (a whole token of the message, not Chinese text) means. */
export function meaningOf(token: string): TokenMeaning {
  const core = stripWrapping(token);
  return targetOf(core) ?? (looksLikeAnId(core) ? { kind: 'bad' } : { kind: 'word', core });
}

function targetOf(core: string): TokenMeaning | undefined {
  if (PARTNER_CENTER_LINK.test(core)) {
    const customerId = customerOfLink(core);
    return customerId === undefined ? { kind: 'bad' } : { kind: 'id', customerId };
  }
  const customerId = normaliseCustomerId(core);
  if (customerId !== undefined) return { kind: 'id', customerId };
  const domain = normaliseDomain(core);
  return domain !== undefined && TOP_LEVEL.test(domain) ? { kind: 'domain', domain } : undefined;
}

/**
 * The tenant id of a Partner Center link such as
 * `https://partner.microsoft.com/en-us/dashboard/commerce2/customers/<id>/account`: the path
 * segment after `customers`, when it is a tenant id (with or without a locale segment, whatever
 * page of the customer it opens). The WHATWG URL parser reads the link; only the GUID is kept.
 */
function customerOfLink(link: string): CustomerTenantId | undefined {
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(link) ? link : `https://${link}`);
  } catch {
    return undefined;
  }
  const segments = url.pathname.split('/');
  const at = segments.findIndex((segment) => segment.toLowerCase() === 'customers');
  return at < 0 ? undefined : normaliseCustomerId(segments[at + 1] ?? '');
}

/** Something typed as a tenant id that is not one: GUID-shaped, a GUID with more glued on, a run of hex. */
function looksLikeAnId(core: string): boolean {
  return (
    GUID_INSIDE.test(core) || GUID_SHAPED.test(core) || GUID_START.test(core) || (HEX_RUN.test(core) && /\d/.test(core))
  );
}
