import type { CustomerProfile, QualificationLookup } from '../partnerCenter/types';
import { failureLine } from './errorView';
import { TEXT_LIMITS, sanitizeOptional, sanitizeText } from './escape';
import { messagesFor } from './messages';
import { type CardOptions, commonData } from './options';
import { isEmptyLookup, qualificationRow } from './qualificationRows';
import { type RunData, line, slot, valueLine } from './runs';
import { type AdaptiveCardJson, expandTemplate } from './templates';

/**
 * One customer of a several-customer request. `customer` (its profile, when known) puts the
 * company name above the tenant id; a profile of another customer is ignored.
 */
export type SummaryRow =
  /** Still being looked up. */
  | { readonly state: 'pending'; readonly customerId: string; readonly customer?: CustomerProfile }
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
 * company name (when known) and tenant id; then "Looking up…", the qualifications with their
 * vetting status (the result card's labels and status markers), or the failure in one line
 * (the error card's title; "try again in N seconds" when throttled). The header counts progress
 * while rows are pending ("3 of 20 done"), then gives the total. Send it first with every row
 * pending and update it (same function) as lookups finish.
 *
 * Layout: one Container per row, one line per qualification ("Education · ● Approved") — what
 * Teams renders on desktop and mobile at version 1.4 (no Table), and compact: 20 rows with long
 * company names stay well under Teams' 28 KB message limit (tested).
 */
export function summaryCard(rows: readonly SummaryRow[], options: SummaryCardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const total = rows.length;
  const pending = rows.filter((r) => r.state === 'pending').length;
  const failed = rows.filter((r) => r.state === 'failed').length;
  const title = pending > 0 ? m.summary.titleInProgress : m.summary.title;
  const progress = pending > 0 ? m.summary.progress(total - pending, total) : m.summary.complete(total, failed);
  const correlation = line(m.result.correlationId(slot(0)), [
    { text: sanitizeText(options.correlationId, TEXT_LIMITS.correlationId) },
  ]);

  return expandTemplate(
    'summary',
    {
      ...commonData(m, options, m.errors.fallback(title, progress)),
      title,
      progress,
      // Between a qualification and its status on one line (no words: the same in every language).
      statusSeparator: '\u00A0\u00B7\u00A0',
      rows: rows.map((row) => {
        const customerId = sanitizeText(row.state === 'ok' ? row.lookup.customerId : row.customerId, TEXT_LIMITS.id);
        const company = companyOf(row, customerId);
        const head: readonly RunData[] =
          company === undefined
            ? valueLine({ text: customerId, monospace: true }).runs
            : valueLine({ text: company }).runs;
        const qualifications =
          row.state === 'ok' && !isEmptyLookup(row.lookup)
            ? row.lookup.qualifications.map((q) => qualificationRow(q, m))
            : [];
        return {
          headRuns: head,
          hasIdLine: company !== undefined,
          idRuns: company === undefined ? [] : valueLine({ text: customerId, monospace: true }).runs,
          isPending: row.state === 'pending',
          pendingText: m.summary.pending,
          isFailed: row.state === 'failed',
          failureText: row.state === 'failed' ? failureLine(row.error, m, options.userSignIn === true) : '',
          isEmpty: row.state === 'ok' && isEmptyLookup(row.lookup),
          emptyText: m.result.empty,
          qualifications,
        };
      }),
      correlationRuns: correlation.runs,
    },
    // Every row's customer swapped out too, so a kept expansion serves other customers alike.
    [
      options.correlationId,
      ...rows.flatMap((row) => {
        const customerId = sanitizeText(row.state === 'ok' ? row.lookup.customerId : row.customerId, TEXT_LIMITS.id);
        const company = companyOf(row, customerId);
        return company === undefined ? [customerId] : [customerId, company];
      }),
    ],
  );
}

/** The sanitised company name of the row's customer, when its profile is the row's customer. */
function companyOf(row: SummaryRow, customerId: string): string | undefined {
  if (row.customer === undefined || row.customer.id.toLowerCase() !== customerId.toLowerCase()) return undefined;
  return sanitizeOptional(row.customer.companyName, TEXT_LIMITS.company);
}
