import assert from 'node:assert/strict';
import { isCanonicalCustomerId } from '../../../src/partnerCenter/customerId';
import {
  isFailingCustomer,
  parseSampleCustomers,
  SAMPLE_CUSTOMERS,
  type SampleCustomer,
} from '../../../src/demo/sampleCustomers';
import {
  isLoopbackHost,
  startPartnerCenterSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../../src/demo/simulator';
import { freePort } from '../../helpers/botProcess';
import { waitFor } from '../../helpers/waitFor';

const TOKEN = 'test-token';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const ID = {
  educationApproved: '00000000-0000-4000-8000-000000000001',
  educationInReview: '00000000-0000-4000-8000-000000000002',
  educationDenied: '00000000-0000-4000-8000-000000000003',
  gccAndSoe: '00000000-0000-4000-8000-000000000004',
  soeOnly: '00000000-0000-4000-8000-000000000005',
  educationAndSoe: '00000000-0000-4000-8000-000000000006',
  nonprofit: '00000000-0000-4000-8000-000000000007',
  none: '00000000-0000-4000-8000-000000000008',
  unknownValue: '00000000-0000-4000-8000-000000000009',
  swaggerWrapper: '00000000-0000-4000-8000-000000000010',
  slow: '00000000-0000-4000-8000-000000004000',
  notFound: '00000000-0000-4000-8000-000000000404',
  forbidden: '00000000-0000-4000-8000-000000000403',
  throttled: '00000000-0000-4000-8000-000000000429',
  unavailable: '00000000-0000-4000-8000-000000000503',
  notACustomer: '9a1b2c3d-0000-4000-8000-00000000beef',
} as const;

const CUSTOMER_ROUTES = ['', '/qualifications', '/qualification'] as const;

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

function partnerFd(code: number, description: string): unknown {
  return { code, description, data: [], source: 'PartnerFD' };
}

function filterQuery(filter: unknown, size = 0): string {
  return `/v1/customers?size=${size}&filter=${encodeURIComponent(JSON.stringify(filter))}`;
}

/** GET (by default) with a bearer token; checks the Content-Type every answer must carry. */
async function call(sim: RunningSimulator, path: string, init: RequestInit & { token?: string | null } = {}) {
  const { token = TOKEN, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set('Authorization', `Bearer ${token}`);
  const response = await fetch(`${sim.url}${path}`, { ...rest, headers });
  assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8', `Content-Type of ${path}`);
  const answer: Answer = {
    status: response.status,
    headers: response.headers,
    body: JSON.parse(await response.text()),
  };
  return answer;
}

function sample(id: string): SampleCustomer {
  const customer = SAMPLE_CUSTOMERS.find((c) => c.id === id);
  assert.ok(customer, `sample ${id} exists`);
  return customer;
}

function expectedCustomerResource(customer: SampleCustomer): unknown {
  const self = (uri: string) => ({ self: { uri, method: 'GET', headers: [] } });
  return {
    id: customer.id,
    companyProfile: {
      tenantId: customer.id,
      domain: customer.domain,
      companyName: customer.companyName,
      links: self(`/customers/${customer.id}/profiles/company`),
      attributes: { objectType: 'CustomerCompanyProfile' },
    },
    relationshipToPartner: 'reseller',
    links: self(`/customers/${customer.id}`),
    attributes: { objectType: 'Customer' },
  };
}

function itemIds(body: unknown): string[] {
  return (body as { items: { id: string }[] }).items.map((item) => item.id);
}

/** The error message of a start that must fail; a simulator that starts anyway is closed, then reported. */
async function startFailure(options: SimulatorOptions): Promise<string> {
  try {
    const running = await startPartnerCenterSimulator(options);
    await running.close();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return `started although it should not: ${JSON.stringify(options)}`;
}

describe('Partner Center simulator', () => {
  let sim: RunningSimulator;
  const started: RunningSimulator[] = [];

  async function start(options: SimulatorOptions = {}): Promise<RunningSimulator> {
    const running = await startPartnerCenterSimulator(options);
    started.push(running);
    return running;
  }

  before(async () => {
    sim = await start({ slowDelayMs: 150 });
  });

  afterEach(() => {
    sim.requests.length = 0;
  });

  after(async () => {
    await Promise.all(started.map((running) => running.close()));
  });

  describe('sample data', () => {
    it('has unique lower-case GUIDs, onmicrosoft.com domains and a description for every customer', () => {
      assert.ok(SAMPLE_CUSTOMERS.length >= 12);
      assert.equal(new Set(SAMPLE_CUSTOMERS.map((c) => c.id)).size, SAMPLE_CUSTOMERS.length);
      for (const customer of SAMPLE_CUSTOMERS) {
        assert.ok(isCanonicalCustomerId(customer.id), customer.id);
        assert.match(customer.domain, /^[a-z0-9-]+\.onmicrosoft\.com$/);
        assert.equal(customer.relationshipToPartner, 'reseller');
        assert.ok(customer.description.length > 10, `${customer.id} has a description`);
      }
    });

    it('covers every behaviour', () => {
      const behaviours = new Set(SAMPLE_CUSTOMERS.map((c) => c.behaviour));
      for (const behaviour of ['notFound', 'forbidden', 'throttled', 'slow', 'unavailable']) {
        assert.ok(behaviours.has(behaviour as SampleCustomer['behaviour']), behaviour);
      }
    });

    it('rejects malformed customer lists', () => {
      const good = { ...sample(ID.none) };
      assert.throws(() => parseSampleCustomers({}), /must be a list/);
      assert.throws(
        () => parseSampleCustomers([{ ...good, id: ID.notACustomer.toUpperCase() }]),
        /not a lower-case GUID/,
      );
      assert.throws(() => parseSampleCustomers([good, good]), /listed twice/);
      assert.throws(() => parseSampleCustomers([{ ...good, behaviour: 'teapot' }]), /unknown behaviour/);
      assert.throws(() => parseSampleCustomers([{ ...good, qualifications: undefined }]), /"qualifications" must be/);
      assert.throws(
        () => parseSampleCustomers([{ ...good, qualifications: [{ vettingStatus: 'Approved' }] }]),
        /"qualification"/,
      );
      assert.throws(() => parseSampleCustomers([{ ...good, companyName: '' }]), /"companyName"/);
      assert.equal(parseSampleCustomers([good]).length, 1);
    });
  });

  describe('GET /healthz', () => {
    it('answers without a token', async () => {
      const answer = await call(sim, '/healthz', { token: null });
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, { status: 'ok', simulator: true });
    });
  });

  describe('GET /v1/customers/{id}/qualifications', () => {
    it('serves every answering sample exactly as written in customers.json', async () => {
      const answering = SAMPLE_CUSTOMERS.filter((c) => !isFailingCustomer(c));
      assert.ok(answering.length >= 10);
      for (const customer of answering) {
        const answer = await call(sim, `/v1/customers/${customer.id}/qualifications`);
        assert.equal(answer.status, 200, customer.id);
        assert.ok(!isFailingCustomer(customer));
        assert.deepEqual(answer.body, customer.qualifications, customer.id);
      }
    });

    const documented: [string, unknown][] = [
      [ID.educationApproved, [{ qualification: 'Education', vettingStatus: 'Approved' }]],
      [
        ID.educationInReview,
        [{ qualification: 'Education', vettingStatus: 'InReview', vettingCreatedDate: '2025-10-03T10:37:38.885Z' }],
      ],
      [
        ID.educationDenied,
        [
          {
            qualification: 'Education',
            vettingStatus: 'Denied',
            vettingReason: 'Not an Education Customer',
            vettingCreatedDate: '2025-09-15T14:02:11.120Z',
          },
        ],
      ],
      [
        ID.gccAndSoe,
        [
          {
            qualification: 'GovernmentCommunityCloud',
            vettingStatus: 'Approved',
            vettingCreateDate: '2025-05-06T19:59:56.6832021+00:00',
          },
          { qualification: 'StateOwnedEntity' },
        ],
      ],
      [ID.soeOnly, [{ qualification: 'StateOwnedEntity' }]],
      [
        ID.educationAndSoe,
        [{ qualification: 'Education', vettingStatus: 'Approved' }, { qualification: 'StateOwnedEntity' }],
      ],
      [ID.nonprofit, [{ qualification: 'Nonprofit' }]],
      [ID.none, []],
      [ID.unknownValue, [{ qualification: 'HealthcareProvider', vettingStatus: 'Approved' }]],
      [ID.swaggerWrapper, { qualifications: [{ qualification: 'Education', vettingStatus: 'Approved' }] }],
    ];
    for (const [id, expected] of documented) {
      it(`answers ${id} with ${JSON.stringify(expected)}`, async () => {
        const answer = await call(sim, `/v1/customers/${id}/qualifications`);
        assert.equal(answer.status, 200);
        assert.deepEqual(answer.body, expected);
      });
    }
  });

  describe('GET /v1/customers/{id}/qualification (legacy)', () => {
    const legacy: [string, string][] = [
      [ID.educationApproved, 'education'],
      [ID.educationDenied, 'education'],
      [ID.gccAndSoe, 'governmentcommunitycloud'],
      [ID.soeOnly, 'stateownedentity'],
      [ID.nonprofit, 'nonprofit'],
      [ID.none, 'none'],
      [ID.unknownValue, 'healthcareprovider'],
      [ID.swaggerWrapper, 'education'],
    ];
    for (const [id, expected] of legacy) {
      it(`answers ${id} with the bare string "${expected}"`, async () => {
        const response = await fetch(`${sim.url}/v1/customers/${id}/qualification`, {
          headers: { Authorization: `Bearer ${TOKEN}` },
        });
        assert.equal(response.status, 200);
        assert.equal(await response.text(), JSON.stringify(expected));
      });
    }
  });

  describe('GET /v1/customers/{id}', () => {
    it('answers with the Customer resource', async () => {
      const answer = await call(sim, `/v1/customers/${ID.gccAndSoe}`);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, expectedCustomerResource(sample(ID.gccAndSoe)));
      assert.equal(
        (answer.body as { companyProfile: { domain: string } }).companyProfile.domain,
        'tailspincounty.onmicrosoft.com',
      );
    });
  });

  describe('GET /v1/customers?filter=', () => {
    it('finds customers by company-name prefix, ignoring case, in the Collection shape', async () => {
      const path = filterQuery({ Field: 'CompanyName', Value: 'CONTOSO', Operator: 'starts_with' });
      const answer = await call(sim, path);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, {
        totalCount: 2,
        items: [
          expectedCustomerResource(sample(ID.educationApproved)),
          expectedCustomerResource(sample(ID.unknownValue)),
        ],
        links: { self: { uri: path.replace('/v1', ''), method: 'GET', headers: [] } },
        attributes: { objectType: 'Collection' },
      });
    });

    it('finds customers by domain prefix', async () => {
      const answer = await call(sim, filterQuery({ Field: 'Domain', Value: 'Fabrikam', Operator: 'starts_with' }));
      assert.equal(answer.status, 200);
      assert.deepEqual(itemIds(answer.body), [ID.educationInReview]);
    });

    it('matches a full domain too, and finds nothing for an unknown one', async () => {
      const full = await call(
        sim,
        filterQuery({ Field: 'Domain', Value: 'proseware.onmicrosoft.com', Operator: 'starts_with' }),
      );
      assert.deepEqual(itemIds(full.body), [ID.none]);
      const none = await call(sim, filterQuery({ Field: 'Domain', Value: 'nobody', Operator: 'starts_with' }));
      assert.equal(none.status, 200);
      assert.deepEqual(none.body, { ...(none.body as object), totalCount: 0, items: [] });
    });

    it('limits the page to size', async () => {
      const answer = await call(
        sim,
        filterQuery({ Field: 'CompanyName', Value: 'contoso', Operator: 'starts_with' }, 1),
      );
      assert.deepEqual(itemIds(answer.body), [ID.educationApproved]);
      assert.equal((answer.body as { totalCount: number }).totalCount, 1);
    });

    it('never lists the "notFound" sample', async () => {
      const answer = await call(sim, filterQuery({ Field: 'CompanyName', Value: 'Fourth', Operator: 'starts_with' }));
      assert.equal(answer.status, 200);
      assert.deepEqual(itemIds(answer.body), []);
    });

    const invalid: [string, string][] = [
      ['no filter', '/v1/customers?size=40'],
      ['a filter that is not JSON', '/v1/customers?size=0&filter=cont'],
      ['an unsupported field', filterQuery({ Field: 'IndirectReseller', Value: 'x', Operator: 'starts_with' })],
      ['an unsupported operator', filterQuery({ Field: 'Domain', Value: 'cont', Operator: 'equals' })],
      ['an empty value', filterQuery({ Field: 'Domain', Value: '', Operator: 'starts_with' })],
      [
        'a size that is not a number',
        filterQuery({ Field: 'Domain', Value: 'cont', Operator: 'starts_with' }).replace('size=0', 'size=ten'),
      ],
    ];
    for (const [what, path] of invalid) {
      it(`answers 400 (PartnerFD) for ${what}`, async () => {
        const answer = await call(sim, path);
        assert.equal(answer.status, 400);
        assert.equal((answer.body as { code: number }).code, 3000);
        assert.equal((answer.body as { source: string }).source, 'PartnerFD');
      });
    }
  });

  describe('customer ids', () => {
    const badIds = [
      ID.notACustomer.toUpperCase(),
      `{${ID.educationApproved}}`,
      'contoso.onmicrosoft.com',
      '12345',
      '%7B00%7D',
    ];
    for (const bad of badIds) {
      for (const route of CUSTOMER_ROUTES) {
        it(`answers 400 / 900118 for "${bad}" on /v1/customers/{id}${route}`, async () => {
          const answer = await call(sim, `/v1/customers/${bad}${route}`);
          assert.equal(answer.status, 400);
          assert.deepEqual(answer.body, partnerFd(900118, 'Invalid Customer Id'));
        });
      }
    }

    for (const route of CUSTOMER_ROUTES) {
      it(`answers 404 / 1000 for a GUID that is not a customer on /v1/customers/{id}${route}`, async () => {
        const answer = await call(sim, `/v1/customers/${ID.notACustomer}${route}`);
        assert.equal(answer.status, 404);
        assert.deepEqual(answer.body, partnerFd(1000, 'Not found'));
      });
    }
  });

  describe('behaviours (every per-customer route)', () => {
    const failures: [string, number, unknown][] = [
      [ID.notFound, 404, partnerFd(1000, 'Not found')],
      [ID.forbidden, 403, partnerFd(20002, 'No relationship between caller and account.')],
      [ID.throttled, 429, { statusCode: 429, message: 'Rate limit is exceeded. Try again in 57 seconds.' }],
      [ID.unavailable, 503, partnerFd(503, 'The service is temporarily unavailable. Please try again later.')],
    ];
    for (const [id, status, body] of failures) {
      for (const route of CUSTOMER_ROUTES) {
        it(`${sample(id).behaviour}: ${status} on /v1/customers/${id}${route}`, async () => {
          const answer = await call(sim, `/v1/customers/${id}${route}`);
          assert.equal(answer.status, status);
          assert.deepEqual(answer.body, body);
          assert.equal(answer.headers.get('retry-after'), status === 429 ? '57' : null);
        });
      }
    }

    it('slow: answers the qualifications only after slowDelayMs', async () => {
      const startedAt = performance.now();
      const answer = await call(sim, `/v1/customers/${ID.slow}/qualifications`);
      const elapsed = performance.now() - startedAt;
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, [{ qualification: 'Education', vettingStatus: 'Approved' }]);
      assert.ok(elapsed >= 140, `took ${elapsed} ms`);
      assert.ok(elapsed < 2000, `took ${elapsed} ms`);
    });

    it('slow: applies to the legacy route and the Customer resource too', async () => {
      const startedAt = performance.now();
      const [legacy, resource] = await Promise.all([
        call(sim, `/v1/customers/${ID.slow}/qualification`),
        call(sim, `/v1/customers/${ID.slow}`),
      ]);
      assert.ok(performance.now() - startedAt >= 140);
      assert.equal(legacy.body, 'education');
      assert.deepEqual(resource.body, expectedCustomerResource(sample(ID.slow)));
    });

    it('slow: waits 4000 ms by default', async () => {
      const defaultSim = await start();
      const controller = new AbortController();
      const pending = fetch(`${defaultSim.url}/v1/customers/${ID.slow}/qualifications`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
        signal: controller.signal,
      });
      const early = await Promise.race([
        pending.then(() => 'answered'),
        new Promise((r) => setTimeout(() => r('waiting'), 1000)),
      ]);
      controller.abort();
      await assert.rejects(pending);
      assert.equal(early, 'waiting');
    });
  });

  describe('authorization', () => {
    it('answers 401 (PartnerFD) without a bearer token', async () => {
      const answer = await call(sim, `/v1/customers/${ID.educationApproved}/qualifications`, { token: null });
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.body, partnerFd(400, 'Access denied'));
    });

    it('answers 401 for another scheme or an empty bearer token', async () => {
      for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer ', 'Bearer', TOKEN]) {
        const answer = await call(sim, `/v1/customers/${ID.educationApproved}/qualifications`, {
          token: null,
          headers: { Authorization: authorization },
        });
        assert.equal(answer.status, 401, authorization);
      }
    });

    it('checks the token before the customer id and the filter', async () => {
      const badId = await call(sim, '/v1/customers/not-a-guid/qualifications', { token: null });
      const noFilter = await call(sim, '/v1/customers?size=0', { token: null });
      assert.equal(badId.status, 401);
      assert.equal(noFilter.status, 401);
    });

    it('accepts any bearer token unless requireToken is set', async () => {
      const answer = await call(sim, `/v1/customers/${ID.educationApproved}/qualifications`, { token: 'anything' });
      assert.equal(answer.status, 200);
    });

    it('with requireToken, accepts only that token', async () => {
      const strict = await start({ requireToken: 'the-demo-token' });
      const path = `/v1/customers/${ID.educationApproved}/qualifications`;
      const wrong = await call(strict, path, { token: 'another-token' });
      const right = await call(strict, path, { token: 'the-demo-token' });
      const lowerCaseScheme = await call(strict, path, {
        token: null,
        headers: { Authorization: 'bearer the-demo-token' },
      });
      assert.equal(wrong.status, 401);
      assert.deepEqual(wrong.body, partnerFd(400, 'Access denied'));
      assert.equal(right.status, 200);
      assert.equal(lowerCaseScheme.status, 200);
    });
  });

  describe('other paths and methods', () => {
    const unknownPaths = [
      '/',
      '/v1',
      `/v1/Customers/${ID.educationApproved}/qualifications`,
      `/v1/customers/${ID.educationApproved}/Qualifications`,
      `/v1/customers/${ID.educationApproved}/qualifications/`,
      `/v1/customers/${ID.educationApproved}/subscriptions`,
      '/v1/customers/all/validations',
      `/customers/${ID.educationApproved}/qualifications`,
    ];
    for (const path of unknownPaths) {
      it(`answers 404 for ${path}`, async () => {
        const answer = await call(sim, path);
        assert.equal(answer.status, 404);
        assert.deepEqual(answer.body, partnerFd(1000, 'Not found'));
      });
    }

    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      it(`answers 405 to ${method}`, async () => {
        const answer = await call(sim, `/v1/customers/${ID.educationApproved}/qualifications`, {
          method,
          body: method === 'DELETE' ? null : JSON.stringify({ qualification: 'Education' }),
        });
        assert.equal(answer.status, 405);
        assert.equal(answer.headers.get('allow'), 'GET');
        assert.equal((answer.body as { source: string }).source, 'PartnerFD');
      });
    }
  });

  describe('headers', () => {
    it('echoes MS-CorrelationId and MS-RequestId', async () => {
      const correlationId = '7d2456fd-2d79-46d0-9f8e-5d7ecd5f8745';
      const requestId = '037db222-6d8e-4d7f-ba78-df3dca33fb68';
      for (const path of [
        `/v1/customers/${ID.educationApproved}/qualifications`,
        `/v1/customers/${ID.throttled}`,
        '/nowhere',
      ]) {
        const answer = await call(sim, path, {
          headers: { 'MS-CorrelationId': correlationId, 'MS-RequestId': requestId },
        });
        assert.equal(answer.headers.get('ms-correlationid'), correlationId, path);
        assert.equal(answer.headers.get('ms-requestid'), requestId, path);
      }
    });

    it('makes up new GUIDs when the caller sends none', async () => {
      const first = await call(sim, '/healthz');
      const second = await call(sim, '/healthz');
      const ids = [first, second].flatMap((a) => [a.headers.get('ms-correlationid'), a.headers.get('ms-requestid')]);
      for (const id of ids) assert.match(id ?? '', GUID);
      assert.equal(new Set(ids).size, 4);
    });
  });

  describe('request log', () => {
    it('records method, path, headers and status, but not the Authorization value', async () => {
      await call(sim, `/v1/customers/${ID.none}/qualifications?x=1`, {
        headers: { 'MS-CorrelationId': 'corr-1', 'X-Locale': 'de-DE' },
      });
      await call(sim, '/healthz', { token: null });
      assert.equal(sim.requests.length, 2);
      const [first, second] = sim.requests;
      assert.equal(first?.method, 'GET');
      assert.equal(first?.path, `/v1/customers/${ID.none}/qualifications?x=1`);
      assert.equal(first?.headers['ms-correlationid'], 'corr-1');
      assert.equal(first?.headers['x-locale'], 'de-DE');
      assert.equal(first?.hasAuthorization, true);
      assert.equal(first?.status, 200);
      assert.ok(first?.receivedAt instanceof Date);
      assert.equal(second?.hasAuthorization, false);
      assert.ok(!JSON.stringify(sim.requests).includes(TOKEN), 'the token is not in the log');
      assert.ok(sim.requests.every((r) => !('authorization' in r.headers)));
    });

    it('records a slow request on arrival and its status once answered', async () => {
      const pending = call(sim, `/v1/customers/${ID.slow}/qualifications`);
      await waitFor(() => sim.requests.length === 1);
      assert.equal(sim.requests[0]?.status, undefined);
      await pending;
      assert.equal(sim.requests[0]?.status, 200);
    });
  });

  describe('options', () => {
    it('serves the customers it is given instead of the samples', async () => {
      const only: SampleCustomer = {
        id: '11111111-2222-4333-8444-555555555555',
        companyName: 'Test Co',
        domain: 'testco.onmicrosoft.com',
        relationshipToPartner: 'reseller',
        description: 'test',
        qualifications: [{ qualification: 'Education', vettingStatus: 'Pending' }],
      };
      const custom = await start({ customers: [only] });
      const mine = await call(custom, `/v1/customers/${only.id}/qualifications`);
      const sampleOne = await call(custom, `/v1/customers/${ID.educationApproved}/qualifications`);
      assert.deepEqual(mine.body, [{ qualification: 'Education', vettingStatus: 'Pending' }]);
      assert.equal(sampleOne.status, 404);
    });

    it('gives a URL without a trailing slash on 127.0.0.1 and the requested port', async () => {
      assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const port = await freePort();
      const fixed = await start({ port });
      assert.equal(fixed.url, `http://127.0.0.1:${port}`);
      assert.equal((await call(fixed, '/healthz')).status, 200);
    });

    it('rejects a bad slowDelayMs, requireToken or customer list', async () => {
      const duplicate = sample(ID.none);
      assert.match(await startFailure({ slowDelayMs: -1 }), /slowDelayMs/);
      assert.match(await startFailure({ slowDelayMs: Number.NaN }), /slowDelayMs/);
      assert.match(await startFailure({ requireToken: '' }), /requireToken/);
      assert.match(await startFailure({ customers: [duplicate, duplicate] }), /listed twice/);
    });

    it('refuses a host that is not loopback', async () => {
      for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '::ffff:10.0.0.1']) {
        assert.match(await startFailure({ host }), /only listens on a loopback address/, host);
      }
    });

    it('knows which hosts are loopback', () => {
      for (const host of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost']) {
        assert.equal(isLoopbackHost(host), true, host);
      }
      for (const host of ['0.0.0.0', '::', '128.0.0.1', 'localhost.example.com', '', '127.0.0.1.nip.io']) {
        assert.equal(isLoopbackHost(host), false, host);
      }
    });
  });

  describe('close()', () => {
    it('returns promptly while a slow request is waiting, and that request fails', async () => {
      const closing = await start({ slowDelayMs: 60_000 });
      const pending = fetch(`${closing.url}/v1/customers/${ID.slow}/qualifications`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      const failed = assert.rejects(pending);
      await waitFor(() => closing.requests.length === 1);
      const startedAt = performance.now();
      await closing.close();
      assert.ok(performance.now() - startedAt < 1000, 'close() took too long');
      await failed;
      assert.equal(closing.requests[0]?.status, undefined);
    });

    it('returns promptly with an idle keep-alive connection, stops listening, and can be called again', async () => {
      const closing = await start();
      const answer = await call(closing, '/healthz');
      assert.equal(answer.headers.get('connection'), 'keep-alive');
      const startedAt = performance.now();
      await closing.close();
      await closing.close();
      assert.ok(performance.now() - startedAt < 1000, 'close() took too long');
      await assert.rejects(fetch(`${closing.url}/healthz`));
    });
  });
});

