import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { TestAdapter, type Activity } from 'botbuilder';
import sinon from 'sinon';
import { AccessGate, UserRateLimiter, isTenantAllowed, tenantIdsOf, userKeyOf } from '../../src/bot/accessGate';
import { QualificationBot } from '../../src/bot/qualificationBot';
import { createLogger } from '../../src/logger';
import type { CallContext, QualificationLookup } from '../../src/partnerCenter/types';
import { stubSource } from '../helpers/stubSource';

const OURS = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const THEIRS = '99999999-8888-4777-8666-555555555555';
const CUSTOMER = '3f2b6c1e-8a4d-4e2f-9b1a-0c5d7e9f1a2b';
const GUID_IN_TEXT = /correlation id: ([0-9a-f-]{36})$/;

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

function message(text: string, options: { tenant?: string | null; channelDataTenant?: string | null; aad?: string; fromId?: string } = {}): Partial<Activity> {
  const tenant = options.tenant === undefined ? OURS : options.tenant;
  const channelDataTenant = options.channelDataTenant === undefined ? tenant : options.channelDataTenant;
  return {
    type: 'message',
    text,
    from: { id: options.fromId ?? '29:user', name: 'User', ...(options.aad !== undefined && { aadObjectId: options.aad }) },
    conversation: { id: 'conv', ...(tenant !== null && { tenantId: tenant }) } as Activity['conversation'],
    ...(channelDataTenant !== null && { channelData: { tenant: { id: channelDataTenant } } }),
  };
}

function setup(options: { allowedTenantIds?: readonly string[]; perMinute?: number; now?: () => number } = {}) {
  const { logger, lines } = capture();
  const getQualifications = sinon.spy(
    async (customerId: string, context: CallContext): Promise<QualificationLookup> => ({
      customerId,
      qualifications: [],
      fetchedAt: new Date(),
      correlationId: context.correlationId,
      requestId: 'r',
      api: 'qualifications',
    }),
  );
  const bot = new QualificationBot({ source: { ...stubSource(), getQualifications }, logger, demo: false });
  const adapter = new TestAdapter((context) => bot.run(context));
  adapter.use(
    new AccessGate({
      allowedTenantIds: options.allowedTenantIds,
      userRateLimitPerMinute: options.perMinute ?? 0,
      logger,
      now: options.now,
    }),
  );
  return { adapter, getQualifications, lines };
}

