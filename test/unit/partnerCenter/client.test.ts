import assert from 'node:assert/strict';
import { normaliseCustomerId } from '../../../src/partnerCenter/customerId';
import { randomUUID } from 'node:crypto';
import sinon from 'sinon';
import { TokenAcquisitionError, type PartnerCenterTokenProvider } from '../../../src/auth/tokenProvider';
import { PartnerCenterClient, type PartnerCenterClientOptions } from '../../../src/partnerCenter/client';
import { PartnerCenterError, type PartnerCenterErrorKind } from '../../../src/partnerCenter/errors';
import type { CallContext } from '../../../src/partnerCenter/types';
import { FakePartnerCenter, closedPort, type FakeReply, type RecordedRequest } from '../../helpers/fakePartnerCenter';
import {
  ERROR_FIXTURES,
  OTHER_FIXTURES,
  QUALIFICATION_FIXTURES,
  assertFixtureDirectory,
  fixtureText,
} from '../../helpers/fakePartnerCenterFixtures';
import { failure } from '../../helpers/partnerCenterFailure';
import { watchTimers } from '../../helpers/timers';
import { waitFor } from '../../helpers/waitFor';
import { tenantId } from '../../helpers/ids';

const CUSTOMER = tenantId('b44bb1fb-c595-45b0-9e09-d657365580bf');
const TOKEN = 'eyJ0eXAiOiJKV1Qi.fake-partner-center-token';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const JSON_HEADERS = { 'Content-Type': 'application/json' } as const;

interface Harness {
  readonly pc: FakePartnerCenter;
  readonly getToken: sinon.SinonStub<[], Promise<string>>;
  readonly context: CallContext & { readonly correlationId: string };
  client(options?: Partial<PartnerCenterClientOptions>): PartnerCenterClient;
}

function onlyRequest(pc: FakePartnerCenter): RecordedRequest {
  assert.equal(pc.requests.length, 1, `expected exactly one request, got ${pc.requests.length}`);
  return pc.requests[0];
}

/** The error names the call: the caller's correlation id and the MS-RequestId that went on the wire. */
function assertIds(error: PartnerCenterError, h: Harness, httpStatus: number | undefined): void {
  assert.equal(error.correlationId, h.context.correlationId);
  const sent = h.pc.requests.at(-1)?.headers['ms-requestid'];
  if (sent !== undefined) assert.equal(error.requestId, sent);
  assert.match(error.requestId ?? '', GUID);
  assert.equal(error.httpStatus, httpStatus);
}

