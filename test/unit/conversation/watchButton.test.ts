import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, type Activity, type ConversationAccount } from 'botbuilder';
import { REFRESH_QUALIFICATION_VERB } from '../../../src/cards/actions';
import { StateStoreError } from '../../../src/state/stateStoreError';
import { MemoryWatchStore } from '../../../src/watch/memoryWatchStore';
import { WatchList } from '../../../src/watch/watchList';
import { cardText } from '../../helpers/botConnector';
import { customerDomain, tenantId } from '../../helpers/ids';
import { captureLogs } from '../../helpers/logCapture';
import { searchResult, stubSource } from '../../helpers/stubSource';
import { testBot } from '../../helpers/testBot';

/**
 * The result card asks the watch list whether this conversation watches the customer: "Watch"
 * until it does, then "Stop watching" — on a new lookup, a domain's one match and a Refresh
 * (Universal Actions and the Action.Submit fallback) — and "Watch" again once stopped. Another
 * conversation has its own watches; a watch store that is down costs the button, not the answer.
 */

const A = tenantId('00000000-0000-4000-8000-000000000001');
const DOMAIN = 'contososchools.onmicrosoft.com';
const SETTINGS = { intervalMs: 900_000, expiryMs: 30 * 86_400_000, maxPerConversation: 20, maxTotal: 500 };

function setup(store = new MemoryWatchStore()) {
  const logs = captureLogs('warn');
  const source = stubSource({
    findCustomersByDomain: async (domain: string) =>
      searchResult(domain, [{ id: A, companyName: 'Contoso School District', domain: customerDomain(domain) }]),
  });
  const bot = testBot(source, { watch: new WatchList(store, SETTINGS), logger: logs.logger });
  const adapter = new TestAdapter((context) => bot.run(context), { channelId: 'msteams' });
  return { adapter, logs };
}

function cardOf(activity: Partial<Activity>): unknown {
  const attachment = activity.attachments?.[0];
  assert.equal(attachment?.contentType, 'application/vnd.microsoft.card.adaptive', 'a card');
  return attachment?.content;
}

/** The card's watch button: its one top-level Action.Submit with a command (`watch …` or `unwatch …`). */
function watchButton(card: unknown): { title: string; command: string } {
  const actions = (card as { actions?: Array<{ type?: string; title?: string; data?: { command?: unknown } }> })
    .actions;
  const found = (actions ?? []).find((a) => a.type === 'Action.Submit' && typeof a.data?.command === 'string');
  assert.ok(found, `a watch button on:\n${cardText(card)}`);
  return { title: String(found.title), command: String(found.data?.command) };
}

async function replyTo(adapter: TestAdapter, activity: Partial<Activity> | string): Promise<Partial<Activity>> {
  let reply: Partial<Activity> | undefined;
  await adapter.send(activity).assertReply((r) => {
    reply = r;
  });
  assert.ok(reply);
  return reply;
}

function groupChat(id: string): ConversationAccount {
  return { id, isGroup: true, conversationType: 'groupChat', name: '' };
}

/** A click on a command button: its data as `value`, no text. */
function click(command: string, conversation?: string): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    value: { command },
    ...(conversation !== undefined && { conversation: groupChat(conversation) }),
  };
}

function message(text: string, conversation?: string): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    text,
    ...(conversation !== undefined && { conversation: groupChat(conversation) }),
  };
}

describe('the result card offers Watch, or Stop watching when this conversation watches the customer', () => {
  it('Watch, then Stop watching on a new lookup, a domain match and Refresh; Watch again once stopped', async () => {
    const { adapter } = setup();
    const first = watchButton(cardOf(await replyTo(adapter, `qualification for ${A}`)));
    assert.deepEqual(first, { title: 'Watch', command: `watch ${A}` });

    const watched = await replyTo(adapter, click(first.command));
    assert.match(cardText(cardOf(watched)), /Watching/);

    const again = watchButton(cardOf(await replyTo(adapter, `qualification for ${A}`)));
    assert.deepEqual(again, { title: 'Stop watching', command: `unwatch ${A}` });
    assert.equal(watchButton(cardOf(await replyTo(adapter, `qualification for ${DOMAIN}`))).title, 'Stop watching');

    // Refresh, Universal Actions: the card in the invoke response.
    const invoked = await replyTo(adapter, {
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: REFRESH_QUALIFICATION_VERB, data: { customerId: A } } },
    });
    const body = (invoked.value as { body: { value: unknown } }).body;
    assert.equal(watchButton(body.value).title, 'Stop watching');
    // Refresh, the Action.Submit fallback (no card to update here: a new message).
    const submitted = await replyTo(adapter, {
      type: ActivityTypes.Message,
      value: { verb: REFRESH_QUALIFICATION_VERB, customerId: A },
    });
    assert.equal(watchButton(cardOf(submitted)).title, 'Stop watching');

    const stopped = await replyTo(adapter, click(again.command));
    assert.match(String(stopped.text), /Stopped watching Contoso Stub Ltd/);
    assert.deepEqual(watchButton(cardOf(await replyTo(adapter, `qualification for ${A}`))), first);
  });

  it('in Chinese too', async () => {
    const { adapter } = setup();
    await replyTo(adapter, { ...click(`watch ${A}`), locale: 'zh-TW' });
    const card = cardOf(await replyTo(adapter, { ...message(`資格 ${A}`), locale: 'zh-TW' }));
    assert.deepEqual(watchButton(card), { title: '取消追蹤', command: `取消追蹤 ${A}` });
  });

  it("another conversation's watch does not count", async () => {
    const { adapter } = setup();
    await replyTo(adapter, click(`watch ${A}`, 'group-chat-1'));
    assert.equal(watchButton(cardOf(await replyTo(adapter, `qualification for ${A}`))).title, 'Watch');
    const there = cardOf(await replyTo(adapter, message(`qualification for ${A}`, 'group-chat-1')));
    assert.equal(watchButton(there).title, 'Stop watching');
  });

  it('a watch store that is down: the answer still comes, with Watch, and the reason is logged', async () => {
    const store = new MemoryWatchStore();
    store.read = () => Promise.reject(new StateStoreError('read', 'ECONNREFUSED'));
    const { adapter, logs } = setup(store);
    const card = cardOf(await replyTo(adapter, `qualification for ${A}`));
    assert.match(cardText(card), /Education/);
    assert.equal(watchButton(card).title, 'Watch');
    const line = logs.records.find((r) => r.event === 'watchStateUnknown');
    assert.ok(line, 'logged');
    assert.match(JSON.stringify(line), /ECONNREFUSED/);
  });
});