describe('Partner Center simulator: customers found by domain', () => {
  const CONTOSO = '00000000-0000-4000-8000-000000000011';
  const CONTOSO_LTD = '00000000-0000-4000-8000-000000000012';
  const BELLOWS = ['00000000-0000-4000-8000-000000000013', '00000000-0000-4000-8000-000000000014'];
  let sim: RunningSimulator;

  before(async () => {
    sim = await startPartnerCenterSimulator();
  });

  after(async () => {
    await sim.close();
  });

  it('has two customers that share one exact domain, and a domain that starts like another', () => {
    assert.deepEqual(
      SAMPLE_CUSTOMERS.filter((c) => c.domain === 'bellowscollege.onmicrosoft.com').map((c) => c.id),
      BELLOWS,
    );
    assert.equal(sample(CONTOSO).domain, 'contoso.onmicrosoft.com');
    assert.equal(sample(CONTOSO_LTD).domain, 'contosoltd.onmicrosoft.com');
    for (const id of [CONTOSO, CONTOSO_LTD, ...BELLOWS]) assert.ok(!isFailingCustomer(sample(id)), `${id} answers`);
  });

  it('answers GET /v1/customers/{id} for the new samples with the Customer resource', async () => {
    for (const id of [CONTOSO, CONTOSO_LTD, ...BELLOWS]) {
      const answer = await call(sim, `/v1/customers/${id}`);
      assert.equal(answer.status, 200);
      assert.deepEqual(answer.body, expectedCustomerResource(sample(id)));
    }
  });

  it('finds both customers of a shared domain, ignoring case', async () => {
    const answer = await call(
      sim,
      filterQuery({ Field: 'Domain', Value: 'BellowsCollege.onmicrosoft.com', Operator: 'starts_with' }),
    );
    assert.deepEqual(itemIds(answer.body), BELLOWS);
  });

  it('a domain prefix finds every customer whose domain starts with it', async () => {
    const answer = await call(sim, filterQuery({ Field: 'Domain', Value: 'contoso', Operator: 'starts_with' }));
    assert.deepEqual(itemIds(answer.body), [
      '00000000-0000-4000-8000-000000000001',
      '00000000-0000-4000-8000-000000000009',
      CONTOSO,
      CONTOSO_LTD,
    ]);
  });

  it('pages with links.next and MS-ContinuationToken, and refuses a bad or missing token', async () => {
    const first = await call(sim, filterQuery({ Field: 'Domain', Value: 'contoso', Operator: 'starts_with' }, 3));
    assert.equal(itemIds(first.body).length, 3);
    const next = (
      first.body as { links: { next?: { uri: string; method: string; headers: { key: string; value: string }[] } } }
    ).links.next;
    assert.ok(next, 'links.next');
    assert.match(next.uri, /^\/customers\?size=3&filter=.+&seekOperation=Next$/);
    assert.equal(next.method, 'GET');
    assert.equal(next.headers[0]?.key, 'MS-ContinuationToken');
    const token = next.headers[0]?.value ?? '';
    const second = await call(sim, `/v1${next.uri}`, { headers: { 'MS-ContinuationToken': token } });
    assert.deepEqual(itemIds(second.body), [CONTOSO_LTD]);
    assert.equal((second.body as { links: { next?: unknown } }).links.next, undefined);

    for (const headers of [{}, { 'MS-ContinuationToken': 'not-a-token' }] as Record<string, string>[]) {
      const refused = await call(sim, `/v1${next.uri}`, { headers });
      assert.equal(refused.status, 400);
      assert.equal((refused.body as { code: number }).code, 3000);
    }
    const badSeek = await call(sim, `/v1${next.uri.replace('seekOperation=Next', 'seekOperation=Last')}`, {
      headers: { 'MS-ContinuationToken': token },
    });
    assert.equal(badSeek.status, 400);
  });

  it('has no links.next when everything fits on one page', async () => {
    const answer = await call(sim, filterQuery({ Field: 'Domain', Value: 'contoso', Operator: 'starts_with' }, 4));
    assert.equal(itemIds(answer.body).length, 4);
    assert.equal((answer.body as { links: { next?: unknown } }).links.next, undefined);
  });
});
