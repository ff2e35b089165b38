/**
 * Text from outside the bot (what a user typed, what Partner Center or Entra sent) on a card.
 *
 * The structural rule: outside text is only ever put into a `TextRun` of a `RichTextBlock`
 * (see runs.ts), never into a `TextBlock`. TextBlock text is markdown in Teams (links, bold,
 * lists, `<at>` mentions); TextRun text is not: the official renderer (adaptivecards 3.0.6,
 * `TextRun.internalRender`) sets it with `innerText` (React renderer: as a text node) after
 * `formatText`, and never calls `applyMarkdown`. So the characters can stay exactly as they
 * were typed or sent: `[click](https://evil.example) **bold**` shows literally.
 *
 * What is still done here:
 * - control, zero-width and bidi characters are removed (they could hide or reorder text);
 * - line breaks and whitespace runs become one space (one line, as the card lays it out);
 * - the length is capped (`TEXT_LIMITS`);
 * - `${` and `{{` get an invisible U+200B between their two characters: `${…}` would look like an
 *   unbound template expression (expandTemplate refuses those), and `{{DATE(…)}}`/`{{TIME(…)}}`
 *   ARE evaluated in TextRuns too (`formatText` runs before `innerText`), so a Partner Center
 *   value could otherwise turn into a date in the reader's locale.
 */

/** Maximum lengths (in characters) for the kinds of outside text the cards show. */
export const TEXT_LIMITS = {
  /** Customer tenant ids (GUIDs are 36). */
  id: 64,
  /** Correlation/request ids. */
  correlationId: 64,
  /** A qualification value Partner Center sent that we do not know. */
  qualification: 80,
  /** A vetting status we do not know. */
  status: 40,
  /** A vetting reason. */
  reason: 200,
  /** A raw vetting date that is not ISO 8601. */
  date: 40,
  /** Partner Center's error description. */
  description: 300,
  /** Partner Center's error code or an AADSTS code. */
  code: 40,
  /** What the user typed, echoed back. */
  echo: 60,
  /** A company name from Partner Center. */
  company: 120,
  /** A customer domain from Partner Center (DNS names are at most 253). */
  domain: 253,
} as const;

/** The invisible break put into `${` and `{{`. */
export const ZERO_WIDTH_BREAK = '\u200B';
const ELLIPSIS = '…';

/**
 * Control, format, zero-width, bidi and private-use characters: removed (they could hide or
 * reorder text; private-use characters are the slots runs.ts uses in catalog text).
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uE000-\uF8FF]/g;
/** Line breaks, tabs and other whitespace runs: one space. */
const WHITESPACE_RUN = /[\s\u2028\u2029]+/g;

/** Shortens `text` to at most `maxLength` characters (code points), ending with "…" when cut. */
export function truncate(text: string, maxLength: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxLength) {
    return text;
  }
  if (maxLength <= 0) {
    return '';
  }
  return (
    chars
      .slice(0, maxLength - 1)
      .join('')
      .trimEnd() + ELLIPSIS
  );
}

/**
 * Outside text, ready for a TextRun: on one line, without invisible characters, at most
 * `maxLength` characters, with `${` and `{{` broken by an invisible U+200B. Every other
 * character is kept as it is. `undefined`/`null` become ''. Numbers and other values are
 * converted with String().
 */
export function sanitizeText(value: unknown, maxLength: number): string {
  if (value === undefined || value === null) {
    return '';
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- any value shown as text, as documented above
  const oneLine = String(value).replace(INVISIBLE, '').replace(WHITESPACE_RUN, ' ').trim();
  // `$` or `{` directly before `{` (lookahead, so `{{{{` is broken at every pair).
  return truncate(oneLine, maxLength).replace(/[${](?=\{)/g, (ch) => ch + ZERO_WIDTH_BREAK);
}

/** `sanitizeText` for a value that may be missing: undefined when there is nothing to show. */
export function sanitizeOptional(value: unknown, maxLength: number): string | undefined {
  const text = sanitizeText(value, maxLength);
  return text === '' ? undefined : text;
}
