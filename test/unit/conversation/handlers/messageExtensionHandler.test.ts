import assert from 'node:assert/strict';
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { PartnerCenterError } from '../../../../src/partnerCenter/errors';
import type { CustomerProfile, QualificationSource } from '../../../../src/partnerCenter/types';
import { createLogger } from '../../../../src/shared/logger';
import { cardText } from '../../../helpers/botConnector';
import { customerDomain, tenantId } from '../../../helpers/ids';
import { educationLookup, nameSearchResult, searchResult, stubSource } from '../../../helpers/stubSource';
import { testBot } from '../../../helpers/testBot';

/**
 * The message extension's invokes through the bot (botbuilder's TestAdapter, a stubbed Partner
 * Center): what Teams gets back for each kind of query, a picked result and a pasted link.
 */

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

interface ExtensionBody {
  composeExtension: {
    type: string;
    text?: string;
    attachments?: {
      contentType: string;
      content: { version: string; actions?: { type: string }[] };
      preview: { content: { title: string; subtitle: string; text: string; tap?: { value: unknown } } };
    }[];
    suggestedActions?: { actions: { type: string; value: string }[] };
  };
}

function query(text: unknown, commandId = 'findCustomer'): Partial<Activity> {
  return {
    type: ActivityTypes.Invoke,
    name: 'composeExtension/query',
    value: { commandId, parameters: [{ name: 'query', value: text }], queryOptions: { skip: 0, count: 25 } },
  };
}

function invoke(name: string, value: unknown): Partial<Activity> {
  return { type: ActivityTypes.Invoke, name, value };
}

function profile(id: string, companyName: string, domain: string): CustomerProfile {
  return { id: tenantId(id), companyName, domain: customerDomain(domain) };
}

/** Sends one invoke; resolves with Teams' status and body. */
async function answer(
  activity: Partial<Activity>,
  source: Partial<QualificationSource> = {},
  options: { demo?: boolean; deadlineMs?: number } = {},
): Promise<{ status: number; body: ExtensionBody }> {
  const bot = testBot(stubSource(source), {
    logger: createLogger('silent'),
    demo: options.demo,
    messageExtensionDeadlineMs: options.deadlineMs,
  });
  const adapter = new TestAdapter((context) => bot.run(context), { channelId: 'msteams' });
  let reply: { status: number; body: ExtensionBody } | undefined;
  await adapter.send(activity).assertReply((sent) => {
    assert.equal(sent.type, 'invokeResponse');
    reply = sent.value as { status: number; body: ExtensionBody };
  });
  assert.ok(reply);
  return reply;
}

function timeout(): PartnerCenterError {
  return new PartnerCenterError('timeout', 'deadline', { correlationId: 'c' });
}

