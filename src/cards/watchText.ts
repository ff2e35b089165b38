import { KNOWN_QUALIFICATIONS, type Qualification } from '../partnerCenter/types';
import type { Change, QualificationState, WatchState } from '../watch/changes';
import { TEXT_LIMITS, sanitizeText } from './escape';
import type { Messages } from './messages';
import { qualificationRow } from './qualificationRows';
import { type Line, line, slot } from './runs';

/** The pieces the watch cards share: who the customer is, and a state or a change in words. */

/** The company name when known, else the tenant id (sanitised). */
export function customerName(watch: { readonly customerId: string; readonly companyName?: string }): string {
  const name = sanitizeText(watch.companyName, TEXT_LIMITS.company);
  return name !== '' ? name : sanitizeText(watch.customerId, TEXT_LIMITS.id);
}

function asQualification(q: QualificationState): Qualification {
  const known = KNOWN_QUALIFICATIONS.find((k) => k === q.name);
  return {
    name: q.name,
    ...(known !== undefined && { known }),
    ...(q.status !== undefined && { vettingStatus: q.status }),
    ...(q.reason !== undefined && { vettingReason: q.reason }),
  };
}

/** "Education (In review)": the qualification as the summary card says it. */
function qualificationText(q: QualificationState, m: Messages): string {
  return qualificationRow(asQualification(q), m).summary;
}

/** The label alone ("Education"). */
function labelOf(q: QualificationState, m: Messages): string {
  return qualificationRow(asQualification(q), m).label;
}

/** The status, and the reason when there is one ("Denied, Not an accredited school"). */
function sideOf(q: QualificationState, m: Messages): string {
  const row = qualificationRow(asQualification(q), m);
  const status = row.hasStatus ? row.statusText : row.vettingNote;
  const reason = sanitizeText(q.reason, TEXT_LIMITS.reason);
  const date = sanitizeText(q.date, TEXT_LIMITS.date);
  return [status, reason, date].filter((part) => part !== '').join(', ');
}

/** The whole state in one line: "Education (In review), State-owned entity". */
export function stateText(state: WatchState | undefined, m: Messages): string {
  if (state === undefined || state.length === 0) return m.watch.noQualification;
  return state.map((q) => qualificationText(q, m)).join(', ');
}

/** One change as a line: "Education: In review → Approved". */
export function changeLine(change: Change, m: Messages): Line {
  if (change.kind === 'added') {
    return line(m.watch.added(slot(0), slot(1)), [{ text: labelOf(change.to, m) }, { text: sideOf(change.to, m) }]);
  }
  if (change.kind === 'removed') {
    return line(m.watch.removed(slot(0), slot(1)), [
      { text: labelOf(change.from, m) },
      { text: sideOf(change.from, m) },
    ]);
  }
  return line(m.watch.changed(slot(0), slot(1), slot(2)), [
    { text: labelOf(change.to, m) },
    { text: sideOf(change.from, m) },
    { text: sideOf(change.to, m) },
  ]);
}

/** "<customer>: <state>" as a line. */
export function customerStateLine(customer: string, state: string, m: Messages): Line {
  return line(m.watch.customerState(slot(0), slot(1)), [{ text: customer }, { text: state }]);
}

/**
 * A time as plain text in UTC ("2026-05-06 19:59 UTC"): the notice's lines are TextRuns, where
 * Adaptive Cards' DATE()/TIME() markup is not formatted in every client.
 */
export function utcText(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
