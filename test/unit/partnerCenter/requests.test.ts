import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import sinon from 'sinon';
import { PartnerCenterClient } from '../../../src/partnerCenter/client';
import { HttpTransport } from '../../../src/partnerCenter/transport';
import type { CallContext } from '../../../src/partnerCenter/types';
import { FakePartnerCenter } from '../../helpers/fakePartnerCenter';
import { tenantId } from '../../helpers/ids';
import { failure } from '../../helpers/partnerCenterFailure';
import { watchTimers } from '../../helpers/timers';

/**
 * The request layer's edges (requests.ts), through the client without a policy (one attempt):
 * which request ids are kept, which answers count as JSON, redirects, what a failure's cause says.
 */

const CUSTOMER = tenantId('b44bb1fb-c595-45b0-9e09-d657365580bf');
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const QUALIFICATIONS = JSON.stringify([{ qualification: 'Education', vettingStatus: 'Approved' }]);

describe('PartnerCenterRequests (one request, no policy)', () => {
  let pc: FakePartnerCenter;
  let token: string;
  const client = () =>
    new PartnerCenterClient({ baseUrl: pc.url, tokenProvider: { getToken: async () => token }, timeoutMs: 2000 });
  const call = (extra: Partial<CallContext> = {}): CallContext => ({ correlationId: randomUUID(), ...extra });

  beforeEach(async () => {
    pc = await FakePartnerCenter.start();
    token = 'eyJ0eXAiOiJKV1Qi.requests-test-token';
  });

  afterEach(async () => {
    sinon.restore();
    await pc.close();
  });

  it('sends the caller’s MS-RequestId only when it is a whole GUID; otherwise a new one', async () => {
    const chosen = '6f1b9a52-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
    for (const [given, kept] of [
      [chosen, true],
      [`${chosen}0`, false],
      [`0${chosen}`, false],
      [undefined, false],
    ] as const) {
      pc.reply({ json: [] });
      await client().getQualifications(CUSTOMER, call({ requestId: given }));
      const sent = String(pc.requests.at(-1)?.headers['ms-requestid']);
      assert.match(sent, GUID, `for ${String(given)}`);
      assert.equal(sent === given, kept, `for ${String(given)}`);
    }
  });

  for (const contentType of ['text/plain; note=application/json', 'application/jsonp', 'text/html; x=text/json']) {
    it(`a 200 labelled "${contentType}" is not read as JSON, and the cause names the type`, async () => {
      pc.reply({ status: 200, headers: { 'Content-Type': contentType }, body: QUALIFICATIONS });
      const error = await failure(client().getQualifications(CUSTOMER, call()), 'malformedResponse');
      assert.equal(error.httpStatus, 200);
      assert.match(
        String((error.cause as Error | undefined)?.message),
        new RegExp(`Content-Type ${contentType.slice(0, 10)}`),
      );
    });
  }

  it('a very long Content-Type is quoted at most 100 characters long', async () => {
    const contentType = `text/${'x'.repeat(300)}`;
    pc.reply({ status: 200, headers: { 'Content-Type': contentType }, body: QUALIFICATIONS });
    const error = await failure(client().getQualifications(CUSTOMER, call()), 'malformedResponse');
    assert.equal(String((error.cause as Error).message), `Content-Type ${contentType.slice(0, 100)} is not JSON`);
  });

  it('an unreadable 200 keeps the parser’s error as its cause', async () => {
    pc.reply({ status: 200, headers: { 'Content-Type': 'application/json' }, body: '[{"qualification":' });
    const error = await failure(client().getQualifications(CUSTOMER, call()), 'malformedResponse');
    assert.ok(error.cause instanceof SyntaxError, String(error.cause));
  });

  for (const status of [300, 301, 302, 307, 308, 399]) {
    it(`a ${status} is never followed: "unavailable", saying why`, async () => {
      pc.reply({ status, headers: { Location: 'https://elsewhere.example/steal' }, body: '' });
      const error = await failure(client().getQualifications(CUSTOMER, call()), 'unavailable');
      assert.equal(String((error.cause as Error).message), `HTTP ${status} redirect not followed`);
      assert.equal(pc.requests.length, 1);
    });
  }

  it('an error page labelled text/html is read as HTML (its title, none here), not quoted as text', async () => {
    pc.reply({ status: 503, headers: { 'Content-Type': 'text/html' }, body: 'Service down for maintenance' });
    const error = await failure(client().getQualifications(CUSTOMER, call()), 'unavailable');
    assert.equal(error.description, undefined);
    pc.reply({ status: 503, headers: { 'Content-Type': 'text/plain' }, body: 'Service down for maintenance' });
    const plain = await failure(client().getQualifications(CUSTOMER, call()), 'unavailable');
    assert.equal(plain.description, 'Service down for maintenance');
  });

  it('a failure that is not the transport’s own (a token Node refuses in a header) is passed on as it is', async () => {
    // It once left the per-request timer running, which later threw in a timer callback.
    const timers = await watchTimers();
    token = 'line\nbreak';
    const error = await client()
      .getQualifications(CUSTOMER, call())
      .then(
        () => assert.fail('expected a failure'),
        (caught: unknown) => caught,
      );
    assert.ok(error instanceof TypeError, String(error));
    assert.equal(pc.requests.length, 0);
    assert.equal(await timers.pendingAfterTick(), 0, 'no timer left behind');
  });

  it('close() closes the keep-alive connections', () => {
    const close = sinon.spy(HttpTransport.prototype, 'close');
    client().close();
    assert.equal(close.callCount, 1);
  });
});
