import type { CustomerSearchResult } from '../partnerCenter/types';
import { customerRows, incompleteNote, renderCustomers, type CustomersCardOptions } from './customerList';
import { TEXT_LIMITS, sanitizeText } from './escape';
import { messagesFor } from './messages';
import { line, ownLine, slot } from './runs';
import type { AdaptiveCardJson } from './templates';

/**
 * `qualification for <domain>` when several of the partner's customers have exactly that domain:
 * one row per customer (company name, domain, tenant id) with a Check button that looks it up.
 */
export function customerChoiceCard(result: CustomerSearchResult, options: CustomersCardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const domain = sanitizeText(result.domain, TEXT_LIMITS.domain);
  const title = line(m.domain.choiceTitle(slot(0)), [{ text: domain, monospace: true }]);
  const { rows, more } = customerRows(result.matches, m);
  const notes = [...(more > 0 ? [m.domain.more(more)] : []), ...incompleteNote(result, m)];
  return renderCustomers(options, m, {
    title,
    titleColor: 'Default',
    paragraphs: [ownLine(m.domain.choiceBody)],
    rows,
    notes,
  });
}
