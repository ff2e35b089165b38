import assert from 'node:assert/strict';
import { customerChoiceCard } from '../../../src/cards/customerChoiceCard';
import { domainNotFoundCard } from '../../../src/cards/domainNotFoundCard';
import { errorCard } from '../../../src/cards/errorCard';
import { helpCard } from '../../../src/cards/helpCard';
import { invalidCustomerIdCard } from '../../../src/cards/invalidInputCard';
import { enUS, zhTW } from '../../../src/cards/messages';
import { qualificationCard } from '../../../src/cards/qualificationCard';
import { summaryCard, type SummaryRow } from '../../../src/cards/summaryCard';
import type { AdaptiveCardJson } from '../../../src/cards/templates';
import { tooManyCustomersCard } from '../../../src/cards/tooManyCustomersCard';
import { welcomeCard } from '../../../src/cards/welcomeCard';
import { parseCommand } from '../../../src/conversation/commandParser';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import type { CustomerProfile, CustomerSearchResult, QualificationLookup } from '../../../src/partnerCenter/types';
import { assertDemoBanner, assertValidCard, elements, texts, type Element } from '../../helpers/cards';
import { customerDomain, tenantId } from '../../helpers/ids';

/**
 * What the person sees on the cards that answer (issue 13): the correlation id behind "Details"
 * on success cards (still in plain sight on error cards), "no vetting needed" where Partner Center
 * gives no vetting status, when a several-customer card was fetched, the company (or domain) on
 * its failed rows and a button per row, the demo label on every card, and a demo "Open in Partner
 * Center" that says it opens the real dashboard.
 */

const ID = tenantId('0c7d6a2e-1f3b-4c5d-8e9f-a0b1c2d3e4f5');
const ID_2 = tenantId('1d8e7b3f-2a4c-4d6e-9fa0-b1c2d3e4f5a6');
const ID_3 = tenantId('2e9f8c4a-3b5d-4e6f-8a1b-c2d3e4f5a6b7');
const CORRELATION = '9b2f4e1a-7c3d-4a5b-8e6f-1d2c3b4a5f60';
const base = { locale: 'en-US', demo: false } as const;

function lookup(
  customerId = ID,
  qualifications: QualificationLookup['qualifications'] = [
    { name: 'Education', known: 'Education', vettingStatus: 'Approved' },
  ],
  fetchedAt = new Date('2026-11-30T10:00:00Z'),
): QualificationLookup {
  return { customerId, qualifications, fetchedAt, correlationId: CORRELATION, requestId: 'r', api: 'qualifications' };
}

function profile(id = ID, companyName?: string, domain?: string): CustomerProfile {
  return {
    id,
    ...(companyName !== undefined && { companyName }),
    ...(domain !== undefined && { domain: customerDomain(domain) }),
  };
}

function search(matches: CustomerProfile[], similar: CustomerProfile[] = []): CustomerSearchResult {
  return {
    domain: customerDomain('bellowscollege.onmicrosoft.com'),
    matches,
    similar,
    similarCount: similar.length,
    complete: true,
    fetchedAt: new Date(),
    correlationId: CORRELATION,
    requestId: 'r',
  };
}

/** The line texts inside the element with this id, and the element. */
function byId(card: AdaptiveCardJson, id: string): Element {
  const found = elements(card.body).find((e) => e.id === id);
  assert.ok(found, `no element with id "${id}"`);
  return found;
}

/** The texts the reader sees without clicking anything (hidden elements and their contents left out). */
function visibleTexts(card: AdaptiveCardJson): string[] {
  const strip = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.filter((n) => (n as Element).isVisible !== false).map(strip);
    if (node && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, strip(value)]));
    return node;
  };
  return texts(strip(card) as AdaptiveCardJson);
}

/** The correlation id is hidden small print that the card's "Details" button shows. */
function assertCorrelationBehindDetails(card: AdaptiveCardJson, details = 'Details'): void {
  assertValidCard(card);
  const hidden = byId(card, 'details');
  assert.equal(hidden.isVisible, false);
  assert.ok(
    texts({ ...card, body: [hidden] }).some((t) => t.includes(CORRELATION)),
    'the correlation id is in the details',
  );
  assert.ok(!visibleTexts(card).some((t) => t.includes(CORRELATION)), 'and not in plain sight');
  const toggles = elements(card.actions).filter((e) => e.type === 'Action.ToggleVisibility');
  assert.deepEqual(
    toggles.map((t) => [t.title, t.targetElements]),
    [[details, ['details']]],
  );
}

