import assert from 'node:assert/strict';
import {
  MalformedCustomerError,
  normaliseCustomer,
  normaliseCustomerPage,
  type CustomerPage,
} from '../../../src/partnerCenter/customers';
import type { CustomerProfile } from '../../../src/partnerCenter/types';
import { assertFixtureDirectory, fixtureJson } from '../../helpers/fakePartnerCenterFixtures';
import { customerDomain, tenantId } from '../../helpers/ids';

const ID = tenantId('c5757d70-06f3-4f23-8367-5a9e55019f94');

/** The documented customer collections (api.md §4, §5) and what normalisation must make of them. */
const COLLECTION_FIXTURES: Readonly<Record<string, CustomerPage>> = {
  // "Get a customer by name": three customers, one with a mixed-case domain; no links.next.
  'customers-get-filtered-by-name.json': {
    customers: [
      {
        id: tenantId('c5757d70-06f3-4f23-8367-5a9e55019f94'),
        companyName: 'Contoso190',
        domain: customerDomain('contoso190.onmicrosoft.com'),
      },
      {
        id: tenantId('7b26b357-9ca3-48b8-a58e-4febe2662a5d'),
        companyName: 'Contoso',
        domain: customerDomain('contosocorpco.onmicrosoft.com'),
      },
      {
        id: tenantId('bfbd6ef0-311f-47ec-bbd7-0fcb7846661b'),
        companyName: 'Contoso',
        domain: customerDomain('contosocorpdemo.onmicrosoft.com'),
      },
    ],
  },
  // "Get a list of customers": placeholders ("<guid>", "domain") where values would be.
  'customers-get-list-size40.json': {
    customers: [
      { id: tenantId('b44bb1fb-c595-45b0-9e09-d657365580bf'), companyName: 'companyName' },
      { id: tenantId('45c44870-ef77-4fdd-b6fe-3dacb075cff2'), companyName: 'companyName' },
    ],
  },
};

function malformed(body: unknown, pattern: RegExp, read: (body: unknown) => unknown = normaliseCustomer): void {
  assert.throws(
    () => read(body),
    (error: unknown) => {
      assert.ok(error instanceof MalformedCustomerError, `expected MalformedCustomerError, got ${String(error)}`);
      assert.match(error.message, pattern);
      return true;
    },
  );
}

