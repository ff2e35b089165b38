import assert from 'node:assert/strict';
import { TestAdapter, TurnContext, type Activity } from 'botbuilder';
import {
  AccessGate,
  UserRateLimiter,
  isTenantAllowed,
  tenantIdsOf,
  userKeyOf,
} from '../../../src/conversation/accessGate';
import { createLogger } from '../../../src/shared/logger';

// The access gate at its edges: activities that lack what a Teams message has (conversation, from,
// channel), blank or oversized ids, non-message activities under the rate limit, and what the log
// says when a refused tenant is also over the limit. The gate is driven directly (not through
// TestAdapter.send, which fills in from, conversation and channelId before the middleware runs).

const OURS = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const THEIRS = '99999999-8888-4777-8666-555555555555';
const CAP = 128;

type Line = Record<string, unknown> & { msg: string; level: string };

function gate(options: { allowedTenantIds?: readonly string[]; perMinute?: number; inboundAuth?: boolean } = {}) {
  const lines: Line[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line) as Line) });
  let now = 0;
  const accessGate = new AccessGate({
    allowedTenantIds: options.allowedTenantIds,
    userRateLimitPerMinute: options.perMinute ?? 0,
    inboundAuth: options.inboundAuth ?? true,
    logger,
    now: () => now,
  });
  const adapter = new TestAdapter();
  /** Runs one activity through the gate: did it reach the bot, and what did the gate reply. */
  const run = async (activity: Partial<Activity>): Promise<{ passed: boolean; replies: string[] }> => {
    const before = adapter.activeQueue.length;
    let passed = false;
    await accessGate.onTurn(new TurnContext(adapter, activity), async () => {
      passed = true;
    });
    const replies = adapter.activeQueue.splice(before).map((reply) => reply.text ?? '');
    return { passed, replies };
  };
  return {
    run,
    lines,
    refusals: () => lines.filter((l) => l.event === 'accessRefused'),
    advance: (ms: number) => (now += ms),
  };
}

function teamsMessage(tenant: string, aad: string, text = 'help'): Partial<Activity> {
  return {
    type: 'message',
    text,
    channelId: 'msteams',
    from: { id: `29:${aad}`, name: 'User', aadObjectId: aad },
    conversation: { id: 'conv', tenantId: tenant } as Activity['conversation'],
    channelData: { tenant: { id: tenant } },
  };
}

