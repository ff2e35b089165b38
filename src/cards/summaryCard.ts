import { normaliseCustomerId } from '../partnerCenter/customerId';
import type { CustomerProfile, QualificationLookup } from '../partnerCenter/types';
import { cardDateTime } from './dates';
import { failureLine } from './errorView';
import { TEXT_LIMITS, sanitizeOptional, sanitizeText } from './escape';
import { type Messages, messagesFor } from './messages';
import { type CardOptions, commonData } from './options';
import { isEmptyLookup, qualificationRow } from './qualificationRows';
import { type RunData, line, slot, valueLine } from './runs';
import { type AdaptiveCardJson, expandTemplate } from './templates';

/** Between a qualification and its status on one line (no words: the same in every language). */
const STATUS_SEPARATOR = '\u00A0\u00B7\u00A0';

/**
 * One customer of a several-customer request. `customer` (its profile, when known) puts the
 * company name above the tenant id; a profile of another customer is ignored.
 */
export type SummaryRow =
  /** Still being looked up (`customerId`), or a domain still being searched for (`domain`). */
  | { readonly state: 'pending'; readonly customerId: string; readonly customer?: CustomerProfile }
  | { readonly state: 'pending'; readonly domain: string }
  /** A domain no customer searched has (`matches` 0), or that several share. */
  | { readonly state: 'domainNotResolved'; readonly domain: string; readonly matches: number }
  /** The search for a domain failed. */
  | { readonly state: 'domainFailed'; readonly domain: string; readonly error: unknown }
  | { readonly state: 'ok'; readonly lookup: QualificationLookup; readonly customer?: CustomerProfile }
  /** `error` as errorCard takes it (PartnerCenterError, TokenAcquisitionError, anything else). */
  | {
      readonly state: 'failed';
      readonly customerId: string;
      readonly error: unknown;
      readonly customer?: CustomerProfile;
    };

export interface SummaryCardOptions extends CardOptions {
  /** The id of the request (one for all its lookups), shown in small print. */
  readonly correlationId: string;
  /** PARTNER_CENTER_AUTH=user: failures are phrased for the person who asked, as on the error card. */
  readonly userSignIn?: boolean;
}

/**
 * The card for `qualification for <id>, <id>, …`: one row per customer, in the order given —
 * company name (else domain, when known, failed rows too) and tenant id; then "Looking up…", the
 * qualifications with their vetting status (the result card's labels and status markers), or the
 * failure in one line (the error card's title; "try again in N seconds" when throttled). A row
 * that is done has a button that looks that one customer up again and answers with its own result
 * card (Open in Partner Center, Refresh): "Check again", or "Try again" on a failed row. The
 * header counts progress while rows are pending ("3 of 20 done"), then gives the total; the footer
 * says when the answers were fetched (the latest), and "Details" shows the correlation id. Send it
 * first with every row pending and update it (same function) as lookups finish.
 *
 * Layout: one Container per row, one line per qualification ("Education · ● Approved") — what
 * Teams renders on desktop and mobile at version 1.4 (no Table), and compact. Teams refuses a
 * message over about 28 KB (an update that big would leave the progress card as it was), so a
 * card over SUMMARY_CARD_BUDGET_BYTES is made again without the row buttons, then with shorter
 * company names too (tested with 20 customers with long names, Latin and Chinese).
 */
export function summaryCard(rows: readonly SummaryRow[], options: SummaryCardOptions): AdaptiveCardJson {
  let card: AdaptiveCardJson | undefined;
  for (const fit of FITS) {
    card = renderSummary(rows, options, fit);
    if (Buffer.byteLength(JSON.stringify(card)) <= SUMMARY_CARD_BUDGET_BYTES) return card;
  }
  return card ?? renderSummary(rows, options, FITS[0]);
}

/**
 * The progress of a summary in one line of plain text ("Looking up qualifications… 3 of 20 done"):
 * a streamed reply's informative update, where the card itself comes only at the end.
 */
export function summaryProgressText(rows: readonly SummaryRow[], locale: string): string {
  const m = messagesFor(locale);
  const pending = rows.filter((r) => r.state === 'pending').length;
  return `${m.summary.titleInProgress} ${m.summary.progress(rows.length - pending, rows.length)}`;
}

/** The most a summary card may take (UTF-8 JSON), leaving room under Teams' 28 KB for the rest of the message. */
export const SUMMARY_CARD_BUDGET_BYTES = 25_000;

/** How a summary card is made smaller when it must be: first as it is, then without row buttons, then shorter names. */
interface Fit {
  readonly buttons: boolean;
  readonly companyLength: number;
}
const FITS: readonly [Fit, ...Fit[]] = [
  { buttons: true, companyLength: TEXT_LIMITS.company },
  { buttons: false, companyLength: TEXT_LIMITS.company },
  { buttons: false, companyLength: 40 },
];

