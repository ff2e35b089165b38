/**
 * The first steps of reading a message: clean it, and cut it into tokens (with where each stands
 * in the cleaned text, so a company name can be quoted exactly as typed). Pure, linear: no
 * pattern here can backtrack.
 */

/** Longer messages are cut before any pattern runs: nobody types a tenant id after 2,000 characters. */
export const MAX_PARSED_LENGTH = 2000;

/**
 * Removed before anything else: zero-width characters, and the bidi and direction marks (LRM,
 * RLM, ALM, the embeddings and overrides, the isolates) that copying from right-to-left text or
 * some clients put around an id. They are invisible, and the cards strip them too, so an id
 * wrapped in them would look valid on the card while failing here.
 */
export const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;
/** Teams @mentions (of the bot, or of people the message also names); the bot's own is usually gone already. */
const MENTION = /<at>[^<]{0,200}<\/at>/gi;
/** A link some clients send as HTML: only its address counts. */
const HTML_LINK = /<a\s[^<>]{0,500}?href="([^"<>]{1,2000})"[^<>]{0,500}>[^<]{0,2000}<\/a>/gi;
/** A token: a run of anything but white space and the list separators (ASCII and full-width). */
const TOKEN = /[^\s,;，、；]+/g;
/** Chinese (and Japanese) text and full-width forms: where such text meets ASCII, a token is cut in two. */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303f\uff01-\uff60]/u;

const WRAPPERS = ' "\'`“”‘’«»<>()[]「」『』【】《》〈〉（）＂＇';
/** A colon or equals sign glued before a value (`資格:<id>`, `id=<id>` after its label is cut off). */
const LEADING_WRAPPING = new Set(`${WRAPPERS}:=`);
const TRAILING_WRAPPING = new Set(`${WRAPPERS}.,;:!?。，、；：！？．`);

/** The message cut to MAX_PARSED_LENGTH, without invisible marks and mentions, white space as single spaces. */
export function clean(text: string): string {
  return text
    .slice(0, MAX_PARSED_LENGTH)
    .replace(INVISIBLE, '')
    .replace(HTML_LINK, ' $1 ')
    .replace(MENTION, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s/／]+/, '')
    .trimEnd();
}

/** Drops quotes and brackets around a text and punctuation after it. */
export function stripWrapping(text: string): string {
  const { start, end } = coreSpan(text);
  return text.slice(start, end);
}

/** Where `stripWrapping(text)` starts and ends within `text`. */
export function coreSpan(text: string): { readonly start: number; readonly end: number } {
  let start = 0;
  let end = text.length;
  while (start < end && LEADING_WRAPPING.has(text[start])) start++;
  while (end > start && TRAILING_WRAPPING.has(text[end - 1])) end--;
  return { start, end };
}

/** A piece of the cleaned message: its text and where it stands; `wide` when it is Chinese text. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly wide: boolean;
}

/**
 * The message's tokens, in order: separated by white space and list separators, and cut where
 * Chinese text meets ASCII (`查詢3f2b…的資格` is three tokens), since Chinese has no spaces.
 */
export function tokenise(cleaned: string): Token[] {
  const tokens: Token[] = [];
  for (const match of cleaned.matchAll(TOKEN)) {
    const text = match[0];
    const at = match.index;
    let from = 0;
    let wide = WIDE.test(text[0]);
    for (let i = 1; i <= text.length; i++) {
      const next = i < text.length ? WIDE.test(text[i]) : !wide;
      if (next === wide) continue;
      tokens.push({ text: text.slice(from, i), start: at + from, end: at + i, wide });
      from = i;
      wide = next;
    }
  }
  return tokens;
}
