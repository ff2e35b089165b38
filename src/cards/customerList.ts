import type { CustomerProfile, CustomerSearchResult } from '../partnerCenter/types';
import { normaliseCustomerId } from '../partnerCenter/customerId';
import { correlationLine } from './notice';
import { TEXT_LIMITS, sanitizeOptional } from './escape';
import type { Messages } from './messages';
import { type CardOptions, commonData } from './options';
import { type Line, valueLine } from './runs';
import { type AdaptiveCardJson, expandTemplate } from './templates';

/** What the two customer-list cards (a choice of customers, a domain not found) share. */

/** At most this many customers are listed on one card (the rest are counted). */
export const MAX_CUSTOMERS_LISTED = 10;

export interface CustomersCardOptions extends CardOptions {
  /** The id of the search, shown in small print. */
  readonly correlationId: string;
}

/** Why the search may have missed a customer with the domain, when it may have. */
export function incompleteNote(result: CustomerSearchResult, m: Messages): string[] {
  if (result.complete) return [];
  return [result.incompleteBecause === 'pageFailed' ? m.domain.incompletePageFailed : m.domain.incomplete];
}

export interface CustomerRow {
  readonly nameRuns: Line['runs'];
  readonly hasDomain: boolean;
  readonly domainRuns: Line['runs'];
  readonly hasIdLine: boolean;
  readonly idRuns: Line['runs'];
  readonly checkTitle: string;
  readonly command: string;
}

/** The first MAX_CUSTOMERS_LISTED customers with a well-formed id, and how many more there are. */
export function customerRows(
  customers: readonly CustomerProfile[],
  m: Messages,
): { rows: CustomerRow[]; more: number } {
  const usable = customers.flatMap((customer) => {
    const id = normaliseCustomerId(customer.id);
    return id === undefined ? [] : [{ ...customer, id }];
  });
  const rows = usable.slice(0, MAX_CUSTOMERS_LISTED).map((customer): CustomerRow => {
    const company = sanitizeOptional(customer.companyName, TEXT_LIMITS.company);
    const domain = sanitizeOptional(customer.domain, TEXT_LIMITS.domain);
    // The name line is the company name, else the domain, else the id (then shown once).
    const name = company ?? domain ?? customer.id;
    return {
      nameRuns: valueLine({ text: name, monospace: name === customer.id }).runs,
      hasDomain: company !== undefined && domain !== undefined,
      domainRuns: company !== undefined && domain !== undefined ? valueLine({ text: domain }).runs : [],
      hasIdLine: name !== customer.id,
      idRuns: name !== customer.id ? valueLine({ text: customer.id, monospace: true }).runs : [],
      checkTitle: m.domain.check,
      command: m.commands.qualification([customer.id]),
    };
  });
  return { rows, more: usable.length - rows.length };
}

interface CustomersContent {
  readonly title: Line;
  readonly titleColor: 'Default' | 'Accent';
  readonly paragraphs: readonly Line[];
  readonly listHeading?: string;
  readonly rows: readonly CustomerRow[];
  /** Catalog text only (shown as TextBlocks). */
  readonly notes: readonly string[];
}

export function renderCustomers(
  options: CustomersCardOptions,
  m: Messages,
  content: CustomersContent,
): AdaptiveCardJson {
  return expandTemplate(
    'customers',
    {
      ...commonData(m, options, m.errors.fallback(content.title.plain, content.paragraphs[0]?.plain ?? '')),
      titleRuns: content.title.runs,
      titleColor: content.titleColor,
      paragraphs: content.paragraphs.map((p) => ({ runs: p.runs })),
      hasListHeading: content.listHeading !== undefined,
      listHeading: content.listHeading ?? '',
      customers: content.rows,
      notes: content.notes.map((text) => ({ text })),
      // The search's correlation id is small print behind "Details": the card answers, it is no error.
      correlationRuns: correlationLine(m.result.correlationId, options.correlationId).runs,
      detailsTitle: m.result.details,
    },
    [options.correlationId],
  );
}
