import type { CustomerProfile, QualificationLookup } from '../partnerCenter/types';
import { failureLine } from './errorView';
import { TEXT_LIMITS, sanitizeOptional, sanitizeText } from './escape';
import { type Messages, messagesFor } from './messages';
import { type CardOptions, commonData } from './options';
import { isEmptyLookup, qualificationRow } from './qualificationRows';
import { type RunData, line, slot, valueLine } from './runs';
import { type AdaptiveCardJson, expandTemplate } from './templates';

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
  const failed = rows.filter((r) => r.state !== 'pending' && r.state !== 'ok').length;
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
      rows: rows.map((row) => rowData(row, m, options)),
      correlationRuns: correlation.runs,
    },
    // Every row's customer swapped out too, so a kept expansion serves other customers alike.
    [options.correlationId, ...rows.flatMap((row) => volatileOf(row))],
  );
}

/** What a row is about, as shown: its domain (a domain's row), else its tenant id, and its company name when known. */
function subjectOf(row: SummaryRow): { readonly id?: string; readonly domain?: string; readonly company?: string } {
  if ('domain' in row) return { domain: sanitizeText(row.domain, TEXT_LIMITS.domain) };
  const id = sanitizeText(row.state === 'ok' ? row.lookup.customerId : row.customerId, TEXT_LIMITS.id);
  return { id, company: companyOf(row, id) };
}

/** The row's outside values, swapped out of a kept expansion (see expandTemplate). */
function volatileOf(row: SummaryRow): string[] {
  const { id, domain, company } = subjectOf(row);
  return [id, domain, company].filter((value): value is string => value !== undefined);
}

function rowData(row: SummaryRow, m: Messages, options: SummaryCardOptions): Record<string, unknown> {
  const { id, domain, company } = subjectOf(row);
  const head: readonly RunData[] =
    company === undefined
      ? valueLine({ text: domain ?? id ?? '', monospace: true }).runs
      : valueLine({ text: company }).runs;
  const failureText =
    row.state === 'failed'
      ? failureLine(row.error, m, options.userSignIn === true)
      : row.state === 'domainFailed'
        ? failureLine(row.error, m, options.userSignIn === true, true)
        : row.state === 'domainNotResolved'
          ? row.matches > 1
            ? m.severalDomains.shared(row.matches)
            : m.severalDomains.notFound
          : '';
  const qualifications =
    row.state === 'ok' && !isEmptyLookup(row.lookup)
      ? row.lookup.qualifications.map((q) => qualificationRow(q, m))
      : [];
  return {
    headRuns: head,
    hasIdLine: company !== undefined,
    idRuns: company === undefined || id === undefined ? [] : valueLine({ text: id, monospace: true }).runs,
    isPending: row.state === 'pending',
    pendingText: m.summary.pending,
    isFailed: failureText !== '',
    failureText,
    isEmpty: row.state === 'ok' && isEmptyLookup(row.lookup),
    emptyText: m.result.empty,
    qualifications,
  };
}

/** The sanitised company name of the row's customer, when its profile is the row's customer. */
function companyOf(row: SummaryRow, customerId: string): string | undefined {
  if (!('customer' in row) || row.customer === undefined) return undefined;
  if (row.customer.id.toLowerCase() !== customerId.toLowerCase()) return undefined;
  return sanitizeOptional(row.customer.companyName, TEXT_LIMITS.company);
}
