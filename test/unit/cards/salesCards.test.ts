import assert from 'node:assert/strict';
import { TokenAcquisitionError } from '../../../src/auth/tokenProvider';
import { parseCommand } from '../../../src/conversation/commandParser';
import { parseWatchCommand } from '../../../src/conversation/understanding/watchCommand';
import { REFRESH_QUALIFICATION_VERB } from '../../../src/cards/actions';
import { customerChoiceCard } from '../../../src/cards/customerChoiceCard';
import { domainNotFoundCard } from '../../../src/cards/domainNotFoundCard';
import { MAX_CUSTOMERS_LISTED } from '../../../src/cards/customerList';
import { errorCard } from '../../../src/cards/errorCard';
import { invalidCustomerIdCard } from '../../../src/cards/invalidInputCard';
import { tooManyCustomersCard } from '../../../src/cards/tooManyCustomersCard';
import { helpCard } from '../../../src/cards/helpCard';
import { allCatalogs, EXAMPLE_CUSTOMER_ID, zhTW, enUS } from '../../../src/cards/messages/index';
import { qualificationCard } from '../../../src/cards/qualificationCard';
import { SUMMARY_CARD_BUDGET_BYTES, summaryCard, type SummaryRow } from '../../../src/cards/summaryCard';
import { type AdaptiveCardJson } from '../../../src/cards/templates';
import { welcomeCard } from '../../../src/cards/welcomeCard';
import { refreshActionCustomerId, refreshSubmitCustomerId } from '../../../src/conversation/cardActions';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import type { CustomerProfile, CustomerSearchResult, QualificationLookup } from '../../../src/partnerCenter/types';
import { DEMO_EXAMPLES } from '../../../src/demo/sampleCustomers';
import {
  assertContainsText,
  assertDemoBanner,
  assertNoText,
  assertOutsideInRun,
  assertValidCard,
  elements,
  texts,
  type Element,
} from '../../helpers/cards';
import { customerDomain, tenantId, uncheckedTenantId } from '../../helpers/ids';

const ID = tenantId('0c7d6a2e-1f3b-4c5d-8e9f-a0b1c2d3e4f5');
const ID_2 = tenantId('1d8e7b3f-2a4c-4d6e-9fa0-b1c2d3e4f5a6');
const CORRELATION = tenantId('9b2f4e1a-7c3d-4a5b-8e6f-1d2c3b4a5f60');
const base = { locale: 'en-US', demo: false } as const;

function lookup(
  customerId = ID,
  qualifications: QualificationLookup['qualifications'] = [
    { name: 'Education', known: 'Education', vettingStatus: 'Approved' },
  ],
): QualificationLookup {
  return {
    customerId,
    qualifications,
    fetchedAt: new Date('2026-11-30T10:00:00Z'),
    correlationId: CORRELATION,
    requestId: 'r',
    api: 'qualifications',
  };
}

function profile(id = ID, companyName = 'Contoso Ltd', domain = 'contoso.onmicrosoft.com'): CustomerProfile {
  return { id, companyName, domain: customerDomain(domain) };
}

function search(matches: CustomerProfile[], similar: CustomerProfile[] = [], complete = true): CustomerSearchResult {
  return {
    domain: customerDomain('contoso.onmicrosoft.com'),
    matches,
    similar,
    similarCount: similar.length,
    complete,
    ...(!complete && { incompleteBecause: 'morePages' as const }),
    fetchedAt: new Date(),
    correlationId: CORRELATION,
    requestId: 'r',
  };
}

/**
 * Every Action.* in the card (body ActionSets and the card's own actions), depth first, but the
 * "Details" toggle (it only shows the small print; see the tests of that below).
 */
function actions(card: AdaptiveCardJson): Element[] {
  return elements(card).filter(
    (e) => typeof e.type === 'string' && e.type.startsWith('Action.') && e.type !== 'Action.ToggleVisibility',
  );
}

