import { normaliseCompanyName, type CompanyName } from '../../src/partnerCenter/companyName';
import { normaliseCustomerId, type CustomerTenantId } from '../../src/partnerCenter/customerId';
import { normaliseDomain, type CustomerDomain } from '../../src/partnerCenter/domain';

/** A test's tenant id as the edge would make it (canonical); throws on a typo in the test. */
export function tenantId(text: string): CustomerTenantId {
  const id = normaliseCustomerId(text);
  if (id === undefined) throw new Error(`not a tenant id: ${text}`);
  return id;
}

/** A test's customer domain as the edge would make it (canonical); throws on a typo in the test. */
export function customerDomain(text: string): CustomerDomain {
  const domain = normaliseDomain(text);
  if (domain === undefined) throw new Error(`not a domain: ${text}`);
  return domain;
}

/** A test's company name as the edge would make it (canonical); throws on a typo in the test. */
export function companyName(text: string): CompanyName {
  const name = normaliseCompanyName(text);
  if (name === undefined) throw new Error(`not a company name: ${text}`);
  return name;
}

/** A value a careless caller could pass despite the type (for tests of defences behind the edge). */
export function uncheckedTenantId(text: string): CustomerTenantId {
  return text as CustomerTenantId;
}
