import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  hasOnlyCompanyNameCharacters,
  isNormalisedCompanyName,
  MAX_COMPANY_NAME_LENGTH,
  normaliseCompanyName,
} from '../../../src/partnerCenter/companyName';
import { PartnerCenterClient } from '../../../src/partnerCenter/client';
import { SEARCH_PAGE_SIZE } from '../../../src/partnerCenter/customerSearch';
import type { CallContext } from '../../../src/partnerCenter/types';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../../src/demo/simulator';
import { FakePartnerCenter } from '../../helpers/fakePartnerCenter';
import { fixtureJson } from '../../helpers/fakePartnerCenterFixtures';
import { failure } from '../../helpers/partnerCenterFailure';
import { companyName, tenantId } from '../../helpers/ids';

const A = tenantId('c5757d70-06f3-4f23-8367-5a9e55019f94');
const B = tenantId('7b26b357-9ca3-48b8-a58e-4febe2662a5d');
const C = tenantId('bfbd6ef0-311f-47ec-bbd7-0fcb7846661b');

function customer(id: string, name: string): Record<string, unknown> {
  return {
    id,
    companyProfile: {
      tenantId: id,
      domain: `${name.replace(/\W/g, '').toLowerCase()}.onmicrosoft.com`,
      companyName: name,
    },
    relationshipToPartner: 'reseller',
  };
}

function collection(items: unknown[], next?: string): Record<string, unknown> {
  return {
    totalCount: items.length,
    items,
    links: {
      self: { uri: '/customers', method: 'GET', headers: [] },
      ...(next !== undefined && { next: { uri: next, method: 'GET', headers: [] } }),
    },
    attributes: { objectType: 'Collection' },
  };
}

describe('company names (the edge that makes a CompanyName)', () => {
  const accepted: Array<[string, string]> = [
    ['Contoso School District', 'Contoso School District'],
    ['  Contoso \t School\nDistrict ', 'Contoso School District'],
    ['Margie’s Travel', "Margie's Travel"],
    ['Proseware, Inc.', 'Proseware, Inc.'],
    ['A. Datum (Europe) & Co-op +1!', 'A. Datum (Europe) & Co-op +1!'],
    ['台北市立大學', '台北市立大學'],
    ['台灣微軟（股）・公司', '台灣微軟（股）・公司'],
    ['Cafe\u0301', 'Café'],
    ['3M', '3M'],
    ['Zö', 'Zö'],
  ];
  for (const [typed, canonical] of accepted) {
    it(`accepts ${JSON.stringify(typed)} as ${JSON.stringify(canonical)}`, () => {
      assert.equal(normaliseCompanyName(typed), canonical);
      assert.ok(isNormalisedCompanyName(canonical));
    });
  }

  const refused: Array<[string, string]> = [
    ['', 'nothing'],
    ['   ', 'white space'],
    ['A', 'one letter'],
    ['1234', 'digits only'],
    ['12-34', 'no letter'],
    ['"Contoso"', 'quotes'],
    ['Contoso/../v1', 'a slash'],
    ['Contoso%22', 'a percent sign'],
    ['a:b', 'a colon'],
    ['a=b', 'an equals sign'],
    ['a?b', 'a question mark'],
    ['a#b', 'a hash'],
    ['a\\b', 'a backslash'],
    ['<b>x</b>', 'angle brackets'],
    ['[x]', 'square brackets'],
    ['{x}', 'braces'],
    ['a`b', 'a backtick'],
    ['ab\u0000', 'a control character'],
    ['ab\u200b', 'an invisible character'],
  ];
  for (const [typed, why] of refused) {
    it(`refuses ${why}`, () => {
      assert.equal(normaliseCompanyName(typed), undefined);
    });
  }

  it(`cuts a longer name to ${MAX_COMPANY_NAME_LENGTH} characters (its beginning finds the same customers)`, () => {
    const long = `${'Contoso '.repeat(20)}Ltd`;
    const name = normaliseCompanyName(long);
    assert.ok(name !== undefined);
    assert.ok(Array.from(name).length <= MAX_COMPANY_NAME_LENGTH);
    assert.ok(long.startsWith(name));
    assert.equal(name, name.trim(), 'no space left at the cut');
    assert.equal(Array.from(normaliseCompanyName('台'.repeat(100)) ?? '').length, MAX_COMPANY_NAME_LENGTH);
    assert.ok(isNormalisedCompanyName(name));
    assert.equal(isNormalisedCompanyName(long), false);
    assert.equal(isNormalisedCompanyName(' Contoso'), false);
  });

  it('tells the characters a name may hold apart from the ones it may not', () => {
    assert.ok(hasOnlyCompanyNameCharacters('A'), 'too short, but the characters are fine');
    assert.ok(hasOnlyCompanyNameCharacters('Margie’s'));
    assert.ok(hasOnlyCompanyNameCharacters('1234'));
    assert.equal(hasOnlyCompanyNameCharacters('a/b'), false);
    assert.equal(hasOnlyCompanyNameCharacters(''), false);
  });
});

