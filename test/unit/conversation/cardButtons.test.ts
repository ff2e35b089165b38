import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import sinon from 'sinon';
import { DEMO_EXAMPLES } from '../../../src/demo/sampleCustomers';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import type { CallContext, QualificationSource } from '../../../src/partnerCenter/types';
import { cardText } from '../../helpers/botConnector';
import { educationLookup, nameSearchResult, searchResult, stubSource, type StubSource } from '../../helpers/stubSource';
import { testBot } from '../../helpers/testBot';
import { customerDomain, tenantId } from '../../helpers/ids';

/**
 * Every command button (Try it on the welcome and help cards, Check on the choice and did-you-mean
 * cards, Check again / Try again on a summary row) clicked as each client sends the click, and the
 * answer that follows. A click on `Action.Submit` with data `{ command }` arrives from Teams, the
 * Agents Playground and the Bot Framework Emulator alike as a message with that `value` and no
 * text; in a channel it needs no @mention (Teams delivers card actions to the bot that sent the
 * card). Cards sent before (with `msteams.imBack`) still work.
 */

const A = tenantId('00000000-0000-4000-8000-000000000001');
const B = tenantId('00000000-0000-4000-8000-000000000002');
const C = tenantId('00000000-0000-4000-8000-000000000003');

type Scope = 'personal' | 'channel';

function setup(source: Partial<QualificationSource> = {}, channelId = 'msteams') {
  const stub: StubSource = stubSource(source);
  const bot = testBot(stub, { examples: DEMO_EXAMPLES });
  const adapter = new TestAdapter((context) => bot.run(context), { channelId });
  return { adapter, source: stub };
}

function cardOf(activity: Partial<Activity>): unknown {
  const attachment = activity.attachments?.[0];
  assert.equal(attachment?.contentType, 'application/vnd.microsoft.card.adaptive', 'a card');
  return attachment?.content;
}

/** The Action.Submit buttons on a card: title and data, in order. */
function submitButtons(card: unknown): Array<{ title: string; data: Record<string, unknown> }> {
  const found: Array<{ title: string; data: Record<string, unknown> }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const { type, title, data } = node as { type?: unknown; title?: unknown; data?: unknown };
      if (type === 'Action.Submit' && typeof title === 'string' && data && typeof data === 'object')
        found.push({ title, data: data as Record<string, unknown> });
      Object.values(node).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** What a client sends when the button is clicked: the data as `value`, no text (channel: a post's thread). */
function click(data: Record<string, unknown>, scope: Scope): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    value: data,
    ...(scope === 'channel' && {
      conversation: { id: '19:general@thread.tacv2;messageid=1', conversationType: 'channel', isGroup: true, name: '' },
      channelData: { team: { id: '19:team@thread.tacv2' }, channel: { id: '19:general@thread.tacv2' } },
    }),
  };
}

/** Sends `activity` and returns the text of the one card that answers it. */
async function answerTo(adapter: TestAdapter, activity: Partial<Activity> | string): Promise<string> {
  let text = '';
  await adapter.send(activity).assertReply((reply) => {
    text = cardText(cardOf(reply));
  });
  return text;
}

async function cardFor(adapter: TestAdapter, activity: Partial<Activity> | string): Promise<unknown> {
  let card: unknown;
  await adapter.send(activity).assertReply((reply) => {
    card = cardOf(reply);
  });
  return card;
}

