import { DEFAULTS } from '../config/defaults';
import type { LookupTarget } from '../lookup/lookupRequest';
import { hasOnlyCompanyNameCharacters, normaliseCompanyName, type CompanyName } from '../partnerCenter/companyName';
import type { CustomerTenantId } from '../partnerCenter/customerId';
import type { CustomerDomain } from '../partnerCenter/domain';
import { meaningOf } from './understanding/targets';
import { clean, coreSpan, INVISIBLE, MAX_PARSED_LENGTH, tokenise, type Token } from './understanding/text';
import {
  chinesePieces,
  isHelpWord,
  isNearCommand,
  isSignOut,
  kindOfWord,
  type WordKind,
} from './understanding/vocabulary';

export { MAX_PARSED_LENGTH } from './understanding/text';

/**
 * Turns what a person typed into a command. Pure: no botbuilder, no I/O. The rules (written for
 * people in docs/talking-to-the-bot.md):
 *
 * 1. Tenant ids, customer domains and Partner Center customer links are found anywhere in the
 *    message, whatever words surround them (a GUID in braces, quotes or upper case, after
 *    `Tenant ID:`, a domain at the end of a question, a pasted dashboard link). Several, and ids
 *    mixed with domains, are one lookup: one id → `qualification`, ids → `bulkQualification`, one
 *    domain alone → `qualificationByDomain`, anything else → `mixedQualification`. More distinct
 *    targets than `maxCustomers` → `tooManyCustomers`.
 * 2. Something typed as a tenant id or a Partner Center link that is not a valid one (a GUID with a
 *    path glued to it, one character short, a dashboard link without a customer) → `invalidCustomerId`
 *    naming it: nothing is looked up, rather than a guess at what was meant.
 * 3. `help`, `sign out` (and their variants, greetings, Chinese forms) when that is the whole
 *    message, give or take filler words like "please".
 * 4. Otherwise, after a command word (`qualification`, `qual`, `check`, `資格`, `查詢`, …; see
 *    vocabulary.json, with small typos: typos.ts), the words that are not filler words are a
 *    company name → `qualificationByName` (the name must be a plausible one: companyName.ts).
 *    No words at all → `invalidCustomerId` with nothing `invalid`.
 * 5. Nothing the bot can read → `help` with reason `unknown` and what was typed (the help card says
 *    what it could not find). An empty message → `help` with reason `empty`.
 *
 * Values are made only by normaliseCustomerId, normaliseDomain and normaliseCompanyName, so nothing
 * else can reach Partner Center. `input` and `typed` are the cleaned message (no mentions, at most
 * MAX_PARSED_LENGTH characters); `invalid` lists offending tokens as typed.
 */
export type ParsedCommand =
  | { readonly kind: 'qualification'; readonly customerId: CustomerTenantId }
  /** Two or more distinct canonical tenant ids, in the order typed; never more than `maxCustomers`. */
  | { readonly kind: 'bulkQualification'; readonly customerIds: readonly CustomerTenantId[] }
  /** A normalised domain (e.g. `contoso.onmicrosoft.com`), to be resolved to a tenant id. */
  | { readonly kind: 'qualificationByDomain'; readonly domain: CustomerDomain }
  /** Two or more distinct targets of which at least one is a domain, in the order typed. */
  | { readonly kind: 'mixedQualification'; readonly targets: readonly LookupTarget[] }
  /** A company name to search for (Partner Center matches the start of the name). */
  | { readonly kind: 'qualificationByName'; readonly name: CompanyName }
  | { readonly kind: 'tooManyCustomers'; readonly count: number; readonly limit: number }
  | { readonly kind: 'invalidCustomerId'; readonly input: string; readonly invalid: readonly string[] }
  | { readonly kind: 'help'; readonly reason: 'asked' | 'empty' }
  /** Nothing the bot could read; `typed` is the message (cleaned), for the card to say so. */
  | { readonly kind: 'help'; readonly reason: 'unknown'; readonly typed: string }
  /** Forget the user's Partner Center sign-in (PARTNER_CENTER_AUTH=user). */
  | { readonly kind: 'signOut' };

export interface ParseOptions {
  /** Most customers one message may ask for (a positive integer); default {@link DEFAULT_MAX_CUSTOMERS}. */
  readonly maxCustomers?: number;
}

/** How many customers one message may ask for unless the caller says otherwise. */
export const DEFAULT_MAX_CUSTOMERS: number = DEFAULTS.maxCustomersPerMessage;