function renderSummary(rows: readonly SummaryRow[], options: SummaryCardOptions, fit: Fit): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const total = rows.length;
  const pending = rows.filter((r) => r.state === 'pending').length;
  const failed = rows.filter((r) => r.state !== 'pending' && r.state !== 'ok').length;
  const title = pending > 0 ? m.summary.titleInProgress : m.summary.title;
  const progress = pending > 0 ? m.summary.progress(total - pending, total) : m.summary.complete(total, failed);
  const correlation = line(m.result.correlationId(slot(0)), [
    { text: sanitizeText(options.correlationId, TEXT_LIMITS.correlationId) },
  ]);
  const fetchedAt = latestFetch(rows);
  const fetchedText = fetchedAt === undefined ? '' : m.result.fetched(cardDateTime(fetchedAt));
  const shown = rows.map((row) => {
    // A domain's row (pending, not resolved or failed) is headed by the domain and has no button.
    if ('domain' in row) {
      return {
        row,
        customerId: sanitizeText(row.domain, TEXT_LIMITS.domain),
        company: undefined,
        canonicalId: undefined,
      };
    }
    const customerId = sanitizeText(row.state === 'ok' ? row.lookup.customerId : row.customerId, TEXT_LIMITS.id);
    // Only a well-formed id becomes a command (nothing else from outside is sent back as one).
    const company = companyOf(row, customerId, fit.companyLength);
    return { row, customerId, company, canonicalId: normaliseCustomerId(customerId) };
  });

  return expandTemplate(
    'summary',
    {
      ...commonData(m, options, m.errors.fallback(title, progress)),
      title,
      progress,
      rows: shown.map(({ row, customerId, company, canonicalId }) => {
        const head: readonly RunData[] =
          company === undefined
            ? valueLine({ text: customerId, monospace: true }).runs
            : valueLine({ text: company }).runs;
        const hasButton = fit.buttons && row.state !== 'pending' && canonicalId !== undefined;
        const qualifications =
          row.state === 'ok' && !isEmptyLookup(row.lookup)
            ? row.lookup.qualifications.map((q) => {
                const qualification = qualificationRow(q, m);
                // The separator shares a run with the label, and with the note (every byte counts, see above).
                return {
                  ...qualification,
                  labelThenSeparator: qualification.hasStatus
                    ? `${qualification.label}${STATUS_SEPARATOR}`
                    : qualification.label,
                  separatedVettingNote: `${STATUS_SEPARATOR}${qualification.vettingNote}`,
                };
              })
            : [];
        return {
          headRuns: head,
          hasIdLine: company !== undefined,
          idRuns: company === undefined ? [] : valueLine({ text: customerId, monospace: true }).runs,
          isPending: row.state === 'pending',
          pendingText: m.summary.pending,
          ...failure(row, m, options),
          isEmpty: row.state === 'ok' && isEmptyLookup(row.lookup),
          emptyText: m.result.empty,
          qualifications,
          hasButton,
          buttonTitle: row.state === 'failed' ? m.summary.tryAgain : m.summary.checkAgain,
          command: hasButton && canonicalId !== undefined ? m.commands.qualification([canonicalId]) : '',
        };
      }),
      hasFetched: fetchedAt !== undefined,
      fetchedText,
      correlationRuns: correlation.runs,
      detailsTitle: m.result.details,
    },
    // Every row's customer swapped out too, so a kept expansion serves other customers alike.
    [
      options.correlationId,
      fetchedText,
      ...shown.flatMap(({ customerId, company, canonicalId }) => [customerId, company, canonicalId]),
    ].filter((value): value is string => value !== undefined && value !== ''),
  );
}

/** The one-line failure of a row (a customer's lookup, or a domain's search), or none. */
function failure(
  row: SummaryRow,
  m: Messages,
  options: SummaryCardOptions,
): { isFailed: boolean; failureText: string } {
  const signIn = options.userSignIn === true;
  const failureText =
    row.state === 'failed'
      ? failureLine(row.error, m, signIn)
      : row.state === 'domainFailed'
        ? failureLine(row.error, m, signIn, true)
        : row.state === 'domainNotResolved'
          ? row.matches > 1
            ? m.severalDomains.shared(row.matches)
            : m.severalDomains.notFound
          : '';
  return { isFailed: failureText !== '', failureText };
}

/**
 * The sanitised company name of the row's customer (else its domain), when its profile is the
 * row's customer.
 */
function companyOf(row: SummaryRow, customerId: string, maxLength: number): string | undefined {
  if (!('customer' in row) || row.customer === undefined) return undefined;
  if (row.customer.id.toLowerCase() !== customerId.toLowerCase()) return undefined;
  return sanitizeOptional(row.customer.companyName, maxLength) ?? sanitizeOptional(row.customer.domain, maxLength);
}

/** When the newest answer on the card was fetched (undefined while none has arrived). */
function latestFetch(rows: readonly SummaryRow[]): Date | undefined {
  let latest: Date | undefined;
  for (const row of rows) {
    if (row.state === 'ok' && (latest === undefined || row.lookup.fetchedAt > latest)) latest = row.lookup.fetchedAt;
  }
  return latest;
}
