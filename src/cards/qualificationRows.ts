import type { Qualification, QualificationLookup } from '../partnerCenter/types';
import { cardDate, parseIsoDateTime } from './dates';
import { TEXT_LIMITS, sanitizeOptional, sanitizeText } from './escape';
import type { Messages } from './messages';
import { type Line, type RunData, line, slot } from './runs';

/** The qualifications of a lookup as rows (the result card's and the summary card's), and their labels. */

/**
 * Adaptive Card colours of the vetting statuses. They colour a marker (●) in front of the status,
 * not the status text: Teams' light theme draws Good (#92C353) and Warning (#F8D22A) text on white
 * at about 2:1 and 1.5:1 contrast, which is unreadable; the status text itself stays
 * default-coloured and bold.
 */
export type StatusColor = 'Good' | 'Warning' | 'Attention' | 'Default';

/** The marker in front of a known status, in the status colour. */
const STATUS_MARKER = '●\u00A0';
/** The neutral marker in front of a status the bot doesn't know (default colour: no judgement). */
const UNKNOWN_STATUS_MARKER = '○\u00A0';

/** One qualification as a row of the result and summary cards. */
export interface QualificationRow {
  readonly label: string;
  readonly hasSentAs: boolean;
  readonly sentAsRuns: readonly RunData[];
  readonly hasStatus: boolean;
  readonly hasMarker: boolean;
  readonly statusMarker: string;
  readonly statusText: string;
  readonly statusColor: StatusColor;
  /**
   * No vetting status: "No vetting needed" (a state-owned entity, which Partner Center lists
   * without one) or "No vetting status given" (anything else), so it never reads as pending.
   */
  readonly hasVettingNote: boolean;
  readonly vettingNote: string;
  /** A status the bot doesn't know: "Status as Partner Center gives it: …" under the row. */
  readonly hasStatusAsSent: boolean;
  readonly statusAsSentRuns: readonly RunData[];
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

/** No qualification at all, or only a bare None. */
export function isEmptyLookup(lookup: QualificationLookup): boolean {
  return lookup.qualifications.every(isBareNone);
}

/** Plain text: "Education (Approved), State-owned entity", or the catalog's "no qualification". */
export function qualificationSummary(lookup: QualificationLookup, m: Messages): string {
  return isEmptyLookup(lookup)
    ? m.result.empty
    : lookup.qualifications.map((q) => qualificationRow(q, m).summary).join(', ');
}

/**
 * Human label and colour of a vetting status. A status the bot doesn't know (NotStarted, Pending,
 * Expired…) gets the catalog's neutral "Other status", uncoloured, and `sentAs`: the value as
 * Partner Center sent it (sanitised), for a TextRun of its own.
 */
export function statusPresentation(status: string, m: Messages): { text: string; color: StatusColor; sentAs?: string } {
  switch (status.toLowerCase().replace(/[^a-z]/g, '')) {
    case 'approved':
      return { text: m.statuses.approved, color: 'Good' };
    case 'inreview':
      return { text: m.statuses.inReview, color: 'Warning' };
    case 'denied':
      return { text: m.statuses.denied, color: 'Attention' };
    default: {
      const sentAs = sanitizeText(status, TEXT_LIMITS.status);
      return sentAs === '' ? { text: '', color: 'Default' } : { text: m.statuses.other, color: 'Default', sentAs };
    }
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

/** A qualification's label, status (with its marker colour), reason and date, for a template row. */
export function qualificationRow(q: Qualification, m: Messages): QualificationRow {
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
  const vettingNote = hasStatus ? undefined : noVettingNote(q, m);
  const statusAsSent =
    status?.sentAs === undefined
      ? undefined
      : line(m.result.statusAsSent(slot(0)), [{ text: status.sentAs, monospace: true }]);
  return {
    label,
    hasSentAs: sentAs !== undefined,
    sentAsRuns: sentAs?.runs ?? [],
    hasStatus,
    hasMarker: hasStatus && (status.color !== 'Default' || statusAsSent !== undefined),
    statusMarker: statusAsSent === undefined ? STATUS_MARKER : UNKNOWN_STATUS_MARKER,
    statusText: status?.text ?? '',
    statusColor: status?.color ?? 'Default',
    hasVettingNote: vettingNote !== undefined,
    vettingNote: vettingNote ?? '',
    hasStatusAsSent: statusAsSent !== undefined,
    statusAsSentRuns: statusAsSent?.runs ?? [],
    hasReason: reason !== undefined,
    reasonRuns: reason === undefined ? [] : line(m.result.reason(slot(0)), [{ text: reason }]).runs,
    hasDateMarkup: date?.markup !== undefined,
    dateText: date?.markup ?? '',
    hasRawDate: date?.raw !== undefined,
    dateRuns: date?.raw?.runs ?? [],
    // Plain text: an unknown status as Partner Center sent it ("Education (NotStarted)").
    summary: hasStatus
      ? `${summaryLabel} (${status.sentAs ?? status.text})`
      : vettingNote === undefined
        ? summaryLabel
        : `${summaryLabel} (${vettingNote})`,
  };
}

/**
 * What a row without a vetting status says instead. Partner Center lists a state-owned entity
 * without one in every documented example (the qualification is set, not vetted): "No vetting
 * needed". Any other qualification without one gets the neutral "No vetting status given" (the
 * bot does not guess why). A None row says nothing: it is not a qualification.
 */
function noVettingNote(q: Qualification, m: Messages): string | undefined {
  if (q.known === 'None' || (q.known === undefined && sanitizeText(q.name, TEXT_LIMITS.qualification) === ''))
    return undefined;
  return q.known === 'StateOwnedEntity' ? m.result.noVettingNeeded : m.result.noVettingStatus;
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
  return q.known === 'None' && !q.vettingStatus?.trim() && !q.vettingReason?.trim() && !q.vettingCreateDate?.trim();
}
