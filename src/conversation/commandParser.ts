import { DEFAULTS } from '../config/defaults';
import { normaliseCustomerId, type CustomerTenantId } from '../partnerCenter/customerId';
import { normaliseDomain, type CustomerDomain } from '../partnerCenter/domain';

/**
 * Turns what a person typed into a command. Pure: no botbuilder, no I/O. It accepts what people
 * really type — any case, extra spaces and punctuation, a leading Teams @mention, "qualifications",
 * a GUID in braces, quotes or upper case, a trailing period, full-width punctuation — and never lets
 * anything but a canonical GUID (`normaliseCustomerId`) or a normalised domain (`normaliseDomain`)
 * through as a lookup target.
 *
 * Commands:
 * - English: `qualification for <targets>` (also `qualifications`, `of`, no `for`, a colon, and a
 *   leading `check` / `get` / `show`); `help`, `?`, `hi`, `hello`, …; `sign out`, `logout`, ….
 * - Traditional Chinese: `資格`, `查詢資格`, `資格查詢`, `查資格`, `查詢` (the bot looks up nothing
 *   else), each optionally after `請`; `說明`, `幫助`, `？`, `你好`, …; `登出`. Simplified forms
 *   (`资格`, `查询资格`, `资格查询`, `查资格`, `查询`, `请`, `说明`, `帮助`, `退出登录`) work too.
 *   Full-width spaces, colons, commas and semicolons work like their ASCII counterparts
 *   (`資格：<id>`, `資格　<id>`), and `「」『』【】《》（）` wrap a target like quotes do.
 * - A message that is nothing but tenant ids, or nothing but one domain, is a lookup too.
 *
 * Targets (the text after the command word) are separated by spaces, new lines, commas (`,`, `，`,
 * `、`), semicolons (`;`, `；`) or a lone `and` / `&` / `和` / `及` / `與` / `与`. Wrapping quotes,
 * brackets and trailing punctuation around each target are ignored. Then:
 * 1. More distinct tenant ids than `maxCustomers` → `tooManyCustomers` (`count` = distinct valid
 *    ids, whatever else the message holds; a message longer than {@link MAX_PARSED_LENGTH} is
 *    parsed from its beginning only, and `count` is then the distinct GUIDs in the whole message).
 * 2. Exactly one domain and nothing else → `qualificationByDomain`.
 * 3. Only tenant ids (duplicates removed, first-seen order) → `qualification` for one,
 *    `bulkQualification` for two or more.
 * 4. Anything else → `invalidCustomerId` with `input` = everything after the command word as typed
 *    (trimmed) and `invalid` = each offending target as typed, in order, without repeats: targets
 *    that are neither an id nor a domain, and domains that are not alone (a domain is looked up
 *    only on its own; several customers are given by tenant id). `invalid` is empty when no target
 *    was given at all (`qualification for`).
 */
export type ParsedCommand =
  | { readonly kind: 'qualification'; readonly customerId: CustomerTenantId }
  /** Two or more distinct canonical tenant ids, in the order typed; never more than `maxCustomers`. */
  | { readonly kind: 'bulkQualification'; readonly customerIds: readonly CustomerTenantId[] }
  /** A normalised domain (e.g. `contoso.onmicrosoft.com`), to be resolved to a tenant id. */
  | { readonly kind: 'qualificationByDomain'; readonly domain: CustomerDomain }
  | { readonly kind: 'tooManyCustomers'; readonly count: number; readonly limit: number }
  | { readonly kind: 'invalidCustomerId'; readonly input: string; readonly invalid: readonly string[] }
  | { readonly kind: 'help'; readonly reason: 'asked' | 'empty' | 'unknown' }
  /** Forget the user's Partner Center sign-in (PARTNER_CENTER_AUTH=user). */
  | { readonly kind: 'signOut' };

export interface ParseOptions {
  /** Most customers one message may ask for (a positive integer); default {@link DEFAULT_MAX_CUSTOMERS}. */
  readonly maxCustomers?: number;
}

/** Longer messages are cut before any pattern runs: nobody types a tenant id after 2,000 characters. */
export const MAX_PARSED_LENGTH = 2000;

/** How many customers one message may ask for unless the caller says otherwise. */
export const DEFAULT_MAX_CUSTOMERS: number = DEFAULTS.maxCustomersPerMessage;

/**
 * Removed before anything else: zero-width characters, and the bidi and direction marks (LRM,
 * RLM, ALM, the embeddings and overrides, the isolates) that copying from right-to-left text or
 * some clients put around an id. They are invisible, and the cards strip them too, so an id
 * wrapped in them would look valid on the card while failing here.
 */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
