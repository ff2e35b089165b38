import { TEXT_LIMITS, sanitizeText } from './escape';
import { EXAMPLE_CUSTOMER_ID, messagesFor } from './messages';
import { renderNotice } from './notice';
import type { CardOptions } from './options';
import { type Line, line, ownLine, slot } from './runs';
import type { AdaptiveCardJson } from './templates';

/** At most this many entries of the parser's `invalid` list are named on the card. */
const MAX_INVALID_SHOWN = 10;

/**
 * The answer to `qualification for {something that is not a GUID}`; echoes the input as typed.
 * `invalid` (the parser's list of the targets that are neither a tenant id nor a lone domain, as
 * typed) names each of them, in monospace, up to MAX_INVALID_SHOWN.
 */
export function invalidCustomerIdCard(
  input: string,
  options: CardOptions,
  invalid: readonly string[] = [],
): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const typed = sanitizeText(input, TEXT_LIMITS.echo);
  const entries = [
    ...new Set(invalid.map((entry) => sanitizeText(entry, TEXT_LIMITS.echo)).filter((entry) => entry !== '')),
  ];
  const shown = entries.slice(0, MAX_INVALID_SHOWN);
  const list: Line[] =
    shown.length === 0
      ? []
      : [
          ownLine(m.invalidInput.notIds(entries.length)),
          ...shown.map((entry) => line(`•\u00A0${slot(0)}`, [{ text: entry, monospace: true }])),
          ...(entries.length > shown.length ? [ownLine(m.invalidInput.andMore(entries.length - shown.length))] : []),
        ];
  return renderNotice(options, {
    title: m.invalidInput.title,
    // Guidance, not an error: readable Accent rather than red (or yellow, which is unreadable on white).
    titleColor: 'Accent',
    paragraphs: [
      ownLine(m.invalidInput.body),
      ...list,
      ownLine(m.invalidInput.example(m.commands.qualification([EXAMPLE_CUSTOMER_ID]))),
    ],
    details: [
      typed === '' ? ownLine(m.invalidInput.nothingTyped) : line(m.invalidInput.youTyped(slot(0)), [{ text: typed }]),
    ],
  });
}
