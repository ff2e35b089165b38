import { messagesFor } from './messages';
import { renderNotice } from './notice';
import type { CardOptions } from './options';
import { ownLine } from './runs';
import type { AdaptiveCardJson } from './templates';

/** More distinct tenant ids in one message than the bot looks up at once (the parser's tooManyCustomers). */
export function tooManyCustomersCard(count: number, limit: number, options: CardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  return renderNotice(options, {
    title: m.tooMany.title,
    titleColor: 'Accent',
    paragraphs: [ownLine(m.tooMany.body(wholeNumber(count), wholeNumber(limit)))],
    details: [],
  });
}

/** A count for catalog text: a non-negative whole number (never NaN or a fraction on a card). */
function wholeNumber(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}
