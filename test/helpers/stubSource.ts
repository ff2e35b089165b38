import sinon from 'sinon';
import type {
  CompanyNameSearchResult,
  CustomerLookup,
  CustomerSearchResult,
  QualificationLookup,
  QualificationSource,
} from '../../src/partnerCenter/types';
import { companyName, customerDomain, tenantId } from './ids';

/** A successful lookup: Education, Approved. */
export function educationLookup(customerId: string): QualificationLookup {
  return {
    customerId: tenantId(customerId),
    qualifications: [{ name: 'Education', known: 'Education', vettingStatus: 'Approved' }],
    fetchedAt: new Date('2026-11-25T10:00:00Z'),
    correlationId: 'c',
    requestId: 'r',
    api: 'qualifications',
  };
}

/** The company every stubbed customer has unless a test says otherwise. */
const STUB_COMPANY = 'Contoso Stub Ltd';

export function customerLookup(
  customerId: string,
  companyName = STUB_COMPANY,
  domain = 'contosostub.onmicrosoft.com',
): CustomerLookup {
  return {
    customer: { id: tenantId(customerId), companyName, domain: customerDomain(domain) },
    fetchedAt: new Date(),
    correlationId: 'c',
    requestId: 'r',
  };
}

export function searchResult(
  domain: string,
  matches: CustomerSearchResult['matches'] = [],
  similar: CustomerSearchResult['similar'] = [],
): CustomerSearchResult {
  return {
    domain: customerDomain(domain),
    matches,
    similar,
    similarCount: similar.length,
    complete: true,
    fetchedAt: new Date(),
    correlationId: 'c',
    requestId: 'r',
  };
}

export function nameSearchResult(
  name: string,
  matches: CompanyNameSearchResult['matches'] = [],
  complete = true,
): CompanyNameSearchResult {
  return { name: companyName(name), matches, complete, fetchedAt: new Date(), correlationId: 'c', requestId: 'r' };
}

export type StubSource = {
  readonly [K in keyof QualificationSource]: sinon.SinonSpy<
    Parameters<QualificationSource[K]>,
    ReturnType<QualificationSource[K]>
  >;
};

/**
 * A QualificationSource whose calls are sinon spies: every customer is Education, Approved, with
 * the company STUB_COMPANY; no domain and no name matches. Pass any of them to change that.
 */
export function stubSource(overrides: Partial<QualificationSource> = {}): StubSource {
  return {
    getQualifications: sinon.spy(overrides.getQualifications ?? (async (id: string) => educationLookup(id))),
    getCustomer: sinon.spy(overrides.getCustomer ?? (async (id: string) => customerLookup(id))),
    findCustomersByDomain: sinon.spy(
      overrides.findCustomersByDomain ?? (async (domain: string) => searchResult(domain)),
    ),
    findCustomersByName: sinon.spy(overrides.findCustomersByName ?? (async (name: string) => nameSearchResult(name))),
  };
}
