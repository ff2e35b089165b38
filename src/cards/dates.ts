/**
 * Dates on cards. Adaptive Cards' `{{DATE(…)}}` and `{{TIME(…)}}` show an instant in the reader's
 * own time zone and format, but only for a strict RFC 3339 value such as `2024-05-06T19:59:56Z`
 * (no fractional seconds); anything else is shown as the raw markup. So dates are formatted here.
 */

/** `2024-05-06T19:59:56Z`: UTC, whole seconds, the form DATE()/TIME() accept. */
export function toCardTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Adaptive Card markup for "date and time" in the reader's locale and time zone. */
export function cardDateTime(date: Date): string {
  const ts = toCardTimestamp(date);
  return `{{DATE(${ts}, SHORT)}} {{TIME(${ts})}}`;
}

/** Adaptive Card markup for "date" in the reader's locale and time zone. */
export function cardDate(date: Date): string {
  return `{{DATE(${toCardTimestamp(date)}, SHORT)}}`;
}

/**
 * ISO 8601 date and time as Partner Center sends it: `2020-12-03T10:37:38.885Z`,
 * `2021-05-06T19:59:56.6832021+00:00`, `2020-12-04T20:54:24Z`, or without an offset (read as UTC).
 */
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * The instant in a vetting date Partner Center sent, or undefined when it is not an unambiguous
 * ISO 8601 date and time (e.g. the documented `07/09/2020: 00:00:00`, which could be July or
 * September; those are shown as sent).
 */
export function parseIsoDateTime(raw: string | undefined): Date | undefined {
  if (raw === undefined) {
    return undefined;
  }
  const match = ISO_DATE_TIME.exec(raw.trim());
  if (!match) {
    return undefined;
  }
  const [, y = '', mo = '', d = '', h = '', mi = '', s = '00', fraction, offset] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const ms = fraction === undefined ? '000' : fraction.slice(0, 3).padEnd(3, '0');
  let zone = (offset ?? 'Z').toUpperCase();
  if (zone !== 'Z' && !zone.includes(':')) {
    zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  }
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${zone}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