describe('tenant allow-list', () => {
  it('reads the tenant from conversation.tenantId and Teams channelData, lower case, once', () => {
    assert.deepEqual(tenantIdsOf(message('x', { tenant: OURS.toUpperCase(), channelDataTenant: OURS })), [OURS]);
    assert.deepEqual(tenantIdsOf(message('x', { tenant: null, channelDataTenant: THEIRS })), [THEIRS]);
    assert.deepEqual(tenantIdsOf(message('x', { tenant: OURS, channelDataTenant: THEIRS })), [OURS, THEIRS]);
    assert.deepEqual(tenantIdsOf(message('x', { tenant: null, channelDataTenant: null })), []);
    assert.deepEqual(tenantIdsOf({ type: 'message', conversation: { tenantId: 42 } as never, channelData: { tenant: 'x' } }), []);
    assert.equal(tenantIdsOf(message('x', { tenant: 'a'.repeat(100_000) }))[0]?.length, 128);
  });

  it('allows only listed tenants; every tenant the activity names must be listed', () => {
    assert.equal(isTenantAllowed([OURS], [OURS]), true);
    assert.equal(isTenantAllowed([THEIRS], [OURS]), false);
    assert.equal(isTenantAllowed([OURS, THEIRS], [OURS]), false, 'a second, unlisted tenant id is not ignored');
    assert.equal(isTenantAllowed([], [OURS]), false, 'no tenant id while a list applies');
    assert.equal(isTenantAllowed([], undefined), true, 'no list: the Emulator (no tenant) is allowed');
    assert.equal(isTenantAllowed([THEIRS], undefined), true);
  });

  it('answers a message from another tenant with a short refusal and never calls Partner Center', async () => {
    const { adapter, getQualifications, lines } = setup({ allowedTenantIds: [OURS] });
    await adapter.send(message(`qualification for ${CUSTOMER}`, { tenant: THEIRS })).assertReply((reply: Partial<Activity>) => {
      assert.match(reply.text ?? '', /^Sorry, this bot isn't available to your organization\./);
      assert.match(reply.text ?? '', GUID_IN_TEXT);
      assert.equal(reply.attachments, undefined);
    });
    sinon.assert.notCalled(getQualifications);
    const refusal = lines.find((l) => l.event === 'accessRefused');
    assert.ok(refusal, 'the refusal is logged');
    assert.equal(refusal.reason, 'tenantNotAllowed');
    assert.deepEqual(refusal.tenantIds, [THEIRS]);
    assert.match(String(refusal.correlationId), /^[0-9a-f-]{36}$/);
  });

  it('gives the same correlation id to the user and the log', async () => {
    const { adapter, lines } = setup({ allowedTenantIds: [OURS] });
    let shown = '';
    await adapter.send(message('help', { tenant: THEIRS })).assertReply((reply: Partial<Activity>) => {
      shown = GUID_IN_TEXT.exec(reply.text ?? '')?.[1] ?? '';
    });
    assert.equal(lines.find((l) => l.event === 'accessRefused')?.correlationId, shown);
  });

  it('refuses a message with no tenant id while a list applies (e.g. the Emulator against a configured bot)', async () => {
    const { adapter, getQualifications } = setup({ allowedTenantIds: [OURS] });
    await adapter
      .send(message(`qualification for ${CUSTOMER}`, { tenant: null, channelDataTenant: null }))
      .assertReply((reply: Partial<Activity>) => assert.match(reply.text ?? '', /isn't available to your organization/));
    sinon.assert.notCalled(getQualifications);
  });

  it('lets the listed tenant through (any case), and everyone when no list applies', async () => {
    const listed = setup({ allowedTenantIds: [OURS] });
    await listed.adapter.send(message(`qualification for ${CUSTOMER}`, { tenant: OURS.toUpperCase() })).assertReply(() => undefined);
    sinon.assert.calledOnce(listed.getQualifications);

    const open = setup({ allowedTenantIds: undefined });
    await open.adapter.send(message(`qualification for ${CUSTOMER}`, { tenant: null, channelDataTenant: null })).assertReply(() => undefined);
    await open.adapter.send(message(`qualification for ${CUSTOMER}`, { tenant: THEIRS })).assertReply(() => undefined);
    sinon.assert.calledTwice(open.getQualifications);
  });

  it('drops other activities from other tenants without a reply', async () => {
    const { adapter, lines } = setup({ allowedTenantIds: [OURS] });
    await adapter
      .send({ type: 'conversationUpdate', membersAdded: [{ id: 'bot', name: 'bot' }], conversation: { id: 'c', tenantId: THEIRS } as Activity['conversation'] })
      .startTest();
    assert.equal(adapter.activeQueue.length, 0);
    assert.equal(lines.filter((l) => l.event === 'accessRefused').length, 1);
  });
});

describe('per-user rate limit', () => {
  it('keys by Entra object id, else by the channel user id', () => {
    assert.equal(userKeyOf(message('x', { aad: 'ABC' })), 'aad:abc');
    assert.equal(userKeyOf({ ...message('x', { fromId: '29:u' }), channelId: 'msteams' }), 'channel:msteams:29:u');
    assert.equal(userKeyOf({ type: 'message' }), 'anonymous');
  });

  it('allows a burst of N, refuses the next with a wait time, and refills over a minute', () => {
    let now = 1_000_000;
    const limiter = new UserRateLimiter(3, 100, () => now);
    for (let i = 0; i < 3; i++) assert.deepEqual(limiter.take('u'), { allowed: true });
    assert.deepEqual(limiter.take('u'), { allowed: false, retryAfterSeconds: 20, firstRefusal: true });
    assert.deepEqual(limiter.take('u'), { allowed: false, retryAfterSeconds: 20, firstRefusal: false });
    assert.deepEqual(limiter.take('other'), { allowed: true }, 'another user has a bucket of their own');
    now += 19_000;
    assert.deepEqual(limiter.take('u'), { allowed: false, retryAfterSeconds: 1, firstRefusal: false });
    now += 1_000;
    assert.deepEqual(limiter.take('u'), { allowed: true });
    assert.equal(limiter.take('u').allowed, false);
    now += 60_000;
    for (let i = 0; i < 3; i++) assert.deepEqual(limiter.take('u'), { allowed: true }, 'full again after a quiet minute');
  });

  it('keeps memory bounded: idle users are forgotten, and never more than maxUsers are tracked', () => {
    let now = 0;
    const limiter = new UserRateLimiter(5, 1000, () => now);
    for (let i = 0; i < 500; i++) limiter.take(`user-${i}`);
    assert.equal(limiter.size, 500);
    now += 60_000;
    limiter.take('late');
    assert.equal(limiter.size, 1, 'users idle for a minute (full buckets) are dropped');
    for (let i = 0; i < 5000; i++) limiter.take(`flood-${i}`);
    assert.ok(limiter.size <= 1000, `tracked ${limiter.size} users`);
    // The least recently seen go first: the last user is still limited.
    for (let i = 0; i < 4; i++) limiter.take('flood-4999');
    assert.equal(limiter.take('flood-4999').allowed, false);
  });

  it('answers the first message over the limit with "slow down", then stays quiet, and never calls Partner Center', async () => {
    let now = 0;
    const { adapter, getQualifications, lines } = setup({ perMinute: 2, now: () => now });
    const ask = (aad: string) => message(`qualification for ${CUSTOMER}`, { aad });
    await adapter.send(ask('alice')).assertReply(() => undefined);
    await adapter.send(ask('alice')).assertReply(() => undefined);
    await adapter.send(ask('alice')).assertReply((reply: Partial<Activity>) => {
      assert.match(reply.text ?? '', /slow down and try again in 30 seconds\.$/);
    });
    await adapter.send(ask('alice')).startTest();
    assert.equal(adapter.activeQueue.length, 0, 'no second "slow down"');
    sinon.assert.calledTwice(getQualifications);

    await adapter.send(ask('bob')).assertReply(() => undefined);
    sinon.assert.calledThrice(getQualifications);

    now += 30_000;
    await adapter.send(ask('alice')).assertReply(() => undefined);
    assert.equal(getQualifications.callCount, 4);
    const limited = lines.filter((l) => l.reason === 'rateLimited');
    assert.deepEqual(limited.map((l) => l.replied), [true, false]);
    assert.ok(limited.every((l) => l.user === 'alice' && typeof l.correlationId === 'string'));
  });

  it('does not limit at all with 0', async () => {
    const { adapter, getQualifications } = setup({ perMinute: 0 });
    for (let i = 0; i < 50; i++) await adapter.send(message(`qualification for ${CUSTOMER}`, { aad: 'alice' })).assertReply(() => undefined);
    assert.equal(getQualifications.callCount, 50);
  });

  it('counts refusals to other tenants too, so they cannot make the bot flood the chat', async () => {
    const { adapter } = setup({ allowedTenantIds: [OURS], perMinute: 2, now: () => 0 });
    const theirs = () => message('help', { tenant: THEIRS, aad: 'mallory' });
    await adapter.send(theirs()).assertReply(() => undefined);
    await adapter.send(theirs()).assertReply(() => undefined);
    await adapter.send(theirs()).startTest();
    assert.equal(adapter.activeQueue.length, 0);
  });
});
