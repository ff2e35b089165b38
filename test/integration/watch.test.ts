import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { postActivity, teamsMessage } from '../helpers/activities';
import { Azurite } from '../helpers/azurite';
import { APP_MODE_ACCESS_TOKEN as ACCESS_TOKEN, AppModeStandIns } from '../helpers/appModeStandIns';
import { type BotConnectorStandIn, cardOf, cardText, type CapturedReply } from '../helpers/botConnector';
import { BotProcess, killAllBots } from '../helpers/botProcess';
import { FakePartnerCenter, type FakeReply, type RecordedRequest } from '../helpers/fakePartnerCenter';
import { waitFor } from '../helpers/waitFor';

/**
 * Watching, end to end: real bot processes in app mode (Entra stand-in for the bot's own Partner
 * Center token), a Partner Center stand-in whose answer for each customer the test changes between
 * rounds, and the Bot Connector stand-in where the proactive notices arrive. WATCH_POLL_SECONDS=1.
 * Each scenario prints what it measured: rounds (checks logged), Partner Center calls, notices.
 */

const START_TIMEOUT_MS = 60000;

const IN_REVIEW = [{ qualification: 'Education', vettingStatus: 'InReview', vettingCreateDate: '2026-04-01' }];
const APPROVED = [{ qualification: 'Education', vettingStatus: 'Approved', vettingCreateDate: '2026-04-01' }];
const IN_REVIEW_AND_SOE = [...IN_REVIEW, { qualification: 'StateOwnedEntity' }];

/** What Partner Center answers for each customer right now: its qualifications, or an error status. */
class Script {
  readonly answers = new Map<string, unknown[] | number>();
  delayMs = 0;

  responder = (request: RecordedRequest): FakeReply => {
    if (request.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) return { status: 401, json: { code: 900421 } };
    const id = (/\/v1\/customers\/([0-9a-f-]{36})/i.exec(request.url)?.[1] ?? '').toLowerCase();
    if (!request.url.includes('/qualification')) {
      return { json: { id, companyProfile: { tenantId: id, companyName: `Customer ${id.slice(-4)}` } } };
    }
    const answer = this.answers.get(id) ?? IN_REVIEW;
    if (typeof answer === 'number')
      return { status: answer, delayMs: this.delayMs, json: { code: 500, description: 'down' } };
    return { json: answer, delayMs: this.delayMs };
  };
}

/** A card's text on one line: the runs of a line (the catalog's words, each outside value) come apart in cardText. */
function textOf(reply: CapturedReply | undefined): string {
  return cardText(reply === undefined ? undefined : cardOf(reply)).replace(/\s+/g, ' ');
}

/** The result card's watch button: its one top-level Action.Submit with a command. */
function watchButtonIn(card: unknown): { title: string; command: string } {
  const actions = (card as { actions?: Array<{ type?: string; title?: string; data?: { command?: unknown } }> })
    .actions;
  const found = (actions ?? []).find((a) => a.type === 'Action.Submit' && typeof a.data?.command === 'string');
  assert.ok(found, `a watch button on:\n${cardText(card)}`);
  return { title: String(found.title), command: String(found.data?.command) };
}

function watchButtonOf(reply: CapturedReply): { title: string; command: string } {
  return watchButtonIn(cardOf(reply));
}

