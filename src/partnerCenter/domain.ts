/**
 * Customer domains (e.g. contoso.onmicrosoft.com) typed by a person. Like customerId.ts for ids,
 * this is the one place that decides what a domain looks like: the command parser and the REST
 * client both rely on it, so only a validated, lower-case DNS name can become part of a Partner
 * Center search filter.
 *
 * Accepted: letters, digits and hyphens in labels of 1–63 characters that neither start nor end
 * with a hyphen; at least two labels; at most 253 characters; a top-level label that is not all
 * digits (so an IPv4 address is not a domain). Internationalised names only as punycode (xn--…);
 * other labels with "--" in the third and fourth place are reserved and refused.
 */
declare const canonical: unique symbol;
/** A customer domain in canonical form (see normaliseDomain). Only this module makes one. */
export type CustomerDomain = string & { readonly [canonical]: 'CustomerDomain' };

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MAX_DOMAIN_LENGTH = 253;
/** Only printable ASCII is ever looked at further: "\u212A".toLowerCase() is "k". */
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/** Quotes a person may wrap a domain in, opening → closing. */
const QUOTES: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ['`', '`'],
  ['\u201c', '\u201d'], // “ ”
  ['\u2018', '\u2019'], // ‘ ’
  ['\u201e', '\u201c'], // „ “
  ['\u00ab', '\u00bb'], // « »
  ['<', '>'],
];

function unquote(text: string): string {
  for (const [open, close] of QUOTES) {
    if (text.length >= 2 && text.startsWith(open) && text.endsWith(close)) return text.slice(1, -1).trim();
  }
  return text;
}

function isLabel(label: string): boolean {
  if (!LABEL.test(label)) return false;
  // "ab--…" is reserved (RFC 5891 §4.2.3.1) except for punycode, "xn--…".
  return label.slice(2, 4) !== '--' || label.startsWith('xn--');
}

function isValidDomain(candidate: string): boolean {
  if (candidate.length > MAX_DOMAIN_LENGTH) return false;
  const labels = candidate.split('.');
  if (labels.length < 2 || !labels.every(isLabel)) return false;
  const topLevel = labels[labels.length - 1];
  return !/^\d+$/.test(topLevel);
}

/**
 * The canonical form (trimmed, unquoted, lower case, no trailing dot) of a domain typed by a
 * person, or undefined when it is not a plausible DNS name.
 */
export function normaliseDomain(text: string): CustomerDomain | undefined {
  let candidate = unquote(text.trim());
  if (candidate.endsWith('.')) candidate = candidate.slice(0, -1);
  if (!PRINTABLE_ASCII.test(candidate)) return undefined;
  candidate = candidate.toLowerCase();
  return isValidDomain(candidate) ? (candidate as CustomerDomain) : undefined;
}

/** True only for a domain already in canonical form (what normaliseDomain returns). */
export function isNormalisedDomain(domain: string): domain is CustomerDomain {
  return normaliseDomain(domain) === domain;
}

/** The first label: "contoso" for contoso.onmicrosoft.com. Only for a canonical domain. */
export function firstLabel(domain: string): string {
  return domain.split('.')[0];
}
