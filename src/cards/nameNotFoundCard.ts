import type { CompanyNameSearchResult } from '../partnerCenter/types';
import { renderCustomers, type CustomersCardOptions } from './customerList';
import { TEXT_LIMITS, sanitizeText } from './escape';
import { messagesFor } from './messages';
import { line, ownLine, slot } from './runs';
import type { AdaptiveCardJson } from './templates';

/** `qualification for <company name>` when no customer's name starts with it: says so, and what to try. */
export function nameNotFoundCard(result: CompanyNameSearchResult, options: CustomersCardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const name = sanitizeText(result.name, TEXT_LIMITS.company);
  return renderCustomers(options, m, {
    title: ownLine(m.byName.notFoundTitle),
    titleColor: 'Accent',
    paragraphs: [line(m.byName.notFoundBody(slot(0)), [{ text: name }])],
    rows: [],
    notes: [m.byName.notFoundNext],
  });
}
