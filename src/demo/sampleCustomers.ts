import { isCanonicalCustomerId } from '../partnerCenter/customerId';
import sampleData from './customers.json';

/**
 * The simulator's sample customers (customers.json beside this file). The JSON is imported, not
 * read from disk, so tsc copies it to dist/ and it works the same under tsx and after a build.
 * It is checked once when this module loads: a broken edit fails loudly instead of serving nonsense.
 */

/** One entry of a qualifications answer. Extra properties are served exactly as written. */
export interface SampleQualification {
  readonly qualification: string;
  readonly vettingStatus?: string;
  readonly vettingReason?: string;
  /** The docs' InReview/Denied examples spell the date this way… */
  readonly vettingCreatedDate?: string;
  /** …and the SDK, Swagger and the GCC example this way. */
  readonly vettingCreateDate?: string;
}

/** The documented bare list, or the Swagger wrapper (partner-center-api.md §1.8). */
export type QualificationsBody =
  readonly SampleQualification[] | { readonly qualifications: readonly SampleQualification[] };

/** Behaviours that replace the answer with an error, on every per-customer route. */
const ERROR_BEHAVIOURS = ['notFound', 'forbidden', 'throttled', 'unavailable'] as const;
export type ErrorBehaviour = (typeof ERROR_BEHAVIOURS)[number];

interface SampleCustomerProfile {
  /** Canonical (lower-case) GUID; also the tenant id. */
  readonly id: string;
  readonly companyName: string;
  /** e.g. contoso.onmicrosoft.com */
  readonly domain: string;
  readonly relationshipToPartner: string;
  /** One line for the docs (demo mode): what this sample demonstrates. */
  readonly description: string;
}

/** A customer whose qualifications are served (after a delay when `behaviour` is "slow"). */
export interface AnsweringSampleCustomer extends SampleCustomerProfile {
  readonly qualifications: QualificationsBody;
  readonly behaviour?: 'slow';
}

/** A customer for whom every per-customer route answers with an error. */
export interface FailingSampleCustomer extends SampleCustomerProfile {
  readonly behaviour: ErrorBehaviour;
}

export type SampleCustomer = AnsweringSampleCustomer | FailingSampleCustomer;

export function isFailingCustomer(customer: SampleCustomer): customer is FailingSampleCustomer {
  return (ERROR_BEHAVIOURS as readonly string[]).includes(customer.behaviour ?? '');
}

/** The entries of a qualifications body, whichever shape it has. */
export function qualificationList(body: QualificationsBody): readonly SampleQualification[] {
  return Array.isArray(body) ? body : (body as { qualifications: readonly SampleQualification[] }).qualifications;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireText(record: Record<string, unknown>, field: string, where: string): string {
  const value = record[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`${where}: "${field}" must be a non-empty string`);
  }
  return value;
}

function checkQualificationList(list: unknown, where: string): void {
  if (!Array.isArray(list)) throw new Error(`${where}: "qualifications" must be a list or {"qualifications": [...]}`);
  list.forEach((entry, index) => {
    if (!isRecord(entry)) throw new Error(`${where}: qualification ${index} must be an object`);
    requireText(entry, 'qualification', `${where}, qualification ${index}`);
  });
}

function checkQualificationsBody(body: unknown, where: string): void {
  checkQualificationList(isRecord(body) ? body.qualifications : body, where);
}

function checkBehaviour(record: Record<string, unknown>, where: string): void {
  const { behaviour } = record;
  if (behaviour === undefined || behaviour === 'slow') {
    checkQualificationsBody(record.qualifications, where);
  } else if (!(ERROR_BEHAVIOURS as readonly unknown[]).includes(behaviour)) {
    throw new Error(`${where}: unknown behaviour ${JSON.stringify(behaviour)}`);
  }
}

function checkCustomer(entry: unknown, index: number): SampleCustomer {
  const where = `sample customer ${index}`;
  if (!isRecord(entry)) throw new Error(`${where} must be an object`);
  const id = requireText(entry, 'id', where);
  if (!isCanonicalCustomerId(id)) throw new Error(`${where}: id ${id} is not a lower-case GUID`);
  for (const field of ['companyName', 'domain', 'relationshipToPartner', 'description']) {
    requireText(entry, field, `${where} (${id})`);
  }
  checkBehaviour(entry, `${where} (${id})`);
  return entry as unknown as SampleCustomer;
}

/** Checks a list of sample customers (from JSON or a test) and returns it typed. Throws on the first problem. */
export function parseSampleCustomers(data: unknown): readonly SampleCustomer[] {
  if (!Array.isArray(data)) throw new Error('sample customers must be a list');
  const customers = data.map(checkCustomer);
  const seen = new Set<string>();
  for (const { id } of customers) {
    if (seen.has(id)) throw new Error(`sample customer id ${id} is listed twice`);
    seen.add(id);
  }
  return customers;
}

/** The customers the simulator serves unless it is given others. */
export const SAMPLE_CUSTOMERS: readonly SampleCustomer[] = parseSampleCustomers(sampleData.customers);

/**
 * The examples the help and welcome cards offer in demo mode, so a click answers with sample
 * data: one customer (Contoso School District), a second for the several-customer example
 * (Tailspin County Government), a domain with one exact match, and the beginning of a company name
 * that one customer's name starts with (Fabrikam University).
 */
export const DEMO_EXAMPLES = {
  customerIds: ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000004'],
  domain: 'contoso.onmicrosoft.com',
  companyName: 'Fabrikam',
} as const;
