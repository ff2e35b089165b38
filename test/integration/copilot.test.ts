import assert from 'node:assert/strict';
import sinon from 'sinon';
import { startApp, type RunningApp } from '../../src';
import { loadConfig } from '../../src/config';
import { postActivity, teamsMessage, type ActivityOptions } from '../helpers/activities';
import { BotConnectorStandIn, cardOf, cardText, streamInfoOf, type CapturedReply } from '../helpers/botConnector';
import { FakePartnerCenter, appModeEnv } from '../helpers/fakePartnerCenter';
import { fixtureJson } from '../helpers/fakePartnerCenterFixtures';
import { captureLogs } from '../helpers/logCapture';

/**
 * Microsoft 365 Copilot chat and Teams 1:1 chats, through the real server (restify, CloudAdapter,
 * the bot, the Partner Center client) in app mode: Partner Center is a fake on 127.0.0.1 that
 * answers each customer after its own delay, the replies go to the Bot Connector stand-in, which
 * answers a stream's first informative update 201 with the stream's id, as Teams does.
 *
 * Activities from Copilot carry the `{ type: "ProductInfo", id: "COPILOT" }` entity. Time is
 * sinon's fake clock, moved on in small steps with real I/O between them, so the pace of the
 * stream (at most one message a second) is measured in the bot's own time, without waiting.
 */