describe('PartnerCenterClient.findCustomersByName (against a fake Partner Center over real HTTP)', () => {
  let pc: FakePartnerCenter;
  const context: CallContext = { correlationId: randomUUID(), locale: 'en-US' };
  const client = () =>
    new PartnerCenterClient({ baseUrl: pc.url, tokenProvider: { getToken: async () => 'token' }, timeoutMs: 2000 });

  beforeEach(async () => {
    pc = await FakePartnerCenter.start();
  });
  afterEach(async () => {
    await pc.close();
  });

  it('searches CompanyName starts_with the name, JSON in the URL-encoded filter, one page', async () => {
    pc.reply({ json: collection([customer(A, 'Contoso School District')]) });
    const result = await client().findCustomersByName(
      companyName("Margie's & Co (Ltd) 100%".replace('%', '')),
      context,
    );
    assert.equal(pc.requests.length, 1);
    const url = new URL(pc.requests[0].url, 'http://x');
    assert.equal(url.pathname, '/v1/customers');
    assert.equal(url.searchParams.get('size'), String(SEARCH_PAGE_SIZE));
    assert.deepEqual(JSON.parse(url.searchParams.get('filter') ?? ''), {
      Field: 'CompanyName',
      Value: "Margie's & Co (Ltd) 100",
      Operator: 'starts_with',
    });
    // The JSON and the name are URL-encoded: no space, quote, &, brace, colon or comma is left as it is.
    assert.doesNotMatch(pc.requests[0].url.split('filter=')[1], /[ "&{}:,]/);
    assert.equal(pc.requests[0].headers['ms-correlationid'], context.correlationId);
    assert.equal(result.name, "Margie's & Co (Ltd) 100");
    assert.equal(result.complete, true);
    assert.equal(result.correlationId, context.correlationId);
    assert.equal(result.requestId, pc.requests[0].headers['ms-requestid']);
    assert.deepEqual(result.matches, [
      { id: A, companyName: 'Contoso School District', domain: 'contososchooldistrict.onmicrosoft.com' },
    ]);
  });

  it('reads the documented by-name answer (fixture customers-get-filtered-by-name.json)', async () => {
    pc.reply({ json: fixtureJson('customers-get-filtered-by-name.json') });
    const result = await client().findCustomersByName(companyName('Cont'), context);
    assert.deepEqual(
      result.matches.map((m) => m.companyName),
      ['Contoso190', 'Contoso', 'Contoso'],
    );
  });

  it('puts the names equal to the one asked for (ignoring case) first, and lists each customer once', async () => {
    pc.reply({
      json: collection([
        customer(A, 'Bellows College Alumni Foundation'),
        customer(B, 'BELLOWS COLLEGE'),
        customer(A, 'Bellows College Alumni Foundation'),
        customer(C, 'Bellows Collegiate'),
      ]),
    });
    const result = await client().findCustomersByName(companyName('Bellows College'), context);
    assert.deepEqual(
      result.matches.map((m) => m.id),
      [B, A, C],
    );
  });

  it('says the answer is not complete when Partner Center has more pages, and reads no more', async () => {
    pc.reply({ json: collection([customer(A, 'Contoso A')], '/customers?size=40&seekOperation=Next') });
    const result = await client().findCustomersByName(companyName('Contoso'), context);
    assert.equal(result.complete, false);
    assert.equal(pc.requests.length, 1);
  });

  it('an empty answer → no match, complete', async () => {
    pc.reply({ json: collection([]) });
    const result = await client().findCustomersByName(companyName('Nobody'), context);
    assert.deepEqual(result.matches, []);
    assert.equal(result.complete, true);
  });

  it('a failure is the search’s failure (403 → forbidden)', async () => {
    pc.reply({ status: 403, json: { code: 20002, description: 'No relationship', data: [], source: 'PartnerFD' } });
    await failure(client().findCustomersByName(companyName('Contoso'), context), 'forbidden');
  });
});

describe('the simulator finds sample customers by company name', () => {
  let simulator: RunningSimulator;
  let client: PartnerCenterClient;
  const context: CallContext = { correlationId: randomUUID() };

  before(async () => {
    simulator = await startPartnerCenterSimulator();
    client = new PartnerCenterClient({ baseUrl: simulator.url, tokenProvider: { getToken: async () => 't' } });
  });
  after(async () => {
    client.close();
    await simulator.close();
  });

  it('one customer for the start of one name, in any case', async () => {
    const result = await client.findCustomersByName(companyName('fabrikam'), context);
    assert.deepEqual(
      result.matches.map((m) => m.companyName),
      ['Fabrikam University'],
    );
  });

  it('several customers whose names start alike, the exact name first', async () => {
    const result = await client.findCustomersByName(companyName('Bellows College'), context);
    assert.deepEqual(
      result.matches.map((m) => m.companyName),
      ['Bellows College', 'Bellows College Alumni Foundation'],
    );
    const contoso = await client.findCustomersByName(companyName('Contoso'), context);
    assert.deepEqual(contoso.matches.map((m) => m.companyName).sort(), [
      'Contoso Health Partners',
      'Contoso School District',
    ]);
  });

  it('nobody for a name no sample starts with, nor for one only in the middle of a name', async () => {
    assert.deepEqual((await client.findCustomersByName(companyName('Nobody Inc'), context)).matches, []);
    assert.deepEqual((await client.findCustomersByName(companyName('Contoso Corporation'), context)).matches, []);
  });

  it('never the samples that are not the partner’s customers', async () => {
    const result = await client.findCustomersByName(companyName('Fourth Coffee'), context);
    assert.deepEqual(result.matches, []);
  });
});
