import type { CompanyNameSearchResult } from '../partnerCenter/types';
import { customerRows, renderCustomers, type CustomersCardOptions } from './customerList';
import { TEXT_LIMITS, sanitizeText } from './escape';
import { messagesFor } from './messages';
import { line, ownLine, slot } from './runs';
import type { AdaptiveCardJson } from './templates';

/**
 * `qualification for <company name>` when several customers' names start with it: one row per
 * customer (company name, domain, tenant id) with a Check button, at most MAX_CUSTOMERS_LISTED;
 * past that, or when Partner Center had more, a line asking to refine the search.
 */
export function nameChoiceCard(result: CompanyNameSearchResult, options: CustomersCardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const name = sanitizeText(result.name, TEXT_LIMITS.company);
  const { rows, more } = customerRows(result.matches, m);
  const notes = result.complete ? (more > 0 ? [m.byName.refine(more)] : []) : [m.byName.refineMore];
  return renderCustomers(options, m, {
    title: line(m.byName.choiceTitle(slot(0)), [{ text: name }]),
    titleColor: 'Default',
    paragraphs: [ownLine(m.byName.choiceBody)],
    rows,
    notes,
  });
}