function customer(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

describe('watching customers (real bot processes, Partner Center changing between rounds)', function () {
  this.timeout(240000);

  let standIns: AppModeStandIns;
  let connector: BotConnectorStandIn;
  const fakes: FakePartnerCenter[] = [];
  const azurites: Azurite[] = [];

  before(async () => {
    standIns = await AppModeStandIns.start();
    ({ connector } = standIns);
  });

  after(async () => {
    await killAllBots();
    await Promise.all([...fakes.map((f) => f.close()), ...azurites.map((a) => a.stop())]);
    await standIns?.close();
  });

  async function partnerCenter(script: Script): Promise<FakePartnerCenter> {
    const fake = await FakePartnerCenter.start();
    fakes.push(fake);
    return fake.replyAlways(script.responder);
  }

  function env(fake: FakePartnerCenter, extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...standIns.botEnv(fake),
      WATCH_POLL_SECONDS: '1',
      WATCH_CALLS_PER_MINUTE: '500',
      // Errors are retried by the policy within a short deadline, so a failing round stays within a round.
      PARTNER_CENTER_DEADLINE_MS: '800',
      PARTNER_CENTER_TIMEOUT_MS: '600',
      ...extra,
    };
  }

  function startBot(environment: Record<string, string>): Promise<BotProcess> {
    return BotProcess.start({ env: environment, startTimeoutMs: START_TIMEOUT_MS });
  }

  function conversation(): string {
    return `a:${randomUUID()}`;
  }

  async function say(bot: BotProcess, conv: string, text: string, locale = 'en-US'): Promise<CapturedReply> {
    const activity = teamsMessage(text, { serviceUrl: connector.url, conversationId: conv, locale });
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity),
    });
    await response.text();
    assert.equal(response.status, 200);
    return connector.waitForReplyTo(activity.id as string);
  }

  /** A click on a card's command button: its data `{ command }` as the value, no text. */
  async function click(bot: BotProcess, conv: string, command: string): Promise<CapturedReply> {
    const { text: _text, ...activity } = teamsMessage('', { serviceUrl: connector.url, conversationId: conv });
    const { status } = await postActivity(bot.url, { ...activity, value: { command } });
    assert.equal(status, 200);
    return connector.waitForReplyTo(activity.id as string);
  }

  function postsIn(conv: string): CapturedReply[] {
    return connector.replies.filter((r) => r.path.includes(`/v3/conversations/${encodeURIComponent(conv)}/`));
  }

  /** The watcher's notices in the conversation: posts that answer no message of the test. */
  function noticesIn(conv: string, asked: readonly CapturedReply[]): CapturedReply[] {
    return postsIn(conv).filter((r) => !asked.includes(r));
  }

  function checks(bots: readonly BotProcess[], customerId: string, outcome?: (o: unknown) => boolean): number {
    return bots
      .flatMap((bot) => bot.logRecords())
      .filter((r) => r.event === 'watchCheck' && r.customerId === customerId && (outcome?.(r.outcome) ?? true)).length;
  }

  function qualificationCalls(fake: FakePartnerCenter, customerId: string): number {
    return fake.requests.filter((r) => r.url.startsWith(`/v1/customers/${customerId}/qualification`)).length;
  }

  /** Waits until `n` more checks of the customer were logged (by any of the bots). */
  async function rounds(bots: readonly BotProcess[], customerId: string, n: number): Promise<void> {
    const target = checks(bots, customerId) + n;
    await waitFor(() => checks(bots, customerId) >= target, { timeoutMs: 20000, what: `${n} rounds of ${customerId}` });
  }

  function measured(scenario: string, counts: { rounds: number; calls: number; notices: number }): void {
    console.log(
      `      measured (${scenario}): ${counts.rounds} rounds, ${counts.calls} Partner Center calls, ` +
        `${counts.notices} notifications`,
    );
  }

  it(
    'one instance: no change posts nothing; an error then the same state posts nothing; a ' +
      'qualification added posts one card; In review → Approved posts one card and ends the watch',
    async () => {
      const script = new Script();
      const fake = await partnerCenter(script);
      const bot = await startBot(env(fake));
      const A = customer(1);
      const conv = conversation();

      const answer = await say(bot, conv, `watch ${A}`);
      const text = textOf(answer);
      assert.match(text, /Watching/);
      assert.match(text, /Customer 0001 ?: Education \(In review\)/);
      assert.match(text, /memory only \(STATE_STORAGE=memory\)/, 'memory mode says watches die with the process');
      const asked = [answer];

      await rounds([bot], A, 3);
      assert.equal(noticesIn(conv, asked).length, 0, 'no change: nothing posted');

      script.answers.set(A, 503);
      await rounds([bot], A, 2);
      script.answers.set(A, IN_REVIEW);
      await rounds([bot], A, 2);
      assert.equal(noticesIn(conv, asked).length, 0, 'an error, then the same state: nothing posted');

      script.answers.set(A, IN_REVIEW_AND_SOE);
      await waitFor(() => noticesIn(conv, asked).length >= 1, {
        timeoutMs: 15000,
        what: 'the notice of the added qualification',
      });
      await rounds([bot], A, 2);
      const [added] = noticesIn(conv, asked);
      assert.equal(noticesIn(conv, asked).length, 1, 'one card for the added qualification');
      assert.match(textOf(added), /State-owned entity ?: added/);
      assert.match(textOf(added), /Still watching/);

      script.answers.set(A, [...APPROVED, { qualification: 'StateOwnedEntity' }]);
      await waitFor(() => noticesIn(conv, asked).length >= 2, { timeoutMs: 15000, what: 'the Approved notice' });
      const approved = noticesIn(conv, asked)[1];
      const approvedText = textOf(approved);
      assert.match(approvedText, /Education ?: In review, 2026-04-01 → Approved, 2026-04-01/);
      assert.match(approvedText, /this watch has ended/);
      assert.ok(cardOf(approved)?.actions, 'buttons');
      const callsAtEnd = qualificationCalls(fake, A);
      const checksAtEnd = checks([bot], A);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal(qualificationCalls(fake, A), callsAtEnd, 'the ended watch is not checked again');
      assert.equal(noticesIn(conv, asked).length, 2);
      const list = await say(bot, conv, 'watching');
      assert.match(textOf(list), /Nothing is watched here/);
      measured('one instance, no change / error / added / Approved', {
        rounds: checksAtEnd,
        calls: callsAtEnd,
        notices: noticesIn(conv, [...asked, list]).length,
      });
    },
  );

  it(
    'limits per conversation and in all, answered clearly; expiry posts a last message; unwatch and ' +
      'the list, in Chinese too',
    async () => {
      const script = new Script();
      const fake = await partnerCenter(script);
      const bot = await startBot(
        env(fake, { WATCH_MAX_PER_CONVERSATION: '1', WATCH_MAX_TOTAL: '2', WATCH_EXPIRY_DAYS: '0.00004' }),
      );
      const [one, two, three] = [conversation(), conversation(), conversation()];
      const asked: CapturedReply[] = [];
      asked.push(await say(bot, one, `watch ${customer(11)}`));
      const overConversation = await say(bot, one, `watch ${customer(12)}`);
      asked.push(overConversation);
      assert.match(textOf(overConversation), /watches as many customers as it may \(1\)/);
      asked.push(await say(bot, two, `追蹤 ${customer(12)}`, 'zh-TW'));
      assert.match(textOf(asked[2]), /追蹤中/);
      const overAll = await say(bot, three, `watch ${customer(13)}`);
      asked.push(overAll);
      assert.match(textOf(overAll), /as many customers as it may in all \(2\)/);

      const listed = await say(bot, one, 'watching');
      asked.push(listed);
      assert.match(textOf(listed), /Customer 0011 ?: Education \(In review\)/);

      // 0.00004 days is about 3.5 s: both watches end with a last message.
      await waitFor(() => noticesIn(one, asked).length + noticesIn(two, asked).length >= 2, {
        timeoutMs: 20000,
        what: 'the two expiry messages',
      });
      assert.match(
        String(noticesIn(one, asked)[0]?.activity.text),
        /The watch of Customer 0011 ended: watches last 1 minute/,
      );
      assert.match(String(noticesIn(two, asked)[0]?.activity.text), /Customer 0012 的追蹤已結束/);
      const emptied = await say(bot, one, 'watching');
      assert.match(textOf(emptied), /Nothing is watched here/);
      // A new watch after expiry, then unwatch: the slot is free again.
      asked.push(emptied, await say(bot, one, `watch ${customer(14)}`));
      const stopped = await say(bot, one, `unwatch ${customer(14)}`);
      asked.push(stopped);
      assert.match(String(stopped.activity.text), /Stopped watching Customer 0014/);
      measured('limits and expiry', {
        rounds: checks([bot], customer(11)) + checks([bot], customer(12)),
        calls: qualificationCalls(fake, customer(11)) + qualificationCalls(fake, customer(12)),
        notices: noticesIn(one, asked).length + noticesIn(two, asked).length,
      });
    },
  );

  it(
    'two instances on one Azurite: exactly one check per round and one card per change, also when ' +
      'one is killed mid-round; a restart keeps the watches',
    async () => {
      const script = new Script();
      // Each instance its own Partner Center stand-in (the same answers): the test sees which one is mid-call.
      const fakeOf = [await partnerCenter(script), await partnerCenter(script)];
      const azurite = await Azurite.start({ onDisk: true });
      azurites.push(azurite);
      const storage = {
        STATE_STORAGE: 'blob',
        STATE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        STATE_STORAGE_CONTAINER: 'watch-test',
      };
      const bots: BotProcess[] = [];
      for (const fake of fakeOf) bots.push(await startBot(env(fake, storage)));
      const conv = conversation();
      const watched = [customer(21), customer(22), customer(23)];
      const asked = [await say(bots[0], conv, `watch ${watched.join(' ')}`)];
      assert.doesNotMatch(textOf(asked[0]), /memory only/);
      const calls = (id: string) => fakeOf.reduce((sum, fake) => sum + qualificationCalls(fake, id), 0);
      const cardsFor = (id: string) =>
        noticesIn(conv, asked).filter((r) => textOf(r).includes(`Customer ${id.slice(-4)}`)).length;

      // A few rounds: each watch checked once per round in all, whichever instance claims it.
      await rounds(bots, watched[0], 4);
      for (const id of watched) {
        // The `watch` command's own lookup, then one call per check. A check that failed may have made
        // none (on a busy machine its deadline can pass while the token is fetched), never two.
        const checked = checks(bots, id, (outcome) => outcome !== 'failed');
        assert.ok(
          calls(id) - 1 >= checked && calls(id) - 1 <= checks(bots, id),
          `${id}: one Partner Center call per check (${calls(id) - 1} calls, ${checked} checks answered, ` +
            `${checks(bots, id)} in all)`,
        );
      }
      assert.ok(
        bots.every((bot) => bot.logRecords().some((r) => r.event === 'watchCheck')),
        'both instances take part',
      );

      // Changes, one customer after the other: one card each.
      script.answers.set(watched[0], IN_REVIEW_AND_SOE);
      await waitFor(() => cardsFor(watched[0]) >= 1, { timeoutMs: 15000, what: 'the first change' });
      script.answers.set(watched[1], IN_REVIEW_AND_SOE);
      await waitFor(() => cardsFor(watched[1]) >= 1, { timeoutMs: 15000, what: 'the second change' });
      await rounds(bots, watched[1], 3);
      assert.equal(cardsFor(watched[0]), 1);
      assert.equal(cardsFor(watched[1]), 1);

      // Killed mid-round: Partner Center slow, the third customer changes; the instance with its call in flight dies.
      script.delayMs = 400;
      script.answers.set(watched[2], APPROVED);
      const pending = (fake: FakePartnerCenter) =>
        fake.requests.some(
          (r) => r.outcome === 'pending' && r.url.startsWith(`/v1/customers/${watched[2]}/qualification`),
        );
      const { victim } = await waitFor(
        () => {
          const index = [0, 1].find((i) => pending(fakeOf[i]));
          return index === undefined ? undefined : { victim: index };
        },
        { timeoutMs: 15000, what: 'a check of the changed customer in flight' },
      );
      bots[victim].kill();
      await bots[victim].exited;
      const survivor = bots[1 - victim];
      await waitFor(() => cardsFor(watched[2]) >= 1, { timeoutMs: 20000, what: 'the change after the kill' });
      script.delayMs = 0;
      await rounds([survivor], watched[0], 3);
      assert.equal(cardsFor(watched[2]), 1, 'one card for the change, though the instance died mid-check');
      assert.match(
        textOf(noticesIn(conv, asked).find((r) => textOf(r).includes('Customer 0023'))),
        /this watch has ended/,
      );

      // Restart: every instance stops, a new one starts on the same Azurite: the watches are there.
      await survivor.stop();
      const restarted = await startBot(env(fakeOf[0], storage));
      const list = await say(restarted, conv, 'watching');
      asked.push(list);
      const listText = textOf(list);
      assert.match(listText, /Customer 0021 ?: Education \(In review\), State-owned entity/);
      assert.match(listText, /Customer 0022/);
      assert.doesNotMatch(listText, /Customer 0023/, 'the Approved watch ended');
      script.answers.set(watched[0], APPROVED);
      await waitFor(() => cardsFor(watched[0]) >= 2, { timeoutMs: 15000, what: 'a change seen after the restart' });
      const total = watched.reduce((sum, id) => sum + calls(id), 0);
      const allChecks = watched.reduce((sum, id) => sum + checks([...bots, restarted], id), 0);
      measured('two instances, one killed mid-round, then a restart', {
        rounds: allChecks,
        calls: total,
        notices: noticesIn(conv, asked).length,
      });
      assert.equal(noticesIn(conv, asked).length, 4, 'four changes, four cards');
    },
  );
  it(
    "the result card's button: Watch, then Stop watching on a new lookup, on Refresh and on the other " +
      'instance (shared store); Watch again after Stop watching',
    async () => {
      const script = new Script();
      const fake = await partnerCenter(script);
      const azurite = await Azurite.start();
      azurites.push(azurite);
      const storage = {
        STATE_STORAGE: 'blob',
        STATE_STORAGE_CONNECTION_STRING: azurite.connectionString,
        STATE_STORAGE_CONTAINER: 'watch-button-test',
      };
      const bots = [await startBot(env(fake, storage)), await startBot(env(fake, storage))];
      const A = customer(41);
      const conv = conversation();
      const other = conversation();

      const first = watchButtonOf(await say(bots[0], conv, `qualification for ${A}`));
      assert.deepEqual(first, { title: 'Watch', command: `watch ${A}` });
      // The click: the button's data as the message's value, no text (as Teams sends an Action.Submit).
      const set = await click(bots[0], conv, first.command);
      assert.match(textOf(set), /Watching/);

      const again = watchButtonOf(await say(bots[0], conv, `qualification for ${A}`));
      assert.deepEqual(again, { title: 'Stop watching', command: `unwatch ${A}` });
      assert.equal(watchButtonOf(await say(bots[1], conv, `qualification for ${A}`)).title, 'Stop watching');
      assert.equal(watchButtonOf(await say(bots[1], other, `qualification for ${A}`)).title, 'Watch');
      const zh = watchButtonOf(await say(bots[1], conv, `資格 ${A}`, 'zh-TW'));
      assert.deepEqual(zh, { title: '取消追蹤', command: `取消追蹤 ${A}` });

      // Refresh (Universal Actions): the new card comes in the invoke's answer.
      const refresh = teamsMessage('', { serviceUrl: connector.url, conversationId: conv });
      const { status, text } = await postActivity(bots[1].url, {
        ...refresh,
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb: 'refreshQualification', data: { customerId: A } } },
      });
      assert.equal(status, 200);
      const refreshed = (JSON.parse(text) as { value: { actions?: unknown } }).value;
      assert.equal(watchButtonIn(refreshed).title, 'Stop watching');

      const stopped = await click(bots[1], conv, again.command);
      assert.match(String(stopped.activity.text), /Stopped watching Customer 0041/);
      assert.deepEqual(watchButtonOf(await say(bots[0], conv, `qualification for ${A}`)), first);
    },
  );

  it('Teams answering 403 (bot removed) or 404 (chat gone) drops its watches; others go on', async () => {
    const script = new Script();
    const fake = await partnerCenter(script);
    const bot = await startBot(env(fake));
    const [removed, gone, kept] = [conversation(), conversation(), conversation()];
    const [A, B, C] = [customer(31), customer(32), customer(33)];
    await say(bot, removed, `watch ${A}`);
    await say(bot, gone, `watch ${B}`);
    await say(bot, kept, `watch ${C}`);
    connector.refuse(removed, 403);
    connector.refuse(gone, 404);
    // A change for each: the notice is the first post the watcher makes to each conversation.
    for (const id of [A, B, C]) script.answers.set(id, IN_REVIEW_AND_SOE);
    const goneLines = () => bot.logRecords().filter((r) => r.event === 'watchConversationGone');
    await waitFor(() => goneLines().length >= 2, { timeoutMs: 20000, what: 'both conversations dropped' });
    await waitFor(() => noticesIn(kept, []).length >= 2, { timeoutMs: 15000, what: 'the kept conversation’s notice' });
    const checksOf = (id: string) => checks([bot], id);
    // The dropping round's own check line is written just after the drop's: let it arrive first.
    await rounds([bot], C, 2);
    const before = { A: checksOf(A), B: checksOf(B), C: checksOf(C) };
    await rounds([bot], C, 3);
    assert.equal(checksOf(A), before.A, 'the 403 conversation’s watch is no longer checked');
    assert.equal(checksOf(B), before.B, 'the 404 conversation’s watch is no longer checked');
    assert.deepEqual(
      goneLines().map((r) => r.dropped),
      [1, 1],
      'one watch dropped for each conversation, logged',
    );
    assert.equal(connector.refused.length, 2, 'one refused post each, not retried');
    measured('Teams 403 and 404', {
      rounds: checksOf(A) + checksOf(B) + checksOf(C),
      calls: qualificationCalls(fake, A) + qualificationCalls(fake, B) + qualificationCalls(fake, C),
      notices: noticesIn(kept, []).length - 1,
    });
  });
});