/** A company name typed before the command word ("Contoso qualification?") has at most this many words. */
const MAX_NAME_WORDS_BEFORE_COMMAND = 6;

/** A GUID anywhere in a text (to count what a message holds beyond the part that is parsed). */
const GUID_ANYWHERE = /(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/gi;

/** One word of the message: what it is, where its core (without wrapping) stands, and the token as typed. */
interface Word {
  readonly kind: WordKind | 'target' | 'bad';
  readonly start: number;
  readonly end: number;
  readonly core: string;
  readonly typed: string;
  readonly target?: LookupTarget;
}

/** `Tenant ID:<id>`, `id=<id>`, `for:`: a filler word glued by a colon or `=` to what follows it. */
const LABELLED = /^(\p{L}{1,20})[:=](.+)$/u;

function wordsOf(cleaned: string): Word[] {
  return tokenise(cleaned).flatMap((token) => (token.wide ? chineseWords(token) : asciiWords(token)));
}

/** The word of an ASCII token; two when it is a filler word glued to what follows (`ID:<id>`). */
function asciiWords(token: Token): Word[] {
  const labelled = LABELLED.exec(token.text);
  if (labelled === null || kindOfWord(labelled[1]) !== 'filler') return [asciiWord(token)];
  const label = labelled[1];
  const rest = { text: labelled[2], start: token.end - labelled[2].length, end: token.end, wide: false };
  return [
    { kind: 'filler', start: token.start, end: token.start + label.length, core: label, typed: label },
    ...asciiWords(rest),
  ];
}

function asciiWord(token: Token): Word {
  const span = coreSpan(token.text);
  const where = { start: token.start + span.start, end: token.start + span.end, typed: token.text };
  const meaning = meaningOf(token.text);
  switch (meaning.kind) {
    case 'id':
      return {
        ...where,
        kind: 'target',
        core: meaning.customerId,
        target: { kind: 'id', customerId: meaning.customerId },
      };
    case 'domain':
      return { ...where, kind: 'target', core: meaning.domain, target: { kind: 'domain', domain: meaning.domain } };
    case 'bad':
      return { ...where, kind: 'bad', core: token.text };
    case 'word':
      return { ...where, kind: kindOfWord(meaning.core), core: meaning.core };
  }
}

function chineseWords(token: Token): Word[] {
  return chinesePieces(token.text).map((piece) => {
    const text = token.text.slice(piece.start, piece.end);
    return {
      kind: piece.kind,
      start: token.start + piece.start,
      end: token.start + piece.end,
      core: text,
      typed: text,
    };
  });
}

/** The first command word; without one, the first English word that is one with a small typo. */
function commandIndex(words: readonly Word[]): number | undefined {
  const exact = words.findIndex((word) => word.kind === 'command');
  if (exact >= 0) return exact;
  const near = words.findIndex((word) => word.kind === 'other' && isNearCommand(word.core));
  return near >= 0 ? near : undefined;
}

const STRIPPABLE: ReadonlySet<Word['kind']> = new Set(['filler', 'command', 'punctuation']);

/** Without the filler words, command words and punctuation at either end. */
function trimmed(words: readonly Word[]): readonly Word[] {
  let start = 0;
  let end = words.length;
  while (start < end && STRIPPABLE.has(words[start].kind)) start++;
  while (end > start && STRIPPABLE.has(words[end - 1].kind)) end--;
  return words.slice(start, end);
}

/** The words that name the company: after the command word, or (when nothing follows it) a few before it. */
function nameWords(words: readonly Word[], command: number): readonly Word[] {
  const after = trimmed(words.slice(command + 1));
  if (after.length > 0) return after;
  const before = trimmed(words.slice(0, command));
  return before.length <= MAX_NAME_WORDS_BEFORE_COMMAND ? before : [];
}

function byName(cleaned: string, words: readonly Word[]): ParsedCommand {
  const [first] = words;
  const last = words[words.length - 1];
  if (first === undefined || last === undefined) return { kind: 'invalidCustomerId', input: cleaned, invalid: [] };
  const name = normaliseCompanyName(cleaned.slice(first.start, last.end));
  if (name !== undefined) return { kind: 'qualificationByName', name };
  // Name the words with characters no company name has; when there are none, the name as a whole is the problem.
  const offending = words.filter((word) => !hasOnlyCompanyNameCharacters(word.core));
  return {
    kind: 'invalidCustomerId',
    input: cleaned,
    invalid: unique((offending.length > 0 ? offending : words).map((w) => w.typed)),
  };
}

function unique(texts: readonly string[]): string[] {
  return [...new Set(texts)];
}

/** The lookup the targets ask for (see ParsedCommand). */
function lookupOf(targets: readonly LookupTarget[], limit: number): ParsedCommand {
  if (targets.length > limit) return { kind: 'tooManyCustomers', count: targets.length, limit };
  const ids = targets.flatMap((target) => (target.kind === 'id' ? [target.customerId] : []));
  const [first] = targets;
  if (ids.length === targets.length) {
    return ids.length === 1
      ? { kind: 'qualification', customerId: ids[0] }
      : { kind: 'bulkQualification', customerIds: ids };
  }
  if (targets.length === 1 && first?.kind === 'domain') return { kind: 'qualificationByDomain', domain: first.domain };
  return { kind: 'mixedQualification', targets };
}

/** Each distinct target in the order typed. */
function targetsIn(words: readonly Word[]): LookupTarget[] {
  const seen = new Map<string, LookupTarget>();
  for (const { target } of words) {
    if (target === undefined) continue;
    const key = target.kind === 'id' ? target.customerId : target.domain;
    if (!seen.has(key)) seen.set(key, target);
  }
  return [...seen.values()];
}

/** `help` or `sign out` (give or take filler words and greetings) as the whole message. */
function wholeMessageCommand(cleaned: string, words: readonly Word[]): ParsedCommand | undefined {
  const lowered = cleaned.toLowerCase();
  const meaningful = words.filter((word) => word.kind !== 'filler' && word.kind !== 'punctuation');
  if (isHelpWord(lowered) || isHelpWord(lowered.replace(/[.!。！]+$/, ''))) return { kind: 'help', reason: 'asked' };
  if (words.some((word) => isHelpWord(word.core)) && meaningful.every((word) => isHelpWord(word.core))) {
    return { kind: 'help', reason: 'asked' };
  }
  const phrase = meaningful.map((word) => word.core.toLowerCase()).join(' ');
  return isSignOut(phrase) ? { kind: 'signOut' } : undefined;
}

function limitOf(options: ParseOptions): number {
  const limit = options.maxCustomers ?? DEFAULT_MAX_CUSTOMERS;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`maxCustomers must be a positive integer, got ${String(limit)}`);
  }
  return limit;
}