describe('access gate: activities without the usual fields', () => {
  it('finds no tenant id in an activity without conversation or channelData, or with channelData but no tenant', () => {
    assert.deepEqual(tenantIdsOf({ type: 'message' }), []);
    assert.deepEqual(tenantIdsOf({ type: 'message', channelData: {} }), []);
    assert.deepEqual(tenantIdsOf({ type: 'message', channelData: { tenant: {} } }), []);
    assert.deepEqual(tenantIdsOf({ type: 'message', conversation: {} as Activity['conversation'] }), []);
  });

  it('ignores blank tenant ids and trims the others, so whitespace cannot name a tenant of its own', () => {
    const blank = {
      conversation: { tenantId: '   ' } as Activity['conversation'],
      channelData: { tenant: { id: '' } },
    };
    assert.deepEqual(tenantIdsOf(blank), []);
    assert.equal(isTenantAllowed(tenantIdsOf(blank), [OURS]), false, 'blank ids are no tenant while a list applies');
    const padded = {
      conversation: { tenantId: ` ${OURS.toUpperCase()}\t` } as Activity['conversation'],
      channelData: { tenant: { id: OURS } },
    };
    assert.deepEqual(tenantIdsOf(padded), [OURS]);
  });

  it('keys an empty from.id as no id, and an empty Entra object id as none (falling back to from.id)', () => {
    assert.equal(userKeyOf({ channelId: 'msteams', from: { id: '', name: 'x' } }, true), 'msteams:no-id');
    assert.equal(userKeyOf({ channelId: 'emulator', from: { id: '', name: 'x' } }, false), 'anonymous:emulator:no-id');
    assert.equal(
      userKeyOf({ channelId: 'msteams', from: { id: '29:u', name: 'x', aadObjectId: '' } }, true),
      'msteams:id:29:u',
    );
  });

  it('keys an activity without a channel by an empty channel, not by something made up', () => {
    assert.equal(userKeyOf({ from: { id: '29:u', name: 'x' } }, true), ':id:29:u');
    assert.equal(userKeyOf({}, false), 'anonymous::no-id');
  });

  it('cuts every id in the key to 128 characters, so a sender cannot make the limiter keep megabytes', () => {
    const long = (c: string) => c.repeat(10_000);
    assert.equal(
      userKeyOf({ channelId: long('c'), from: { id: long('i'), name: 'x' } }, true),
      `${'c'.repeat(CAP)}:id:${'i'.repeat(CAP)}`,
    );
    assert.equal(
      userKeyOf({ channelId: 'msteams', from: { id: 'i', name: 'x', aadObjectId: long('A') } }, true),
      `msteams:aad:${'a'.repeat(CAP)}`,
    );
    assert.equal(
      userKeyOf({ channelId: 'emulator', from: { id: long('i'), name: 'x' } }, false),
      `anonymous:emulator:${'i'.repeat(CAP)}`,
    );
  });

  it('lets an activity with no from, conversation or channel through when no list applies, and limits it', async () => {
    const { run } = gate({ perMinute: 1 });
    assert.deepEqual(await run({ type: 'message', text: 'help' }), { passed: true, replies: [] });
    const second = await run({ type: 'message', text: 'help' });
    assert.equal(second.passed, false, 'senders without ids share one bucket');
    assert.match(second.replies[0] ?? '', /slow down/);
  });

  it('refuses an activity without from or conversation under a list and logs it, without crashing', async () => {
    const { run, refusals } = gate({ allowedTenantIds: [OURS] });
    const result = await run({ type: 'message', text: 'help' });
    assert.equal(result.passed, false);
    assert.match(result.replies[0] ?? '', /isn't available to your organization/);
    const [line] = refusals();
    assert.deepEqual([line?.tenantIds, line?.user, line?.channelId], [[], undefined, undefined]);
  });

  it('writes the activity type, channel and user of a refusal cut to 128 characters', async () => {
    const { run, refusals } = gate({ allowedTenantIds: [OURS] });
    await run({
      ...teamsMessage(THEIRS, 'A'.repeat(5000)),
      type: 'x'.repeat(5000),
      channelId: 'c'.repeat(5000),
    });
    const [line] = refusals();
    assert.deepEqual(
      [line?.activityType, line?.channelId, line?.user],
      ['x'.repeat(CAP), 'c'.repeat(CAP), 'A'.repeat(CAP)],
    );
  });
});

describe('access gate: the rate limit and other activity types', () => {
  it('counts only messages: conversation updates and invokes pass and use up nothing', async () => {
    const { run } = gate({ allowedTenantIds: [OURS], perMinute: 1 });
    const base = teamsMessage(OURS, 'alice');
    for (const type of ['conversationUpdate', 'invoke', 'messageReaction', 'installationUpdate']) {
      for (let i = 0; i < 3; i++) assert.equal((await run({ ...base, type })).passed, true, type);
    }
    assert.deepEqual(await run(base), { passed: true, replies: [] }, 'the one message a minute is still there');
    assert.equal((await run(base)).passed, false);
    assert.equal((await run({ ...base, type: 'invoke' })).passed, true, 'a card action over the message limit');
  });

  it('UserRateLimiter refuses a limit that is not above 0 (0 means "no limiter" to the gate)', () => {
    for (const perMinute of [0, -1, Number.NaN])
      assert.throws(() => new UserRateLimiter(perMinute), { name: 'RangeError', message: 'perMinute must be above 0' });
    assert.doesNotThrow(() => new UserRateLimiter(0.5), 'one message every two minutes is a limit');
  });

  it('logs the rate-limited refusal as accessRefused, saying why', async () => {
    const { run, refusals } = gate({ perMinute: 1 });
    await run(teamsMessage(OURS, 'alice'));
    await run(teamsMessage(OURS, 'alice'));
    const [line] = refusals();
    assert.equal(line?.reason, 'rateLimited');
    assert.equal(line?.userKey, 'msteams:aad:alice');
    assert.equal(line?.retryAfterSeconds, 60);
    assert.match(line?.msg ?? '', /refused: the user is over the rate limit/);
  });
});

describe('access gate: another tenant over the rate limit', () => {
  const fields = (line: Line) => ({
    replied: line.replied,
    rateLimited: line.rateLimited,
    droppedSinceLastNotice: line.droppedSinceLastNotice,
  });

  it(
    'answers while within the limit, then one silent line, then nothing; the next line (a minute on) ' +
      'counts the drops',
    async () => {
      const { run, refusals, advance } = gate({ allowedTenantIds: [OURS], perMinute: 1 });
      const mallory = teamsMessage(THEIRS, 'mallory');
      const results = [await run(mallory), await run(mallory), await run(mallory)];
      advance(59_000);
      results.push(await run(mallory)); // still less than a token back, and within the notice minute
      advance(1_000);
      results.push(await run(mallory), await run(mallory));

      assert.ok(results.every((r) => !r.passed));
      assert.deepEqual(
        results.map((r) => r.replies.length),
        [1, 0, 0, 0, 1, 0],
      );
      assert.match(results[0]?.replies[0] ?? '', /isn't available to your organization/);
      const lines = refusals();
      assert.deepEqual(lines.map(fields), [
        { replied: true, rateLimited: undefined, droppedSinceLastNotice: undefined },
        { replied: false, rateLimited: true, droppedSinceLastNotice: 0 },
        { replied: true, rateLimited: undefined, droppedSinceLastNotice: undefined },
        { replied: false, rateLimited: true, droppedSinceLastNotice: 2 },
      ]);
      for (const line of lines) {
        assert.equal(line.reason, 'tenantNotAllowed');
        assert.match(line.msg, /refused: the tenant may not use the bot/);
      }
    },
  );

  it('says how many were dropped when it forgets a user, in one rateLimitDropped line', async () => {
    const { run, lines, advance } = gate({ perMinute: 1 });
    const alice = teamsMessage(OURS, 'alice');
    for (let i = 0; i < 5; i++) await run(alice); // 1 answered, 1 told to slow down, 3 dropped
    advance(61_000);
    await run(teamsMessage(OURS, 'bob'));
    const dropped = lines.filter((l) => l.event === 'rateLimitDropped');
    assert.equal(dropped.length, 1);
    assert.equal(dropped[0]?.userKey, 'msteams:aad:alice');
    assert.equal(dropped[0]?.dropped, 3);
    assert.equal(dropped[0]?.level, 'warn');
    assert.match(dropped[0]?.msg ?? '', /dropped without a reply/);
  });
});
