import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import sinon from 'sinon';
import { parseLookupRequest } from '../../../src/lookup/lookupRequest';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import type { CallContext, CustomerProfile, QualificationSource } from '../../../src/partnerCenter/types';
import { createLogger } from '../../../src/shared/logger';
import { cardText } from '../../helpers/botConnector';
import { assertValidCard } from '../../helpers/cards';
import { companyName, customerDomain, tenantId } from '../../helpers/ids';
import { nameSearchResult, searchResult, stubSource } from '../../helpers/stubSource';
import { testBot, type TestBotOptions } from '../../helpers/testBot';

/** The conversation end of issue 13: company names, ids mixed with domains, and messages the bot cannot read. */

const A = tenantId('00000000-0000-4000-8000-000000000001');
const B = tenantId('00000000-0000-4000-8000-000000000002');
const C = tenantId('00000000-0000-4000-8000-000000000003');

function profile(id: string, name: string, domain = `${name.replace(/\W/g, '').toLowerCase()}.onmicrosoft.com`) {
  return { id: tenantId(id), companyName: name, domain: customerDomain(domain) } satisfies CustomerProfile;
}

function setup(source: Partial<QualificationSource> = {}, bot: TestBotOptions = {}) {
  const stub = stubSource(source);
  const adapter = new TestAdapter((context) => testBot(stub, { logger: createLogger('silent'), ...bot }).run(context));
  return { adapter, source: stub };
}

/** The card's text; the runs of one line (outside text in a run of its own) joined again. */
function textOf(activity: Partial<Activity>): string {
  const card: unknown = activity.attachments?.[0]?.content;
  assertValidCard(card);
  return cardText(card).replace(/[ “]\n|\n(?=…|”)/g, (gap) => gap.replace('\n', ''));
}

async function replyTo(adapter: TestAdapter, text: string): Promise<string> {
  let shown = '';
  await adapter.send(text).assertReply((activity) => {
    shown = textOf(activity);
  });
  return shown;
}