describe('message extension: search, pick and link unfurling', () => {
  describe('search (composeExtension/query)', () => {
    it('a tenant id: one result, a preview with company and qualification, and the result card', async () => {
      const { status, body } = await answer(query(A.toUpperCase()));
      assert.equal(status, 200);
      assert.equal(body.composeExtension.type, 'result');
      const [only, ...others] = body.composeExtension.attachments ?? [];
      assert.equal(others.length, 0);
      assert.ok(only);
      assert.equal(only.contentType, 'application/vnd.microsoft.card.adaptive');
      assert.equal(only.preview.content.title, 'Contoso Stub Ltd');
      assert.equal(only.preview.content.subtitle, 'contosostub.onmicrosoft.com');
      assert.match(only.preview.content.text, /Education/);
      assert.match(only.preview.content.text, /Approved/);
      assert.equal(only.preview.content.tap, undefined, 'a final card is inserted as it is');
      const text = cardText(only.content);
      assert.ok(text.includes(A), 'the card names the customer');
      assert.match(text, /Fetched/i);
    });

    it('a domain with two customers: two results, each looked up, with its own name', async () => {
      const matches = [profile(A, 'Contoso East', 'contoso.com'), profile(B, 'Contoso West', 'contoso.com')];
      const source = stubSource({ findCustomersByDomain: async (domain) => searchResult(domain, matches) });
      const { body } = await answer(query('contoso.com'), source);
      const attachments = body.composeExtension.attachments ?? [];
      assert.deepEqual(
        attachments.map((a) => a.preview.content.title),
        ['Contoso East', 'Contoso West'],
      );
      assert.equal(source.getQualifications.callCount, 2);
      assert.equal(source.getCustomer.callCount, 0, 'the search already gave the names');
    });

    it('a company name (no command word needed): the customers whose name starts with it, at most 10', async () => {
      const many = Array.from({ length: 14 }, (_, i) =>
        profile(`00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`, `Fabrikam ${i}`, `f${i}.com`),
      );
      const source = stubSource({ findCustomersByName: async (name) => nameSearchResult(name, many) });
      const { body } = await answer(query('Fabrikam'), source);
      assert.equal(body.composeExtension.attachments?.length, 10);
      assert.equal(String(source.findCustomersByName.firstCall.args[0]), 'Fabrikam');
      assert.equal(source.getQualifications.callCount, 10);
    });

    for (const [typed, pattern] of [
      ['', /Type a customer's tenant id/],
      ['   ', /Type a customer's tenant id/],
      ['ab', /at least 3 characters/],
      ['00000000-0000-4000', /isn't a tenant id, domain or company name/],
      [`${A} contoso.com`, /one kind at a time/],
    ] as const) {
      it(`${JSON.stringify(typed)}: a hint in the flyout, no Partner Center call`, async () => {
        const source = stubSource();
        const { status, body } = await answer(query(typed), source);
        assert.equal(status, 200);
        assert.equal(body.composeExtension.type, 'message');
        assert.match(body.composeExtension.text ?? '', pattern);
        assert.equal(source.getQualifications.callCount + source.findCustomersByName.callCount, 0);
      });
    }

    it("Teams' first query (initialRun, no parameter value): the hint", async () => {
      const { body } = await answer(
        invoke('composeExtension/query', {
          commandId: 'findCustomer',
          parameters: [{ name: 'initialRun', value: 'true' }],
        }),
      );
      assert.equal(body.composeExtension.type, 'message');
      assert.match(body.composeExtension.text ?? '', /Type a customer's tenant id/);
    });

    it('zh-TW: the hint in Traditional Chinese', async () => {
      const { body } = await answer({ ...query(''), locale: 'zh-TW' });
      assert.match(body.composeExtension.text ?? '', /租用戶識別碼/);
    });

    it('a name nobody has: a line saying so, with what was typed (no markup of it)', async () => {
      const { body } = await answer(query('Northwind'));
      assert.equal(body.composeExtension.type, 'message');
      assert.match(body.composeExtension.text ?? '', /None of your customers matches Northwind/);
      const markup = await answer(query('<b>Northwind</b>'));
      assert.doesNotMatch(markup.body.composeExtension.text ?? '', /[<>]/);
    });

    it("Partner Center refuses the search: one result in the error card's words", async () => {
      const forbidden = new PartnerCenterError('forbidden', 'no', { correlationId: 'c', httpStatus: 403 });
      const { body } = await answer(query('Contoso'), {
        findCustomersByName: async () => {
          throw forbidden;
        },
      });
      assert.equal(body.composeExtension.type, 'result');
      const [only, ...others] = body.composeExtension.attachments ?? [];
      assert.equal(others.length, 0);
      assert.ok(only);
      assert.equal(only.preview.content.subtitle, 'Contoso');
      assert.ok(cardText(only.content).includes(only.preview.content.title), "the preview title is the card's own");
    });

    it('Partner Center past the deadline for every customer: "still looking", not nothing', async () => {
      const { body } = await answer(query(A), {
        getQualifications: async () => {
          throw timeout();
        },
      });
      assert.equal(body.composeExtension.type, 'message');
      assert.match(body.composeExtension.text ?? '', /Still looking/);
    });

    it('Partner Center that never answers: "still looking" once the extension\'s deadline passes', async () => {
      const { body } = await answer(
        query(A),
        { getQualifications: () => new Promise(() => undefined) },
        { deadlineMs: 50 },
      );
      assert.match(body.composeExtension.text ?? '', /Still looking/);
    });

    it('one customer in time, one not: the late one is listed with a tap that looks it up again', async () => {
      const matches = [profile(A, 'On Time', 'a.com'), profile(B, 'Late', 'b.com')];
      const { body } = await answer(query('shared.com'), {
        findCustomersByDomain: async (domain) => searchResult(domain, matches),
        getQualifications: async (id) => {
          if (id === B) throw timeout();
          return educationLookup(id);
        },
      });
      const [onTime, late] = body.composeExtension.attachments ?? [];
      assert.equal(onTime?.preview.content.tap, undefined);
      assert.deepEqual(late?.preview.content.tap?.value, { qualificationFor: B });
      assert.match(late?.preview.content.text ?? '', /pick it to look again/);
    });

    it('demo mode: the preview says demo data, the card carries the demo label', async () => {
      const { body } = await answer(query(A), {}, { demo: true });
      const [only] = body.composeExtension.attachments ?? [];
      assert.match(only?.preview.content.text ?? '', /^Demo data · /);
      assert.match(cardText(only?.content), /Demo data — not from Partner Center/);
    });

    it('another command id: 400, nothing looked up', async () => {
      const source = stubSource();
      const { status } = await answer(query(A, 'somethingElse'), source);
      assert.equal(status, 400);
      assert.equal(source.getQualifications.callCount, 0);
    });
  });

  describe('pick (composeExtension/selectItem)', () => {
    it('a picked result is looked up afresh and answered with its card', async () => {
      const source = stubSource();
      const { body } = await answer(
        invoke('composeExtension/selectItem', { qualificationFor: A.toUpperCase() }),
        source,
      );
      assert.equal(body.composeExtension.type, 'result');
      assert.equal(body.composeExtension.attachments?.length, 1);
      assert.equal(String(source.getQualifications.firstCall.args[0]), A);
    });

    it('a value that is no tenant id: 400, no request to Partner Center', async () => {
      const source = stubSource();
      const { status } = await answer(
        invoke('composeExtension/selectItem', { qualificationFor: '../../v1/customers' }),
        source,
      );
      assert.equal(status, 400);
      assert.equal(source.getQualifications.callCount, 0);
    });
  });

  describe('link unfurling (composeExtension/queryLink)', () => {
    for (const url of [
      `https://partner.microsoft.com/dashboard/commerce2/customers/${A}/account`,
      `https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${A.toUpperCase()}/subscriptions`,
    ]) {
      it(`${url.replace(A, '…').replace(A.toUpperCase(), '…')}: the customer's card, at version 1.3`, async () => {
        const { body } = await answer(invoke('composeExtension/queryLink', { url }));
        const [only] = body.composeExtension.attachments ?? [];
        assert.ok(only);
        assert.equal(only.content.version, '1.3');
        const types = (only.content.actions ?? []).map((a) => a.type);
        assert.ok(!types.includes('Action.Execute'), 'Universal Actions are newer than 1.3: the fallback instead');
        assert.ok(types.includes('Action.Submit'));
        assert.equal(body.composeExtension.suggestedActions, undefined, 'a good answer may be cached');
      });
    }

    for (const url of [
      'https://partner.microsoft.com/dashboard/home',
      `https://partner.microsoft.com.evil.example/dashboard/commerce2/customers/${A}/account`,
      `http://partner.microsoft.com/dashboard/commerce2/customers/${A}/account`,
      'not a link',
    ]) {
      it(`${url}: no card, nothing looked up`, async () => {
        const source = stubSource();
        const { body } = await answer(invoke('composeExtension/queryLink', { url }), source);
        assert.deepEqual(body.composeExtension.attachments, []);
        assert.equal(source.getQualifications.callCount, 0);
      });
    }

    it('a failed lookup is shown but not cached by Teams', async () => {
      const { body } = await answer(
        invoke('composeExtension/queryLink', {
          url: `https://partner.microsoft.com/dashboard/commerce2/customers/${A}/account`,
        }),
        {
          getQualifications: async () => {
            throw new PartnerCenterError('notFound', 'gone', { correlationId: 'c', httpStatus: 404 });
          },
        },
      );
      assert.equal(body.composeExtension.attachments?.length, 1);
      assert.deepEqual(
        body.composeExtension.suggestedActions?.actions.map((a) => [a.type, a.value]),
        [['setCachePolicy', '{"type":"no-cache"}']],
      );
    });
  });
});
