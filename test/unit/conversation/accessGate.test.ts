import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import sinon from 'sinon';
import {
  AccessGate,
  UserRateLimiter,
  isTenantAllowed,
  tenantIdsOf,
  userKeyOf,
} from '../../../src/conversation/accessGate';
import { testBot } from '../../helpers/testBot';
import { captureLogs } from '../../helpers/logCapture';
import type { CallContext, QualificationLookup } from '../../../src/partnerCenter/types';
import { stubSource } from '../../helpers/stubSource';
import { tenantId } from '../../helpers/ids';

const OURS = tenantId('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee');
const THEIRS = tenantId('99999999-8888-4777-8666-555555555555');
const CUSTOMER = tenantId('3f2b6c1e-8a4d-4e2f-9b1a-0c5d7e9f1a2b');
const GUID_IN_TEXT = /correlation id: ([0-9a-f-]{36})$/;

function message(
  text: string,
  options: { tenant?: string | null; channelDataTenant?: string | null; aad?: string; fromId?: string } = {},
): Partial<Activity> {
  const tenant = options.tenant === undefined ? OURS : options.tenant;
  const channelDataTenant = options.channelDataTenant === undefined ? tenant : options.channelDataTenant;
  return {
    type: 'message',
    text,
    from: {
      id: options.fromId ?? '29:user',
      name: 'User',
      ...(options.aad !== undefined && { aadObjectId: options.aad }),
    },
    conversation: { id: 'conv', ...(tenant !== null && { tenantId: tenant }) } as Activity['conversation'],
    ...(channelDataTenant !== null && { channelData: { tenant: { id: channelDataTenant } } }),
  };
}