describe('by company name', () => {
  it('one customer: its result card, with the name from the search (not asked for again)', async () => {
    const { adapter, source } = setup({
      findCustomersByName: async (name) => nameSearchResult(name, [profile(A, 'Contoso School District')]),
    });
    const shown = await replyTo(adapter, 'Can you check the qualification for Contoso School District please?');
    assert.match(shown, /Contoso School District/);
    assert.match(shown, /Education/);
    assert.deepEqual(source.findCustomersByName.firstCall.args[0], 'Contoso School District');
    assert.deepEqual(
      source.getQualifications.getCalls().map((c) => c.args[0]),
      [A],
    );
    sinon.assert.notCalled(source.getCustomer);
    sinon.assert.notCalled(source.findCustomersByDomain);
  });

  it('several: the choice card with a Check button each, nothing looked up yet', async () => {
    const { adapter, source } = setup({
      findCustomersByName: async (name) =>
        nameSearchResult(name, [profile(A, 'Bellows College'), profile(B, 'Bellows College Alumni Foundation')]),
    });
    const shown = await replyTo(adapter, 'qual Bellows College');
    assert.match(shown, /Several of your customers are named Bellows College…/);
    assert.match(shown, /Bellows College Alumni Foundation/);
    assert.match(shown, /Check/);
    sinon.assert.notCalled(source.getQualifications);
  });

  it('more than the card lists: "refine your search"; more than Partner Center returned: says so too', async () => {
    const many = Array.from({ length: 13 }, (_, i) =>
      profile(`00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`, `Contoso ${i + 1}`),
    );
    const { adapter } = setup({ findCustomersByName: async (name) => nameSearchResult(name, many) });
    assert.match(await replyTo(adapter, 'qualification for Contoso'), /…and 3 more\. Refine your search/);
    const incomplete = setup({ findCustomersByName: async (name) => nameSearchResult(name, many.slice(0, 2), false) });
    assert.match(
      await replyTo(incomplete.adapter, 'qualification for Contoso'),
      /Partner Center has more customers whose name starts like this\. Refine your search/,
    );
  });

  it('none: "No customer with this name", the name, and what to try', async () => {
    const { adapter } = setup();
    const shown = await replyTo(adapter, 'qualifcation for Nobody Ltd');
    assert.match(shown, /No customer with this name/);
    assert.match(shown, /No customer named Nobody Ltd…/);
    assert.match(shown, /Check the spelling/);
  });

  it('a failed search: an error card worded for the name, with the name', async () => {
    const { adapter } = setup({
      findCustomersByName: async (_name, context: CallContext) => {
        throw new PartnerCenterError('notFound', 'x', { correlationId: context.correlationId, httpStatus: 404 });
      },
    });
    const shown = await replyTo(adapter, 'qualification for Contoso');
    assert.match(shown, /Partner Center couldn't answer the search/);
    assert.match(shown, /answered the search for this name/);
    assert.match(shown, /Company name\nContoso/);
  });

  it('in Chinese: the name between the command and 的資格, the cards in Chinese', async () => {
    const { adapter, source } = setup();
    await adapter
      .send({ type: 'message', text: '請查詢台北市立大學的資格', locale: 'zh-TW' })
      .assertReply((activity) => assert.match(textOf(activity), /找不到此名稱的客戶/));
    assert.equal(source.findCustomersByName.firstCall.args[0], '台北市立大學');
  });

  it('words that are no company name: the explanation, and no search', async () => {
    const { adapter, source } = setup();
    const shown = await replyTo(adapter, 'qualification for ../../v1/customers');
    assert.match(shown, /doesn.t look like a customer tenant id/);
    sinon.assert.notCalled(source.findCustomersByName);
  });
});

describe('ids, domains and links mixed in one message', () => {
  it('one summary card: each domain resolved to its customer, a domain nobody or several have says so', async () => {
    const { adapter, source } = setup({
      findCustomersByDomain: async (domain) => {
        if (domain === 'fabrikam.onmicrosoft.com')
          return searchResult(domain, [profile(B, 'Fabrikam University', domain)]);
        if (domain === 'shared.onmicrosoft.com')
          return searchResult(domain, [profile(C, 'One', domain), profile(A, 'Two', domain)]);
        return searchResult(domain);
      },
    });
    const shown = await replyTo(
      adapter,
      `check https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${A}/account, ` +
        'fabrikam.onmicrosoft.com, nobody.onmicrosoft.com and shared.onmicrosoft.com thanks',
    );
    assert.match(shown, /4 customers, 2 couldn't be looked up/);
    assert.match(shown, /Fabrikam University/);
    assert.match(shown, /nobody\.onmicrosoft\.com\nNo customer with this domain\. Ask by its customer tenant id\./);
    assert.match(shown, /shared\.onmicrosoft\.com\n2 customers have this domain/);
    assert.deepEqual(
      source.getQualifications
        .getCalls()
        .map((c) => c.args[0])
        .sort(),
      [A, B],
    );
    assert.deepEqual(
      source.findCustomersByDomain.getCalls().map((c) => c.args[0]),
      ['fabrikam.onmicrosoft.com', 'nobody.onmicrosoft.com', 'shared.onmicrosoft.com'],
    );
  });

  it('a failed domain search shows in its row, worded for a search', async () => {
    const { adapter } = setup({
      findCustomersByDomain: async (_domain, context: CallContext) => {
        throw new PartnerCenterError('notFound', 'x', { correlationId: context.correlationId, httpStatus: 404 });
      },
    });
    const shown = await replyTo(adapter, `qualification for ${A} contoso.onmicrosoft.com`);
    assert.match(shown, /contoso\.onmicrosoft\.com\nPartner Center couldn't answer the search/);
    assert.match(shown, /2 customers, 1 couldn't be looked up/);
  });

  it('a domain search the deadline cuts short: "didn’t answer in time" in its row, the id’s row kept', async () => {
    const { adapter } = setup(
      {
        findCustomersByDomain: (_domain, context: CallContext) =>
          new Promise((_resolve, reject) => {
            context.signal?.addEventListener('abort', () => reject(new Error('aborted')));
          }),
      },
      { bulk: { deadlineMs: 50, progress: { typingAfterMs: 10_000, showAfterMs: 10_000 } } },
    );
    const shown = await replyTo(adapter, `qualification for ${A} contoso.onmicrosoft.com`);
    assert.match(shown, /contoso\.onmicrosoft\.com\nPartner Center didn't answer in time/);
    assert.match(shown, /Education/);
  });
});

describe('a message the bot cannot read', () => {
  it('the help card, headed by what it could not find in the message as typed', async () => {
    const { adapter, source } = setup();
    const shown = await replyTo(adapter, 'what is the weather like?');
    assert.match(
      shown,
      /^I couldn’t find a customer tenant id, domain, Partner Center link or company name in “what is the weather like\?”/,
    );
    assert.match(shown, /By company name/);
    sinon.assert.notCalled(source.getQualifications);
    sinon.assert.notCalled(source.findCustomersByName);
  });

  it('help as asked has no such line', async () => {
    const { adapter } = setup();
    assert.doesNotMatch(await replyTo(adapter, 'help please'), /couldn’t find/);
  });
});

describe('a request waiting for sign-in, read back from state', () => {
  it('keeps names and mixed targets, validated again', () => {
    assert.deepEqual(parseLookupRequest({ kind: 'name', name: ' Contoso  School ' }), {
      kind: 'name',
      name: companyName('Contoso School'),
    });
    assert.deepEqual(
      parseLookupRequest({
        kind: 'targets',
        targets: [
          { kind: 'id', customerId: A.toUpperCase() },
          { kind: 'domain', domain: 'Contoso.com' },
        ],
      }),
      {
        kind: 'targets',
        targets: [
          { kind: 'id', customerId: A },
          { kind: 'domain', domain: 'contoso.com' },
        ],
      },
    );
  });

  const refused: unknown[] = [
    { kind: 'name', name: 'a/b' },
    { kind: 'name', name: 7 },
    { kind: 'targets', targets: [] },
    { kind: 'targets', targets: 'x' },
    { kind: 'targets', targets: [{ kind: 'id', customerId: 'x' }] },
    { kind: 'targets', targets: [{ kind: 'domain', domain: '../x' }] },
    { kind: 'targets', targets: [{ kind: 'id', customerId: A }, null] },
    { kind: 'targets', targets: [{ kind: 'other', customerId: A }] },
    { kind: 'targets', targets: [{ kind: 'id', customerId: 5 }] },
    { kind: 'targets', targets: [{ kind: 'domain', domain: 5 }] },
  ];
  for (const value of refused) {
    it(`refuses ${JSON.stringify(value)}`, () => {
      assert.equal(parseLookupRequest(value), undefined);
    });
  }
});