describe('cards: the correlation id of an answer is behind "Details"; an error card shows it', () => {
  it('result card: "Fetched …" stays in sight, the correlation id is one click away', () => {
    const card = qualificationCard(lookup(), base);
    assertCorrelationBehindDetails(card);
    assert.ok(visibleTexts(card).some((t) => t.startsWith('Fetched {{DATE(2026-11-30T10:00:00Z, SHORT)}}')));
    assert.deepEqual(
      (card.actions as Element[]).map((a) => a.title),
      ['Open in Partner Center', 'Refresh', 'Watch', 'Details'],
    );
    assertCorrelationBehindDetails(qualificationCard(lookup(), { ...base, locale: 'zh-TW' }), zhTW.result.details);
  });

  it('summary, choice and did-you-mean cards too', () => {
    assertCorrelationBehindDetails(
      summaryCard([{ state: 'ok', lookup: lookup() }], { ...base, correlationId: CORRELATION }),
    );
    assertCorrelationBehindDetails(
      customerChoiceCard(search([profile(ID, 'Bellows College'), profile(ID_2, 'Bellows Alumni')]), {
        ...base,
        correlationId: CORRELATION,
      }),
    );
    assertCorrelationBehindDetails(
      domainNotFoundCard(search([], [profile(ID, 'Contoso')]), { ...base, correlationId: CORRELATION }),
    );
  });

  it('an error card keeps it in plain sight, for support', () => {
    const card = errorCard(new PartnerCenterError('unavailable', 'x', { correlationId: CORRELATION }), {
      ...base,
      correlationId: CORRELATION,
      customerId: ID,
    });
    assertValidCard(card);
    assert.ok(visibleTexts(card).includes(`Correlation id: ${CORRELATION}`));
    assert.ok(!JSON.stringify(card).includes('Action.ToggleVisibility'));
  });
});

describe('cards: a qualification without a vetting status says so, never looks pending', () => {
  const soe = { name: 'StateOwnedEntity', known: 'StateOwnedEntity' } as const;
  const nonprofit = { name: 'Nonprofit', known: 'Nonprofit' } as const;

  it('state-owned entity: "No vetting needed"; another without status: "No vetting status given"', () => {
    const card = qualificationCard(lookup(ID, [soe, nonprofit]), base);
    assertValidCard(card);
    const all = texts(card);
    assert.ok(all.indexOf('No vetting needed') > all.indexOf('State-owned entity'));
    assert.ok(all.indexOf('No vetting status given') > all.indexOf('Nonprofit'));
    assert.equal(
      card.fallbackText,
      `Partner Center qualification for ${ID}: State-owned entity (No vetting needed), ` +
        'Nonprofit (No vetting status given)',
    );
  });

  it('a qualification with a status, and a None row, get no such note', () => {
    const card = qualificationCard(
      lookup(ID, [
        { name: 'Education', known: 'Education', vettingStatus: 'InReview' },
        { name: 'None', known: 'None', vettingReason: 'Not an Education Customer' },
      ]),
      base,
    );
    assert.ok(!texts(card).some((t) => t.startsWith('No vetting')));
  });

  it('the summary card says the same on the qualification line, in both languages', () => {
    const en = summaryCard([{ state: 'ok', lookup: lookup(ID, [soe]) }], { ...base, correlationId: CORRELATION });
    assert.ok(texts(en).includes('State-owned entity\u00A0·\u00A0No vetting needed'));
    const zh = summaryCard([{ state: 'ok', lookup: lookup(ID, [soe]) }], {
      ...base,
      locale: 'zh-TW',
      correlationId: CORRELATION,
    });
    assertValidCard(zh);
    assert.ok(texts(zh).includes(`${zhTW.qualifications.StateOwnedEntity}\u00A0·\u00A0${zhTW.result.noVettingNeeded}`));
  });
});

