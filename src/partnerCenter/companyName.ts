/**
 * Company names typed by a person, to search Partner Center's customers by (`CompanyName`
 * starts_with). Like customerId.ts and domain.ts, this is the one place that decides what may
 * become part of a search filter: the command parser makes a CompanyName once, at the edge, and
 * the REST client takes nothing else.
 *
 * Accepted: letters of any script, digits, combining marks, spaces and the punctuation company
 * names use (`& ' ’ . , - ( ) + !`, the full-width parentheses and `・`), with at least one letter
 * and at least MIN_COMPANY_NAME_LENGTH characters. Everything a filter or a URL could read
 * (quotes, brackets, slashes, `%`, `:`, `=`, `?`, `#`, `\`, `<`, `>`, control characters) is refused.
 * A longer name is cut to MAX_COMPANY_NAME_LENGTH characters: Partner Center matches the start of a
 * name, so its beginning finds the same customers.
 */
declare const canonical: unique symbol;
/** A company name in canonical form (see normaliseCompanyName). Only this module makes one. */
export type CompanyName = string & { readonly [canonical]: 'CompanyName' };

/** Longer names are cut to this many characters (code points). */
export const MAX_COMPANY_NAME_LENGTH = 64;
/** One letter would match a good part of any customer list. */
const MIN_COMPANY_NAME_LENGTH = 2;

const ALLOWED = /^[\p{L}\p{M}\p{N} &'.,\-()+!（）・]+$/u;
const LETTER = /\p{L}/u;

/**
 * The canonical form of a company name typed by a person — Unicode NFC, runs of white space as one
 * space, trimmed, the typographic apostrophe as `'`, at most MAX_COMPANY_NAME_LENGTH characters —
 * or undefined when it is not a plausible company name.
 */
export function normaliseCompanyName(text: string): CompanyName | undefined {
  const candidate = text.normalize('NFC').replace(/\s+/g, ' ').replace(/’/g, "'").trim();
  if (!ALLOWED.test(candidate) || !LETTER.test(candidate)) return undefined;
  const characters = Array.from(candidate);
  if (characters.length < MIN_COMPANY_NAME_LENGTH) return undefined;
  return characters.slice(0, MAX_COMPANY_NAME_LENGTH).join('').trim() as CompanyName;
}

/** True when every character of `text` may be part of a company name (it may still be too short, or lack a letter). */
export function hasOnlyCompanyNameCharacters(text: string): boolean {
  return ALLOWED.test(text.normalize('NFC').replace(/’/g, "'"));
}

/** True only for a name already in canonical form (what normaliseCompanyName returns). */
export function isNormalisedCompanyName(name: string): name is CompanyName {
  return normaliseCompanyName(name) === name;
}