const TOKEN = 'copilot-test-token';
const ids = Array.from({ length: 5 }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
const [A, B, C, D, E] = ids as [string, string, string, string, string];
/** When the fake Partner Center answers each customer: three answers within 200 ms, one much later. */
const DELAY_MS: Readonly<Record<string, number>> = { [A]: 0, [B]: 1500, [C]: 1600, [D]: 1700, [E]: 4000 };
const STEP_MS = 50;

/** Captured before any test fakes the timers: real time, for real I/O to happen between clock steps. */
const realSetTimeout = globalThis.setTimeout;
const realWait = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

describe('Copilot and Teams 1:1 chats: streamed progress, no update in place (real server)', function () {
  this.timeout(60000);

  let pc: FakePartnerCenter;
  let connector: BotConnectorStandIn;
  let app: RunningApp;
  let clock: sinon.SinonFakeTimers | undefined;
  const { logger } = captureLogs();

  before(async () => {
    pc = (await FakePartnerCenter.start()).answerProfiles();
    pc.replyAlways((request) => {
      const id = ids.find((candidate) => request.url.includes(candidate));
      return { json: fixtureJson('qualifications-get-approved.json'), delayMs: id ? DELAY_MS[id] : 0 };
    });
    connector = new BotConnectorStandIn();
    await connector.start();
    app = await startApp(loadConfig(appModeEnv(pc.url)), logger, { tokenProvider: { getToken: async () => TOKEN } });
  });

  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });

  after(async () => {
    await app?.stop(1000);
    await pc?.close();
    await connector?.close();
  });

  /** Replies to one activity, in the order they arrived. */
  function repliesTo(activity: Record<string, unknown>): CapturedReply[] {
    return connector.replies.filter((reply) => reply.activity.replyToId === activity.id);
  }

  /**
   * Posts `text` with the clock faked, and moves the clock on (a step at a time, real I/O between
   * steps) until the turn has answered the HTTP request; resolves with the replies to it.
   */
  async function askWithFakeClock(text: string, options: Omit<ActivityOptions, 'serviceUrl'>) {
    clock = sinon.useFakeTimers({
      now: Date.now(),
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'],
    });
    const activity = teamsMessage(text, { ...options, serviceUrl: connector.url });
    let answered = false;
    const posted = postActivity(app.host.url, activity).finally(() => (answered = true));
    for (let passed = 0; !answered && passed < 20_000; passed += STEP_MS) {
      await clock.tickAsync(STEP_MS);
      await realWait(5);
    }
    clock.restore();
    clock = undefined;
    assert.equal((await posted).status, 200);
    return repliesTo(activity);
  }

  /** The stream messages among the replies, checked against Teams' protocol; the final message. */
  function assertStreamed(replies: readonly CapturedReply[]): { informative: CapturedReply[]; final: CapturedReply } {
    assert.ok(replies.length >= 3, `a stream of at least two updates and the final: ${describe(replies)}`);
    const informative = replies.slice(0, -1);
    const final = replies[replies.length - 1];
    // The first update starts the stream: answered 201 with its id, which every later message names.
    assert.equal(informative[0]?.answer?.status, 201);
    const streamId = informative[0]?.answer?.id;
    assert.match(String(streamId), /^stream-\d+$/);
    informative.forEach((reply, index) => {
      const info = streamInfoOf(reply);
      assert.equal(reply.activity.type, 'typing', describe([reply]));
      assert.equal(info?.streamType, 'informative');
      assert.equal(info?.streamSequence, index + 1, `sequences strictly increasing from 1: ${describe(replies)}`);
      assert.equal(info?.streamId, index === 0 ? undefined : streamId);
      assert.match(String(reply.activity.text), /^Looking up qualifications… \d of 5 done$/);
      assert.equal(reply.activity.attachments, undefined, 'no card on an informative update');
      // Teams also reads the fields from channelData.
      const { type: _entityType, ...fields } = info ?? {};
      assert.deepEqual(reply.activity.channelData, fields);
    });
    assert.equal(final.activity.type, 'message');
    assert.deepEqual(streamInfoOf(final), { type: 'streaminfo', streamType: 'final', streamId });
    assert.deepEqual(final.activity.channelData, { streamType: 'final', streamId });
    assert.match(cardText(cardOf(final)), /Partner Center qualifications\n5 customers/);
    // At most one stream message a second (in the bot's time, which the fake clock is).
    for (let i = 1; i < replies.length; i++) {
      const gap = replies[i].receivedAt - replies[i - 1].receivedAt;
      assert.ok(gap >= 1000, `message ${i + 1} came ${gap} ms after the one before: ${describe(replies)}`);
    }
    assert.ok(
      replies.every((reply) => reply.method === 'POST'),
      'nothing updated in place (no PUT)',
    );
    return { informative, final };
  }

  function describe(replies: readonly CapturedReply[]): string {
    return replies
      .map((r) => `${r.method} ${String(r.activity.type)} ${JSON.stringify(streamInfoOf(r) ?? {})} @${r.receivedAt}`)
      .join('; ');
  }

  const several = `qualification for ${ids.join(' ')}`;

  it('Copilot: several customers stream their progress (informative updates, then the card)', async () => {
    const replies = await askWithFakeClock(several, { copilot: true });
    const { informative } = assertStreamed(replies);
    console.log(`      measured (fake clock): ${describe(replies)}`);
    // The texts say how far it got, and never go back.
    const done = informative.map((r) => Number(/(\d) of 5/.exec(String(r.activity.text))?.[1]));
    assert.deepEqual(
      done,
      [...done].sort((a, b) => a - b),
    );
  });

  it('a Teams 1:1 chat (no Copilot entity): the same stream', async () => {
    assertStreamed(await askWithFakeClock(several, { conversationType: 'personal' }));
  });

  it('a Teams group chat keeps the progress card updated in place (no stream)', async () => {
    const replies = await askWithFakeClock(several, { conversationType: 'groupChat', mention: true });
    assert.ok(
      replies.every((reply) => streamInfoOf(reply) === undefined && reply.activity.channelData === undefined),
      describe(replies),
    );
    const [typing, card, ...updates] = replies;
    assert.equal(typing?.activity.type, 'typing');
    assert.match(cardText(cardOf(card)), /Looking up qualifications…/);
    assert.ok(updates.length >= 1 && updates.every((update) => update.method === 'PUT'), describe(replies));
    assert.match(cardText(cardOf(updates[updates.length - 1])), /Partner Center qualifications\n5 customers/);
  });

  it('a quick answer in Copilot is the card alone: no stream is started', async () => {
    const replies = await askWithFakeClock(`qualification for ${A}, 00000000-0000-4000-8000-000000000099`, {
      copilot: true,
    });
    assert.equal(replies.length, 1, describe(replies));
    assert.equal(streamInfoOf(replies[0]), undefined);
    assert.match(cardText(cardOf(replies[0])), /2 customers/);
  });

  it("Copilot: the result card's Refresh (Action.Submit) answers with a new card, not in place", async () => {
    for (const copilot of [true, false]) {
      const base = teamsMessage('', { serviceUrl: connector.url, conversationType: 'personal', copilot });
      const refresh = { ...base, replyToId: 'card-1', value: { verb: 'refreshQualification', customerId: A } };
      assert.equal((await postActivity(app.host.url, refresh)).status, 200);
      const reply = await connector.waitForReplyTo(String(base.id));
      // In Teams the card is updated in place (PUT to the card's activity); in Copilot it comes as a new message.
      assert.equal(reply.method, copilot ? 'POST' : 'PUT', `copilot: ${copilot}`);
      assert.match(cardText(cardOf(reply)), /Education/);
    }
  });

  for (const [locale, command, expected] of [
    [
      'en-US',
      `watch ${A}`,
      /^Watching works in Teams chats and channels, not in Microsoft 365 Copilot.*send watch 4f1c/,
    ],
    ['zh-TW', `追蹤 ${A}`, /^追蹤功能可在 Teams 聊天和頻道中使用，無法在 Microsoft 365 Copilot 中使用.*傳送 追蹤 4f1c/],
  ] as const) {
    it(`Copilot (${locale}): watching answers where it works and how to get there; nothing is watched`, async () => {
      for (const text of [command, 'watching']) {
        const activity = teamsMessage(text, { serviceUrl: connector.url, copilot: true, locale });
        assert.equal((await postActivity(app.host.url, activity)).status, 200);
        const reply = await connector.waitForReplyTo(activity.id as string);
        assert.match(String(reply.activity.text), expected);
        assert.equal(reply.activity.attachments, undefined);
      }
    });
  }
});