/** A GUID anywhere in a text (to count what a message holds beyond the part that is parsed). */
const GUID_ANYWHERE = /(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/gi;
const LEADING_MENTIONS = /^(\s*<at>[^<]{0,200}<\/at>)+/i;
const HELP_WORDS = new Set([
  'help',
  '?',
  'hi',
  'hello',
  'hey',
  'commands',
  'start',
  'menu',
  '？',
  '說明',
  '幫助',
  '求助',
  '指令',
  '你好',
  '您好',
  '嗨',
  '哈囉',
  '说明',
  '帮助',
  '哈啰',
]);
const SIGN_OUT_WORDS = new Set([
  'sign out',
  'signout',
  'sign-out',
  'log out',
  'logout',
  'log-out',
  'logoff',
  'log off',
  'sign off',
  '登出',
  '登出帳號',
  '登出帳户',
  '退出登入',
  '退出登錄',
  '退出登录',
  '登出账号',
  '登出账户',
]);
// Whitespace is a single ' ' here (see clean), so none of these patterns can backtrack.
const QUALIFICATION_COMMAND = /^(?:check\s+|get\s+|show\s+)?qualifications?\b\s*(?:(?:for|of)\b)?\s*[:：=-]?\s*(.*)$/is;
const CHINESE_QUALIFICATION_COMMAND =
  /^[請请]?\s*(?:查詢資格|資格查詢|查资格|查資格|查询资格|资格查询|查詢|查询|資格|资格)\s*[:：=-]?\s*(.*)$/s;
const SEPARATORS = /[\s,;，、；]+/;
const CONJUNCTIONS = new Set(['and', '&', '和', '及', '與', '与']);
const WRAPPERS = ' "\'`“”‘’«»<>()[]「」『』【】《》〈〉（）＂＇';
const LEADING_WRAPPING = new Set(WRAPPERS);
const TRAILING_WRAPPING = new Set(`${WRAPPERS}.,;:!?。，、；：！？．`);

function clean(text: string): string {
  return text
    .slice(0, MAX_PARSED_LENGTH)
    .replace(INVISIBLE, '')
    .replace(LEADING_MENTIONS, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Drops quotes and brackets around a target and punctuation after it. Linear, no pattern. */
function stripWrapping(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && LEADING_WRAPPING.has(text[start])) start++;
  while (end > start && TRAILING_WRAPPING.has(text[end - 1])) end--;
  return text.slice(start, end);
}

type Target =
  | { readonly type: 'id'; readonly value: CustomerTenantId; readonly typed: string }
  | { readonly type: 'domain'; readonly value: CustomerDomain; readonly typed: string }
  | { readonly type: 'invalid'; readonly typed: string };

/** Each distinct target in the order typed (ids and domains compared in normalised form). */
function targetsOf(text: string): Target[] {
  const targets: Target[] = [];
  const seen = new Set<string>();
  for (const typed of text.split(SEPARATORS)) {
    const core = stripWrapping(typed);
    if (core === '' || CONJUNCTIONS.has(core.toLowerCase())) continue;
    const id = normaliseCustomerId(core);
    const domain = id === undefined ? normaliseDomain(core) : undefined;
    const target: Target =
      id !== undefined
        ? { type: 'id', value: id, typed }
        : domain !== undefined
          ? { type: 'domain', value: domain, typed }
          : { type: 'invalid', typed };
    const key = target.type === 'invalid' ? `invalid:${typed}` : `${target.type}:${target.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    targets.push(target);
  }
  return targets;
}

/** The lookup the targets ask for, or undefined when they are not a valid request (see ParsedCommand). */
function lookupOf(targets: readonly Target[], limit: number): ParsedCommand | undefined {
  const ids: CustomerTenantId[] = [];
  for (const target of targets) if (target.type === 'id') ids.push(target.value);
  if (ids.length > limit) return { kind: 'tooManyCustomers', count: ids.length, limit };
  const [first] = targets;
  if (targets.length === 1 && first?.type === 'domain') return { kind: 'qualificationByDomain', domain: first.value };
  if (ids.length === 0 || ids.length !== targets.length) return undefined;
  return ids.length === 1
    ? { kind: 'qualification', customerId: ids[0] }
    : { kind: 'bulkQualification', customerIds: ids };
}

function qualificationCommand(argument: string, limit: number): ParsedCommand {
  const targets = targetsOf(argument);
  const lookup = lookupOf(targets, limit);
  if (lookup) return lookup;
  // Echo what the person typed, not our cleaned-up guess, so the explanation matches their message.
  // Every target is an id only when there are too many (handled above), so this lists at least one
  // target unless none was given.
  const invalid = targets.filter((target) => target.type !== 'id').map((target) => target.typed);
  return { kind: 'invalidCustomerId', input: argument.trim(), invalid };
}

function commandArgument(words: string): string | undefined {
  const match = QUALIFICATION_COMMAND.exec(words) ?? CHINESE_QUALIFICATION_COMMAND.exec(words);
  return match ? (match[1] ?? '') : undefined;
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

  const words = cleaned.replace(/^[/／]+/, '');
  const lowered = words.toLowerCase();
  const bare = stripWrapping(lowered);
  if (HELP_WORDS.has(lowered) || HELP_WORDS.has(bare)) return { kind: 'help', reason: 'asked' };
  if (SIGN_OUT_WORDS.has(bare)) return { kind: 'signOut' };

  const argument = commandArgument(words);
  if (argument !== undefined) return qualificationCommand(argument, limit);

  // A message that is nothing but tenant ids (or one domain) is a lookup too: people paste them on their own.
  return lookupOf(targetsOf(words), limit) ?? { kind: 'help', reason: 'unknown' };
}