describe('cards: the several-customers card', () => {
  const rows: SummaryRow[] = [
    { state: 'ok', lookup: lookup(ID, undefined, new Date('2026-11-30T10:00:00Z')), customer: profile(ID, 'Contoso') },
    {
      state: 'failed',
      customerId: ID_2,
      error: new PartnerCenterError('throttled', 'x', { correlationId: CORRELATION, retryAfterSeconds: 5 }),
      customer: profile(ID_2, 'Fabrikam University', 'fabrikam.onmicrosoft.com'),
    },
    {
      state: 'failed',
      customerId: ID_3,
      error: new PartnerCenterError('unavailable', 'x', { correlationId: CORRELATION }),
      customer: profile(ID_3, undefined, 'northwind.onmicrosoft.com'),
    },
  ];

  it('says when it was fetched (the newest answer), and nothing while none has arrived', () => {
    const later = lookup(ID_2, undefined, new Date('2026-11-30T10:00:07Z'));
    const card = summaryCard([rows[0], { state: 'ok', lookup: later }], { ...base, correlationId: CORRELATION });
    assert.ok(
      visibleTexts(card).includes('Fetched {{DATE(2026-11-30T10:00:07Z, SHORT)}} {{TIME(2026-11-30T10:00:07Z)}}'),
    );
    const pending = summaryCard([{ state: 'pending', customerId: ID }], { ...base, correlationId: CORRELATION });
    assertValidCard(pending);
    assert.ok(!texts(pending).some((t) => t.startsWith('Fetched')));
  });

  it('a failed row shows the company name, else the domain, when known, above the tenant id', () => {
    const all = texts(summaryCard(rows, { ...base, correlationId: CORRELATION }));
    assert.deepEqual(all.slice(all.indexOf('Fabrikam University'), all.indexOf('Fabrikam University') + 3), [
      'Fabrikam University',
      ID_2,
      'Partner Center is busy. Try again in 5 seconds.',
    ]);
    assert.deepEqual(
      all.slice(all.indexOf('northwind.onmicrosoft.com'), all.indexOf('northwind.onmicrosoft.com') + 2),
      ['northwind.onmicrosoft.com', ID_3],
    );
  });

  it("each row that is done has a button for that customer's own card: Check again, or Try again if it failed", () => {
    const card = summaryCard([...rows, { state: 'pending', customerId: tenantId(ID.replace('0c', '0d')) }], {
      ...base,
      correlationId: CORRELATION,
    });
    assertValidCard(card);
    const buttons = elements(card.body).filter((e) => e.type === 'Action.Submit');
    assert.deepEqual(
      buttons.map((b) => [b.title, parseCommand((b.data as { command: string }).command)]),
      [
        ['Check again', { kind: 'qualification', customerId: ID }],
        ['Try again', { kind: 'qualification', customerId: ID_2 }],
        ['Try again', { kind: 'qualification', customerId: ID_3 }],
      ],
      'none on the row still being looked up',
    );
    const zh = summaryCard(rows, { ...base, locale: 'zh-TW', correlationId: CORRELATION });
    assert.deepEqual(
      elements(zh.body)
        .filter((e) => e.type === 'Action.Submit')
        .map((b) => b.title),
      [zhTW.summary.checkAgain, zhTW.summary.tryAgain, zhTW.summary.tryAgain],
    );
  });
});

describe('cards: demo mode', () => {
  it('"Open in Partner Center" says it opens the real dashboard (which has no sample customers)', () => {
    for (const [m, locale] of [
      [enUS, 'en-US'],
      [zhTW, 'zh-TW'],
    ] as const) {
      const demo = qualificationCard(lookup(), { locale, demo: true });
      const real = qualificationCard(lookup(), { locale, demo: false });
      const [demoOpen] = demo.actions as Element[];
      const [realOpen] = real.actions as Element[];
      assert.equal(demoOpen?.title, m.result.openInRealPartnerCenter);
      assert.equal(realOpen?.title, m.result.openInPartnerCenter);
      assert.notEqual(demoOpen?.title, realOpen?.title);
      assert.equal(demoOpen?.url, realOpen?.url);
    }
  });

  const everyCard: Array<[string, (locale: string) => AdaptiveCardJson]> = [
    ['result', (locale) => qualificationCard(lookup(), { locale, demo: true })],
    [
      'summary',
      (locale) => summaryCard([{ state: 'ok', lookup: lookup() }], { locale, demo: true, correlationId: CORRELATION }),
    ],
    [
      'choice',
      (locale) =>
        customerChoiceCard(search([profile(ID), profile(ID_2)]), { locale, demo: true, correlationId: CORRELATION }),
    ],
    ['did you mean', (locale) => domainNotFoundCard(search([]), { locale, demo: true, correlationId: CORRELATION })],
    [
      'error',
      (locale) =>
        errorCard(new PartnerCenterError('notFound', 'x', { correlationId: CORRELATION }), {
          locale,
          demo: true,
          correlationId: CORRELATION,
        }),
    ],
    ['invalid input', (locale) => invalidCustomerIdCard('nope', { locale, demo: true }, ['nope'])],
    ['too many', (locale) => tooManyCustomersCard(21, 20, { locale, demo: true })],
    ['help', (locale) => helpCard({ locale, demo: true })],
    ['welcome', (locale) => welcomeCard({ locale, demo: true })],
  ];
  for (const [name, render] of everyCard) {
    it(`the demo label is on the ${name} card, first, in both languages`, () => {
      for (const locale of ['en-US', 'zh-TW']) {
        const card = render(locale);
        assertValidCard(card);
        if (locale === 'en-US') assertDemoBanner(card, true);
        else assert.equal(((card.body[0] as Element).items as Element[])[0]?.text, zhTW.demoLabel);
      }
    });
  }
});
