import type { Qualification, QualificationLookup } from '../partnerCenter/types';
import { cardDate, cardDateTime, parseIsoDateTime } from './dates';
import { TEXT_LIMITS, sanitizeOptional, sanitizeText } from './escape';
import { type Messages, messagesFor } from './messages';
import { type CardOptions, commonData } from './options';
import { type Line, type RunData, line, slot, valueLine } from './runs';
import { type AdaptiveCardJson, expandTemplate } from './templates';

/**
 * Adaptive Card colours of the vetting statuses. They colour a marker (●) in front of the status,
 * not the status text: Teams' light theme draws Good (#92C353) and Warning (#F8D22A) text on white
 * at about 2:1 and 1.5:1 contrast, which is unreadable; the status text itself stays
 * default-coloured and bold.
 */
export type StatusColor = 'Good' | 'Warning' | 'Attention' | 'Default';

/** The marker in front of a known status, in the status colour. */
const STATUS_MARKER = '●\u00A0';

interface QualificationRow {
  readonly label: string;
  readonly hasSentAs: boolean;
  readonly sentAsRuns: readonly RunData[];
  readonly hasStatus: boolean;
  readonly hasMarker: boolean;
  readonly statusMarker: string;
  readonly statusText: string;
  readonly statusColor: StatusColor;
  readonly hasReason: boolean;
  readonly reasonRuns: readonly RunData[];
  /** A vetting date the renderer formats ({{DATE()}} markup, our own text: a TextBlock). */
  readonly hasDateMarkup: boolean;
  readonly dateText: string;
  /** A vetting date shown as Partner Center sent it (outside text: a TextRun). */
  readonly hasRawDate: boolean;
  readonly dateRuns: readonly RunData[];
  /** For the plain-text summary. */
  readonly summary: string;
}

/** The card that answers `qualification for {id}`: one row per qualification Partner Center lists. */
export function qualificationCard(lookup: QualificationLookup, options: CardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const customerId = sanitizeText(lookup.customerId, TEXT_LIMITS.id);
  const rows = lookup.qualifications.map((q) => qualificationRow(q, m));
  const isEmpty = lookup.qualifications.every(isBareNone);
  const summary = isEmpty ? m.result.empty : rows.map((r) => r.summary).join(', ');
  const correlation = line(m.result.correlationId(slot(0)), [
    { text: sanitizeText(lookup.correlationId, TEXT_LIMITS.correlationId) },
  ]);

  return expandTemplate('qualification', {
    ...commonData(m, options, m.result.fallback(customerId, summary)),
    title: m.result.title,
    customerLabel: m.result.customerLabel,
    customerIdRuns: valueLine({ text: customerId, monospace: true }).runs,
    rows: isEmpty ? [] : rows,
    isEmpty,
    emptyText: m.result.empty,
    emptyDetail: m.result.emptyDetail,
    fetchedText: m.result.fetched(cardDateTime(lookup.fetchedAt)),
    correlationRuns: correlation.runs,
  });
}

/**
 * Human label and colour of a vetting status; an unknown status is shown as sent (sanitised),
 * uncoloured. `text` goes into a TextRun.
 */
export function statusPresentation(status: string, m: Messages): { text: string; color: StatusColor } {
  switch (status.toLowerCase().replace(/[^a-z]/g, '')) {
    case 'approved':
      return { text: m.statuses.approved, color: 'Good' };
    case 'inreview':
      return { text: m.statuses.inReview, color: 'Warning' };
    case 'denied':
      return { text: m.statuses.denied, color: 'Attention' };
    default:
      return { text: sanitizeText(status, TEXT_LIMITS.status), color: 'Default' };
  }
}

/**
 * A qualification value the bot doesn't know, made readable: `HealthcareProvider` →
 * `Healthcare Provider`, `K12SchoolDistrict` → `K12 School District`, `HTTPServices` →
 * `HTTP Services`. Only a single identifier-like word is split; anything with spaces is left as is.
 */
export function readableValue(value: string): string {
  if (/\s/.test(value)) {
    return value;
  }
  return value.replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2');
}

function qualificationRow(q: Qualification, m: Messages): QualificationRow {
  // A known value gets its label. An unknown one is shown as Partner Center sent it: split into
  // words for reading, with the exact value underneath when that differs. A blank one is None.
  let label: string;
  let sentAs: Line | undefined;
  const raw = q.known === undefined ? sanitizeText(q.name, TEXT_LIMITS.qualification) : '';
  if (q.known !== undefined) {
    label = m.qualifications[q.known];
  } else if (raw === '') {
    label = m.qualifications.None;
  } else {
    label = readableValue(raw);
    sentAs = label === raw ? undefined : line(m.result.sentAs(slot(0)), [{ text: raw, monospace: true }]);
  }

  const rawStatus = q.vettingStatus?.trim() ? q.vettingStatus : undefined;
  const status = rawStatus === undefined ? undefined : statusPresentation(rawStatus, m);
  const hasStatus = status !== undefined && status.text !== '';
  const reason = sanitizeOptional(q.vettingReason, TEXT_LIMITS.reason);
  const date = vettingDate(q.vettingCreateDate, m);
  const summaryLabel = raw === '' ? label : raw;
  return {
    label,
    hasSentAs: sentAs !== undefined,
    sentAsRuns: sentAs?.runs ?? [],
    hasStatus,
    hasMarker: hasStatus && status.color !== 'Default',
    statusMarker: STATUS_MARKER,
    statusText: status?.text ?? '',
    statusColor: status?.color ?? 'Default',
    hasReason: reason !== undefined,
    reasonRuns: reason === undefined ? [] : line(m.result.reason(slot(0)), [{ text: reason }]).runs,
    hasDateMarkup: date?.markup !== undefined,
    dateText: date?.markup ?? '',
    hasRawDate: date?.raw !== undefined,
    dateRuns: date?.raw?.runs ?? [],
    summary: hasStatus ? `${summaryLabel} (${status.text})` : summaryLabel,
  };
}

/** DATE() markup for an ISO date (a TextBlock); any other non-empty text as sent (TextRuns). */
function vettingDate(raw: string | undefined, m: Messages): { markup?: string; raw?: Line } | undefined {
  const date = parseIsoDateTime(raw);
  if (date !== undefined) {
    return { markup: m.result.vettingDate(cardDate(date)) };
  }
  const text = sanitizeOptional(raw, TEXT_LIMITS.date);
  return text === undefined ? undefined : { raw: line(m.result.vettingDate(slot(0)), [{ text }]) };
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
