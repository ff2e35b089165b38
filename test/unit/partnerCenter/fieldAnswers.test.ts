import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { PartnerCenterClient, type PartnerCenterClientOptions } from '../../../src/partnerCenter/client';
import type { PartnerCenterErrorKind } from '../../../src/partnerCenter/errors';
import { HttpTransport } from '../../../src/partnerCenter/transport';
import type { CallContext } from '../../../src/partnerCenter/types';
import { FakePartnerCenter, type FakeReply } from '../../helpers/fakePartnerCenter';
import {
  BARE_STRING_ERROR_FIXTURES,
  ERROR_FIXTURES,
  QUALIFICATION_FIXTURES,
  UTF8_BOM,
  assertFixtureDirectory,
  fixtureBytes,
  fixtureJson,
  fixtureText,
  withBom,
} from '../../helpers/fakePartnerCenterFixtures';
import { failure } from '../../helpers/partnerCenterFailure';
import { customerDomain, tenantId } from '../../helpers/ids';

/**
 * Answers real Partner Center clients met in the field (issue 17), read by the real client and
 * HttpTransport from a fake Partner Center on 127.0.0.1: the bytes go over a socket, so a
 * byte-order mark is bytes EF BB BF before the body, not a U+FEFF in a test string.
 */

const CUSTOMER = tenantId('b44bb1fb-c595-45b0-9e09-d657365580bf');
const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' } as const;

