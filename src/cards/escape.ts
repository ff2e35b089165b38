/**
 * Makes text from outside the bot (what a user typed, what Partner Center sent) safe to put into
 * an Adaptive Card TextBlock.
 *
 * TextBlock text is markdown in Teams (bold, italic, lists, links) and adaptivecards-templating
 * does not escape anything. Backslash escapes are handled differently by the Teams clients
 * (desktop, iOS and Android each have their own parser: microsoft/AdaptiveCards#5758, #4677,
 * MicrosoftDocs/msteams-docs#5793), so a `\*` could show up as `\*` on one client and as a bold
 * marker on another. Instead, every character that can start markup is replaced by a look-alike
 * that no markdown parser treats as syntax, and the sequences that make links or template/date
 * expressions are broken with an invisible U+200B. The result renders the same on every client
 * and cannot form a link, bold/italic text, a list, a heading, an HTML tag, an `<at>` mention,
 * a `${…}` template expression or a `{{DATE(…)}}` function.
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
} as const;

const ZWSP = '\u200B';
const ELLIPSIS = '…';

/** Markup characters and their look-alikes. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  '*': '\u2217', // ∗ ASTERISK OPERATOR: bold/italic, list marker
  _: '\u02CD', // ˍ MODIFIER LETTER LOW MACRON: italic
  '[': '\uFF3B', // ［ link text start, images, reference links
  ']': '\uFF3D', // ］
  '<': '\u2039', // ‹ HTML, autolinks <http://…>, <at>mentions</at>
  '>': '\u203A', // › blockquote, HTML
  '`': '\u02CB', // ˋ code spans
  '~': '\u223C', // ∼ strikethrough
};

/** Control, format and bidi characters: removed (they could hide or reorder text). */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;
/** Line breaks, tabs and other whitespace runs: one space (no line-start markdown after the first). */
const WHITESPACE_RUN = /[\s\u2028\u2029]+/g;
/** A block-level marker at the very start: heading, list item, ordered list, blockquote, table. */
const LEADING_BLOCK_MARKER = /^(?:#|[-+=|]|\d{1,9}[.)])/;

/** Shortens `text` to at most `maxLength` characters (code points), ending with "…" when cut. */
export function truncate(text: string, maxLength: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxLength) {
    return text;
  }
  if (maxLength <= 0) {
    return '';
  }
  return chars.slice(0, maxLength - 1).join('').trimEnd() + ELLIPSIS;
}

/**
 * Outside text, made inert for Adaptive Card markdown and templating, on one line, at most
 * `maxLength` characters before escaping (escaping adds at most a few invisible characters).
 * `undefined`/`null` become ''. Numbers and other values are converted with String().
 */
export function escapeText(value: unknown, maxLength: number): string {
  if (value === undefined || value === null) {
    return '';
  }
  const oneLine = String(value).replace(INVISIBLE, '').replace(WHITESPACE_RUN, ' ').trim();
  let text = truncate(oneLine, maxLength);

  text = text.replace(/[*_[\]<>`~]/g, (ch) => LOOK_ALIKES[ch] ?? ch);
  // HTML entities (&lt; &#91; …) could be decoded into markup by a client that renders HTML.
  text = text.replace(/&(?=#?[0-9a-z]+;)/gi, '\uFF06');
  // ${…} would look like a template expression; {{DATE(…)}} / {{TIME(…)}} would be formatted.
  text = text.replace(/\$\{/g, `$${ZWSP}{`).replace(/\{\{/g, `{${ZWSP}{`);
  // Bare URLs that some clients turn into links.
  text = text.replace(/:\/\//g, `:${ZWSP}//`).replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWSP}.`);
  // Line-start markdown (the text may start a TextBlock): "# x", "- x", "1. x", "| x".
  if (LEADING_BLOCK_MARKER.test(text)) {
    text = ZWSP + text;
  }
  return text;
}

/** `escapeText` for a value that may be missing: undefined when there is nothing to show. */
export function escapeOptional(value: unknown, maxLength: number): string | undefined {
  const escaped = escapeText(value, maxLength);
  return escaped === '' ? undefined : escaped;
}
