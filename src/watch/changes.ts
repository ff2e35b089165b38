import type { QualificationLookup } from '../partnerCenter/types';

/**
 * What a watch compares from one check to the next: what the result card would show of each
 * qualification (its name, vetting status, reason and date), nothing else (not the fetch time or
 * the correlation id). Pure: the watcher keeps the last state, this says what changed.
 */
export interface QualificationState {
  readonly name: string;
  readonly status?: string;
  readonly reason?: string;
  readonly date?: string;
}

/** The qualifications in a stable order (by name), so that Partner Center's order is no change. */
export type WatchState = readonly QualificationState[];

/** One difference between two states: a qualification added, removed, or shown differently. */
export type Change =
  | { readonly kind: 'added'; readonly to: QualificationState }
  | { readonly kind: 'removed'; readonly from: QualificationState }
  | { readonly kind: 'changed'; readonly from: QualificationState; readonly to: QualificationState };

/** Vetting statuses after which nothing more is expected: the watch ends with the notice. */
const FINAL_STATUSES = new Set(['approved', 'denied']);

export function stateOf(lookup: QualificationLookup): WatchState {
  return lookup.qualifications
    .filter((q) => q.known !== 'None' || q.vettingStatus !== undefined)
    .map((q) => ({
      name: q.name,
      ...(q.vettingStatus !== undefined && { status: q.vettingStatus }),
      ...(q.vettingReason !== undefined && { reason: q.vettingReason }),
      ...(q.vettingCreateDate !== undefined && { date: q.vettingCreateDate }),
    }))
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.status ?? '', b.status ?? ''));
}

/**
 * What changed from `before` to `after`, qualification by qualification (matched by name, case
 * ignored). Empty when the card would look the same.
 */
export function changesBetween(before: WatchState, after: WatchState): Change[] {
  const changes: Change[] = [];
  const left = new Map(before.map((q) => [q.name.toLowerCase(), q]));
  for (const to of after) {
    const key = to.name.toLowerCase();
    const from = left.get(key);
    left.delete(key);
    if (from === undefined) changes.push({ kind: 'added', to });
    else if (!sameState(from, to)) changes.push({ kind: 'changed', from, to });
  }
  for (const from of left.values()) changes.push({ kind: 'removed', from });
  return changes;
}

/**
 * True when every qualification that has a vetting status is Approved or Denied (and at least one
 * has): the vetting is over, so the watch ends once it has said so.
 */
export function isFinal(state: WatchState): boolean {
  const vetted = state.filter((q) => q.status !== undefined);
  return vetted.length > 0 && vetted.every((q) => FINAL_STATUSES.has((q.status ?? '').toLowerCase()));
}

function sameState(a: QualificationState, b: QualificationState): boolean {
  return a.status === b.status && a.reason === b.reason && a.date === b.date && a.name === b.name;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A state read back from the store: validated again, or undefined. */
export function parseState(value: unknown): WatchState | undefined {
  if (!Array.isArray(value)) return undefined;
  const read = value.map((entry): QualificationState | undefined => {
    if (typeof entry !== 'object' || entry === null) return undefined;
    const { name, status, reason, date } = entry as Record<string, unknown>;
    if (typeof name !== 'string' || name.length > 200) return undefined;
    return {
      name,
      ...(typeof status === 'string' && { status: status.slice(0, 100) }),
      ...(typeof reason === 'string' && { reason: reason.slice(0, 500) }),
      ...(typeof date === 'string' && { date: date.slice(0, 100) }),
    };
  });
  return read.every((q) => q !== undefined) ? read : undefined;
}