describe('card buttons: every command button, clicked as each client sends it, gets its answer', () => {
  for (const scope of ['personal', 'channel'] as const) {
    describe(`in a ${scope === 'personal' ? 'personal chat' : 'team channel (no @mention)'}`, () => {
      it('Try it on the welcome card: one customer, several customers, a domain, a company name', async () => {
        const { adapter, source } = setup({
          findCustomersByDomain: async (domain: string) =>
            searchResult(domain, [{ id: A, companyName: 'Contoso School District', domain: customerDomain(domain) }]),
          findCustomersByName: async (name: string) =>
            nameSearchResult(name, [
              { id: A, companyName: 'Fabrikam Named Ltd', domain: customerDomain('fabrikam.com') },
            ]),
        });
        const welcome = await cardFor(adapter, {
          type: ActivityTypes.ConversationUpdate,
          membersAdded: [{ id: 'bot', name: 'Bot' }],
          recipient: { id: 'bot', name: 'Bot' },
        });
        const buttons = submitButtons(welcome);
        assert.deepEqual(
          buttons.map((b) => b.title),
          ['Try it', 'Try it', 'Try it', 'Try it'],
        );
        for (const button of buttons) assert.deepEqual(Object.keys(button.data), ['command']);
        const [one, several, domain, name] = buttons;
        assert.ok(one && several && domain && name);
        assert.match(await answerTo(adapter, click(one.data, scope)), /Partner Center qualification\n[\s\S]*Education/);
        const summary = await answerTo(adapter, click(several.data, scope));
        assert.match(summary, /Partner Center qualifications\n2 customers/);
        assert.match(await answerTo(adapter, click(domain.data, scope)), /Contoso School District/);
        assert.equal(source.findCustomersByDomain.firstCall.args[0], DEMO_EXAMPLES.domain);
        assert.match(await answerTo(adapter, click(name.data, scope)), /Fabrikam Named Ltd/);
        assert.equal(source.findCustomersByName.callCount, 1);
      });

      it('Try it on the help card', async () => {
        const { adapter, source } = setup();
        const help = await cardFor(adapter, 'help');
        const [first] = submitButtons(help);
        assert.ok(first);
        assert.equal(first.title, 'Try it');
        assert.match(await answerTo(adapter, click(first.data, scope)), new RegExp(DEMO_EXAMPLES.customerIds[0]));
        assert.equal(source.getQualifications.firstCall.args[0], DEMO_EXAMPLES.customerIds[0]);
      });

      it('Check on the domain choice card and on did-you-mean', async () => {
        const { adapter, source } = setup({
          findCustomersByDomain: async (domain: string) =>
            domain === 'bellowscollege.onmicrosoft.com'
              ? searchResult(domain, [
                  { id: A, companyName: 'Bellows College', domain: customerDomain(domain) },
                  { id: B, companyName: 'Bellows Alumni', domain: customerDomain(domain) },
                ])
              : searchResult(domain, [], [{ id: C, companyName: 'Contoso Schools', domain: customerDomain(domain) }]),
        });
        const choice = submitButtons(await cardFor(adapter, 'qualification for bellowscollege.onmicrosoft.com'));
        assert.deepEqual(
          choice.map((b) => b.title),
          ['Check', 'Check'],
        );
        assert.match(await answerTo(adapter, click(choice[1].data, scope)), new RegExp(B));
        const didYouMean = submitButtons(await cardFor(adapter, 'qualification for contoso.com'));
        assert.deepEqual(
          didYouMean.map((b) => b.title),
          ['Check'],
        );
        assert.match(await answerTo(adapter, click(didYouMean[0].data, scope)), new RegExp(C));
        assert.deepEqual(
          source.getQualifications.getCalls().map((call) => call.args[0]),
          [B, C],
        );
      });

      it("Check again and Try again on a summary row: that customer's own result card", async () => {
        let failOnce = true;
        const { adapter } = setup({
          getQualifications: async (id: string, context: CallContext) => {
            if (id === B && failOnce) {
              failOnce = false;
              throw new PartnerCenterError('unavailable', 'x', { correlationId: context.correlationId });
            }
            return educationLookup(id);
          },
        });
        const summary = await cardFor(adapter, `qualification for ${A} ${B}`);
        const [again, retry] = submitButtons(summary);
        assert.equal(again?.title, 'Check again');
        assert.equal(retry?.title, 'Try again');
        const single = await answerTo(adapter, click(retry.data, scope));
        assert.match(single, /^Partner Center qualification\n/);
        assert.match(single, new RegExp(`${B}[\\s\\S]*Education[\\s\\S]*Open in Partner Center\\nRefresh`));
        assert.match(await answerTo(adapter, click(again.data, scope)), new RegExp(A));
      });
    });
  }

  it('the command of a click is read as typed: nothing that is not a tenant id reaches Partner Center', async () => {
    const { adapter, source } = setup();
    const invalid = await answerTo(adapter, click({ command: 'qualification for ../../v1/customers' }, 'personal'));
    assert.match(invalid, /doesn't look like a customer tenant id/);
    for (const value of [{ command: 42 }, { command: null }, 'qualification for x', { other: 'help' }]) {
      await adapter
        .send({ type: ActivityTypes.Message, value })
        .assertReply((reply) => assert.match(cardText(cardOf(reply)), /Where to find the customer tenant id/));
    }
    sinon.assert.notCalled(source.getQualifications);
  });

  describe('cards sent before buttons dropped msteams.imBack still work', () => {
    const old = { msteams: { type: 'imBack', value: `qualification for ${A}` }, command: `qualification for ${A}` };

    it('from Teams, which turns imBack into the text of the message', async () => {
      const { adapter } = setup();
      assert.match(await answerTo(adapter, { type: ActivityTypes.Message, text: old.command }), new RegExp(A));
    });

    it('from the Emulator (or any client without imBack), which sends the data as value', async () => {
      const { adapter } = setup({}, 'emulator');
      assert.match(await answerTo(adapter, { type: ActivityTypes.Message, value: old }), new RegExp(A));
    });
  });
});

describe('"You typed:" shows the whole message as typed', () => {
  it('the command word too, sanitised and without the @mention', async () => {
    const { adapter } = setup();
    const text = await answerTo(adapter, {
      type: ActivityTypes.Message,
      text: '<at>Qualification Bot</at> qualification for nope **bold**',
      recipient: { id: 'bot', name: 'Qualification Bot' },
      entities: [{ type: 'mention', text: '<at>Qualification Bot</at>', mentioned: { id: 'bot', name: 'Bot' } }],
    });
    assert.match(text, /You typed: “\n?qualification for nope \*\*bold\*\*\n?”/);
    assert.doesNotMatch(text, /<at>/);
  });
});
