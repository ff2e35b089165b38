import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PartnerCenterClient } from '../../../src/partnerCenter/client';
import { PartnerCenterError, type PartnerCenterErrorKind } from '../../../src/partnerCenter/errors';
import { isFailingCustomer, SAMPLE_CUSTOMERS, type SampleCustomer } from '../../../src/demo/sampleCustomers';
import { startPartnerCenterSimulator, type RunningSimulator } from '../../../src/demo/simulator';
import type { CallContext } from '../../../src/partnerCenter/types';
import { customerDomain, tenantId } from '../../helpers/ids';

const ID = {
  contosoSchools: '00000000-0000-4000-8000-000000000001',
  contosoHealth: '00000000-0000-4000-8000-000000000009',
  contoso: '00000000-0000-4000-8000-000000000011',
  contosoLtd: '00000000-0000-4000-8000-000000000012',
  bellowsCollege: '00000000-0000-4000-8000-000000000013',
  bellowsFoundation: '00000000-0000-4000-8000-000000000014',
  slow: '00000000-0000-4000-8000-000000004000',
} as const;

const FAILURES: Readonly<Record<string, PartnerCenterErrorKind>> = {
  notFound: 'notFound',
  forbidden: 'forbidden',
  throttled: 'throttled',
  unavailable: 'unavailable',
};

function context(): CallContext {
  return { correlationId: randomUUID(), locale: 'en-US' };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('the call succeeded');
}

