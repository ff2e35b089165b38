import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import sinon from 'sinon';
import type { QualificationSource } from '../../../src/partnerCenter/types';
import { testBot, type TestBotOptions } from '../../helpers/testBot';
import { REFRESH_QUALIFICATION_VERB } from '../../../src/cards/actions';
import { createLogger } from '../../../src/shared/logger';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import type { CallContext } from '../../../src/partnerCenter/types';
import { cardText } from '../../helpers/botConnector';
import { customerLookup, educationLookup, searchResult, stubSource, type StubSource } from '../../helpers/stubSource';
import { customerDomain, tenantId } from '../../helpers/ids';

const logger = createLogger('silent');
const ids = Array.from({ length: 25 }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
const [A, B, C, D] = ids as [string, string, string, string];

function setup(options: { source?: Partial<QualificationSource>; channelId?: string; bot?: TestBotOptions } = {}) {
  const source: StubSource = stubSource(options.source);
  const bot = testBot(source, { logger, ...options.bot });
  const adapter = new TestAdapter((context) => bot.run(context), { channelId: options.channelId ?? 'msteams' });
  const updates: Partial<Activity>[] = [];
  // A copy of each activity as it was sent (TestAdapter puts later updates in place of the original).
  const sent: Partial<Activity>[] = [];
  adapter.use(async (context, next) => {
    context.onSendActivities(async (_context, activities, nextSend) => {
      sent.push(...(JSON.parse(JSON.stringify(activities)) as Partial<Activity>[]));
      return nextSend();
    });
    await next();
  });
  const update = adapter.updateActivity.bind(adapter);
  sinon.stub(adapter, 'updateActivity').callsFake(async (context, activity) => {
    updates.push(activity);
    return update(context, activity);
  });
  return { adapter, source, updates, sent };
}

function cardOf(activity: Partial<Activity>): unknown {
  const attachment = activity.attachments?.[0];
  assert.equal(
    attachment?.contentType,
    'application/vnd.microsoft.card.adaptive',
    `not a card: ${JSON.stringify(activity).slice(0, 300)}`,
  );
  return attachment?.content;
}

const textOf = (activity: Partial<Activity>) => cardText(cardOf(activity));

/** Every command an Action.Submit on a card sends (its data `{ command }`). */
function commandsOn(card: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const { type, data } = node as { type?: unknown; data?: { command?: unknown } };
      if (type === 'Action.Submit' && typeof data?.command === 'string') found.push(data.command);
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** A getQualifications that takes 5 ms and counts the most calls in flight at once. */
function countingInFlight() {
  let inFlight = 0;
  let most = 0;
  return {
    most: () => most,
    getQualifications: async (id: string) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await delay(5);
      inFlight--;
      return educationLookup(id);
    },
  };
}

function delay(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe('several customers in one message', () => {
  it(
    'one summary card, a row per customer in order; one not found and one throttled show their error ' + 'in their row',
    async () => {
      const { adapter, source } = setup({
        source: {
          getQualifications: async (id: string, context: CallContext) => {
            if (id === B)
              throw new PartnerCenterError('notFound', 'x', { correlationId: context.correlationId, httpStatus: 404 });
            if (id === C)
              throw new PartnerCenterError('throttled', 'x', {
                correlationId: context.correlationId,
                httpStatus: 429,
                retryAfterSeconds: 57,
              });
            return educationLookup(id);
          },
        },
      });
      let card = '';
      await adapter.send(`qualification for ${A}, ${B}\n${C} ${D}`).assertReply((activity) => {
        card = textOf(activity);
      });
      assert.match(card, /Partner Center qualifications\n4 customers, 2 couldn't be looked up/);
      const order = [A, B, C, D].map((id) => card.indexOf(id));
      assert.deepEqual(
        [...order].sort((x, y) => x - y),
        order,
        'rows in the order typed',
      );
      assert.match(card, new RegExp(`${B}\\nTry again\\nThis tenant isn't one of your customers`));
      assert.match(card, new RegExp(`${C}\\nTry again\\nPartner Center is busy\\. Try again in 57 seconds\\.`));
      assert.match(card, /Contoso Stub Ltd\n00000000-0000-4000-8000-000000000001\nCheck again\nEducation/);
      assert.deepEqual(
        source.getQualifications
          .getCalls()
          .map((c) => c.args[0])
          .sort(),
        [A, B, C, D],
      );
      assert.equal(source.getCustomer.callCount, 4);
    },
  );

  it('at most LOOKUP_CONCURRENCY customers (5 by default) in flight, and every customer answered', async () => {
    const counted = countingInFlight();
    const { adapter } = setup({ source: { getQualifications: counted.getQualifications } });
    let card = '';
    await adapter.send(`qualification for ${ids.slice(0, 20).join(' ')}`).assertReply((activity) => {
      card = textOf(activity);
    });
    assert.equal(counted.most(), 5);
    assert.match(card, /20 customers/);
    for (const id of ids.slice(0, 20)) assert.ok(card.includes(id), id);
  });

  it('a quick answer comes alone: no typing indicator, no progress card, nothing updated', async () => {
    const { adapter, sent, updates } = setup();
    await adapter
      .send(`qualification for ${A} ${B}`)
      .assertReply((activity) => assert.match(textOf(activity), /2 customers/));
    await adapter.testActivities([]);
    assert.deepEqual(
      sent.map((a) => a.type),
      ['message'],
    );
    assert.equal(updates.length, 0);
  });

  it('more than the limit: a clear "too many" card and no Partner Center call', async () => {
    const { adapter, source } = setup();
    await adapter
      .send(`qualification for ${ids.slice(0, 21).join(', ')}`)
      .assertReply((activity) =>
        assert.match(
          textOf(activity),
          /That's too many customers for one message[\s\S]*You asked for 21 customers; I look up at most 20 at a time/,
        ),
      );
    sinon.assert.notCalled(source.getQualifications);
    sinon.assert.notCalled(source.getCustomer);
  });

  it('the limit and the concurrency come from the configuration', async () => {
    const counted = countingInFlight();
    const { adapter, source } = setup({
      bot: { maxCustomers: 3, bulk: { concurrency: 2 } },
      source: { getQualifications: counted.getQualifications },
    });
    await adapter
      .send(`qualification for ${[A, B, C, D].join(' ')}`)
      .assertReply((activity) => assert.match(textOf(activity), /at most 3 at a time/));
    sinon.assert.notCalled(source.getQualifications);
    await adapter
      .send(`qualification for ${[A, B, C].join(' ')}`)
      .assertReply((activity) => assert.match(textOf(activity), /3 customers/));
    assert.equal(counted.most(), 2);
  });

  it(
    'long work: the card appears with what is known, is updated in place as results arrive, and ' + 'ends complete',
    async () => {
      const { adapter, updates, sent } = setup({
        bot: { bulk: { concurrency: 1, progress: { typingAfterMs: 5, showAfterMs: 20, minUpdateIntervalMs: 15 } } },
        source: {
          getQualifications: async (id: string) => {
            await delay(30);
            return educationLookup(id);
          },
        },
      });
      let first: Partial<Activity> = {};
      await adapter
        .send(`qualification for ${[A, B, C, D].join(' ')}`)
        .assertReply((activity) => assert.equal(activity.type, ActivityTypes.Typing))
        .assertReply((activity) => {
          first = activity;
        });
      assert.equal(sent.length, 2, 'typing and one card');
      const firstText = textOf(sent[1]);
      assert.match(firstText, /Looking up qualifications…\n\d of 4 done/);
      assert.match(firstText, /Looking up…/);
      assert.ok(updates.length >= 2, `updates: ${updates.length}`);
      for (const update of updates) assert.equal(update.id, first.id, 'every update replaces the progress card');
      assert.match(textOf(first), /4 customers/, 'the card in the chat ends complete');
      const last = textOf(updates[updates.length - 1]);
      assert.match(last, /Partner Center qualifications\n4 customers/);
      assert.doesNotMatch(last, /Looking up…/);
      // Nothing else was sent: one typing, one card (updated in place).
      await adapter.testActivities([]);
    },
  );

  it(
    'where messages cannot be updated (or replies come back in the HTTP body), only the final ' + 'card is sent',
    async () => {
      const { adapter, updates } = setup({
        channelId: 'directline',
        bot: { bulk: { progress: { typingAfterMs: 1, showAfterMs: 1, minUpdateIntervalMs: 1 } } },
        source: {
          getQualifications: async (id: string) => {
            await delay(10);
            return educationLookup(id);
          },
        },
      });
      await adapter
        .send(`qualification for ${A} ${B}`)
        .assertReply((activity) => assert.equal(activity.type, ActivityTypes.Typing))
        .assertReply((activity) => assert.match(textOf(activity), /2 customers/));
      assert.equal(updates.length, 0);
    },
  );

  it(
    'a lookup still running at the command\'s deadline says "didn\'t answer in time" in its row; the ' + 'others show',
    async () => {
      const { adapter } = setup({
        bot: { bulk: { concurrency: 5, deadlineMs: 60 } },
        source: {
          getQualifications: async (id: string, context: CallContext) => {
            if (id !== B) return educationLookup(id);
            await new Promise((resolve) => context.signal?.addEventListener('abort', resolve));
            throw new PartnerCenterError('unavailable', 'cancelled', { correlationId: context.correlationId });
          },
        },
      });
      await adapter.send(`qualification for ${A} ${B}`).assertReply((activity) => {
        const text = textOf(activity);
        assert.match(text, new RegExp(`${B}\\nTry again\\nPartner Center didn't answer in time`));
        assert.match(text, new RegExp(`${A}\\nCheck again\\nEducation`));
      });
    },
  );
});

describe('the command deadline and the company names', () => {
  it('a company-name call that never answers does not hold the command past its deadline', async () => {
    const { adapter } = setup({
      bot: { bulk: { deadlineMs: 80 } },
      source: { getCustomer: () => new Promise<never>(() => undefined) },
    });
    const started = performance.now();
    await adapter.send(`qualification for ${A} ${B}`).assertReply((activity) => {
      const text = textOf(activity);
      assert.match(text, /2 customers\n/);
      assert.match(text, new RegExp(`${A}\\nCheck again\\nEducation`));
    });
    const ms = performance.now() - started;
    assert.ok(ms < 1000, `took ${Math.round(ms)} ms`);
  });
});

describe('by domain', () => {
  it("one exact match: that customer's result card, with the name from the search (not asked for again)", async () => {
    const { adapter, source } = setup({
      source: {
        findCustomersByDomain: async (domain: string) =>
          searchResult(domain, [{ id: tenantId(A), companyName: 'Contoso Ltd', domain: customerDomain(domain) }]),
      },
    });
    await adapter.send('qualification for Contoso.OnMicrosoft.com.').assertReply((activity) => {
      const text = textOf(activity);
      assert.match(text, /Contoso Ltd\ncontoso\.onmicrosoft\.com/);
      assert.match(text, /Education/);
    });
    assert.equal(source.findCustomersByDomain.firstCall.args[0], 'contoso.onmicrosoft.com');
    assert.deepEqual(
      source.getQualifications.getCalls().map((c) => c.args[0]),
      [A],
    );
    sinon.assert.notCalled(source.getCustomer);
  });

  it('several matches: a choice card whose buttons look each one up', async () => {
    const { adapter } = setup({
      source: {
        findCustomersByDomain: async (domain: string) =>
          searchResult(domain, [
            { id: tenantId(A), companyName: 'Bellows College', domain: customerDomain(domain) },
            { id: tenantId(B), companyName: 'Bellows Alumni', domain: customerDomain(domain) },
          ]),
      },
    });
    let card: unknown;
    await adapter.send('qualification for bellowscollege.onmicrosoft.com').assertReply((activity) => {
      card = cardOf(activity);
    });
    assert.match(cardText(card), /Several of your customers use[\s\S]*Bellows College[\s\S]*Bellows Alumni/);
    assert.deepEqual(commandsOn(card), [`qualification for ${A}`, `qualification for ${B}`]);
    await adapter.send(commandsOn(card)[1]).assertReply((activity) => assert.match(textOf(activity), new RegExp(B)));
  });

  it('none: "not found among your customers", with the similar ones offered', async () => {
    const { adapter, source } = setup({
      source: {
        findCustomersByDomain: async (domain: string) =>
          searchResult(
            domain,
            [],
            [
              {
                id: tenantId(C),
                companyName: 'Contoso Schools',
                domain: customerDomain('contososchools.onmicrosoft.com'),
              },
            ],
          ),
      },
    });
    let card: unknown;
    await adapter.send('qualification for contoso.com').assertReply((activity) => {
      card = cardOf(activity);
    });
    assert.match(cardText(card), /No customer with this domain[\s\S]*contoso\.com[\s\S]*Did you mean/);
    assert.deepEqual(commandsOn(card), [`qualification for ${C}`]);
    sinon.assert.notCalled(source.getQualifications);
  });

  it('a failed search gets the error card', async () => {
    const { adapter } = setup({
      source: {
        findCustomersByDomain: async (_domain: string, context: CallContext) => {
          throw new PartnerCenterError('throttled', 'x', {
            correlationId: context.correlationId,
            retryAfterSeconds: 30,
          });
        },
      },
    });
    await adapter
      .send('qualification for contoso.onmicrosoft.com')
      .assertReply((activity) => assert.match(textOf(activity), /Partner Center is busy[\s\S]*30 seconds/));
  });
});

describe('company name on the result card', () => {
  it('is read in parallel with the qualifications; if that call fails the qualification still shows', async () => {
    const { adapter, source } = setup({
      source: {
        getCustomer: async (_id: string, context: CallContext) => {
          throw new PartnerCenterError('unavailable', 'x', { correlationId: context.correlationId });
        },
      },
    });
    await adapter.send(`qualification for ${A}`).assertReply((activity) => {
      const text = textOf(activity);
      assert.match(text, /Company name unavailable/);
      assert.match(text, /Education[\s\S]*Approved/);
    });
    sinon.assert.calledOnce(source.getCustomer);
  });

  it('is remembered: a second lookup of the same customer asks Partner Center for it no more', async () => {
    const { adapter, source } = setup();
    await adapter
      .send(`qualification for ${A}`)
      .assertReply((activity) => assert.match(textOf(activity), /Contoso Stub Ltd/));
    await adapter
      .send(`qualification for ${A}`)
      .assertReply((activity) => assert.match(textOf(activity), /Contoso Stub Ltd/));
    sinon.assert.calledTwice(source.getQualifications);
    sinon.assert.calledOnce(source.getCustomer);
  });

  it('a failure is not remembered', async () => {
    let calls = 0;
    const { adapter } = setup({
      source: {
        getCustomer: async (id: string, context: CallContext) => {
          if (++calls === 1) throw new PartnerCenterError('unavailable', 'x', { correlationId: context.correlationId });
          return customerLookup(id, 'Back Again Ltd');
        },
      },
    });
    await adapter
      .send(`qualification for ${A}`)
      .assertReply((activity) => assert.match(textOf(activity), /Company name unavailable/));
    await adapter
      .send(`qualification for ${A}`)
      .assertReply((activity) => assert.match(textOf(activity), /Back Again Ltd/));
  });
});

describe('Refresh', () => {
  function invoke(action: unknown): Partial<Activity> {
    return {
      type: ActivityTypes.Invoke,
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', ...(action as object) }, trigger: 'manual' },
    };
  }

  it('Action.Execute: answered with a new result card, which Teams puts in place of the old one', async () => {
    let fetchedAt = 0;
    const { adapter, source } = setup({
      source: {
        getQualifications: async (id: string) => ({
          ...educationLookup(id),
          fetchedAt: new Date(Date.UTC(2026, 11, 1, 9, 0, ++fetchedAt)),
        }),
      },
    });
    await adapter
      .send(invoke({ verb: REFRESH_QUALIFICATION_VERB, data: { customerId: A.toUpperCase() } }))
      .assertReply((activity) => {
        assert.equal(activity.type, 'invokeResponse');
        const { status, body } = activity.value as {
          status: number;
          body: { statusCode: number; type: string; value: unknown };
        };
        assert.equal(status, 200);
        assert.equal(body.statusCode, 200);
        assert.equal(body.type, 'application/vnd.microsoft.card.adaptive');
        assert.match(cardText(body.value), new RegExp(`${A}[\\s\\S]*Education`));
      });
    assert.deepEqual(
      source.getQualifications.getCalls().map((c) => c.args[0]),
      [A],
    );
  });

  it('an unknown action or a malformed id is refused (400) without calling Partner Center', async () => {
    const { adapter, source } = setup();
    for (const action of [
      { verb: 'deleteEverything', data: { customerId: A } },
      { verb: REFRESH_QUALIFICATION_VERB, data: { customerId: '../x' } },
      {},
    ]) {
      await adapter.send(invoke(action)).assertReply((activity) => {
        const { status } = activity.value as { status: number };
        assert.equal(status, 400);
      });
    }
    sinon.assert.notCalled(source.getQualifications);
  });

  it(
    'clients without Universal Actions (Action.Submit fallback): the card the button is on is ' + 'updated in place',
    async () => {
      const { adapter, updates } = setup();
      await adapter.send({
        type: 'message',
        value: { verb: REFRESH_QUALIFICATION_VERB, customerId: A },
        replyToId: 'card-activity-1',
      });
      await adapter.testActivities([]);
      assert.equal(updates.length, 1);
      assert.equal(updates[0]?.id, 'card-activity-1');
      assert.match(textOf(updates[0]), new RegExp(`${A}[\\s\\S]*Education`));
    },
  );

  it('…and where a card cannot be updated, the new card is sent', async () => {
    const { adapter, updates } = setup({ channelId: 'webchat' });
    await adapter
      .send({
        type: 'message',
        value: { verb: REFRESH_QUALIFICATION_VERB, customerId: A },
        replyToId: 'card-activity-1',
      })
      .assertReply((activity) => assert.match(textOf(activity), /Education/));
    assert.equal(updates.length, 0);
  });
});

describe('welcome', () => {
  const conversationUpdate = (membersAdded: Array<{ id: string }>): Partial<Activity> => ({
    type: ActivityTypes.ConversationUpdate,
    membersAdded: membersAdded.map((m) => ({ ...m, name: m.id })),
    recipient: { id: 'bot', name: 'Bot' },
  });

  it('when the bot is installed or added (it is among the members added): once, with clickable examples', async () => {
    const { adapter } = setup();
    let card: unknown;
    await adapter.send(conversationUpdate([{ id: 'user1' }, { id: 'bot' }])).assertReply((activity) => {
      card = cardOf(activity);
    });
    assert.match(cardText(card), /Check a customer’s Partner Center qualification/);
    assert.equal(commandsOn(card).length, 4);
  });

  it('not for members who join later, nor for installationUpdate (Teams sends both on install)', async () => {
    const { adapter, sent } = setup();
    await adapter.send(conversationUpdate([{ id: 'user2' }, { id: 'user3' }]));
    await adapter.send({ type: ActivityTypes.InstallationUpdate, action: 'add' });
    assert.deepEqual(sent, [], 'something was sent for a member joining or for installationUpdate');
    assert.equal(adapter.activeQueue.length, 0);
    // The same bot welcomes when it is among the members added: the silence above is not a bot that never speaks.
    await adapter.send(conversationUpdate([{ id: 'bot' }]));
    assert.equal(sent.length, 1);
    assert.match(textOf(sent[0] ?? {}), /Check a customer’s Partner Center qualification/);
  });

  it('in Traditional Chinese for a zh-TW client', async () => {
    const { adapter } = setup();
    await adapter
      .send({ ...conversationUpdate([{ id: 'bot' }]), locale: 'zh-TW' })
      .assertReply((activity) => assert.match(textOf(activity), /查詢客戶的 Partner Center 資格/));
  });
});

describe('languages', () => {
  it('a zh-TW user gets Chinese cards, Partner Center gets X-Locale zh-TW, and 資格 / 說明 work', async () => {
    const { adapter, source } = setup();
    await adapter
      .send({ type: 'message', text: `資格 ${A}`, locale: 'zh-TW' })
      .assertReply((activity) => assert.match(textOf(activity), /Partner Center 資格[\s\S]*教育[\s\S]*已核准/));
    assert.equal(source.getQualifications.firstCall.args[1].locale, 'zh-TW');
    assert.equal(source.getCustomer.firstCall.args[1].locale, 'zh-TW');
    await adapter
      .send({ type: 'message', text: '說明', locale: 'zh-Hant' })
      .assertReply((activity) => assert.match(textOf(activity), /依網域查詢/));
    await adapter
      .send({ type: 'message', text: `查詢資格 ${A}、${B}`, locale: 'zh-HK' })
      .assertReply((activity) => assert.match(textOf(activity), /共 2 位客戶/));
  });

  it('the locale may come from the clientInfo entity when the activity has none', async () => {
    const { adapter } = setup();
    await adapter
      .send({ type: 'message', text: 'help', locale: '', entities: [{ type: 'clientInfo', locale: 'zh-TW' }] })
      .assertReply((activity) => assert.match(textOf(activity), /其他指令/));
  });

  it('an English or unknown locale gets English', async () => {
    const { adapter } = setup();
    await adapter
      .send({ type: 'message', text: 'help', locale: 'fr-FR' })
      .assertReply((activity) => assert.match(textOf(activity), /Other commands/));
  });
});
