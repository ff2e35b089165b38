import type { Qualification, QualificationLookup } from '../partnerCenter/types';
import { cardDate, cardDateTime, parseIsoDateTime } from './dates';
import { TEXT_LIMITS, escapeOptional, escapeText } from './escape';
import { type Messages, messagesFor } from './messages';
import { type CardOptions, commonData } from './options';
import { type AdaptiveCardJson, expandTemplate } from './templates';

/** Adaptive Card TextBlock colours used for vetting statuses. */
export type StatusColor = 'Good' | 'Warning' | 'Attention' | 'Default';

interface QualificationRow {
  readonly label: string;
  readonly hasStatus: boolean;
  readonly statusText: string;
  readonly statusColor: StatusColor;
  readonly hasReason: boolean;
  readonly reasonText: string;
  readonly hasDate: boolean;
  readonly dateText: string;
}

/** The card that answers `qualification for <id>`: one row per qualification Partner Center lists. */
export function qualificationCard(lookup: QualificationLookup, options: CardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const customerId = escapeText(lookup.customerId, TEXT_LIMITS.id);
  const rows = lookup.qualifications.map((q) => qualificationRow(q, m));
  const isEmpty = lookup.qualifications.every(isBareNone);
  const summary = isEmpty
    ? m.result.empty
    : rows.map((r) => (r.hasStatus ? `${r.label} (${r.statusText})` : r.label)).join(', ');

  return expandTemplate('qualification', {
    ...commonData(m, options, m.result.fallback(customerId, summary)),
    title: m.result.title,
    customerLabel: m.result.customerLabel,
    customerId,
    rows: isEmpty ? [] : rows,
    isEmpty,
    emptyText: m.result.empty,
    emptyDetail: m.result.emptyDetail,
    fetchedText: m.result.fetched(cardDateTime(lookup.fetchedAt)),
    correlationText: m.result.correlationId(escapeText(lookup.correlationId, TEXT_LIMITS.correlationId)),
  });
}

/** Human label and colour of a vetting status; unknown statuses are shown as sent, uncoloured. */
export function statusPresentation(status: string, m: Messages): { text: string; color: StatusColor } {
  switch (status.toLowerCase().replace(/[^a-z]/g, '')) {
    case 'approved':
      return { text: m.statuses.approved, color: 'Good' };
    case 'inreview':
      return { text: m.statuses.inReview, color: 'Warning' };
    case 'denied':
      return { text: m.statuses.denied, color: 'Attention' };
    default:
      return { text: escapeText(status, TEXT_LIMITS.status), color: 'Default' };
  }
}

function qualificationRow(q: Qualification, m: Messages): QualificationRow {
  // An unknown value is shown exactly as Partner Center sent it (escaped); a blank one as None.
  const label =
    q.known !== undefined
      ? m.qualifications[q.known]
      : escapeText(q.name, TEXT_LIMITS.qualification) || m.qualifications.None;
  const rawStatus = q.vettingStatus?.trim() ? q.vettingStatus : undefined;
  const status = rawStatus === undefined ? undefined : statusPresentation(rawStatus, m);
  const reason = escapeOptional(q.vettingReason, TEXT_LIMITS.reason);
  const date = vettingDateText(q.vettingCreateDate);
  return {
    label,
    hasStatus: status !== undefined && status.text !== '',
    statusText: status?.text ?? '',
    statusColor: status?.color ?? 'Default',
    hasReason: reason !== undefined,
    reasonText: reason === undefined ? '' : m.result.reason(reason),
    hasDate: date !== undefined,
    dateText: date === undefined ? '' : m.result.vettingDate(date),
  };
}

/** DATE() markup for an ISO date; any other non-empty text as sent (escaped). */
function vettingDateText(raw: string | undefined): string | undefined {
  const date = parseIsoDateTime(raw);
  return date !== undefined ? cardDate(date) : escapeOptional(raw, TEXT_LIMITS.date);
}

/** `None` with nothing else to say: the same as no qualification at all. */
function isBareNone(q: Qualification): boolean {
  return (
    q.known === 'None' &&
    !q.vettingStatus?.trim() &&
    !q.vettingReason?.trim() &&
    !q.vettingCreateDate?.trim()
  );
}
