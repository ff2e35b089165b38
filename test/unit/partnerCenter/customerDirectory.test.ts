import assert from 'node:assert/strict';
import { normaliseCustomerId } from '../../../src/partnerCenter/customerId';
import { normaliseDomain } from '../../../src/partnerCenter/domain';
import { randomUUID } from 'node:crypto';
import sinon from 'sinon';
import { TokenAcquisitionError } from '../../../src/auth/tokenProvider';
import { createLogger } from '../../../src/shared/logger';
import { PartnerCenterClient, type PartnerCenterClientOptions } from '../../../src/partnerCenter/client';
import { MAX_SIMILAR_CUSTOMERS, SEARCH_PAGE_SIZE } from '../../../src/partnerCenter/customerSearch';
import type { CallPolicy } from '../../../src/partnerCenter/requests';
import { PartnerCenterError, type PartnerCenterErrorKind } from '../../../src/partnerCenter/errors';
import { PartnerCenterResilience } from '../../../src/partnerCenter/resilience';
import { UNBOUNDED_SLOTS } from '../../../src/partnerCenter/slots';
import type { CallContext } from '../../../src/partnerCenter/types';
import { FakePartnerCenter, type FakeReply, type RecordedRequest } from '../../helpers/fakePartnerCenter';
import { assertFixtureDirectory, fixtureJson, fixtureText } from '../../helpers/fakePartnerCenterFixtures';
import { failure } from '../../helpers/partnerCenterFailure';
import { watchTimers } from '../../helpers/timers';
import { customerDomain, tenantId } from '../../helpers/ids';

const CUSTOMER = tenantId('c5757d70-06f3-4f23-8367-5a9e55019f94');
const OTHER = tenantId('7b26b357-9ca3-48b8-a58e-4febe2662a5d');
const THIRD = tenantId('bfbd6ef0-311f-47ec-bbd7-0fcb7846661b');
const TOKEN = 'eyJ0eXAiOiJKV1Qi.fake-customer-token';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSON_HEADERS = { 'Content-Type': 'application/json' } as const;

interface Harness {
  readonly pc: FakePartnerCenter;
  readonly getToken: sinon.SinonStub<[], Promise<string>>;
  readonly context: CallContext & { readonly correlationId: string };
  client(options?: Partial<PartnerCenterClientOptions>): PartnerCenterClient;
}

/** A Customer resource as Partner Center documents it (fixture customers-get-filtered-by-name.json). */
function customer(id: string, domain: string, companyName = `Company ${id.slice(0, 4)}`): Record<string, unknown> {
  return {
    id,
    companyProfile: { tenantId: id, domain, companyName, attributes: { objectType: 'CustomerCompanyProfile' } },
    relationshipToPartner: 'reseller',
    attributes: { objectType: 'Customer' },
  };
}

function collection(items: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    totalCount: items.length,
    items,
    links: { self: { uri: '/customers', method: 'GET', headers: [] } },
    attributes: { objectType: 'Collection' },
    ...extra,
  };
}

function nextLink(uri: string, token?: string): Record<string, unknown> {
  return {
    self: { uri: '/customers', method: 'GET', headers: [] },
    next: { uri, method: 'GET', headers: token === undefined ? [] : [{ key: 'MS-ContinuationToken', value: token }] },
  };
}

/** The search request the client must send for `value`. */
function searchUrl(value: string, size: number = SEARCH_PAGE_SIZE): string {
  const filter = encodeURIComponent(JSON.stringify({ Field: 'Domain', Value: value, Operator: 'starts_with' }));
  return `/v1/customers?size=${size}&filter=${filter}`;
}

/** The filter a request carried, decoded as Partner Center would read it. */
function filterOf(request: RecordedRequest): unknown {
  const raw = new URL(request.url, 'http://x').searchParams.get('filter');
  assert.ok(raw !== null, `no filter in ${request.url}`);
  return JSON.parse(raw) as unknown;
}

function assertDocumentedHeaders(request: RecordedRequest, h: Harness): void {
  assert.equal(request.method, 'GET');
  assert.equal(request.body, '');
  assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(request.headers.accept, 'application/json');
  assert.match(String(request.headers['ms-requestid']), GUID);
  assert.equal(request.headers['ms-correlationid'], h.context.correlationId);
  assert.equal(request.headers['x-locale'], 'fr-FR');
}

