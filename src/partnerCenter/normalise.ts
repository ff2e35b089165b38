import { KNOWN_QUALIFICATIONS, type KnownQualification, type Qualification } from './types';

/**
 * Reads every documented shape of a qualification answer (Partner Center's "Get a customer's
 * qualifications" reference, its Swagger and its change log):
 * - the legacy bare string: "education", "governmentcommunitycloud", "government_community_cloud";
 * - the current list: [{ qualification, vettingStatus, vettingReason, vettingCreateDate | vettingCreatedDate }];
 * - the Swagger wrapper { qualifications: [...] } and a single object (POST 201, change-log example);
 * - property names in any case (the change log uses PascalCase).
 * An empty list, or a bare None, means "no qualification"; None with a vetting status, reason or
 * date is kept. An unknown value is kept exactly as sent, never mapped to None. Anything else is
 * not a qualification answer: MalformedQualificationError.
 */
export class MalformedQualificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedQualificationError';
  }
}

const CANONICAL = new Map<string, KnownQualification>(KNOWN_QUALIFICATIONS.map((name) => [squash(name), name]));

/** Lower case without separators: "Government_Community Cloud" → "governmentcommunitycloud". */
function squash(value: string): string {
  return value.toLowerCase().replace(/[\s_-]+/g, '');
}

function toQualificationName(raw: string): Pick<Qualification, 'name' | 'known'> {
  const known = CANONICAL.get(squash(raw));
  return known ? { name: known, known } : { name: raw.trim() };
}

/** Looks a property up case-insensitively, accepting any of the given names. */
function property(record: Record<string, unknown>, ...names: string[]): unknown {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  for (const [key, value] of Object.entries(record)) {
    if (wanted.has(key.toLowerCase())) return value;
  }
  return undefined;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new MalformedQualificationError(`${field} is not text`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fromEntry(entry: unknown): Qualification {
  if (typeof entry === 'string') return fromBareString(entry);
  if (!isRecord(entry)) throw new MalformedQualificationError('a qualification entry is not an object');
  const rawName = optionalString(property(entry, 'qualification'), 'qualification');
  if (rawName === undefined)
    throw new MalformedQualificationError('a qualification entry has no "qualification" value');
  const vettingStatus = optionalString(property(entry, 'vettingStatus'), 'vettingStatus');
  const vettingReason = optionalString(property(entry, 'vettingReason'), 'vettingReason');
  const vettingCreateDate = optionalString(
    property(entry, 'vettingCreateDate', 'vettingCreatedDate'),
    'vettingCreateDate',
  );
  return {
    ...toQualificationName(rawName),
    ...(vettingStatus !== undefined && { vettingStatus }),
    ...(vettingReason !== undefined && { vettingReason }),
    ...(vettingCreateDate !== undefined && { vettingCreateDate }),
  };
}

function fromBareString(value: string): Qualification {
  if (value.trim() === '') throw new MalformedQualificationError('the qualification is an empty string');
  return toQualificationName(value);
}

/**
 * `None` with nothing else is "no qualification" and is dropped. `None` with a vetting status,
 * reason or date (e.g. Denied, "Not an Education Customer": a request that was turned down) is
 * kept: it is what Partner Center says about the customer.
 */
function isBareNone(q: Qualification): boolean {
  return (
    q.known === 'None' &&
    q.vettingStatus === undefined &&
    q.vettingReason === undefined &&
    q.vettingCreateDate === undefined
  );
}

function fromList(list: readonly unknown[]): Qualification[] {
  return list.map(fromEntry).filter((q) => !isBareNone(q));
}

/**
 * `body` is the parsed JSON of a 200 answer. The result lists the qualifications and any `None`
 * that carries vetting details; [] means no qualification.
 */
export function normaliseQualifications(body: unknown): Qualification[] {
  if (typeof body === 'string') {
    const single = fromBareString(body);
    return isBareNone(single) ? [] : [single];
  }
  if (Array.isArray(body)) return fromList(body);
  if (isRecord(body)) {
    const wrapped = property(body, 'qualifications', 'items');
    if (Array.isArray(wrapped)) return fromList(wrapped);
    if (property(body, 'qualification') !== undefined) return fromList([body]);
  }
  throw new MalformedQualificationError('the answer is neither a qualification nor a list of qualifications');
}