describe('customer normalisation', () => {
  before(() => assertFixtureDirectory());

  describe('documented collections', () => {
    for (const [file, expected] of Object.entries(COLLECTION_FIXTURES)) {
      it(`normalises fixture ${file}`, () => {
        assert.deepEqual(normaliseCustomerPage(fixtureJson(file)), expected);
      });
    }

    it('reads each item of the by-name fixture as a single Customer resource too', () => {
      const { items } = fixtureJson('customers-get-filtered-by-name.json') as { items: unknown[] };
      const expected = COLLECTION_FIXTURES['customers-get-filtered-by-name.json']?.customers;
      assert.deepEqual(items.map(normaliseCustomer), expected);
    });
  });

  describe('normaliseCustomer', () => {
    const shapes: ReadonlyArray<{ readonly name: string; readonly body: unknown; readonly expected: CustomerProfile }> =
      [
        {
          name: 'the documented Customer resource',
          body: {
            id: ID,
            commerceId: 'x',
            companyProfile: { tenantId: ID, domain: 'contoso.onmicrosoft.com', companyName: 'Contoso', attributes: {} },
            relationshipToPartner: 'reseller',
            allowDelegatedAccess: true,
            customDomains: ['contoso.com'],
            attributes: { objectType: 'Customer' },
          },
          expected: { id: ID, companyName: 'Contoso', domain: customerDomain('contoso.onmicrosoft.com') },
        },
        {
          name: 'PascalCase property names',
          body: { Id: ID, CompanyProfile: { TenantId: ID, Domain: 'Contoso.OnMicrosoft.com', CompanyName: 'Contoso' } },
          expected: { id: ID, companyName: 'Contoso', domain: customerDomain('contoso.onmicrosoft.com') },
        },
        {
          name: 'an upper-case id, in canonical form',
          body: { id: ID.toUpperCase(), companyProfile: { companyName: 'Contoso' } },
          expected: { id: ID, companyName: 'Contoso' },
        },
        {
          name: 'a missing id: the tenantId',
          body: { companyProfile: { tenantId: ID, companyName: 'Contoso' } },
          expected: { id: ID, companyName: 'Contoso' },
        },
        {
          name: 'a placeholder tenantId next to a real id',
          body: { id: ID, companyProfile: { tenantId: '<guid>', domain: 'domain', companyName: 'companyName' } },
          expected: { id: ID, companyName: 'companyName' },
        },
        {
          name: 'an id that is not a GUID, with a tenantId that is',
          body: { id: 'customer-1', companyProfile: { tenantId: ID } },
          expected: { id: ID },
        },
        { name: 'no companyProfile at all', body: { id: ID }, expected: { id: ID } },
        { name: 'a null companyProfile', body: { id: ID, companyProfile: null }, expected: { id: ID } },
        {
          name: 'empty and blank text, dropped',
          body: { id: ID, companyProfile: { domain: ' ', companyName: '' } },
          expected: { id: ID },
        },
        {
          name: 'null values, dropped',
          body: { id: ID, companyProfile: { domain: null, companyName: null } },
          expected: { id: ID },
        },
        {
          name: 'text with spaces around it, trimmed (a trailing dot too)',
          body: {
            id: ` ${ID} `,
            companyProfile: { domain: ' contoso.onmicrosoft.com. ', companyName: '  Contoso Ltd  ' },
          },
          expected: { id: ID, companyName: 'Contoso Ltd', domain: customerDomain('contoso.onmicrosoft.com') },
        },
        {
          name: 'a domain that is not a DNS name, dropped (never shown or matched)',
          body: { id: ID, companyProfile: { domain: 'contoso.com/../x', companyName: 'Contoso' } },
          expected: { id: ID, companyName: 'Contoso' },
        },
        {
          name: 'a company name with markup, kept as sent (the cards escape it)',
          body: { id: ID, companyProfile: { companyName: '**Contoso** <b>Ltd</b> & Co' } },
          expected: { id: ID, companyName: '**Contoso** <b>Ltd</b> & Co' },
        },
      ];
    for (const { name, body, expected } of shapes) {
      it(`reads ${name}`, () => {
        assert.deepEqual(normaliseCustomer(body), expected);
      });
    }

    const bad: ReadonlyArray<readonly [string, unknown, RegExp]> = [
      ['null', null, /not an object/],
      ['a string', 'contoso', /not an object/],
      ['a number', 7, /not an object/],
      ['a list', [{ id: ID }], /not an object/],
      ['an empty object', {}, /neither an id nor a tenantId/],
      ['an id that is not a GUID', { id: 'contoso' }, /neither an id nor a tenantId/],
      ['placeholders only', { id: '<guid>', companyProfile: { tenantId: '<guid>' } }, /neither an id nor a tenantId/],
      ['a numeric id', { id: 42 }, /id is not text/],
      ['a companyProfile that is a string', { id: ID, companyProfile: 'Contoso' }, /companyProfile is not an object/],
      ['a companyProfile that is a list', { id: ID, companyProfile: [] }, /companyProfile is not an object/],
      [
        'a company name that is an object',
        { id: ID, companyProfile: { companyName: { text: 'x' } } },
        /companyName is not text/,
      ],
      ['a domain that is a number', { id: ID, companyProfile: { domain: 7 } }, /domain is not text/],
    ];
    for (const [name, body, pattern] of bad) {
      it(`refuses ${name}`, () => malformed(body, pattern));
    }
  });

  describe('normaliseCustomerPage', () => {
    const customer = (id: string) => ({
      id,
      companyProfile: { tenantId: id, domain: 'contoso.onmicrosoft.com', companyName: 'Contoso' },
    });
    const expected = { id: ID, companyName: 'Contoso', domain: 'contoso.onmicrosoft.com' };

    it('reads an empty collection', () => {
      assert.deepEqual(normaliseCustomerPage({ totalCount: 0, items: [], links: { self: { uri: '/customers' } } }), {
        customers: [],
      });
    });

    it('reads a bare list of customers', () => {
      assert.deepEqual(normaliseCustomerPage([customer(ID)]), { customers: [expected] });
    });

    it('reads "Items" in any case', () => {
      assert.deepEqual(normaliseCustomerPage({ Items: [customer(ID)] }), { customers: [expected] });
    });

    it('reads links.next with its MS-ContinuationToken header (as the SDK follows it)', () => {
      const body = {
        totalCount: 1,
        items: [customer(ID)],
        links: {
          self: { uri: '/customers?size=1', method: 'GET', headers: [] },
          next: {
            uri: '/customers?size=1&seekOperation=Next',
            method: 'GET',
            headers: [
              { key: 'Other', value: 'x' },
              { key: 'MS-ContinuationToken', value: 'token-1' },
            ],
          },
        },
      };
      assert.deepEqual(normaliseCustomerPage(body), {
        customers: [expected],
        next: { uri: '/customers?size=1&seekOperation=Next', continuationToken: 'token-1' },
      });
    });

    it('reads a links.next without headers, a header key in any case, and a top-level continuationToken', () => {
      assert.deepEqual(normaliseCustomerPage({ items: [], links: { next: { uri: '/v1/customers?x=1' } } }).next, {
        uri: '/v1/customers?x=1',
      });
      assert.deepEqual(
        normaliseCustomerPage({
          items: [],
          links: { next: { uri: '/customers', headers: [{ Key: 'ms-continuationtoken', Value: 't' }] } },
        }).next,
        { uri: '/customers', continuationToken: 't' },
      );
      assert.deepEqual(normaliseCustomerPage({ items: [], continuationToken: 'abc' }).next, {
        continuationToken: 'abc',
      });
    });

    it('says nothing about a next page when the body does not', () => {
      for (const links of [
        undefined,
        null,
        {},
        { self: { uri: '/customers' } },
        { next: null },
        { next: {} },
        { next: { headers: 'x' } },
      ]) {
        assert.equal(normaliseCustomerPage({ items: [], links }).next, undefined, JSON.stringify(links));
      }
      assert.equal(normaliseCustomerPage({ items: [], continuationToken: '' }).next, undefined);
      assert.equal(normaliseCustomerPage({ items: [], continuationToken: null }).next, undefined);
    });

    const bad: ReadonlyArray<readonly [string, unknown, RegExp]> = [
      ['null', null, /not a collection/],
      ['a string', 'customers', /not a collection/],
      ['a collection without items', { totalCount: 0 }, /no "items" list/],
      ['items that are not a list', { items: { id: ID } }, /no "items" list/],
      [
        'one item without an id',
        { items: [customer(ID), { companyProfile: { companyName: 'x' } }] },
        /neither an id nor a tenantId/,
      ],
      ['one item that is not an object', { items: [customer(ID), 'x'] }, /not an object/],
      ['a bare list with a bad item', [customer(ID), null], /not an object/],
      ['a next uri that is not text', { items: [], links: { next: { uri: 42 } } }, /links\.next\.uri is not text/],
      ['a continuation token that is not text', { items: [], continuationToken: 42 }, /continuationToken is not text/],
    ];
    for (const [name, body, pattern] of bad) {
      it(`refuses ${name}`, () => malformed(body, pattern, normaliseCustomerPage));
    }
  });
});