/** The command a button sends as if typed: an Action.Submit with data `{ command }` only (see cards/actions.ts). */
function commandOf(action: Element): string {
  assert.equal(action.type, 'Action.Submit');
  const data = action.data as { command?: unknown };
  assert.deepEqual(Object.keys(data), ['command'], 'no msteams (the Agents Playground cannot click it)');
  assert.equal(typeof data.command, 'string');
  return String(data.command);
}

describe('cards: the result card with company name, Open in Partner Center and Refresh', () => {
  it('shows the company name and domain above the tenant id, as outside text in TextRuns', () => {
    const card = qualificationCard(lookup(), {
      ...base,
      customer: profile(ID, '**Contoso** <b>Ltd</b>', 'contoso.onmicrosoft.com'),
    });
    assertValidCard(card);
    assertOutsideInRun(card, '**Contoso** <b>Ltd</b>');
    assertOutsideInRun(card, 'contoso.onmicrosoft.com');
    const all = texts(card);
    assert.ok(all.indexOf('**Contoso** <b>Ltd</b>') < all.indexOf(ID), 'company name above the id');
    assertNoText(card, 'Company name unavailable');
  });

  it('says "Company name unavailable" when that call failed, and still shows the qualification', () => {
    const card = qualificationCard(lookup(), { ...base, customerUnavailable: true });
    assertValidCard(card);
    assertContainsText(card, 'Company name unavailable');
    assertContainsText(card, 'Education');
  });

  it('never shows the profile of another customer', () => {
    const card = qualificationCard(lookup(), { ...base, customer: profile(ID_2, 'Someone Else') });
    assertNoText(card, 'Someone Else');
  });

  it(
    "has Open in Partner Center (the customer's account page) and Refresh (Action.Execute, with an Action.Submit " +
      'fallback)',
    () => {
      const card = qualificationCard(lookup(tenantId(ID.toUpperCase())), base);
      assertValidCard(card);
      const [open, refresh] = card.actions as Element[];
      assert.equal(open?.type, 'Action.OpenUrl');
      assert.equal(open?.title, 'Open in Partner Center');
      assert.equal(open?.url, `https://partner.microsoft.com/dashboard/commerce2/customers/${ID}/account`);
      assert.equal(refresh?.type, 'Action.Execute');
      assert.equal(refresh?.title, 'Refresh');
      assert.equal(refresh?.verb, REFRESH_QUALIFICATION_VERB);
      assert.deepEqual(refresh?.data, { customerId: ID });
      assert.equal(refreshActionCustomerId({ verb: refresh?.verb, data: refresh?.data }), ID);
      const fallback = refresh?.fallback as Element;
      assert.equal(fallback.type, 'Action.Submit');
      assert.equal(refreshSubmitCustomerId(fallback.data), ID);
    },
  );

  it("has no buttons when the lookup's id is not a well-formed tenant id (nothing outside goes into a URL)", () => {
    const card = qualificationCard(lookup(uncheckedTenantId('not-a-guid')), base);
    assertValidCard(card);
    assert.deepEqual(actions(card), []);
  });

  it('refresh actions: only our verb with a well-formed id is accepted', () => {
    assert.equal(refreshActionCustomerId({ verb: REFRESH_QUALIFICATION_VERB, data: { customerId: ID } }), ID);
    assert.equal(refreshActionCustomerId({ verb: 'somethingElse', data: { customerId: ID } }), undefined);
    assert.equal(
      refreshActionCustomerId({ verb: REFRESH_QUALIFICATION_VERB, data: { customerId: '../../v1/customers' } }),
      undefined,
    );
    assert.equal(refreshActionCustomerId({ verb: REFRESH_QUALIFICATION_VERB }), undefined);
    assert.equal(refreshActionCustomerId(null), undefined);
    assert.equal(refreshSubmitCustomerId({ verb: REFRESH_QUALIFICATION_VERB, customerId: 42 }), undefined);
  });
});

