import type { CustomerProfile, CustomerSearchResult } from '../partnerCenter/types';
import { normaliseCustomerId } from '../partnerCenter/customerId';
import { correlationLine } from './errorCard';
import { TEXT_LIMITS, sanitizeOptional, sanitizeText } from './escape';
import { type Messages, messagesFor } from './messages';
import { type CardOptions, commonData } from './options';
import { type Line, line, ownLine, slot, valueLine } from './runs';
import { type AdaptiveCardJson, expandTemplate } from './templates';

/** At most this many customers are listed on one card (the rest are counted). */
export const MAX_CUSTOMERS_LISTED = 10;

export interface CustomersCardOptions extends CardOptions {
  /** The id of the search, shown in small print. */
  readonly correlationId: string;
}

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
  return renderCustomers(options, m, { title, titleColor: 'Default', paragraphs: [ownLine(m.domain.choiceBody)], rows, notes });
}

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

/** Why the search may have missed a customer with the domain, when it may have. */
function incompleteNote(result: CustomerSearchResult, m: Messages): string[] {
  if (result.complete) return [];
  return [result.incompleteBecause === 'pageFailed' ? m.domain.incompletePageFailed : m.domain.incomplete];
}

interface CustomerRow {
  readonly nameRuns: Line['runs'];
  readonly hasDomain: boolean;
  readonly domainRuns: Line['runs'];
  readonly hasIdLine: boolean;
  readonly idRuns: Line['runs'];
  readonly checkTitle: string;
  readonly command: string;
}

/** The first MAX_CUSTOMERS_LISTED customers with a well-formed id, and how many more there are. */
function customerRows(customers: readonly CustomerProfile[], m: Messages): { rows: CustomerRow[]; more: number } {
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

function renderCustomers(options: CustomersCardOptions, m: Messages, content: CustomersContent): AdaptiveCardJson {
  return expandTemplate('customers', {
    ...commonData(m, options, m.errors.fallback(content.title.plain, content.paragraphs[0]?.plain ?? '')),
    titleRuns: content.title.runs,
    titleColor: content.titleColor,
    paragraphs: content.paragraphs.map((p) => ({ runs: p.runs })),
    hasListHeading: content.listHeading !== undefined,
    listHeading: content.listHeading ?? '',
    customers: content.rows,
    notes: content.notes.map((text) => ({ text })),
    correlationRuns: correlationLine(m.result.correlationId, options.correlationId).runs,
  }, [options.correlationId]);
}
