import type { CustomerSearchResult } from '../partnerCenter/types';
import { customerRows, incompleteNote, renderCustomers, type CustomersCardOptions } from './customerList';
import { TEXT_LIMITS, sanitizeText } from './escape';
import { messagesFor } from './messages';
import { line, ownLine, slot } from './runs';
import type { AdaptiveCardJson } from './templates';

/**
 * `qualification for <domain>` when none of the customers searched has exactly that domain: says
 * so, offers the customers whose domain starts like it ("did you mean"), and the way forward.
 * When the search could not cover every customer, the title and body say "none of those I
 * searched", never "none of your customers", so the note on why does not contradict them.
 */
export function domainNotFoundCard(result: CustomerSearchResult, options: CustomersCardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const domain = sanitizeText(result.domain, TEXT_LIMITS.domain);
  const { rows, more } = customerRows(result.similar, m);
  const notes = [...(more > 0 ? [m.domain.more(more)] : []), ...incompleteNote(result, m), m.domain.notFoundNext];
  const body = result.complete ? m.domain.notFoundBody : m.domain.notFoundIncompleteBody;
  return renderCustomers(options, m, {
    title: ownLine(result.complete ? m.domain.notFoundTitle : m.domain.notFoundIncompleteTitle),
    titleColor: 'Accent',
    paragraphs: [line(body(slot(0)), [{ text: domain, monospace: true }])],
    listHeading: rows.length > 0 ? m.domain.didYouMean : undefined,
    rows,
    notes,
  });
}