describe('cards: the summary card (several customers)', () => {
  const rows: SummaryRow[] = [
    { state: 'ok', lookup: lookup(ID), customer: profile(ID, 'Contoso Ltd') },
    { state: 'ok', lookup: lookup(ID_2, []) },
    {
      state: 'failed',
      customerId: '00000000-0000-4000-8000-000000000404',
      error: new PartnerCenterError('notFound', 'x', { correlationId: CORRELATION }),
    },
    {
      state: 'failed',
      customerId: '00000000-0000-4000-8000-000000000429',
      error: new PartnerCenterError('throttled', 'x', { correlationId: CORRELATION, retryAfterSeconds: 57 }),
    },
    { state: 'pending', customerId: '00000000-0000-4000-8000-000000000001' },
  ];

  it('one row per customer, in order: company and id, qualification and status, or the failure in its own row', () => {
    const card = summaryCard(rows, { ...base, correlationId: CORRELATION });
    assertValidCard(card);
    const all = texts(card).join('\n');
    assert.match(all, /Looking up qualifications…\n4 of 5 done/);
    assert.match(all, /Contoso Ltd\n0c7d6a2e-1f3b-4c5d-8e9f-a0b1c2d3e4f5\nEducation\s·\s●\sApproved/);
    assert.match(all, new RegExp(`${ID_2}\nNo qualification on record \\(None\\)`));
    assert.match(all, /000000000404\nThis tenant isn't one of your customers/);
    assert.match(all, /000000000429\nPartner Center is busy\. Try again in 57 seconds\./);
    assert.match(all, /000000000001\nLooking up…/);
    assertContainsText(card, CORRELATION);
    assertOutsideInRun(card, 'Contoso Ltd');
  });

  it('when every row is done the header gives the total and how many failed', () => {
    const done = rows.slice(0, 4);
    const card = summaryCard(done, { ...base, correlationId: CORRELATION });
    assertValidCard(card);
    assert.match(texts(card).join('\n'), /Partner Center qualifications\n4 customers, 2 couldn't be looked up/);
    const allOk = summaryCard(rows.slice(0, 2), { ...base, correlationId: CORRELATION });
    assert.match(texts(allOk).join('\n'), /Partner Center qualifications\n2 customers\n/);
  });

  it('in user mode a failure is phrased for the person who asked', () => {
    const failed: SummaryRow = {
      state: 'failed',
      customerId: ID,
      error: new PartnerCenterError('forbidden', 'x', { correlationId: CORRELATION, httpStatus: 403 }),
    };
    const card = summaryCard([failed], { ...base, correlationId: CORRELATION, userSignIn: true });
    assertContainsText(card, "You don't have access to this customer in Partner Center");
    const tokenFailure: SummaryRow = {
      state: 'failed',
      customerId: ID,
      error: new TokenAcquisitionError('unreachable', 'x'),
    };
    assertContainsText(
      summaryCard([tokenFailure], { ...base, correlationId: CORRELATION }),
      "The bot couldn't sign in to Partner Center",
    );
  });

  /** 20 answered customers with this company name, each Education and state-owned entity. */
  function twenty(companyName: string): SummaryRow[] {
    return Array.from({ length: 20 }, (_, i) => {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      return {
        state: 'ok',
        lookup: lookup(tenantId(id), [
          { name: 'Education', known: 'Education', vettingStatus: 'Approved' },
          { name: 'StateOwnedEntity', known: 'StateOwnedEntity' },
        ]),
        customer: profile(tenantId(id), companyName, `${'b'.repeat(60)}.onmicrosoft.com`),
      };
    });
  }

  it("20 customers stay well under Teams' 28 KB message limit: with their row buttons while they fit", () => {
    const budget = SUMMARY_CARD_BUDGET_BYTES;
    assert.ok(budget <= 25_000, 'room under 28 KB for the rest of the message');
    // Usual names: every row keeps its button.
    const usual = summaryCard(twenty('Contoso School District of the Northern Counties'), {
      ...base,
      demo: true,
      correlationId: CORRELATION,
    });
    assertValidCard(usual);
    assert.ok(Buffer.byteLength(JSON.stringify(usual)) <= budget);
    assert.equal(actions(usual).length, 20);
    // The longest names Partner Center may send, Latin or Chinese (three bytes a character):
    // under the budget, without row buttons, then with shorter names.
    for (const name of ['A'.repeat(200), '國'.repeat(200)]) {
      const card = summaryCard(twenty(name), { ...base, demo: true, correlationId: CORRELATION });
      assertValidCard(card);
      const bytes = Buffer.byteLength(JSON.stringify(card));
      assert.ok(bytes <= budget, `${bytes} bytes`);
      assert.equal(actions(card).length, 0, 'no row buttons');
      assert.ok(texts(card).some((t) => t.startsWith(name.slice(0, 20)) && t.endsWith('…')));
    }
    // Latin names over budget keep their full length (120): only the buttons go.
    assert.ok(
      texts(summaryCard(twenty('A'.repeat(200)), { ...base, correlationId: CORRELATION })).includes(
        `${'A'.repeat(119)}…`,
      ),
    );
  });
});

describe('cards: customers found by domain', () => {
  it('several matches: a row per customer (name, domain, id) with a Check button that looks it up', () => {
    const card = customerChoiceCard(search([profile(ID, 'Bellows College'), profile(ID_2, 'Bellows College Alumni')]), {
      ...base,
      correlationId: CORRELATION,
    });
    assertValidCard(card);
    assertContainsText(card, 'Several of your customers use contoso.onmicrosoft.com');
    assertOutsideInRun(card, 'Bellows College Alumni');
    const buttons = actions(card);
    assert.deepEqual(
      buttons.map((b) => b.title),
      ['Check', 'Check'],
    );
    assert.deepEqual(
      buttons.map((b) => parseCommand(commandOf(b))),
      [
        { kind: 'qualification', customerId: ID },
        { kind: 'qualification', customerId: ID_2 },
      ],
    );
  });

  it('lists at most MAX_CUSTOMERS_LISTED and says how many more; says when the search was not complete', () => {
    const many = Array.from({ length: MAX_CUSTOMERS_LISTED + 3 }, (_, i) =>
      profile(tenantId(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`), `Company ${i}`),
    );
    const card = customerChoiceCard(search(many, [], false), { ...base, correlationId: CORRELATION });
    assertValidCard(card);
    assert.equal(actions(card).length, MAX_CUSTOMERS_LISTED);
    assertContainsText(card, '…and 3 more. Ask for them by customer tenant id.');
    assertContainsText(card, 'You have more customers than I searched, so one I didn’t search may have this domain.');
  });

  it('a customer without a company name is shown by its domain, one without either by its id (once)', () => {
    const card = customerChoiceCard(
      search([{ id: ID, domain: customerDomain('contoso.onmicrosoft.com') }, { id: ID_2 }]),
      { ...base, correlationId: CORRELATION },
    );
    assertValidCard(card);
    const all = texts(card);
    assert.equal(all.filter((t) => t === ID_2).length, 1);
    assert.ok(all.includes('contoso.onmicrosoft.com'));
  });

  it(
    'no match: "not found among your customers", the did-you-mean customers with Check buttons, and ' + 'what to do',
    () => {
      const card = domainNotFoundCard(search([], [profile(ID, 'Contoso Schools', 'contososchools.onmicrosoft.com')]), {
        ...base,
        correlationId: CORRELATION,
      });
      assertValidCard(card);
      assertContainsText(card, 'No customer with this domain');
      assertContainsText(card, 'None of your customers in Partner Center has the domain contoso.onmicrosoft.com.');
      assertContainsText(card, 'Did you mean:');
      assert.deepEqual(
        actions(card).map((b) => parseCommand(commandOf(b))),
        [{ kind: 'qualification', customerId: ID }],
      );
      assertContainsText(card, 'Check the spelling');
      const nothingLike = domainNotFoundCard(search([]), { ...base, correlationId: CORRELATION });
      assertValidCard(nothingLike);
      assertNoText(nothingLike, 'Did you mean');
      assert.equal(actions(nothingLike).length, 0);
    },
  );
});

describe('cards: welcome, help, too many, invalid input', () => {
  it('welcome: what the bot does, four clickable examples that the parser understands, and "help"', () => {
    const card = welcomeCard({ ...base, maxCustomers: 20 });
    assertValidCard(card);
    assertContainsText(card, 'Check a customer’s Partner Center qualification');
    const commands = actions(card).map(commandOf);
    assert.deepEqual(
      commands.map((c) => parseCommand(c).kind),
      ['qualification', 'bulkQualification', 'qualificationByDomain', 'qualificationByName'],
    );
    assertContainsText(card, 'Type help at any time');
    assertNoText(card, 'sign in with your work account');
    assertContainsText(welcomeCard({ ...base, signIn: true }), 'sign in with your work account');
  });

  it(
    'help: each kind of lookup with its form and an example button; sign out only in user mode; the limit ' +
      'in the note',
    () => {
      const card = helpCard({ ...base, maxCustomers: 7 });
      assertValidCard(card);
      assertContainsText(card, 'qualification for {customer-tenant-id}');
      assertContainsText(card, 'Up to 7 tenant ids in one message');
      assert.equal(parseCommand(commandOf(actions(card)[0])).kind, 'qualification');
      assertNoText(card, 'sign out —');
      assertContainsText(helpCard({ ...base, signIn: true }), 'sign out — forget your Partner Center sign-in');
    },
  );

  it('help lists the watch commands in both languages, each as the bot reads it', () => {
    const id = '00000000-0000-4000-8000-000000000001';
    for (const [locale, catalog] of [
      ['en-US', enUS],
      ['zh-TW', zhTW],
    ] as const) {
      const card = helpCard({ ...base, locale });
      const kinds = catalog.help.watchCommands.map((line) => {
        assertContainsText(card, line);
        const typed = line.split(' — ')[0].replace(/\{[^}]*\}/, id);
        return parseWatchCommand(typed, 20)?.kind;
      });
      assert.deepEqual(kinds, ['watch', 'unwatch', 'watching'], locale);
    }
  });

  it("demo examples are the simulator's customers, so a click answers", () => {
    const commands = actions(helpCard({ ...base, demo: true, examples: DEMO_EXAMPLES })).map(commandOf);
    assert.deepEqual(commands, [
      `qualification for ${DEMO_EXAMPLES.customerIds[0]}`,
      `qualification for ${DEMO_EXAMPLES.customerIds[0]}, ${DEMO_EXAMPLES.customerIds[1]}`,
      `qualification for ${DEMO_EXAMPLES.domain}`,
      `qualification for ${DEMO_EXAMPLES.companyName}`,
    ]);
    const fallback = actions(helpCard(base)).map(commandOf);
    assert.equal(fallback[0], `qualification for ${EXAMPLE_CUSTOMER_ID}`);
  });

  it('too many customers: says how many were asked for and the limit', () => {
    const card = tooManyCustomersCard(25, 20, base);
    assertValidCard(card);
    assertContainsText(card, 'You asked for 25 customers; I look up at most 20 at a time.');
  });

  it('invalid input names each entry that is not a tenant id', () => {
    const card = invalidCustomerIdCard(`${ID} nope contoso.com`, base, ['nope', 'contoso.com']);
    assertValidCard(card);
    assertContainsText(card, 'These are not customer tenant ids:');
    assertOutsideInRun(card, 'nope');
    assertOutsideInRun(card, 'contoso.com');
  });
});

describe('cards: every template in both languages', () => {
  const zhTitles = new Set<string>();
  const renders: Array<[string, (locale: string) => AdaptiveCardJson]> = [
    ['qualification', (locale) => qualificationCard(lookup(), { locale, demo: true, customer: profile() })],
    [
      'qualification (name unavailable)',
      (locale) => qualificationCard(lookup(ID, []), { locale, demo: false, customerUnavailable: true }),
    ],
    [
      'error',
      (locale) =>
        errorCard(new PartnerCenterError('throttled', 'x', { correlationId: CORRELATION, retryAfterSeconds: 3 }), {
          locale,
          demo: true,
          correlationId: CORRELATION,
          customerId: ID,
        }),
    ],
    [
      'error (user mode)',
      (locale) =>
        errorCard(new TokenAcquisitionError('consentRequired', 'x', 'AADSTS65001'), {
          locale,
          demo: false,
          correlationId: CORRELATION,
          userSignIn: { adminConsentUrl: 'https://login.microsoftonline.com/t/adminconsent?client_id=c' },
        }),
    ],
    ['invalid input', (locale) => invalidCustomerIdCard('nope', { locale, demo: true }, ['nope'])],
    ['too many', (locale) => tooManyCustomersCard(21, 20, { locale, demo: false })],
    ['help', (locale) => helpCard({ locale, demo: true, signIn: true })],
    ['welcome', (locale) => welcomeCard({ locale, demo: true, signIn: true })],
    [
      'summary',
      (locale) =>
        summaryCard(
          [
            { state: 'ok', lookup: lookup(), customer: profile() },
            { state: 'pending', customerId: ID_2 },
          ],
          { locale, demo: true, correlationId: CORRELATION },
        ),
    ],
    [
      'customers (choice)',
      (locale) =>
        customerChoiceCard(search([profile(), profile(ID_2)]), { locale, demo: true, correlationId: CORRELATION }),
    ],
    [
      'customers (not found)',
      (locale) => domainNotFoundCard(search([], [profile()]), { locale, demo: false, correlationId: CORRELATION }),
    ],
  ];

  for (const [name, render] of renders) {
    it(
      `${name}: valid in en-US and zh-TW; the zh-TW card is in Traditional Chinese, with no English of ` +
        `the catalog's`,
      () => {
        const en = render('en-US');
        const zh = render('zh-TW');
        assertValidCard(en);
        assertValidCard(zh);
        const zhText =
          texts(zh).join('\n') +
          actions(zh)
            .map((a) => String(a.title))
            .join('\n');
        assert.match(zhText, /[\u4e00-\u9fff]/, 'Chinese text');
        // The English catalog's own sentences (not product names or outside text) do not appear.
        for (const english of [
          enUS.result.title,
          enUS.help.tryExample,
          enUS.domain.check,
          enUS.result.refresh,
          enUS.summary.pending,
          enUS.summary.checkAgain,
          enUS.result.details,
          enUS.result.noVettingNeeded,
          enUS.demoLabel,
        ]) {
          assert.ok(!zhText.includes(english), `English "${english}" on the zh-TW card`);
        }
        const title = texts(zh).find((t) => t !== zhTW.demoLabel) ?? '';
        zhTitles.add(title);
        assert.notEqual(
          title,
          texts(en).find((t) => t !== enUS.demoLabel),
        );
        if (name.includes('demo') || (en.body[0] as Element).style === 'warning') assertDemoBanner(en, true);
      },
    );
  }

  it("the zh-TW demo label is the catalog's", () => {
    const card = helpCard({ locale: 'zh-TW', demo: true });
    assert.equal(((card.body[0] as Element).items as Element[])[0]?.text, zhTW.demoLabel);
    assert.equal(allCatalogs().length, 2);
  });
});