export function parseCommand(text: string | undefined | null, options: ParseOptions = {}): ParsedCommand {
  const limit = limitOf(options);
  const command = parseCut(text ?? '', limit);
  return (text ?? '').length > MAX_PARSED_LENGTH ? countBeyondTheCut(command, text ?? '', limit) : command;
}

/**
 * A message longer than MAX_PARSED_LENGTH was parsed from its beginning only. If the whole of it
 * names more customers than the limit, "too many" says how many it really names (a pasted list of
 * 1,000 ids is 1,000, not the 53 in the first 2,000 characters). A linear scan, no pattern that
 * could backtrack.
 */
function countBeyondTheCut(command: ParsedCommand, text: string, limit: number): ParsedCommand {
  const ids = new Set<string>();
  for (const match of text.replace(INVISIBLE, '').matchAll(GUID_ANYWHERE)) ids.add(match[0].toLowerCase());
  const counted = command.kind === 'tooManyCustomers' ? command.count : 0;
  return ids.size > limit && ids.size > counted ? { kind: 'tooManyCustomers', count: ids.size, limit } : command;
}

function parseCut(text: string, limit: number): ParsedCommand {
  const cleaned = clean(text);
  if (cleaned === '') return { kind: 'help', reason: 'empty' };
  const words = wordsOf(cleaned);
  const targets = targetsIn(words);
  const bad = words.filter((word) => word.kind === 'bad');
  if (targets.length === 0 && bad.length === 0) {
    const whole = wholeMessageCommand(cleaned, words);
    if (whole !== undefined) return whole;
  }
  if (targets.length > limit) return { kind: 'tooManyCustomers', count: targets.length, limit };
  if (bad.length > 0)
    return { kind: 'invalidCustomerId', input: cleaned, invalid: unique(bad.map((word) => word.typed)) };
  if (targets.length > 0) return lookupOf(targets, limit);
  const command = commandIndex(words);
  if (command === undefined) return { kind: 'help', reason: 'unknown', typed: cleaned };
  return byName(cleaned, nameWords(words, command));
}
