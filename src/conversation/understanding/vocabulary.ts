import words from './vocabulary.json';
import { chineseTypoAllowance, isNear, typoAllowance } from './typos';

/**
 * The words the bot knows (vocabulary.json beside this file): command words, filler words, help
 * and sign-out words, in English and Chinese. Data, not code: a word is added there.
 */

const COMMANDS = new Set(words.commands);
const ARTICLES = new Set(words.articles);
const FILLERS = new Set(words.fillers);
const HELP = new Set(words.help);
const SIGN_OUT = new Set(words.signOut);

/** What a word (or a piece of Chinese text) is to the bot. */
export type WordKind = 'command' | 'filler' | 'punctuation' | 'other';

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** What an English (or other space-separated) word is: `core` without wrapping quotes and punctuation. */
export function kindOfWord(core: string): WordKind {
  if (!LETTER_OR_DIGIT.test(core)) return 'punctuation';
  const lower = core.toLowerCase();
  if (COMMANDS.has(lower)) return 'command';
  // A capital "The" may begin a company name ("The Contoso Corporation"): articles only in lower case.
  if (FILLERS.has(lower) || (ARTICLES.has(core) && core === lower)) return 'filler';
  return 'other';
}

/** True when `core` (an English word) is a command word with a small typo (see typos.ts). */
export function isNearCommand(core: string): boolean {
  const lower = core.toLowerCase();
  return words.fuzzyCommands.some((command) => isNear(lower, command, typoAllowance(command)));
}

/** `help`, `?`, `hi`, `說明`, …: asked for the help card (when that is all the message says). */
export function isHelpWord(text: string): boolean {
  return HELP.has(text.toLowerCase());
}

/** `sign out`, `logout`, `登出`, …: the whole message (words in lower case, single spaces). */
export function isSignOut(phrase: string): boolean {
  return SIGN_OUT.has(phrase);
}

/** A piece of a run of Chinese text: where it starts and ends in the run, and what it is. */
export interface Piece {
  readonly start: number;
  readonly end: number;
  readonly kind: WordKind;
}

const CHINESE: ReadonlyArray<readonly [string, WordKind]> = [
  ...words.chineseCommands.map((word) => [word, 'command'] as const),
  ...words.chineseFillers.map((word) => [word, 'filler'] as const),
].sort(([a], [b]) => b.length - a.length);
/** Full-width and CJK punctuation: between words, never part of one. */
const WIDE_PUNCTUATION = /[\u3000-\u303f\uff01-\uff07\uff0a-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff60]/u;

const LONG_CHINESE_COMMANDS = words.chineseCommands.filter((word) => chineseTypoAllowance(word) > 0);

/**
 * Cuts a run of Chinese text into the words the bot knows and the text between them (`other`), in
 * order. Chinese has no spaces, so this is how `請查詢台北市立大學的資格` becomes
 * 請 / 查詢 / 台北市立大學 / 的 / 資格. At each place the longest known word wins, and a
 * four-character command word with one slip (`查詢姿格`, see typos.ts) beats a shorter exact one.
 */
export function chinesePieces(run: string): Piece[] {
  const pieces: Piece[] = [];
  let otherFrom: number | undefined;
  const add = (start: number, end: number, kind: WordKind): void => {
    if (otherFrom !== undefined) pieces.push({ start: otherFrom, end: start, kind: 'other' });
    otherFrom = undefined;
    pieces.push({ start, end, kind });
  };
  let i = 0;
  while (i < run.length) {
    const known = WIDE_PUNCTUATION.test(run[i]) ? { length: 1, kind: 'punctuation' as const } : knownAt(run, i);
    if (known === undefined) {
      otherFrom ??= i;
      i++;
      continue;
    }
    add(i, i + known.length, known.kind);
    i += known.length;
  }
  if (otherFrom !== undefined) pieces.push({ start: otherFrom, end: run.length, kind: 'other' });
  return pieces;
}

function knownAt(run: string, at: number): { readonly length: number; readonly kind: WordKind } | undefined {
  const exact = CHINESE.find(([word]) => run.startsWith(word, at));
  if (exact !== undefined && exact[0].length >= 4) return { length: exact[0].length, kind: exact[1] };
  for (const length of [4, 5, 3]) {
    const window = run.slice(at, at + length);
    // A window never spans punctuation: "資格：查" is two words, not a slip in 資格查詢.
    if (window.length < length || WIDE_PUNCTUATION.test(window)) continue;
    if (LONG_CHINESE_COMMANDS.some((word) => isNear(window, word, chineseTypoAllowance(word)))) {
      return { length, kind: 'command' };
    }
  }
  return exact === undefined ? undefined : { length: exact[0].length, kind: exact[1] };
}