function setup(
  options: { allowedTenantIds?: readonly string[]; perMinute?: number; now?: () => number; inboundAuth?: boolean } = {},
) {
  const { logger, records: lines } = captureLogs();
  const getQualifications = sinon.spy(
    async (customerId: string, context: CallContext): Promise<QualificationLookup> => ({
      customerId: tenantId(customerId),
      qualifications: [],
      fetchedAt: new Date(),
      correlationId: context.correlationId,
      requestId: 'r',
      api: 'qualifications',
    }),
  );
  const bot = testBot({ ...stubSource(), getQualifications }, { logger });
  const adapter = new TestAdapter((context) => bot.run(context));
  adapter.use(
    new AccessGate({
      allowedTenantIds: options.allowedTenantIds,
      userRateLimitPerMinute: options.perMinute ?? 0,
      inboundAuth: options.inboundAuth ?? true,
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
    assert.deepEqual(
      tenantIdsOf({ type: 'message', conversation: { tenantId: 42 } as never, channelData: { tenant: 'x' } }),
      [],
    );
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
    await adapter
      .send(message(`qualification for ${CUSTOMER}`, { tenant: THEIRS }))
      .assertReply((reply: Partial<Activity>) => {
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

  it(
    'refuses a message with no tenant id while a list applies (e.g. the Emulator against a ' + 'configured bot)',
    async () => {
      const { adapter, getQualifications } = setup({ allowedTenantIds: [OURS] });
      await adapter
        .send(message(`qualification for ${CUSTOMER}`, { tenant: null, channelDataTenant: null }))
        .assertReply((reply: Partial<Activity>) =>
          assert.match(reply.text ?? '', /isn't available to your organization/),
        );
      sinon.assert.notCalled(getQualifications);
    },
  );

  it('lets the listed tenant through (any case), and everyone when no list applies', async () => {
    const listed = setup({ allowedTenantIds: [OURS] });
    await listed.adapter
      .send(message(`qualification for ${CUSTOMER}`, { tenant: OURS.toUpperCase() }))
      .assertReply(() => undefined);
    sinon.assert.calledOnce(listed.getQualifications);

    const open = setup({ allowedTenantIds: undefined });
    await open.adapter
      .send(message(`qualification for ${CUSTOMER}`, { tenant: null, channelDataTenant: null }))
      .assertReply(() => undefined);
    await open.adapter.send(message(`qualification for ${CUSTOMER}`, { tenant: THEIRS })).assertReply(() => undefined);
    sinon.assert.calledTwice(open.getQualifications);
  });

  it('drops other activities from other tenants without a reply', async () => {
    const { adapter, lines } = setup({ allowedTenantIds: [OURS] });
    await adapter
      .send({
        type: 'conversationUpdate',
        membersAdded: [{ id: 'bot', name: 'bot' }],
        conversation: { id: 'c', tenantId: THEIRS } as unknown as Activity['conversation'],
      })
      .startTest();
    assert.equal(adapter.activeQueue.length, 0);
    assert.equal(lines.filter((l) => l.event === 'accessRefused').length, 1);
  });
});

describe('per-user rate limit', () => {
  it(
    'keys by what the channel vouches for: with inbound auth its channel and Entra object id, else ' + 'its user id',
    () => {
      assert.equal(userKeyOf({ ...message('x', { aad: 'ABC' }), channelId: 'msteams' }, true), 'msteams:aad:abc');
      assert.equal(userKeyOf({ ...message('x', { fromId: '29:u' }), channelId: 'msteams' }, true), 'msteams:id:29:u');
      assert.equal(userKeyOf({ type: 'message', channelId: 'msteams' }, true), 'msteams:no-id');
    },
  );

  it(
    'without inbound auth: the sender-supplied Entra object id is ignored, from.id is the key, and no id is one ' +
      'shared bucket',
    () => {
      assert.equal(
        userKeyOf({ ...message('x', { aad: 'ABC', fromId: '29:u' }), channelId: 'emulator' }, false),
        'anonymous:emulator:29:u',
      );
      assert.equal(
        userKeyOf({ ...message('x', { aad: 'DEF', fromId: '29:u' }), channelId: 'emulator' }, false),
        'anonymous:emulator:29:u',
      );
      assert.equal(userKeyOf({ type: 'message', channelId: 'emulator' }, false), 'anonymous:emulator:no-id');
    },
  );

  it(
    'without inbound auth, a sender changing its aadObjectId with every message is still limited ' + '(was: never)',
    async () => {
      const { adapter, getQualifications } = setup({ perMinute: 3, now: () => 0, inboundAuth: false });
      for (let i = 0; i < 20; i++)
        await adapter.send(message(`qualification for ${CUSTOMER}`, { aad: `rotating-${i}` })).startTest();
      assert.equal(getQualifications.callCount, 3);
    },
  );

  it('allows a burst of N, refuses the next with a wait time, and refills over a minute', () => {
    let now = 1_000_000;
    const limiter = new UserRateLimiter(3, 100, () => now);
    for (let i = 0; i < 3; i++) assert.deepEqual(limiter.take('u'), { allowed: true });
    assert.deepEqual(limiter.take('u'), { allowed: false, retryAfterSeconds: 20, notify: true, droppedSinceNotice: 0 });
    assert.deepEqual(limiter.take('u'), {
      allowed: false,
      retryAfterSeconds: 20,
      notify: false,
      droppedSinceNotice: 0,
    });
    assert.deepEqual(limiter.take('other'), { allowed: true }, 'another user has a bucket of their own');
    now += 19_000;
    assert.deepEqual(limiter.take('u'), { allowed: false, retryAfterSeconds: 1, notify: false, droppedSinceNotice: 0 });
    now += 1_000;
    assert.deepEqual(limiter.take('u'), { allowed: true });
    assert.equal(limiter.take('u').allowed, false);
    now += 60_000;
    for (let i = 0; i < 3; i++)
      assert.deepEqual(limiter.take('u'), { allowed: true }, 'full again after a quiet minute');
  });

  it('under a sustained flood: one notice a minute, which counts the messages dropped since the last one', () => {
    let now = 0;
    const limiter = new UserRateLimiter(30, 100, () => now);
    const notices: Array<{ at: number; dropped: number }> = [];
    let allowed = 0;
    for (; now < 180_000; now += 100) {
      const verdict = limiter.take('flood');
      if (verdict.allowed) allowed++;
      else if (verdict.notify) notices.push({ at: now, dropped: verdict.droppedSinceNotice });
    }
    // Before: a "slow down" every ~2 s (each time a token had come back in between).
    assert.equal(notices.length, 3, JSON.stringify(notices));
    assert.deepEqual([notices[1].at - notices[0].at, notices[2].at - notices[1].at], [60_000, 60_000]);
    assert.equal(notices[0]?.dropped, 0);
    assert.ok(
      notices.slice(1).every((n) => n.dropped > 500),
      JSON.stringify(notices),
    );
    assert.ok(allowed >= 30 + 80 && allowed <= 30 + 92, `${allowed} let through (30 at once, then one every 2 s)`);
  });

  it('says how many messages were dropped when it forgets a user who had some', () => {
    let now = 0;
    const forgotten: Array<[string, number]> = [];
    const limiter = new UserRateLimiter(
      1,
      100,
      () => now,
      (key, dropped) => forgotten.push([key, dropped]),
    );
    for (let i = 0; i < 6; i++) limiter.take('noisy');
    limiter.take('quiet');
    now += 61_000;
    limiter.take('someone else');
    assert.deepEqual(forgotten, [['noisy', 4]]);
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
    assert.ok(limiter.size <= 1000, `tracked ${String(limiter.size)} users`);
    // The least recently seen go first: the last user is still limited.
    for (let i = 0; i < 4; i++) limiter.take('flood-4999');
    assert.equal(limiter.take('flood-4999').allowed, false);
  });

  it(
    'answers the first message over the limit with "slow down", then stays quiet (no reply, no line) for a minute, ' +
      'and never calls Partner Center',
    async () => {
      let now = 0;
      const { adapter, getQualifications, lines } = setup({ perMinute: 2, now: () => now });
      const ask = (aad: string) => message(`qualification for ${CUSTOMER}`, { aad });
      await adapter.send(ask('alice')).assertReply(() => undefined);
      await adapter.send(ask('alice')).assertReply(() => undefined);
      await adapter.send(ask('alice')).assertReply((reply: Partial<Activity>) => {
        assert.match(reply.text ?? '', /slow down and try again in 30 seconds\.$/);
      });
      for (let i = 0; i < 10; i++) await adapter.send(ask('alice')).startTest();
      assert.equal(adapter.activeQueue.length, 0, 'no second "slow down"');
      sinon.assert.calledTwice(getQualifications);

      await adapter.send(ask('bob')).assertReply(() => undefined);
      sinon.assert.calledThrice(getQualifications);

      now += 30_000;
      await adapter.send(ask('alice')).assertReply(() => undefined);
      assert.equal(getQualifications.callCount, 4);
      await adapter.send(ask('alice')).startTest();
      assert.equal(adapter.activeQueue.length, 0, 'still within the minute: no reply');
      now += 30_000;
      await adapter.send(ask('alice')).assertReply(() => undefined); // a token came back meanwhile
      await adapter
        .send(ask('alice'))
        .assertReply((reply: Partial<Activity>) => assert.match(reply.text ?? '', /slow down/));
      const limited = lines.filter((l) => l.reason === 'rateLimited');
      assert.deepEqual(
        limited.map((l) => l.droppedSinceLastNotice),
        [0, 11],
        'one line per notice, counting the drops in between',
      );
      assert.ok(limited.every((l) => l.user === 'alice' && l.replied === true && typeof l.correlationId === 'string'));
    },
  );

  it('does not limit at all with 0', async () => {
    const { adapter, getQualifications } = setup({ perMinute: 0 });
    for (let i = 0; i < 50; i++)
      await adapter.send(message(`qualification for ${CUSTOMER}`, { aad: 'alice' })).assertReply(() => undefined);
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

describe('the message extension at the gate', () => {
  function search(text: string, options: { tenant?: string; name?: string } = {}): Partial<Activity> {
    const { text: _text, ...base } = message('', { tenant: options.tenant });
    return {
      ...base,
      type: 'invoke',
      name: options.name ?? 'composeExtension/query',
      value: { commandId: 'findCustomer', parameters: [{ name: 'query', value: text }] },
    };
  }

  /** What the gate (or the bot) answered the invoke with: the search flyout's line, or the results. */
  async function flyout(adapter: TestAdapter, activity: Partial<Activity>): Promise<{ type: string; text?: string }> {
    let body: { composeExtension: { type: string; text?: string } } | undefined;
    await adapter.send(activity).assertReply((reply) => {
      assert.equal(reply.type, 'invokeResponse');
      body = (reply.value as { body: typeof body }).body;
    });
    assert.ok(body);
    return body.composeExtension;
  }

  it('searches count against the per-user limit; over it: slow down, in the flyout; nothing looked up', async () => {
    const { adapter, getQualifications, lines } = setup({ perMinute: 2, now: () => 0 });
    assert.equal((await flyout(adapter, search(CUSTOMER))).type, 'result');
    assert.equal((await flyout(adapter, search(CUSTOMER))).type, 'result');
    for (let i = 0; i < 3; i++) {
      const refused = await flyout(adapter, search(CUSTOMER));
      assert.equal(refused.type, 'message');
      assert.match(refused.text ?? '', /slow down and try again in 30 seconds/);
    }
    assert.equal(getQualifications.callCount, 2);
    assert.equal(lines.filter((l) => l.reason === 'rateLimited').length, 1, 'logged once, not once per refusal');
  });

  it('a pasted link from a tenant not on the list: told so, with the correlation id; nothing looked up', async () => {
    const { adapter, getQualifications, lines } = setup({ allowedTenantIds: [OURS] });
    const refused = await flyout(adapter, search(CUSTOMER, { tenant: THEIRS, name: 'composeExtension/queryLink' }));
    assert.equal(refused.type, 'message');
    assert.match(refused.text ?? '', /isn't available to your organization.*correlation id: [0-9a-f-]{36}$/);
    assert.equal(getQualifications.callCount, 0);
    assert.equal(lines.find((l) => l.reason === 'tenantNotAllowed')?.replied, true);
  });

  it("an event with an extension invoke's name: dropped as before, unanswered and uncounted", async () => {
    const { adapter, lines } = setup({ allowedTenantIds: [OURS], perMinute: 1, now: () => 0 });
    await adapter.send({ ...search(CUSTOMER, { tenant: THEIRS }), type: 'event' }).startTest();
    assert.equal(adapter.activeQueue.length, 0, 'no invoke response for an event');
    assert.equal(lines.find((l) => l.reason === 'tenantNotAllowed')?.replied, false);
    // The event took nothing from the limit: this message from the same tenant still gets its refusal.
    await adapter
      .send(message(`qualification for ${CUSTOMER}`, { tenant: THEIRS }))
      .assertReply((reply) => assert.match(String(reply.text), /isn't available to your organization/));
  });

  it('other invokes are neither counted nor answered by the gate', async () => {
    const { adapter, getQualifications } = setup({ perMinute: 1, now: () => 0 });
    await adapter
      .send({ ...search(CUSTOMER), name: 'signin/failure', value: { code: 'x' } })
      .assertReply((reply) => assert.deepEqual(reply.value, { status: 200 }, 'the bot answered it, not the gate'));
    assert.equal((await flyout(adapter, search(CUSTOMER))).type, 'result');
    assert.equal(getQualifications.callCount, 1);
  });
});
