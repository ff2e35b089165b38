import type { LookupTarget } from '../../lookup/lookupRequest';
import { meaningOf } from './targets';
import { clean, tokenise } from './text';
import { chinesePieces, kindOfWord } from './vocabulary';

/**
 * The watch commands: `watch <id|domain> …`, `unwatch <id|domain> …` (or `stop watching`) and
 * `watching`, in English and Chinese (追蹤, 取消追蹤, 追蹤清單). Read before the lookup commands,
 * only when the message begins with one of these words; anything else is left to parseCommand.
 * Pure, like the command parser, and built from the same pieces (targets.ts, text.ts).
 */
export type WatchCommand =
  | { readonly kind: 'watch' | 'unwatch'; readonly targets: readonly LookupTarget[] }
  | { readonly kind: 'watching' }
  /** `watch` or `unwatch` without a tenant id or domain (or with something that is not one). */
  | { readonly kind: 'watchWhat'; readonly verb: 'watch' | 'unwatch' }
  | { readonly kind: 'tooManyToWatch'; readonly count: number; readonly limit: number };

type Verb = 'watch' | 'unwatch' | 'watching';

/** Longest first, so that `watching` is not read as `watch` + `ing`. */
const KEYWORDS: ReadonlyArray<readonly [string, Verb]> = (<Array<readonly [string, Verb]>>[
  ['stop watching', 'unwatch'],
  ['unwatch', 'unwatch'],
  ['watch list', 'watching'],
  ['watchlist', 'watching'],
  ['watching', 'watching'],
  ['watches', 'watching'],
  ['watch', 'watch'],
  ['取消追蹤', 'unwatch'],
  ['停止追蹤', 'unwatch'],
  ['取消追踪', 'unwatch'],
  ['停止追踪', 'unwatch'],
  ['追蹤清單', 'watching'],
  ['追踪清单', 'watching'],
  ['追蹤中', 'watching'],
  ['追蹤', 'watch'],
  ['追踪', 'watch'],
]).sort(([a], [b]) => b.length - a.length);

const ASCII_LETTER = /[a-z0-9]/i;

export function parseWatchCommand(text: string | undefined | null, maxCustomers: number): WatchCommand | undefined {
  const cleaned = clean(text ?? '');
  const lowered = cleaned.toLowerCase();
  const found = KEYWORDS.find(([word]) => {
    if (!lowered.startsWith(word)) return false;
    // An English keyword must end at a word's end ("watchful" is not "watch"); Chinese has no spaces.
    const next = lowered.charAt(word.length);
    return !ASCII_LETTER.test(word) || next === '' || !ASCII_LETTER.test(next);
  });
  if (found === undefined) return undefined;
  const [word, verb] = found;
  const rest = readRest(cleaned.slice(word.length));
  if (verb === 'watching') return rest.targets.length === 0 && !rest.unknown ? { kind: 'watching' } : undefined;
  if (rest.targets.length === 0 || rest.bad) return { kind: 'watchWhat', verb };
  if (rest.targets.length > maxCustomers) {
    return { kind: 'tooManyToWatch', count: rest.targets.length, limit: maxCustomers };
  }
  return { kind: verb, targets: rest.targets };
}

/** The targets after the keyword; `bad`: something tried to be one and is not; `unknown`: other words came. */
function readRest(text: string): { targets: LookupTarget[]; bad: boolean; unknown: boolean } {
  const targets = new Map<string, LookupTarget>();
  let bad = false;
  let unknown = false;
  for (const token of tokenise(text)) {
    if (token.wide) {
      if (chinesePieces(token.text).some((piece) => piece.kind === 'other')) unknown = true;
      continue;
    }
    const meaning = meaningOf(token.text);
    if (meaning.kind === 'id') targets.set(meaning.customerId, { kind: 'id', customerId: meaning.customerId });
    else if (meaning.kind === 'domain') targets.set(meaning.domain, { kind: 'domain', domain: meaning.domain });
    else if (meaning.kind === 'bad') bad = true;
    else if (kindOfWord(meaning.core) === 'other') unknown = true;
  }
  return { targets: [...targets.values()], bad, unknown };
}