describe('PartnerCenterClient customers (against a fake Partner Center over real HTTP)', () => {
  let h: Harness;

  before(() => assertFixtureDirectory());

  beforeEach(async () => {
    const pc = await FakePartnerCenter.start();
    const getToken = sinon.stub<[], Promise<string>>().resolves(TOKEN);
    h = {
      pc,
      getToken,
      context: { correlationId: randomUUID(), locale: 'fr-FR' },
      client: (options = {}) =>
        new PartnerCenterClient({ baseUrl: pc.url, tokenProvider: { getToken }, timeoutMs: 2000, ...options }),
    };
  });

  afterEach(async () => {
    sinon.restore();
    await h.pc.close();
  });

  describe('getCustomer', () => {
    it('GETs /v1/customers/{id} with the documented headers and reads the company name and domain', async () => {
      h.pc.reply({ json: customer(CUSTOMER, 'Contoso190.onmicrosoft.com', 'Contoso190') });
      const before = Date.now();
      const lookup = await h.client().getCustomer(CUSTOMER, h.context);
      assert.equal(h.pc.requests.length, 1);
      const request = h.pc.requests[0];
      assert.equal(request.url, `/v1/customers/${CUSTOMER}`);
      assertDocumentedHeaders(request, h);
      assert.deepEqual(lookup.customer, {
        id: CUSTOMER,
        companyName: 'Contoso190',
        domain: 'contoso190.onmicrosoft.com',
      });
      assert.equal(lookup.correlationId, h.context.correlationId);
      assert.equal(lookup.requestId, request.headers['ms-requestid']);
      assert.ok(lookup.fetchedAt.getTime() >= before && lookup.fetchedAt.getTime() <= Date.now());
      sinon.assert.calledOnce(h.getToken);
    });

    it('reads every customer of the documented by-name fixture as a single answer', async () => {
      const { items } = fixtureJson('customers-get-filtered-by-name.json') as { items: Array<{ id: string }> };
      const expected = [
        { id: CUSTOMER, companyName: 'Contoso190', domain: 'contoso190.onmicrosoft.com' },
        { id: OTHER, companyName: 'Contoso', domain: 'contosocorpco.onmicrosoft.com' },
        { id: THIRD, companyName: 'Contoso', domain: 'contosocorpdemo.onmicrosoft.com' },
      ];
      for (const [index, item] of items.entries()) {
        h.pc.reply({ json: item });
        const lookup = await h.client().getCustomer(tenantId(item.id), h.context);
        assert.deepEqual(lookup.customer, expected[index]);
      }
    });

    it('sends the MS-RequestId the caller gives (a retry of the same request)', async () => {
      h.pc.reply({ json: customer(CUSTOMER, 'contoso.onmicrosoft.com') });
      const requestId = randomUUID();
      const lookup = await h.client().getCustomer(CUSTOMER, { ...h.context, requestId });
      assert.equal(h.pc.requests[0]?.headers['ms-requestid'], requestId);
      assert.equal(lookup.requestId, requestId);
    });

    const badIds: ReadonlyArray<readonly [string, string]> = [
      ['a path traversal', '../../partners'],
      ['a traversal hidden after a GUID', `${CUSTOMER}/../../partners`],
      ['an upper-case GUID', CUSTOMER.toUpperCase()],
      ['a GUID in braces', `{${CUSTOMER}}`],
      ['a GUID with a query string', `${CUSTOMER}?x=1`],
      ['a domain name', 'contoso.onmicrosoft.com'],
      ['an empty string', ''],
    ];
    for (const [name, id] of badIds) {
      it(`cannot be asked for ${name}: only the edge makes a CustomerTenantId, and never of that text as it is`, () => {
        const made = normaliseCustomerId(id);
        assert.ok(made === undefined || (made !== id && normaliseCustomerId(made) === made), String(made));
      });
    }

    it('404 (fixture error-404-customer-CONSTRUCTED.json) → notFound with code and ids', async () => {
      h.pc.reply({ status: 404, body: fixtureText('error-404-customer-CONSTRUCTED.json'), headers: JSON_HEADERS });
      const error = await failure(h.client().getCustomer(CUSTOMER, h.context), 'notFound');
      assert.equal(error.httpStatus, 404);
      assert.equal(error.code, 1000);
      assert.equal(error.correlationId, h.context.correlationId);
      assert.equal(error.requestId, h.pc.requests[0]?.headers['ms-requestid']);
    });

    it('403 (observed body, code 20002) → forbidden', async () => {
      h.pc.reply({ status: 403, body: fixtureText('error-403-no-relationship-observed.json'), headers: JSON_HEADERS });
      const error = await failure(h.client().getCustomer(CUSTOMER, h.context), 'forbidden');
      assert.equal(error.code, 20002);
    });

    it('429 with Retry-After: 57 (fixture error-429-throttled.json) → throttled, 57 s', async () => {
      h.pc.reply({
        status: 429,
        body: fixtureText('error-429-throttled.json'),
        headers: { ...JSON_HEADERS, 'Retry-After': '57' },
      });
      const error = await failure(h.client().getCustomer(CUSTOMER, h.context), 'throttled');
      assert.equal(error.retryAfterSeconds, 57);
      assert.equal(h.pc.requests.length, 1, 'the client itself never retries');
    });

    it('503 → unavailable', async () => {
      h.pc.reply({
        status: 503,
        json: { code: 503, description: 'Service unavailable', data: [], source: 'PartnerFD' },
      });
      await failure(h.client().getCustomer(CUSTOMER, h.context), 'unavailable');
    });

    const malformed: ReadonlyArray<readonly [string, FakeReply]> = [
      ['a body that is not JSON', { body: '{"id":', headers: JSON_HEADERS }],
      ['an HTML page with 200', { body: '<html>Sign in</html>', headers: { 'Content-Type': 'text/html' } }],
      ['a qualification list instead of a customer', { json: [{ qualification: 'Education' }] }],
      ['a customer without an id', { json: { companyProfile: { companyName: 'Contoso' } } }],
      ['a company profile that is text', { json: { id: CUSTOMER, companyProfile: 'Contoso' } }],
      ['another customer than the one asked for', { json: customer(OTHER, 'contoso.onmicrosoft.com') }],
      ['a collection instead of one customer', { json: collection([customer(CUSTOMER, 'contoso.onmicrosoft.com')]) }],
    ];
    for (const [name, reply] of malformed) {
      it(`${name} → malformedResponse (HTTP 200, with ids)`, async () => {
        h.pc.reply(reply);
        const error = await failure(h.client().getCustomer(CUSTOMER, h.context), 'malformedResponse');
        assert.equal(error.httpStatus, 200);
        assert.equal(error.correlationId, h.context.correlationId);
        assert.equal(error.requestId, h.pc.requests[0]?.headers['ms-requestid']);
      });
    }

    it('a body over maxResponseBytes → malformedResponse', async () => {
      h.pc.reply({ hugeBody: { bytes: 64 * 1024, withContentLength: false } });
      await failure(h.client({ maxResponseBytes: 1024 }).getCustomer(CUSTOMER, h.context), 'malformedResponse');
    });

    it('a server that never answers → timeout within about timeoutMs, and no timer is left', async () => {
      h.pc.reply({ hang: true });
      const timers = await watchTimers();
      const started = performance.now();
      await failure(h.client({ timeoutMs: 150 }).getCustomer(CUSTOMER, h.context), 'timeout');
      assert.ok(performance.now() - started < 1000);
      assert.equal(await timers.pendingAfterTick(), 0);
    });

    it('runs the request as a best-effort call of its policy', async () => {
      h.pc.reply({ json: customer(CUSTOMER, 'contoso.onmicrosoft.com') });
      const calls: string[] = [];
      const policy: CallPolicy = {
        execute: (context, attempt) => (
          calls.push('execute'),
          attempt({
            ...context,
            requestId: randomUUID(),
            signal: new AbortController().signal,
            acquireSlot: UNBOUNDED_SLOTS.acquire,
          })
        ),
        executeBestEffort: (context, attempt) => (
          calls.push('bestEffort'),
          attempt({
            ...context,
            requestId: randomUUID(),
            signal: new AbortController().signal,
            acquireSlot: UNBOUNDED_SLOTS.acquire,
          })
        ),
      };
      await h.client({ policy }).getCustomer(CUSTOMER, h.context);
      assert.deepEqual(calls, ['bestEffort']);
    });

    it('uses the per-call token provider when the context has one', async () => {
      h.pc.reply({ json: customer(CUSTOMER, 'contoso.onmicrosoft.com') });
      await h.client().getCustomer(CUSTOMER, { ...h.context, tokenProvider: { getToken: async () => 'user-token' } });
      assert.equal(h.pc.requests[0]?.headers.authorization, 'Bearer user-token');
      sinon.assert.notCalled(h.getToken);
    });
  });

  describe('findCustomersByDomain', () => {
    it('searches Domain starts_with the whole domain, URL-encoded, with the documented headers', async () => {
      h.pc.reply({ json: collection([customer(CUSTOMER, 'contoso.onmicrosoft.com', 'Contoso')]) });
      const result = await h.client().findCustomersByDomain(customerDomain('contoso.onmicrosoft.com'), h.context);
      assert.equal(h.pc.requests.length, 1);
      const request = h.pc.requests[0];
      assert.equal(
        request.url,
        '/v1/customers?size=40&filter=%7B%22Field%22%3A%22Domain%22%2C%22Value%22%3A%22contoso.onmicrosoft.com' +
          '%22%2C%22Operator%22%3A%22starts_with%22%7D',
      );
      assert.deepEqual(filterOf(request), {
        Field: 'Domain',
        Value: 'contoso.onmicrosoft.com',
        Operator: 'starts_with',
      });
      assertDocumentedHeaders(request, h);
      assert.equal(request.headers['ms-continuationtoken'], undefined);
      assert.deepEqual(result.matches, [{ id: CUSTOMER, companyName: 'Contoso', domain: 'contoso.onmicrosoft.com' }]);
      assert.deepEqual(result.similar, []);
      assert.equal(result.similarCount, 0);
      assert.equal(result.complete, true);
      assert.equal(result.domain, 'contoso.onmicrosoft.com');
      assert.equal(result.correlationId, h.context.correlationId);
      assert.equal(result.requestId, request.headers['ms-requestid']);
    });

    it('keeps only exact matches, ignoring case (fixture customers-get-filtered-by-name.json)', async () => {
      h.pc.reply({ body: fixtureText('customers-get-filtered-by-name.json'), headers: JSON_HEADERS });
      const result = await h.client().findCustomersByDomain(customerDomain('contosocorpco.onmicrosoft.com'), h.context);
      assert.equal(h.pc.requests.length, 1, 'an exact match needs no second search');
      assert.deepEqual(result.matches, [
        { id: OTHER, companyName: 'Contoso', domain: 'contosocorpco.onmicrosoft.com' },
      ]);
      assert.deepEqual(
        result.similar.map((c) => c.id),
        [CUSTOMER, THIRD],
      );
      assert.equal(result.similarCount, 2);
    });

    it('returns every customer that has exactly the domain (a choice), in Partner Center order', async () => {
      h.pc.reply({
        json: collection([
          customer(THIRD, 'shared.onmicrosoft.com', 'B'),
          customer(CUSTOMER, 'sharedltd.onmicrosoft.com', 'Prefix only'),
          customer(OTHER, 'SHARED.onmicrosoft.com', 'A'),
        ]),
      });
      const result = await h.client().findCustomersByDomain(customerDomain('shared.onmicrosoft.com'), h.context);
      assert.deepEqual(
        result.matches.map((c) => c.id),
        [THIRD, OTHER],
      );
      assert.deepEqual(
        result.similar.map((c) => c.id),
        [CUSTOMER],
      );
    });

    it(
      'without an exact match, asks once more for the first label (its own MS-RequestId) to suggest ' +
        'similar domains',
      async () => {
        h.pc.reply(
          { json: collection([]) },
          {
            json: collection([
              customer(CUSTOMER, 'contoso.onmicrosoft.com'),
              customer(OTHER, 'contosoltd.onmicrosoft.com'),
            ]),
          },
        );
        const requestId = randomUUID();
        const result = await h
          .client()
          .findCustomersByDomain(customerDomain('contoso.com'), { ...h.context, requestId });
        assert.equal(h.pc.requests.length, 2);
        const [first, second] = h.pc.requests as [RecordedRequest, RecordedRequest];
        assert.equal(first.url, searchUrl('contoso.com'));
        assert.equal(second.url, searchUrl('contoso', MAX_SIMILAR_CUSTOMERS));
        assert.equal(first.headers['ms-requestid'], requestId);
        assert.match(String(second.headers['ms-requestid']), GUID);
        assert.notEqual(second.headers['ms-requestid'], requestId);
        assert.equal(second.headers['ms-correlationid'], h.context.correlationId);
        assert.deepEqual(result.matches, []);
        assert.deepEqual(
          result.similar.map((c) => c.domain),
          ['contoso.onmicrosoft.com', 'contosoltd.onmicrosoft.com'],
        );
        assert.equal(result.similarCount, 2);
        assert.equal(result.requestId, requestId);
        assert.equal(result.complete, true);
      },
    );

    it('an empty answer to both searches → no match, nothing similar', async () => {
      h.pc.replyAlways({ json: collection([]) });
      const result = await h.client().findCustomersByDomain(customerDomain('nobody.example'), h.context);
      assert.deepEqual([result.matches, result.similar, result.similarCount], [[], [], 0]);
      assert.equal(h.pc.requests.length, 2);
    });

    it(
      'accepts a bare list and the documented list with placeholder values ' + '(customers-get-list-size40.json)',
      async () => {
        h.pc.reply({ json: [customer(CUSTOMER, 'contoso.onmicrosoft.com')] });
        const bare = await h.client().findCustomersByDomain(customerDomain('contoso.onmicrosoft.com'), h.context);
        assert.deepEqual(
          bare.matches.map((c) => c.id),
          [CUSTOMER],
        );
        h.pc.reply(
          { body: fixtureText('customers-get-list-size40.json'), headers: JSON_HEADERS },
          { json: collection([]) },
        );
        const placeholders = await h
          .client()
          .findCustomersByDomain(customerDomain('contoso.onmicrosoft.com'), h.context);
        assert.deepEqual(placeholders.matches, []);
        assert.equal(placeholders.similarCount, 2, 'customers without a domain are not matches');
      },
    );

    it('lists a customer once even if Partner Center repeats it', async () => {
      h.pc.reply({
        json: collection([
          customer(CUSTOMER, 'contoso.onmicrosoft.com'),
          customer(CUSTOMER.toUpperCase(), 'contoso.onmicrosoft.com'),
        ]),
      });
      const result = await h.client().findCustomersByDomain(customerDomain('contoso.onmicrosoft.com'), h.context);
      assert.deepEqual(
        result.matches.map((c) => c.id),
        [CUSTOMER],
      );
    });

    it(`returns at most ${MAX_SIMILAR_CUSTOMERS} similar customers but counts them all`, async () => {
      const many = Array.from({ length: 15 }, (_, i) => customer(randomUUID(), `contoso${i}.onmicrosoft.com`));
      h.pc.reply({ json: collection([customer(CUSTOMER, 'contoso.onmicrosoft.com'), ...many]) });
      const result = await h.client().findCustomersByDomain(customerDomain('contoso.onmicrosoft.com'), h.context);
      assert.equal(result.similar.length, MAX_SIMILAR_CUSTOMERS);
      assert.equal(result.similarCount, 15);
    });

    const badDomains: ReadonlyArray<readonly [string, string]> = [
      ['upper case', 'Contoso.onmicrosoft.com'],
      ['surrounding spaces', ' contoso.onmicrosoft.com'],
      ['a trailing dot', 'contoso.onmicrosoft.com.'],
      ['quotes', '"contoso.onmicrosoft.com"'],
      ['a single label', 'contoso'],
      ['a path', 'contoso.com/../partners'],
      ['a query', 'contoso.com?size=1'],
      ['an ampersand', 'contoso.com&filter=x'],
      ['percent-encoding', 'contoso%2Ecom'],
      ['JSON injection', 'contoso.com","Operator":"equals'],
      ['an e-mail address', 'sales@contoso.com'],
      ['an empty string', ''],
    ];
    for (const [name, domain] of badDomains) {
      it(`cannot be asked for ${name}: only the edge makes a CustomerDomain, and never of that text as it is`, () => {
        const made = normaliseDomain(domain);
        assert.ok(made === undefined || (made !== domain && normaliseDomain(made) === made), String(made));
      });
    }

    describe('paging', () => {
      const DOMAIN = 'contoso.onmicrosoft.com';

      /** A customer whose domain only starts like DOMAIN (never an exact match). */
      const LOOKALIKE = `${DOMAIN}.au`;

      it('follows links.next with its MS-ContinuationToken (adding /v1), with a new MS-RequestId', async () => {
        h.pc.reply(
          {
            json: collection([customer(CUSTOMER, LOOKALIKE)], {
              links: nextLink('/customers?size=40&seekOperation=Next', 'token+/=1'),
            }),
          },
          { json: collection([customer(OTHER, DOMAIN)]) },
        );
        const requestId = randomUUID();
        const result = await h.client().findCustomersByDomain(customerDomain(DOMAIN), { ...h.context, requestId });
        assert.equal(h.pc.requests.length, 2);
        const [first, second] = h.pc.requests as [RecordedRequest, RecordedRequest];
        assert.equal(second.url, '/v1/customers?size=40&seekOperation=Next');
        assert.equal(second.headers['ms-continuationtoken'], 'token+/=1');
        assertDocumentedHeaders(second, h);
        assert.equal(first.headers['ms-requestid'], requestId);
        assert.notEqual(second.headers['ms-requestid'], requestId);
        assert.deepEqual(
          result.matches.map((c) => c.id),
          [OTHER],
        );
        assert.deepEqual(
          result.similar.map((c) => c.id),
          [CUSTOMER],
        );
        assert.equal(result.complete, true);
        assert.equal(result.incompleteBecause, undefined);
        assert.equal(result.requestId, requestId);
      });

      it('keeps a next uri that already starts with /v1', async () => {
        h.pc.reply(
          {
            json: collection([customer(CUSTOMER, LOOKALIKE)], {
              links: nextLink('/v1/customers?size=40&seekOperation=Next', 't'),
            }),
          },
          { json: collection([customer(OTHER, DOMAIN)]) },
        );
        await h.client().findCustomersByDomain(customerDomain(DOMAIN), h.context);
        assert.equal(h.pc.requests[1]?.url, '/v1/customers?size=40&seekOperation=Next');
      });

      it('with only a top-level continuationToken, repeats the search with seekOperation=Next', async () => {
        h.pc.reply(
          { json: collection([customer(CUSTOMER, LOOKALIKE)], { continuationToken: 'abc' }) },
          { json: collection([customer(OTHER, DOMAIN)]) },
        );
        const result = await h.client().findCustomersByDomain(customerDomain(DOMAIN), h.context);
        assert.equal(h.pc.requests[1]?.url, `${searchUrl(DOMAIN)}&seekOperation=Next`);
        assert.equal(h.pc.requests[1]?.headers['ms-continuationtoken'], 'abc');
        assert.deepEqual(
          result.matches.map((c) => c.id),
          [OTHER],
        );
      });

      it('stops paging once a page holds an exact match (issue 17: the page after it may fail)', async () => {
        h.pc.reply(
          {
            json: collection([customer(CUSTOMER, DOMAIN)], {
              links: nextLink('/customers?size=40&seekOperation=Next', 't'),
            }),
          },
          { status: 404, body: fixtureText('error-404-customer-CONSTRUCTED.json'), headers: JSON_HEADERS },
        );
        const result = await h.client().findCustomersByDomain(customerDomain(DOMAIN), h.context);
        assert.equal(h.pc.requests.length, 1, 'the next page is not asked for');
        assert.deepEqual(
          result.matches.map((c) => c.id),
          [CUSTOMER],
        );
        assert.equal(result.complete, false, 'there may be more customers with the domain on later pages');
        assert.equal(result.incompleteBecause, 'morePages');
        assert.equal(result.partialFailure, undefined);
      });

      it(
        'reads at most two pages, then says the result may be incomplete (and still asks for "did ' + 'you mean")',
        async () => {
          h.pc.replyAlways((_request, index) => ({
            json: collection([customer(randomUUID(), LOOKALIKE)], {
              links: nextLink(`/customers?size=40&seekOperation=Next&page=${index + 1}`, `t${index}`),
            }),
          }));
          const result = await h.client().findCustomersByDomain(customerDomain(DOMAIN), h.context);
          assert.equal(h.pc.requests.length, 3, 'two pages of the search, one of the first-label search');
          assert.equal(result.matches.length, 0);
          assert.equal(result.similar.length, 3);
          assert.equal(result.complete, false);
          assert.equal(result.incompleteBecause, 'morePages');
        },
      );

      const unsafe: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
        ['an absolute URL to another host', nextLink('http://evil.example/v1/customers?size=40', 't')],
        ['an absolute URL to the same host', nextLink('http://127.0.0.1:1/v1/customers?size=40', 't')],
        ['a protocol-relative URL', nextLink('//evil.example/customers?x', 't')],
        ['another resource', nextLink('/v1/customers/all/validations?x=1', 't')],
        ['a path traversal', nextLink('/customers/../partners?x=1', 't')],
        ['a backslash', nextLink('/customers?x=1\\@evil', 't')],
        ['a fragment', nextLink('/customers?x=1#frag', 't')],
        ['a space in the uri', nextLink('/customers?x=1 HTTP/1.1', 't')],
        ['a continuation token with a newline', nextLink('/customers?x=1', 't\r\nX-Evil: 1')],
        ['a continuation token with non-ASCII text', nextLink('/customers?x=1', 'tökén')],
      ];
      for (const [name, links] of unsafe) {
        it(`does not follow ${name}: one request, result incomplete`, async () => {
          h.pc.replyAlways({ json: collection([customer(CUSTOMER, DOMAIN)], { links }) });
          const result = await h.client().findCustomersByDomain(customerDomain(DOMAIN), h.context);
          assert.equal(h.pc.requests.length, 1);
          assert.deepEqual(
            result.matches.map((c) => c.id),
            [CUSTOMER],
          );
          assert.equal(result.complete, false);
        });
      }

      const laterPageFailures: ReadonlyArray<readonly [string, FakeReply, PartnerCenterErrorKind]> = [
        [
          'Partner Center’s own 404 (Partner-Center-PowerShell #384)',
          { status: 404, body: fixtureText('error-404-customer-CONSTRUCTED.json'), headers: JSON_HEADERS },
          'notAnswered',
        ],
        [
          'a gateway 404',
          { status: 404, body: fixtureText('error-404-gateway-observed.json'), headers: JSON_HEADERS },
          'notAnswered',
        ],
        [
          'a 429',
          {
            status: 429,
            body: fixtureText('error-429-throttled.json'),
            headers: { ...JSON_HEADERS, 'Retry-After': '57' },
          },
          'throttled',
        ],
        ['a 503', { status: 503 }, 'unavailable'],
        ['a malformed page', { json: { items: 'none' } }, 'malformedResponse'],
        ['a page that never comes', { stallAfterHeaders: true, chunked: true, headers: JSON_HEADERS }, 'timeout'],
      ];
      for (const [name, reply, kind] of laterPageFailures) {
        it(
          `${name} on the second page keeps the first page: incomplete, pageFailed, the failure kept ` + `for the log`,
          async () => {
            h.pc.reply(
              {
                json: collection([customer(CUSTOMER, LOOKALIKE)], {
                  links: nextLink('/customers?size=40&seekOperation=Next', 't'),
                }),
              },
              reply,
              { json: collection([customer(THIRD, 'contosoltd.onmicrosoft.com')]) },
            );
            const result = await h.client({ timeoutMs: 300 }).findCustomersByDomain(customerDomain(DOMAIN), h.context);
            assert.deepEqual(result.matches, []);
            assert.deepEqual(
              result.similar.map((c) => c.id),
              [CUSTOMER, THIRD],
              'page 1 and the "did you mean" search',
            );
            assert.equal(result.complete, false);
            assert.equal(result.incompleteBecause, 'pageFailed');
            assert.ok(result.partialFailure instanceof PartnerCenterError);
            assert.equal(result.partialFailure.kind, kind);
            assert.equal(result.partialFailure.endpoint, 'customerSearch');
            assert.equal(result.partialFailure.requestId, h.pc.requests[1]?.headers['ms-requestid']);
            assert.equal(
              result.requestId,
              h.pc.requests[0]?.headers['ms-requestid'],
              'the search is named by its first request',
            );
            assert.equal(h.pc.requests.length, 3);
          },
        );
      }

      it('a failed "did you mean" search leaves a complete answer about the domain, without suggestions', async () => {
        h.pc.reply({ json: collection([]) }, { status: 503 });
        const result = await h.client().findCustomersByDomain(customerDomain(DOMAIN), h.context);
        assert.deepEqual(result.matches, []);
        assert.deepEqual(result.similar, []);
        assert.equal(result.complete, true);
        assert.equal(result.partialFailure?.kind, 'unavailable');
      });

      it('a first page that fails is the search’s failure (nothing to keep)', async () => {
        h.pc.reply({ status: 404, body: fixtureText('error-404-gateway-observed.json'), headers: JSON_HEADERS });
        const error = await failure(h.client().findCustomersByDomain(customerDomain(DOMAIN), h.context), 'notAnswered');
        assert.equal(error.endpoint, 'customerSearch');
        assert.equal(error.description, 'Resource not found');
      });

      it(
        'a call cancelled during the second page fails (the caller stopped waiting), it is not a ' + 'partial answer',
        async () => {
          const controller = new AbortController();
          h.pc.reply(
            {
              json: collection([customer(CUSTOMER, LOOKALIKE)], {
                links: nextLink('/customers?size=40&seekOperation=Next', 't'),
              }),
            },
            () => {
              controller.abort();
              return { hang: true };
            },
          );
          await failure(
            h.client().findCustomersByDomain(customerDomain(DOMAIN), { ...h.context, signal: controller.signal }),
            'unavailable',
          );
          assert.equal(h.pc.requests.length, 2);
        },
      );

      it('a sign-in failure on the second page is not hidden', async () => {
        h.getToken.onSecondCall().rejects(new TokenAcquisitionError('signInExpired', 'expired'));
        h.pc.reply({
          json: collection([customer(CUSTOMER, LOOKALIKE)], {
            links: nextLink('/customers?size=40&seekOperation=Next', 't'),
          }),
        });
        await assert.rejects(
          h.client().findCustomersByDomain(customerDomain(DOMAIN), h.context),
          TokenAcquisitionError,
        );
      });
    });

    const errors: ReadonlyArray<readonly [string, FakeReply, PartnerCenterErrorKind]> = [
      [
        '400 / 3000 (a filter Partner Center rejects)',
        { status: 400, json: { code: 3000, description: 'Invalid property', data: [], source: 'PartnerFD' } },
        'badRequest',
      ],
      ['401', { status: 401, body: fixtureText('error-401-CONSTRUCTED.json'), headers: JSON_HEADERS }, 'unauthorized'],
      [
        '403',
        { status: 403, body: fixtureText('error-403-no-relationship-observed.json'), headers: JSON_HEADERS },
        'forbidden',
      ],
      // A search is about no one customer: even Partner Center's own 404 does not mean "not your customer".
      [
        '404',
        { status: 404, body: fixtureText('error-404-customer-CONSTRUCTED.json'), headers: JSON_HEADERS },
        'notAnswered',
      ],
      [
        '404 from a gateway',
        { status: 404, body: fixtureText('error-404-gateway-observed.json'), headers: JSON_HEADERS },
        'notAnswered',
      ],
      ['429', { status: 429, body: fixtureText('error-429-throttled.json'), headers: JSON_HEADERS }, 'throttled'],
      ['503', { status: 503 }, 'unavailable'],
    ];
    for (const [name, reply, kind] of errors) {
      it(`${name} → ${kind}`, async () => {
        h.pc.reply(reply);
        const error = await failure(
          h.client().findCustomersByDomain(customerDomain('contoso.onmicrosoft.com'), h.context),
          kind,
        );
        assert.equal(error.correlationId, h.context.correlationId);
        assert.equal(error.requestId, h.pc.requests[0]?.headers['ms-requestid']);
        assert.equal(h.pc.requests.length, 1);
      });
    }

    const malformed: ReadonlyArray<readonly [string, FakeReply]> = [
      ['a body that is not JSON', { body: 'items', headers: JSON_HEADERS }],
      ['an HTML page', { body: '<html></html>', headers: { 'Content-Type': 'text/html; charset=utf-8' } }],
      ['a single customer instead of a collection', { json: customer(CUSTOMER, 'contoso.onmicrosoft.com') }],
      ['items that are not a list', { json: { totalCount: 1, items: {} } }],
      ['an item without an id', { json: collection([{ companyProfile: { domain: 'contoso.onmicrosoft.com' } }]) }],
      ['a qualification answer', { json: 'education' }],
    ];
    for (const [name, reply] of malformed) {
      it(`${name} → malformedResponse`, async () => {
        h.pc.reply(reply);
        const error = await failure(
          h.client().findCustomersByDomain(customerDomain('contoso.onmicrosoft.com'), h.context),
          'malformedResponse',
        );
        assert.equal(error.httpStatus, 200);
      });
    }

    it('a search that never answers → timeout within about timeoutMs', async () => {
      h.pc.reply({ stallAfterHeaders: true, chunked: true, headers: JSON_HEADERS });
      const started = performance.now();
      await failure(
        h.client({ timeoutMs: 150 }).findCustomersByDomain(customerDomain('contoso.onmicrosoft.com'), h.context),
        'timeout',
      );
      assert.ok(performance.now() - started < 1000);
    });
  });

  describe('under the resilience policy', () => {
    function source(): PartnerCenterClient {
      const resilience = new PartnerCenterResilience({
        deadlineMs: 3000,
        maxConcurrency: 4,
        retryAfterCapSeconds: 5,
        logger: createLogger('silent'),
        initialBackoffMs: 1,
        maxBackoffMs: 5,
        minAttemptMs: 20,
        retryAfterSecondMs: 10,
        // Five failed attempts are enough to judge here (production: 100 in 30 s).
        breakerMinimumThroughput: 5,
      });
      return new PartnerCenterClient({
        baseUrl: h.pc.url,
        tokenProvider: { getToken: h.getToken },
        timeoutMs: 2000,
        policy: resilience,
      });
    }

    it(
      'getCustomer is best effort: one attempt on a 503, no retry, and it never opens the ' + 'circuit breaker',
      async () => {
        h.pc.replyAlways({ status: 503 });
        const resilient = source();
        for (let i = 0; i < 8; i++) await failure(resilient.getCustomer(CUSTOMER, h.context), 'unavailable');
        assert.equal(h.pc.requests.length, 8, 'one request per call, none retried, none held back by an open breaker');
        h.pc.replyAlways({ json: customer(CUSTOMER, 'contoso.onmicrosoft.com', 'Contoso') });
        const lookup = await resilient.getCustomer(CUSTOMER, h.context);
        assert.deepEqual(lookup.customer, { id: CUSTOMER, companyName: 'Contoso', domain: 'contoso.onmicrosoft.com' });
        assert.equal(lookup.requestId, h.pc.requests[8]?.headers['ms-requestid']);
      },
    );

    it('getCustomer is not sent while the circuit breaker is open (the lookups opened it)', async () => {
      h.pc.replyAlways({ status: 503 });
      const resilient = source();
      // Five failed qualification attempts of five (3 + 2 of a second lookup) open the breaker.
      await failure(resilient.getQualifications(CUSTOMER, h.context), 'unavailable');
      await failure(resilient.getQualifications(CUSTOMER, h.context), 'unavailable');
      const sent = h.pc.requests.length;
      await failure(resilient.getCustomer(CUSTOMER, h.context), 'unavailable');
      assert.equal(h.pc.requests.length, sent, 'no request while the breaker is open');
    });

    it('getCustomer does not retry a 404', async () => {
      h.pc.replyAlways({
        status: 404,
        body: fixtureText('error-404-customer-CONSTRUCTED.json'),
        headers: JSON_HEADERS,
      });
      await failure(source().getCustomer(CUSTOMER, h.context), 'notFound');
      assert.equal(h.pc.requests.length, 1);
    });

    it('findCustomersByDomain waits out a short Retry-After and repeats the search', async () => {
      h.pc.reply(
        { status: 429, headers: { 'Retry-After': '1' } },
        { json: collection([customer(CUSTOMER, 'contoso.onmicrosoft.com')]) },
      );
      const result = await source().findCustomersByDomain(customerDomain('contoso.onmicrosoft.com'), h.context);
      assert.deepEqual(
        result.matches.map((c) => c.id),
        [CUSTOMER],
      );
      assert.equal(h.pc.requests.length, 2);
      assert.equal(h.pc.requests[0]?.url, h.pc.requests[1]?.url);
      assert.equal(h.pc.requests[0]?.headers['ms-requestid'], h.pc.requests[1]?.headers['ms-requestid']);
    });

    it('findCustomersByDomain: a 503 on the second page keeps the first, without repeating the search', async () => {
      h.pc.reply(
        {
          json: collection([customer(CUSTOMER, 'contoso.onmicrosoft.com.au')], {
            links: nextLink('/customers?size=40&seekOperation=Next', 't'),
          }),
        },
        { status: 503 },
        { json: collection([]) },
      );
      const result = await source().findCustomersByDomain(customerDomain('contoso.onmicrosoft.com'), h.context);
      assert.equal(result.incompleteBecause, 'pageFailed');
      assert.deepEqual(
        result.similar.map((c) => c.id),
        [CUSTOMER],
      );
      assert.equal(h.pc.requests.length, 3, 'page 1, page 2 once, the "did you mean" search');
    });
  });
});