/** Sample customers made for a test: `count` customers with the same domain. */
function sameDomain(count: number, domain: string): SampleCustomer[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(900000000000 + i)}`,
    companyName: `Paging ${i}`,
    domain,
    relationshipToPartner: 'reseller',
    description: 'made for a paging test',
    qualifications: [],
  }));
}

describe('PartnerCenterClient customers against the simulator', () => {
  let sim: RunningSimulator;
  let client: PartnerCenterClient;
  const others: RunningSimulator[] = [];

  before(async () => {
    sim = await startPartnerCenterSimulator({ slowDelayMs: 20, requireToken: 'sim-token' });
    client = new PartnerCenterClient({
      baseUrl: sim.url,
      tokenProvider: { getToken: async () => 'sim-token' },
      timeoutMs: 2000,
    });
  });

  afterEach(() => {
    sim.requests.length = 0;
  });

  after(async () => {
    await Promise.all([sim.close(), ...others.map((s) => s.close())]);
  });

  describe('getCustomer', () => {
    for (const sample of SAMPLE_CUSTOMERS) {
      if (isFailingCustomer(sample)) {
        it(`${sample.id} (${sample.behaviour}) → ${FAILURES[sample.behaviour]}`, async () => {
          const error = await rejection(client.getCustomer(tenantId(sample.id), context()));
          assert.ok(error instanceof PartnerCenterError, String(error));
          assert.equal(error.kind, FAILURES[sample.behaviour]);
          if (sample.behaviour === 'throttled') assert.equal(error.retryAfterSeconds, 57);
        });
      } else {
        it(`${sample.id} → ${sample.companyName}, ${sample.domain}`, async () => {
          const lookup = await client.getCustomer(tenantId(sample.id), context());
          assert.deepEqual(lookup.customer, { id: sample.id, companyName: sample.companyName, domain: sample.domain });
        });
      }
    }

    it('a well-formed id that is no customer → notFound', async () => {
      const error = await rejection(client.getCustomer(tenantId('9a1b2c3d-0000-4000-8000-00000000beef'), context()));
      assert.ok(error instanceof PartnerCenterError && error.kind === 'notFound', String(error));
    });

    it('sends the documented request', async () => {
      const ctx = context();
      await client.getCustomer(tenantId(ID.contoso), ctx);
      const [request] = sim.requests;
      assert.equal(request?.path, `/v1/customers/${ID.contoso}`);
      assert.equal(request?.headers['ms-correlationid'], ctx.correlationId);
      assert.equal(request?.status, 200);
    });
  });

  describe('findCustomersByDomain', () => {
    it('contoso.onmicrosoft.com → exactly The Contoso Corporation, with one search', async () => {
      const result = await client.findCustomersByDomain(customerDomain('contoso.onmicrosoft.com'), context());
      assert.deepEqual(result.matches, [
        { id: ID.contoso, companyName: 'The Contoso Corporation', domain: 'contoso.onmicrosoft.com' },
      ]);
      assert.deepEqual(result.similar, []);
      assert.equal(result.complete, true);
      assert.equal(sim.requests.length, 1);
    });

    it('contosoltd.onmicrosoft.com → Margie’s Travel only (contoso.onmicrosoft.com is no match)', async () => {
      const result = await client.findCustomersByDomain(customerDomain('contosoltd.onmicrosoft.com'), context());
      assert.deepEqual(
        result.matches.map((c) => c.id),
        [ID.contosoLtd],
      );
    });

    it('bellowscollege.onmicrosoft.com → two customers with that exact domain (a choice)', async () => {
      const result = await client.findCustomersByDomain(customerDomain('bellowscollege.onmicrosoft.com'), context());
      assert.deepEqual(result.matches, [
        { id: ID.bellowsCollege, companyName: 'Bellows College', domain: 'bellowscollege.onmicrosoft.com' },
        {
          id: ID.bellowsFoundation,
          companyName: 'Bellows College Alumni Foundation',
          domain: 'bellowscollege.onmicrosoft.com',
        },
      ]);
    });

    it(
      'contoso.com (not a Partner Center domain) → no match, and the four contoso… domains as ' + '"did you mean"',
      async () => {
        const result = await client.findCustomersByDomain(customerDomain('contoso.com'), context());
        assert.deepEqual(result.matches, []);
        assert.deepEqual(
          result.similar.map((c) => c.id),
          [ID.contosoSchools, ID.contosoHealth, ID.contoso, ID.contosoLtd],
        );
        assert.equal(result.similarCount, 4);
        assert.equal(sim.requests.length, 2);
        assert.ok(sim.requests.every((r) => r.status === 200));
      },
    );

    it('a domain of a sample that is not the partner’s customer (404) → nothing', async () => {
      const result = await client.findCustomersByDomain(customerDomain('fourthcoffee.onmicrosoft.com'), context());
      assert.deepEqual([result.matches, result.similar], [[], []]);
    });

    it('finds the domain of every listed sample customer', async () => {
      for (const sample of SAMPLE_CUSTOMERS.filter((c) => c.behaviour !== 'notFound')) {
        const result = await client.findCustomersByDomain(customerDomain(sample.domain), context());
        assert.ok(
          result.matches.some((c) => c.id === sample.id),
          `${sample.domain} → ${sample.id}`,
        );
        assert.ok(result.matches.every((c) => c.domain === sample.domain));
      }
    });

    describe('paging (links.next and MS-ContinuationToken)', () => {
      it('follows the simulator’s next page: the exact match after 40 that only start like it', async () => {
        const customers = [
          ...sameDomain(40, 'paging.onmicrosoft.com.au'),
          ...sameDomain(10, 'paging.onmicrosoft.com').map((c, i) => ({
            ...c,
            id: c.id.replace(/^00000000/, `1000000${i}`),
          })),
        ];
        const paged = await startPartnerCenterSimulator({ customers });
        others.push(paged);
        const pagedClient = new PartnerCenterClient({
          baseUrl: paged.url,
          tokenProvider: { getToken: async () => 't' },
        });
        const result = await pagedClient.findCustomersByDomain(customerDomain('paging.onmicrosoft.com'), context());
        assert.equal(result.matches.length, 10);
        assert.equal(result.complete, true);
        assert.equal(paged.requests.length, 2);
        assert.match(paged.requests[1]?.path ?? '', /^\/v1\/customers\?size=40&filter=.*&seekOperation=Next$/);
        assert.ok(paged.requests[1]?.headers['ms-continuationtoken'], 'the continuation token was sent back');
        assert.deepEqual(
          paged.requests.map((r) => r.status),
          [200, 200],
        );
      });

      it('stops after the page that holds an exact match, and says there may be more', async () => {
        const paged = await startPartnerCenterSimulator({ customers: sameDomain(50, 'paging.onmicrosoft.com') });
        others.push(paged);
        const pagedClient = new PartnerCenterClient({
          baseUrl: paged.url,
          tokenProvider: { getToken: async () => 't' },
        });
        const result = await pagedClient.findCustomersByDomain(customerDomain('paging.onmicrosoft.com'), context());
        assert.equal(result.matches.length, 40);
        assert.equal(result.complete, false);
        assert.equal(result.incompleteBecause, 'morePages');
        assert.equal(paged.requests.length, 1);
      });

      it(
        'stops after two pages of 90 that only start like it, says so, and still asks for ' + '"did you mean"',
        async () => {
          const paged = await startPartnerCenterSimulator({ customers: sameDomain(90, 'paging.onmicrosoft.com.au') });
          others.push(paged);
          const pagedClient = new PartnerCenterClient({
            baseUrl: paged.url,
            tokenProvider: { getToken: async () => 't' },
          });
          const result = await pagedClient.findCustomersByDomain(customerDomain('paging.onmicrosoft.com'), context());
          assert.equal(result.matches.length, 0);
          assert.equal(result.complete, false);
          assert.equal(result.incompleteBecause, 'morePages');
          assert.equal(paged.requests.length, 3, 'two pages, then the first-label search');
        },
      );
    });
  });
});