describe('Partner Center answers from the field (real client over HTTP)', () => {
  let pc: FakePartnerCenter;
  let context: CallContext & { readonly correlationId: string };
  const client = (options: Partial<PartnerCenterClientOptions> = {}): PartnerCenterClient =>
    new PartnerCenterClient({
      baseUrl: pc.url,
      tokenProvider: { getToken: async () => 'fake-token' },
      timeoutMs: 2000,
      ...options,
    });

  before(() => assertFixtureDirectory());
  beforeEach(async () => {
    pc = await FakePartnerCenter.start();
    context = { correlationId: randomUUID(), locale: 'en-US' };
  });
  afterEach(async () => {
    await pc.close();
  });

  describe('a byte-order mark (EF BB BF) before the body', () => {
    const transportCases: ReadonlyArray<readonly [string, Buffer, string]> = [
      ['drops it: the text starts with the JSON', withBom('[]'), '[]'],
      [
        'drops only a leading one: U+FEFF inside the body is content and stays',
        withBom('["a\uFEFFb"]'),
        '["a\uFEFFb"]',
      ],
      ['reads a body without one as it is', Buffer.from('[]'), '[]'],
    ];
    for (const [name, body, text] of transportCases) {
      it(`the transport ${name}`, async () => {
        pc.reply({ body, headers: JSON_HEADERS });
        const transport = new HttpTransport(pc.url);
        try {
          const answer = await transport.get('/x', { headers: {}, timeoutMs: 2000, maxBytes: 1024 });
          assert.equal(answer.text, text);
          assert.equal(pc.requests[0]?.bodyBytesWritten, body.length, 'the fake sent every byte, the mark included');
        } finally {
          transport.close();
        }
      });
    }

    it('two marks in a row: the second is not a mark but text before the JSON → malformedResponse', async () => {
      pc.reply({ body: Buffer.concat([UTF8_BOM, withBom('[]')]), headers: JSON_HEADERS });
      await failure(client().getQualifications(CUSTOMER, context), 'malformedResponse');
    });

    for (const [file, expected] of Object.entries(QUALIFICATION_FIXTURES)) {
      const api = file.startsWith('legacy-') ? 'qualification' : 'qualifications';
      it(`200, ${api}: fixture ${file} with a BOM reads as without one`, async () => {
        pc.reply({ body: withBom(fixtureBytes(file)), headers: JSON_HEADERS });
        const lookup = await client({ api }).getQualifications(CUSTOMER, context);
        assert.deepEqual(lookup.qualifications, expected);
        assert.equal(pc.requests[0]?.url, `/v1/customers/${CUSTOMER}/${api}`);
      });
    }

    it('200, a customer (GET /v1/customers/{id}) with a BOM', async () => {
      const { items } = fixtureJson('customers-get-filtered-by-name.json') as { items: Array<{ id: string }> };
      const first = items[0];
      pc.reply({ body: withBom(JSON.stringify(first)), headers: JSON_HEADERS });
      const lookup = await client().getCustomer(tenantId(first.id), context);
      assert.deepEqual(lookup.customer, {
        id: first.id,
        companyName: 'Contoso190',
        domain: 'contoso190.onmicrosoft.com',
      });
    });

    it('200, a domain search (fixture customers-get-filtered-by-name.json) with a BOM on every page', async () => {
      const page1 = fixtureJson('customers-get-filtered-by-name.json') as Record<string, unknown>;
      pc.reply(
        {
          body: withBom(
            JSON.stringify({
              ...page1,
              links: { next: { uri: '/customers?size=40&seekOperation=Next', method: 'GET', headers: [] } },
            }),
          ),
          headers: JSON_HEADERS,
        },
        { body: withBom(JSON.stringify({ totalCount: 0, items: [] })), headers: JSON_HEADERS },
      );
      const result = await client().findCustomersByDomain(customerDomain('contosocorpco.onmicrosoft.com'), context);
      assert.deepEqual(
        result.matches.map((c) => c.domain),
        ['contosocorpco.onmicrosoft.com'],
      );
    });

    for (const [file, expected] of Object.entries(ERROR_FIXTURES)) {
      it(`${expected.status}: error fixture ${file} with a BOM keeps its code and description`, async () => {
        pc.reply({ status: expected.status, body: withBom(fixtureBytes(file)), headers: JSON_HEADERS });
        const error = await failure(client().getQualifications(CUSTOMER, context), expected.kind);
        assert.equal(error.code, expected.code);
        assert.equal(error.description, expected.description);
        if (expected.status === 429)
          assert.equal(error.retryAfterSeconds, 57, 'the seconds in the description are read');
      });
    }

    it('an error body with a BOM on the legacy endpoint and on a search keeps its code and description', async () => {
      const body = withBom(fixtureBytes('error-403-no-relationship-observed.json'));
      pc.reply({ status: 403, body, headers: JSON_HEADERS }, { status: 403, body, headers: JSON_HEADERS });
      const legacy = await failure(client({ api: 'qualification' }).getQualifications(CUSTOMER, context), 'forbidden');
      const search = await failure(
        client().findCustomersByDomain(customerDomain('contoso.onmicrosoft.com'), context),
        'forbidden',
      );
      for (const error of [legacy, search]) {
        assert.equal(error.code, 20002);
        assert.equal(error.description, 'No relationship between caller and account.');
      }
    });
  });

  describe('404: only Partner Center’s own "no such customer" reads as not your customer', () => {
    const cases: ReadonlyArray<{
      readonly name: string;
      readonly reply: FakeReply;
      readonly kind: PartnerCenterErrorKind;
      readonly code?: number;
      readonly description?: string;
    }> = [
      {
        name: 'Partner Center’s own body (fixture error-404-customer-CONSTRUCTED.json)',
        reply: { status: 404, body: fixtureBytes('error-404-customer-CONSTRUCTED.json'), headers: JSON_HEADERS },
        kind: 'notFound',
        code: 1000,
        description: 'Not found',
      },
      {
        name: 'a gateway’s { statusCode, message } (fixture error-404-gateway-observed.json)',
        reply: { status: 404, body: fixtureBytes('error-404-gateway-observed.json'), headers: JSON_HEADERS },
        kind: 'notAnswered',
        description: 'Resource not found',
      },
      {
        name: 'the same gateway body with a BOM',
        reply: { status: 404, body: withBom(fixtureBytes('error-404-gateway-observed.json')), headers: JSON_HEADERS },
        kind: 'notAnswered',
        description: 'Resource not found',
      },
      {
        name: 'an IIS HTML page (fixture error-404-html-CONSTRUCTED.html)',
        reply: {
          status: 404,
          body: fixtureBytes('error-404-html-CONSTRUCTED.html'),
          headers: { 'Content-Type': 'text/html' },
        },
        kind: 'notAnswered',
        description: '404 - File or directory not found.',
      },
      { name: 'an empty body', reply: { status: 404 }, kind: 'notAnswered' },
      {
        name: 'an empty body that says it is JSON',
        reply: { status: 404, headers: JSON_HEADERS },
        kind: 'notAnswered',
      },
      {
        name: 'a bare string',
        reply: { status: 404, body: '"Customer not found"', headers: JSON_HEADERS },
        kind: 'notAnswered',
        description: 'Customer not found',
      },
    ];
    for (const api of ['qualifications', 'qualification'] as const) {
      for (const c of cases) {
        it(`${api}: ${c.name} → ${c.kind}`, async () => {
          pc.reply(c.reply);
          const error = await failure(client({ api }).getQualifications(CUSTOMER, context), c.kind);
          assert.equal(error.httpStatus, 404);
          assert.equal(error.endpoint, api);
          assert.equal(error.code, c.code);
          assert.equal(error.description, c.description);
          assert.equal(pc.requests.length, 1, 'a 404 is not retried by the client');
        });
      }
    }

    it('a 404 whose body is larger than maxResponseBytes (nothing read) → notAnswered', async () => {
      pc.reply({ status: 404, hugeBody: { bytes: 64 * 1024, withContentLength: true } });
      const error = await failure(
        client({ maxResponseBytes: 1024 }).getQualifications(CUSTOMER, context),
        'notAnswered',
      );
      assert.equal(error.description, undefined);
    });

    it('GET /v1/customers/{id}: a gateway 404 → notAnswered, Partner Center’s own → notFound', async () => {
      pc.reply(
        { status: 404, body: fixtureBytes('error-404-gateway-observed.json'), headers: JSON_HEADERS },
        { status: 404, body: fixtureBytes('error-404-customer-CONSTRUCTED.json'), headers: JSON_HEADERS },
      );
      const gateway = await failure(client().getCustomer(CUSTOMER, context), 'notAnswered');
      assert.equal(gateway.endpoint, 'customer');
      await failure(client().getCustomer(CUSTOMER, context), 'notFound');
    });
  });

  describe('a bare-string error body', () => {
    for (const [file, expected] of Object.entries(BARE_STRING_ERROR_FIXTURES)) {
      for (const bom of [false, true]) {
        it(
          `${expected.status} with fixture ${file}${bom ? ' and a BOM' : ''}: its text is the ` + `description`,
          async () => {
            const bytes = fixtureBytes(file);
            pc.reply({ status: expected.status, body: bom ? withBom(bytes) : bytes, headers: JSON_HEADERS });
            const error = await failure(client().getQualifications(CUSTOMER, context), expected.kind);
            assert.equal(error.description, expected.description);
            assert.equal(error.code, undefined);
          },
        );
      }
    }

    it('the same text sent as text/plain', async () => {
      pc.reply({
        status: 403,
        body: JSON.parse(fixtureText('error-bare-string-CONSTRUCTED.json')) as string,
        headers: { 'Content-Type': 'text/plain' },
      });
      const error = await failure(client().getQualifications(CUSTOMER, context), 'forbidden');
      assert.equal(error.description, 'Customer tagging denied.');
    });
  });
});