describe('PartnerCenterClient (against a fake Partner Center over real HTTP)', () => {
  let h: Harness;

  before(() => assertFixtureDirectory());

  beforeEach(async () => {
    const pc = await FakePartnerCenter.start();
    const getToken = sinon.stub<[], Promise<string>>().resolves(TOKEN);
    const tokenProvider: PartnerCenterTokenProvider = { getToken };
    h = {
      pc,
      getToken,
      context: { correlationId: randomUUID(), locale: 'en-US' },
      client: (options = {}) =>
        new PartnerCenterClient({ baseUrl: pc.url, tokenProvider, timeoutMs: 2000, ...options }),
    };
  });

  afterEach(async () => {
    sinon.restore();
    await h.pc.close();
  });

  describe('the fake itself', () => {
    it('listens on 127.0.0.1 only, on an OS-chosen port', () => {
      assert.equal(h.pc.address.address, '127.0.0.1');
      assert.equal(h.pc.address.family, 'IPv4');
      assert.ok(h.pc.port > 0);
      assert.match(h.pc.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    });

    it('answers unprogrammed requests with 599 so a missing reply cannot look like success', async () => {
      const error = await failure(h.client().getQualifications(CUSTOMER, h.context), 'unavailable');
      assert.equal(error.httpStatus, 599);
    });

    it('closes with a hanging answer still open, without waiting for it', async () => {
      h.pc.reply({ hang: true });
      const pending = h.client({ timeoutMs: 5000 }).getQualifications(CUSTOMER, h.context);
      const caught = pending.catch((error: unknown) => error);
      await waitFor(() => h.pc.requests.length > 0);
      const started = Date.now();
      await h.pc.close();
      assert.ok(Date.now() - started < 1000, 'close() waited for the hanging request');
      const error = await caught;
      assert.ok(error instanceof PartnerCenterError && error.kind === 'unavailable', String(error));
    });
  });

  describe('the request', () => {
    it('GETs /v1/customers/{id}/qualifications with the documented headers', async () => {
      h.pc.reply({ json: [] });
      const lookup = await h.client().getQualifications(CUSTOMER, h.context);
      const request = onlyRequest(h.pc);
      assert.equal(request.method, 'GET');
      assert.equal(request.url, `/v1/customers/${CUSTOMER}/qualifications`);
      assert.equal(request.body, '');
      assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(request.headers.accept, 'application/json');
      assert.match(String(request.headers['ms-requestid']), GUID);
      assert.equal(request.headers['ms-correlationid'], h.context.correlationId);
      assert.equal(request.headers['x-locale'], 'en-US');
      assert.equal(lookup.requestId, request.headers['ms-requestid']);
      sinon.assert.calledOnce(h.getToken);
    });

    it("GETs the legacy /qualification with api: 'qualification'", async () => {
      h.pc.reply({ body: fixtureText('legacy-get-qualification-education.json'), headers: JSON_HEADERS });
      const lookup = await h.client({ api: 'qualification' }).getQualifications(CUSTOMER, h.context);
      assert.equal(onlyRequest(h.pc).url, `/v1/customers/${CUSTOMER}/qualification`);
      assert.equal(lookup.api, 'qualification');
      assert.deepEqual(lookup.qualifications, [{ name: 'Education', known: 'Education' }]);
    });

    it('sends a fresh MS-RequestId on every call and keeps the caller’s MS-CorrelationId', async () => {
      h.pc.replyAlways({ json: [] });
      const client = h.client();
      const other: CallContext = { correlationId: randomUUID() };
      const lookups = [
        await client.getQualifications(CUSTOMER, h.context),
        await client.getQualifications(CUSTOMER, h.context),
        await client.getQualifications(CUSTOMER, other),
      ];
      const ids = h.pc.requests.map((r) => String(r.headers['ms-requestid']));
      assert.equal(ids.length, 3);
      ids.forEach((id) => assert.match(id, GUID));
      assert.equal(new Set(ids).size, 3, `MS-RequestId repeated: ${ids.join(', ')}`);
      assert.deepEqual(
        lookups.map((l) => l.requestId),
        ids,
      );
      assert.deepEqual(
        h.pc.requests.map((r) => r.headers['ms-correlationid']),
        [h.context.correlationId, h.context.correlationId, other.correlationId],
      );
    });

    it(
      'sends the MS-RequestId the caller gives (a retry of the same request), and a new one when it is ' + 'not a GUID',
      async () => {
        h.pc.replyAlways({ json: [] });
        const requestId = randomUUID();
        const lookup = await h.client().getQualifications(CUSTOMER, { ...h.context, requestId });
        await h.client().getQualifications(CUSTOMER, { ...h.context, requestId: 'x\r\nX-Evil: 1' });
        assert.equal(h.pc.requests[0]?.headers['ms-requestid'], requestId);
        assert.equal(lookup.requestId, requestId);
        assert.match(String(h.pc.requests[1]?.headers['ms-requestid']), GUID);
        assert.equal(h.pc.requests[1]?.headers['x-evil'], undefined);
      },
    );

    it('clears its per-request timer as soon as the call ends', async () => {
      h.pc.replyAlways({ json: [] });
      const timers = await watchTimers();
      await h.client({ timeoutMs: 60000 }).getQualifications(CUSTOMER, h.context);
      assert.equal(await timers.pendingAfterTick(), 0, 'a 60 s timer is still running after the call');
    });

    it('asks the token provider on every call and sends what it returns', async () => {
      h.pc.replyAlways({ json: [] });
      h.getToken.onSecondCall().resolves('second-token');
      const client = h.client();
      await client.getQualifications(CUSTOMER, h.context);
      await client.getQualifications(CUSTOMER, h.context);
      sinon.assert.calledTwice(h.getToken);
      assert.deepEqual(
        h.pc.requests.map((r) => r.headers.authorization),
        [`Bearer ${TOKEN}`, 'Bearer second-token'],
      );
    });

    describe('X-Locale', () => {
      const cases: ReadonlyArray<readonly [string, string | undefined, string]> = [
        ['the context locale', 'fr-FR', 'fr-FR'],
        ['a three-part tag', 'zh-Hant-TW', 'zh-Hant-TW'],
        ['a bare language', 'de', 'de'],
        ['en-US when missing', undefined, 'en-US'],
        ['en-US when empty', '', 'en-US'],
        ['en-US for a header injection attempt', 'en-US\r\nX-Evil: 1', 'en-US'],
        ['en-US for a trailing newline', 'en-US\n', 'en-US'],
        ['en-US for a path', '../', 'en-US'],
        ['en-US for an underscore tag', 'en_US', 'en-US'],
        ['en-US for a too-long tag', `en-${'x'.repeat(40)}`, 'en-US'],
        ['en-US for non-ASCII', 'fr-FRé', 'en-US'],
      ];
      for (const [name, locale, sent] of cases) {
        it(`sends ${name}${locale === undefined ? '' : ` (${JSON.stringify(locale)})`}`, async () => {
          h.pc.reply({ json: [] });
          const context: CallContext = {
            correlationId: h.context.correlationId,
            ...(locale !== undefined && { locale }),
          };
          await h.client().getQualifications(CUSTOMER, context);
          const request = onlyRequest(h.pc);
          assert.equal(request.headers['x-locale'], sent);
          assert.equal(request.headers['x-evil'], undefined);
          assert.equal(request.rawHeaders.filter((v, i) => i % 2 === 0 && v.toLowerCase() === 'x-locale').length, 1);
        });
      }
    });

    for (const [name, suffix] of [
      ['a trailing slash', '/'],
      ['several trailing slashes', '///'],
    ] as const) {
      it(`handles ${name} in baseUrl`, async () => {
        h.pc.reply({ json: [] });
        await h.client({ baseUrl: `${h.pc.url}${suffix}` }).getQualifications(CUSTOMER, h.context);
        assert.equal(onlyRequest(h.pc).url, `/v1/customers/${CUSTOMER}/qualifications`);
      });
    }

    it('keeps a path prefix in baseUrl', async () => {
      h.pc.reply({ json: [] });
      await h.client({ baseUrl: `${h.pc.url}/pc/` }).getQualifications(CUSTOMER, h.context);
      assert.equal(onlyRequest(h.pc).url, `/pc/v1/customers/${CUSTOMER}/qualifications`);
    });

    const badIds: ReadonlyArray<readonly [string, string]> = [
      ['a path traversal', '../../partners'],
      ['a traversal hidden after a GUID', `${CUSTOMER}/../../partners`],
      ['an upper-case GUID', CUSTOMER.toUpperCase()],
      ['a GUID in braces', `{${CUSTOMER}}`],
      ['a GUID with surrounding spaces', ` ${CUSTOMER} `],
      ['a GUID with a trailing newline', `${CUSTOMER}\n`],
      ['a GUID with a query string', `${CUSTOMER}?x=1`],
      ['a GUID without dashes', CUSTOMER.replaceAll('-', '')],
      ['a domain name', 'contoso.onmicrosoft.com'],
      ['an empty string', ''],
    ];
    for (const [name, id] of badIds) {
      it(`cannot be asked for ${name}: only the edge makes a CustomerTenantId, and never of that text as it is`, () => {
        const made = normaliseCustomerId(id);
        assert.ok(made === undefined || (made !== id && normaliseCustomerId(made) === made), String(made));
      });
    }

    it('propagates TokenAcquisitionError unchanged and sends nothing', async () => {
      const tokenError = new TokenAcquisitionError(
        'invalidCredentials',
        'AADSTS7000215: Invalid client secret',
        'AADSTS7000215',
      );
      h.getToken.rejects(tokenError);
      h.pc.replyAlways({ json: [] });
      await assert.rejects(h.client().getQualifications(CUSTOMER, h.context), (error: unknown) => {
        assert.equal(error, tokenError);
        return true;
      });
      sinon.assert.calledOnce(h.getToken);
      assert.equal(h.pc.requests.length, 0);
    });

    it('does not follow a redirect, so the token never reaches another host', async () => {
      const elsewhere = await FakePartnerCenter.start();
      try {
        elsewhere.replyAlways({ json: [{ qualification: 'Education' }] });
        h.pc.reply({ status: 302, headers: { Location: `${elsewhere.url}/v1/customers/${CUSTOMER}/qualifications` } });
        const error = await failure(h.client().getQualifications(CUSTOMER, h.context), 'unavailable');
        assertIds(error, h, undefined);
        assert.equal(onlyRequest(h.pc).url, `/v1/customers/${CUSTOMER}/qualifications`);
        assert.equal(elsewhere.requests.length, 0, 'the redirect was followed');
      } finally {
        await elsewhere.close();
      }
    });

    it('does not follow a same-host redirect either', async () => {
      h.pc.reply({ status: 302, headers: { Location: '/v1/customers/all/validations' } });
      h.pc.replyAlways({ json: [{ qualification: 'Education' }] });
      await failure(h.client().getQualifications(CUSTOMER, h.context), 'unavailable');
      assert.equal(onlyRequest(h.pc).url, `/v1/customers/${CUSTOMER}/qualifications`);
    });
  });

  describe('answers that are qualifications', () => {
    for (const [file, expected] of Object.entries(QUALIFICATION_FIXTURES)) {
      it(`normalises fixture ${file}`, async () => {
        h.pc.reply({ body: fixtureText(file), headers: JSON_HEADERS });
        const before = Date.now();
        const lookup = await h.client().getQualifications(CUSTOMER, h.context);
        assert.deepEqual(lookup.qualifications, expected);
        assert.equal(lookup.customerId, CUSTOMER);
        assert.equal(lookup.correlationId, h.context.correlationId);
        assert.equal(lookup.requestId, onlyRequest(h.pc).headers['ms-requestid']);
        assert.equal(lookup.api, 'qualifications');
        assert.ok(lookup.fetchedAt instanceof Date);
        assert.ok(lookup.fetchedAt.getTime() >= before && lookup.fetchedAt.getTime() <= Date.now());
      });
    }

    const shapes: ReadonlyArray<{ readonly name: string; readonly json: unknown; readonly expected: unknown }> = [
      { name: 'an empty list → no qualification', json: [], expected: [] },
      { name: '[{"qualification":"None"}] → no qualification', json: [{ qualification: 'None' }], expected: [] },
      { name: 'legacy "none" → no qualification', json: 'none', expected: [] },
      {
        name: 'the Swagger wrapper',
        json: { qualifications: [{ qualification: 'GovernmentCommunityCloud', vettingStatus: 'Approved' }] },
        expected: [{ name: 'GovernmentCommunityCloud', known: 'GovernmentCommunityCloud', vettingStatus: 'Approved' }],
      },
      {
        name: 'PascalCase keys (change-log shape)',
        json: {
          Qualification: 'Education',
          VettingStatus: 'Denied',
          VettingReason: 'No',
          VettingCreatedDate: '07/09/2020: 00:00:00',
        },
        expected: [
          {
            name: 'Education',
            known: 'Education',
            vettingStatus: 'Denied',
            vettingReason: 'No',
            vettingCreateDate: '07/09/2020: 00:00:00',
          },
        ],
      },
      {
        name: 'legacy snake_case',
        json: 'government_community_cloud',
        expected: [{ name: 'GovernmentCommunityCloud', known: 'GovernmentCommunityCloud' }],
      },
      {
        name: 'an unknown value, kept as sent',
        json: [{ qualification: 'HealthcareProvider', vettingStatus: 'Approved' }],
        expected: [{ name: 'HealthcareProvider', vettingStatus: 'Approved' }],
      },
    ];
    for (const { name, json, expected } of shapes) {
      it(`reads ${name}`, async () => {
        h.pc.reply({ json });
        const lookup = await h.client().getQualifications(CUSTOMER, h.context);
        assert.deepEqual(lookup.qualifications, expected);
      });
    }

    it('keeps `known` undefined for an unknown value', async () => {
      h.pc.reply({ json: [{ qualification: 'HealthcareProvider' }] });
      const [q] = (await h.client().getQualifications(CUSTOMER, h.context)).qualifications;
      assert.equal(q?.name, 'HealthcareProvider');
      assert.equal(q?.known, undefined);
    });

    it('reads a body that arrives slowly in pieces (chunked)', async () => {
      h.pc.reply({ body: fixtureText('qualifications-get-gcc-approved-and-soe.json'), chunked: true, delayMs: 30 });
      const lookup = await h.client().getQualifications(CUSTOMER, h.context);
      assert.deepEqual(lookup.qualifications, QUALIFICATION_FIXTURES['qualifications-get-gcc-approved-and-soe.json']);
    });

    it('reads a UTF-8 body split across chunks', async () => {
      const body = Buffer.from(
        JSON.stringify([{ qualification: 'Education', vettingReason: 'Não é escola – 学校ではない' }]),
      );
      h.pc.reply({ body, chunked: true, headers: JSON_HEADERS });
      const lookup = await h.client().getQualifications(CUSTOMER, h.context);
      assert.equal(lookup.qualifications[0]?.vettingReason, 'Não é escola – 学校ではない');
    });
  });

  describe('error answers', () => {
    const statuses: ReadonlyArray<{
      readonly name: string;
      readonly reply: () => FakeReply;
      readonly status: number;
      readonly kind: PartnerCenterErrorKind;
      readonly code?: number;
      readonly description?: string;
      readonly retryAfterSeconds?: number;
    }> = [
      {
        name: '400 with code 900118',
        reply: () => ({
          status: 400,
          json: { code: 900118, description: 'Invalid Customer Id', data: [], source: 'PartnerFD' },
        }),
        status: 400,
        kind: 'badRequest',
        code: 900118,
        description: 'Invalid Customer Id',
      },
      ...Object.entries(ERROR_FIXTURES)
        .filter(([, f]) => f.status !== 429)
        .map(([file, f]) => ({
          name: `${f.status} with fixture ${file}`,
          reply: (): FakeReply => ({
            status: f.status,
            body: fixtureText(file),
            headers: {
              ...JSON_HEADERS,
              ...(f.status === 401 && { 'WWW-Authenticate': 'OAuth realm=urn:cpsvc:cpid:1' }),
            },
          }),
          status: f.status,
          kind: f.kind,
          code: f.code,
          description: f.description,
        })),
      { name: '408', reply: () => ({ status: 408, body: '' }), status: 408, kind: 'timeout' },
      {
        name: '429 with Retry-After: 57 (fixture error-429-throttled.json)',
        reply: () => ({
          status: 429,
          body: fixtureText('error-429-throttled.json'),
          headers: { ...JSON_HEADERS, 'Retry-After': '57' },
        }),
        status: 429,
        kind: 'throttled',
        description: 'Rate limit is exceeded. Try again in 57 seconds.',
        retryAfterSeconds: 57,
      },
      {
        name: '429 whose Retry-After header wins over the body',
        reply: () => ({ status: 429, body: fixtureText('error-429-throttled.json'), headers: { 'Retry-After': '5' } }),
        status: 429,
        kind: 'throttled',
        retryAfterSeconds: 5,
      },
      {
        name: '429 without Retry-After (seconds from the fixture body)',
        reply: () => ({ status: 429, body: fixtureText('error-429-throttled.json'), headers: JSON_HEADERS }),
        status: 429,
        kind: 'throttled',
        retryAfterSeconds: 57,
      },
      {
        name: '429 without Retry-After (seconds from another message)',
        reply: () => ({
          status: 429,
          json: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 12 seconds.' },
        }),
        status: 429,
        kind: 'throttled',
        retryAfterSeconds: 12,
      },
      {
        name: '429 with nothing to go on',
        reply: () => ({ status: 429 }),
        status: 429,
        kind: 'throttled',
        retryAfterSeconds: undefined,
      },
      {
        name: '500',
        reply: () => ({ status: 500, json: { code: 0, description: 'Internal error' } }),
        status: 500,
        kind: 'unavailable',
        code: 0,
        description: 'Internal error',
      },
      {
        name: '502 with an HTML gateway page',
        reply: () => ({
          status: 502,
          body: '<html><body>Bad Gateway</body></html>',
          headers: { 'Content-Type': 'text/html' },
        }),
        status: 502,
        kind: 'unavailable',
      },
      {
        name: '503',
        reply: () => ({ status: 503, headers: { 'Retry-After': '30' } }),
        status: 503,
        kind: 'unavailable',
      },
      { name: '504', reply: () => ({ status: 504 }), status: 504, kind: 'timeout' },
      { name: '418', reply: () => ({ status: 418, body: "I'm a teapot" }), status: 418, kind: 'unexpected' },
      {
        name: '201 (a GET never creates)',
        reply: () => ({ status: 201, body: fixtureText('qualifications-post-201-education-inreview.json') }),
        status: 201,
        kind: 'unexpected',
      },
      { name: '204 No Content', reply: () => ({ status: 204 }), status: 204, kind: 'unexpected' },
    ];

    for (const c of statuses) {
      it(`${c.name} → ${c.kind}`, async () => {
        h.pc.reply(c.reply());
        const error = await failure(h.client().getQualifications(CUSTOMER, h.context), c.kind);
        assertIds(error, h, c.status);
        assert.equal(error.code, c.code);
        if (c.description !== undefined) assert.equal(error.description, c.description);
        if (c.kind === 'throttled') assert.equal(error.retryAfterSeconds, c.retryAfterSeconds);
        else assert.equal(error.retryAfterSeconds, undefined);
        assert.match(error.message, new RegExp(`HTTP ${c.status}`));
        assert.ok(!error.message.includes(TOKEN), 'the token leaked into the error message');
        onlyRequest(h.pc);
      });
    }

    it('429 with an HTTP-date Retry-After → the seconds until then', async () => {
      const retryAt = new Date(Date.now() + 30_000);
      h.pc.reply({
        status: 429,
        body: fixtureText('error-429-throttled.json'),
        headers: { 'Retry-After': retryAt.toUTCString() },
      });
      const error = await failure(h.client().getQualifications(CUSTOMER, h.context), 'throttled');
      assertIds(error, h, 429);
      // toUTCString() drops the milliseconds, and the call takes a moment: 28..30 s.
      assert.ok(
        error.retryAfterSeconds !== undefined && error.retryAfterSeconds >= 28 && error.retryAfterSeconds <= 30,
        `retryAfterSeconds ${error.retryAfterSeconds}`,
      );
    });

    it('a 404 is notFound whatever its code (branch on status, api.md §2.3)', async () => {
      h.pc.reply({ status: 404, json: { code: 600, description: 'Customer not found' } });
      const error = await failure(h.client().getQualifications(CUSTOMER, h.context), 'notFound');
      assert.equal(error.code, 600);
    });

    for (const withContentLength of [false, true]) {
      it(
        `an error body larger than maxResponseBytes is not read to the end and keeps its status ` +
          `(${withContentLength ? 'with' : 'without'} Content-Length)`,
        async () => {
          h.pc.reply({ status: 503, hugeBody: { bytes: 5 * 1024 * 1024, withContentLength } });
          const error = await failure(
            h.client({ maxResponseBytes: 1024 }).getQualifications(CUSTOMER, h.context),
            'unavailable',
          );
          assert.equal(error.httpStatus, 503);
          assert.ok(onlyRequest(h.pc).bodyBytesWritten < 5 * 1024 * 1024);
        },
      );
    }
  });

  describe('malformed answers', () => {
    const malformed: ReadonlyArray<{ readonly name: string; readonly reply: () => FakeReply }> = [
      { name: 'invalid JSON', reply: () => ({ body: '{"qualification":"Education",', headers: JSON_HEADERS }) },
      {
        name: 'the doc example with its trailing comma',
        reply: () => ({ body: '[{"qualification":"Education","vettingStatus":"Approved",}]', headers: JSON_HEADERS }),
      },
      {
        name: 'an HTML gateway page with 200',
        reply: () => ({
          body: '<!DOCTYPE html><html><head><title>Sign in</title></head><body>Gateway</body></html>',
          headers: { 'Content-Type': 'text/html' },
        }),
      },
      {
        name: 'a 200 HTML page whose text happens to parse as JSON',
        reply: () => ({
          body: '[{"qualification":"Education"}]',
          headers: { 'Content-Type': 'text/html; charset=utf-8' },
        }),
      },
      {
        name: 'a valid answer labelled text/plain',
        reply: () => ({ body: '[{"qualification":"Education"}]', headers: { 'Content-Type': 'text/plain' } }),
      },
      {
        name: 'a valid answer labelled application/octet-stream',
        reply: () => ({ body: '[]', headers: { 'Content-Type': 'application/octet-stream' } }),
      },
      { name: 'an empty 200 body', reply: () => ({ body: '' }) },
      { name: 'an empty 200 body labelled JSON', reply: () => ({ body: '', headers: JSON_HEADERS }) },
      { name: 'a blank 200 body', reply: () => ({ body: '  \r\n' }) },
      { name: '{"foo":1}', reply: () => ({ json: { foo: 1 } }) },
      { name: '42', reply: () => ({ json: 42 }) },
      { name: '[1,2]', reply: () => ({ json: [1, 2] }) },
      { name: 'null', reply: () => ({ json: null }) },
      { name: 'an empty JSON string', reply: () => ({ json: '' }) },
      { name: 'an entry without qualification', reply: () => ({ json: [{ vettingStatus: 'Approved' }] }) },
      {
        name: 'a PartnerFD error body with 200',
        reply: () => ({ body: fixtureText('error-403-no-relationship-observed.json'), headers: JSON_HEADERS }),
      },
      ...OTHER_FIXTURES.map((file) => ({
        name: `fixture ${file} (another endpoint's answer)`,
        reply: (): FakeReply => ({ body: fixtureText(file), headers: JSON_HEADERS }),
      })),
    ];

    for (const { name, reply } of malformed) {
      it(`${name} → malformedResponse`, async () => {
        h.pc.reply(reply());
        const error = await failure(h.client().getQualifications(CUSTOMER, h.context), 'malformedResponse');
        assertIds(error, h, 200);
        assert.ok(error.cause !== undefined, 'the underlying reason is kept as cause');
      });
    }

    for (const contentType of [
      'application/json',
      'application/json; charset=utf-8',
      'Application/JSON;charset=UTF-8',
      'text/json',
      'application/problem+json',
    ]) {
      it(`reads a valid answer labelled ${contentType}`, async () => {
        h.pc.reply({ body: '[{"qualification":"Education"}]', headers: { 'Content-Type': contentType } });
        const lookup = await h.client().getQualifications(CUSTOMER, h.context);
        assert.deepEqual(lookup.qualifications, [{ name: 'Education', known: 'Education' }]);
      });
    }

    const LIMIT = 1024;
    /** A valid answer padded with spaces to exactly `bytes` bytes. */
    const padded = (bytes: number) => {
      const json = JSON.stringify([{ qualification: 'Education', vettingStatus: 'Approved' }]);
      return json + ' '.repeat(bytes - Buffer.byteLength(json));
    };

    for (const chunked of [false, true]) {
      const how = chunked ? 'without Content-Length (chunked)' : 'with Content-Length';
      it(`a valid answer of exactly maxResponseBytes ${how} is read`, async () => {
        h.pc.reply({ body: padded(LIMIT), chunked });
        const lookup = await h.client({ maxResponseBytes: LIMIT }).getQualifications(CUSTOMER, h.context);
        assert.deepEqual(lookup.qualifications, [{ name: 'Education', known: 'Education', vettingStatus: 'Approved' }]);
        assert.equal(onlyRequest(h.pc).headers['content-length'], undefined);
      });

      it(`a valid answer one byte over maxResponseBytes ${how} → malformedResponse`, async () => {
        h.pc.reply({ body: padded(LIMIT + 1), chunked });
        const error = await failure(
          h.client({ maxResponseBytes: LIMIT }).getQualifications(CUSTOMER, h.context),
          'malformedResponse',
        );
        assertIds(error, h, 200);
      });

      it(`a huge body ${how} → malformedResponse, without reading it all`, async () => {
        const bytes = 32 * 1024 * 1024;
        h.pc.reply({ hugeBody: { bytes, withContentLength: !chunked } });
        const started = Date.now();
        const error = await failure(
          h.client({ maxResponseBytes: 64 * 1024 }).getQualifications(CUSTOMER, h.context),
          'malformedResponse',
        );
        assertIds(error, h, 200);
        assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
        await waitFor(() => onlyRequest(h.pc).outcome !== 'pending');
        assert.equal(onlyRequest(h.pc).outcome, 'aborted', 'the client read the whole body');
        assert.ok(onlyRequest(h.pc).bodyBytesWritten < bytes);
      });
    }

    it('a declared Content-Length over the limit is refused before the body arrives', async () => {
      // Declares 10 MB but stalls after the headers: only the header can have triggered the refusal.
      h.pc.reply({ stallAfterHeaders: true, headers: { 'Content-Length': String(10 * 1024 * 1024) } });
      const started = Date.now();
      await failure(
        h.client({ maxResponseBytes: LIMIT, timeoutMs: 1500 }).getQualifications(CUSTOMER, h.context),
        'malformedResponse',
      );
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    });
  });

  describe('the network', () => {
    it('a server that never answers → timeout, within about timeoutMs', async () => {
      h.pc.reply({ hang: true });
      const started = Date.now();
      const error = await failure(h.client({ timeoutMs: 200 }).getQualifications(CUSTOMER, h.context), 'timeout');
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 150, `gave up too early: ${elapsed} ms`);
      assert.ok(elapsed < 1500, `took ${elapsed} ms`);
      assertIds(error, h, undefined);
      onlyRequest(h.pc);
    });

    it('headers then a body that never comes → timeout, within about timeoutMs', async () => {
      h.pc.reply({ stallAfterHeaders: true, headers: { ...JSON_HEADERS, 'Content-Length': '40' } });
      const started = Date.now();
      const error = await failure(h.client({ timeoutMs: 200 }).getQualifications(CUSTOMER, h.context), 'timeout');
      assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
      assertIds(error, h, undefined);
    });

    it('a slow answer inside timeoutMs is fine', async () => {
      h.pc.reply({ json: [{ qualification: 'StateOwnedEntity' }], delayMs: 100 });
      const lookup = await h.client({ timeoutMs: 1000 }).getQualifications(CUSTOMER, h.context);
      assert.deepEqual(lookup.qualifications, [{ name: 'StateOwnedEntity', known: 'StateOwnedEntity' }]);
    });

    it('a connection reset before any answer → unavailable', async () => {
      h.pc.reply({ destroyBeforeHeaders: true });
      const error = await failure(h.client().getQualifications(CUSTOMER, h.context), 'unavailable');
      assertIds(error, h, undefined);
      assert.ok(error.cause !== undefined);
    });

    for (const chunked of [false, true]) {
      it(`a connection reset in the middle of the body${chunked ? ' (chunked)' : ''} → unavailable`, async () => {
        h.pc.reply({
          body: fixtureText('qualifications-get-denied.json'),
          destroyAfterBodyBytes: 20,
          chunked,
          headers: JSON_HEADERS,
        });
        const error = await failure(h.client().getQualifications(CUSTOMER, h.context), 'unavailable');
        assertIds(error, h, undefined);
      });
    }

    it('a refused port → unavailable, fast', async () => {
      const port = await closedPort();
      const started = Date.now();
      const error = await failure(
        h.client({ baseUrl: `http://127.0.0.1:${port}` }).getQualifications(CUSTOMER, h.context),
        'unavailable',
      );
      assert.ok(Date.now() - started < 1500);
      assertIds(error, h, undefined);
      assert.equal(h.pc.requests.length, 0);
    });

    it('the caller’s signal cancels a call in flight, long before timeoutMs', async () => {
      h.pc.reply({ hang: true });
      const controller = new AbortController();
      const context: CallContext = { ...h.context, signal: controller.signal };
      const pending = h.client({ timeoutMs: 5000 }).getQualifications(CUSTOMER, context);
      await waitFor(() => h.pc.requests.length === 1);
      const started = Date.now();
      controller.abort();
      await assert.rejects(pending, (error: unknown) => {
        assert.ok(error instanceof PartnerCenterError, String(error));
        assert.notEqual(error.kind, 'timeout', 'a cancellation is not a timeout');
        assert.equal(error.correlationId, h.context.correlationId);
        return true;
      });
      assert.ok(Date.now() - started < 1000);
    });
  });
});
