import fs from 'node:fs';
import path from 'node:path';
import type { PartnerCenterErrorKind } from '../../src/partnerCenter/errors';
import type { Qualification } from '../../src/partnerCenter/types';

/**
 * The Partner Center sample bodies from the documentation (copied verbatim from the project's
 * research notes into test/fixtures/partner-center; their sources are listed in its README.md).
 * When the folder is missing the tests that use it FAIL: they never skip.
 */
const FIXTURE_DIR = path.resolve(__dirname, '../fixtures/partner-center');

/** Throws a clear error unless the fixture directory is there. */
export function assertFixtureDirectory(): void {
  if (!fs.existsSync(FIXTURE_DIR) || !fs.statSync(FIXTURE_DIR).isDirectory()) {
    throw new Error(
      `Partner Center fixtures not found at ${FIXTURE_DIR}; these tests refuse to run without the real sample bodies.`,
    );
  }
}

/** The raw text of one fixture (throws, naming the path, when it is missing). */
export function fixtureText(name: string): string {
  assertFixtureDirectory();
  const file = path.join(FIXTURE_DIR, name);
  if (!fs.existsSync(file)) throw new Error(`fixture ${name} is missing from ${FIXTURE_DIR}`);
  return fs.readFileSync(file, 'utf8');
}

/** The bytes of one fixture, exactly as stored. */
export function fixtureBytes(name: string): Buffer {
  assertFixtureDirectory();
  const file = path.join(FIXTURE_DIR, name);
  if (!fs.existsSync(file)) throw new Error(`fixture ${name} is missing from ${FIXTURE_DIR}`);
  return fs.readFileSync(file);
}

/** The UTF-8 byte-order mark some Partner Center endpoints put before a body (EF BB BF). */
export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** A fixture's bytes with a UTF-8 byte-order mark in front, as such an endpoint sends it. */
export function withBom(body: Buffer | string): Buffer {
  return Buffer.concat([UTF8_BOM, typeof body === 'string' ? Buffer.from(body, 'utf8') : body]);
}

export function fixtureJson(name: string): unknown {
  return JSON.parse(fixtureText(name)) as unknown;
}

/** The file names actually present in the fixture directory. */
export function fixtureFiles(): string[] {
  assertFixtureDirectory();
  return fs
    .readdirSync(FIXTURE_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

const EDUCATION = { name: 'Education', known: 'Education' } as const;
const GCC = { name: 'GovernmentCommunityCloud', known: 'GovernmentCommunityCloud' } as const;
const SOE = { name: 'StateOwnedEntity', known: 'StateOwnedEntity' } as const;

/**
 * Every fixture that is a qualification answer, with what normalisation must make of it
 * (api.md §1.3, §1.4, §1.5, §1.6). Exact values, so an extra or missing property fails.
 */
export const QUALIFICATION_FIXTURES: Readonly<Record<string, readonly Qualification[]>> = {
  // §1.3 legacy GET: a bare lower-case string.
  'legacy-get-qualification-education.json': [EDUCATION],
  // §1.4 legacy PUT answer: the same shape, no underscore.
  'legacy-put-qualification-gcc.json': [GCC],
  // §1.5 plural GET examples.
  'qualifications-get-approved.json': [{ ...EDUCATION, vettingStatus: 'Approved' }],
  'qualifications-get-inreview.json': [
    { ...EDUCATION, vettingStatus: 'InReview', vettingCreateDate: '2020-12-03T10:37:38.885Z' },
  ],
  'qualifications-get-denied.json': [
    {
      ...EDUCATION,
      vettingStatus: 'Denied',
      vettingReason: 'Not an Education Customer',
      vettingCreateDate: '2020-12-03T10:37:38.885Z',
    },
  ],
  'qualifications-get-soe.json': [SOE],
  'qualifications-get-education-approved-and-soe.json': [{ ...EDUCATION, vettingStatus: 'Approved' }, SOE],
  'qualifications-get-gcc-approved-and-soe.json': [
    { ...GCC, vettingStatus: 'Approved', vettingCreateDate: '2021-05-06T19:59:56.6832021+00:00' },
    SOE,
  ],
  // Issue 17: None turned down (the Denied example with None), kept because it has vetting details.
  'qualifications-get-none-denied-CONSTRUCTED.json': [
    {
      name: 'None',
      known: 'None',
      vettingStatus: 'Denied',
      vettingReason: 'Not an Education Customer',
      vettingCreateDate: '2020-12-03T10:37:38.885Z',
    },
  ],
  // Issue 17: statuses no document lists, kept exactly as sent.
  'qualifications-get-unknown-statuses-CONSTRUCTED.json': [
    { ...EDUCATION, vettingStatus: 'NotStarted' },
    { ...GCC, vettingStatus: 'Pending', vettingCreateDate: '2021-05-06T19:59:56.6832021+00:00' },
    { name: 'Nonprofit', known: 'Nonprofit', vettingStatus: 'Expired', vettingReason: 'Documents older than one year' },
  ],
  // §1.6 POST 201: a single object, `vettingCreateDate` spelling.
  'qualifications-post-201-education-inreview.json': [
    { ...EDUCATION, vettingStatus: 'InReview', vettingCreateDate: '2020-12-04T20:54:24Z' },
  ],
};

/**
 * Partner Center error bodies (api.md §2.3, §2.4) with the status each one comes with and what the
 * client must make of it.
 */
export const ERROR_FIXTURES: Readonly<
  Record<
    string,
    {
      readonly status: number;
      readonly kind: PartnerCenterErrorKind;
      readonly code?: number;
      readonly description: string;
    }
  >
> = {
  'error-401-CONSTRUCTED.json': { status: 401, kind: 'unauthorized', code: 400, description: 'Access denied' },
  'error-403-no-relationship-observed.json': {
    status: 403,
    kind: 'forbidden',
    code: 20002,
    description: 'No relationship between caller and account.',
  },
  'error-404-customer-CONSTRUCTED.json': { status: 404, kind: 'notFound', code: 1000, description: 'Not found' },
  'error-404-documented-partner-not-found.json': {
    status: 404,
    kind: 'notFound',
    code: 3000,
    description: 'Partner Organization with partner_id 9999999 could not be found',
  },
  'error-429-throttled.json': {
    status: 429,
    kind: 'throttled',
    description: 'Rate limit is exceeded. Try again in 57 seconds.',
  },
  // A gateway's 404, not Partner Center's own error: it says nothing about the customer.
  'error-404-gateway-observed.json': { status: 404, kind: 'notAnswered', description: 'Resource not found' },
};

/**
 * Error bodies that are a bare JSON string. Kept apart from ERROR_FIXTURES: as a 200 answer such a
 * body is a legacy qualification value, so normalisation does not refuse it.
 */
export const BARE_STRING_ERROR_FIXTURES: Readonly<
  Record<string, { readonly status: number; readonly kind: PartnerCenterErrorKind; readonly description: string }>
> = {
  'error-bare-string-CONSTRUCTED.json': { status: 403, kind: 'forbidden', description: 'Customer tagging denied.' },
};

/** Fixtures that are valid JSON but not a qualification answer (other endpoints, request bodies). */
export const OTHER_FIXTURES: readonly string[] = [
  'customers-get-filtered-by-name.json',
  'customers-get-list-size40.json',
  'qualifications-post-request-bodies.json',
  'validations-get-gcc-codes.json',
];
