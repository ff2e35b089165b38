import assert from 'node:assert/strict';
import { parseCommand } from '../../../src/conversation/commandParser';
import { MAX_CUSTOMERS_LISTED } from '../../../src/cards/customerList';
import { errorCard } from '../../../src/cards/errorCard';
import { helpCard } from '../../../src/cards/helpCard';
import { allCatalogs } from '../../../src/cards/messages/index';
import { nameChoiceCard } from '../../../src/cards/nameChoiceCard';
import { nameNotFoundCard } from '../../../src/cards/nameNotFoundCard';
import { summaryCard, type SummaryRow } from '../../../src/cards/summaryCard';
import { PartnerCenterError } from '../../../src/partnerCenter/errors';
import type { CustomerProfile } from '../../../src/partnerCenter/types';
import {
  assertContainsText,
  assertDemoBanner,
  assertNoText,
  assertOutsideInRun,
  assertValidCard,
  elements,
} from '../../helpers/cards';
import { customerDomain, tenantId } from '../../helpers/ids';
import { nameSearchResult } from '../../helpers/stubSource';

/** The cards of issue 13: by company name, domain rows on the several-customers card, "could not find". */

const base = { locale: 'en-US', demo: false, correlationId: '0f8fad5b-d9cb-469f-a165-70867728950e' } as const;
const ID = tenantId('00000000-0000-4000-8000-000000000001');

function profile(i: number, name: string): CustomerProfile {
  return {
    id: tenantId(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`),
    companyName: name,
    domain: customerDomain(`c${i}.onmicrosoft.com`),
  };
}

function commandsOf(card: unknown): string[] {
  return elements(card)
    .filter((e) => e.type === 'Action.Submit')
    .map((e) => String((e.data as { command?: unknown } | undefined)?.command));
}

describe('cards: by company name', () => {
  it('several: the name in its own run, a Check button per customer that the parser reads as its tenant id', () => {
    const card = nameChoiceCard(
      nameSearchResult('Bellows (College) + Co', [profile(1, 'Bellows A'), profile(2, 'Bellows B')]),
      base,
    );
    assertValidCard(card);
    assertContainsText(card, 'Several of your customers are named');
    assertOutsideInRun(card, 'Bellows (College) + Co');
    assertNoText(card, 'Refine your search');
    assert.deepEqual(
      commandsOf(card).map((c) => parseCommand(c)),
      [
        { kind: 'qualification', customerId: profile(1, '').id },
        { kind: 'qualification', customerId: profile(2, '').id },
      ],
    );
  });

  it(`past ${MAX_CUSTOMERS_LISTED}: how many more, and "refine your search"`, () => {
    const many = Array.from({ length: MAX_CUSTOMERS_LISTED + 4 }, (_, i) => profile(i + 1, `Contoso ${i}`));
    const card = nameChoiceCard(nameSearchResult('Contoso', many), base);
    assertValidCard(card);
    assert.equal(commandsOf(card).length, MAX_CUSTOMERS_LISTED);
    assertContainsText(card, '…and 4 more. Refine your search: type more of the company name');
  });

  it('Partner Center had more: says so, whatever the card lists', () => {
    const card = nameChoiceCard(nameSearchResult('Contoso', [profile(1, 'A'), profile(2, 'B')], false), base);
    assertContainsText(card, 'Partner Center has more customers whose name starts like this');
    assertNoText(card, '…and');
  });

  it('none: "No customer with this name", the name, what to try, and the demo label in demo mode', () => {
    const card = nameNotFoundCard(nameSearchResult('Nobody'), { ...base, demo: true });
    assertValidCard(card);
    assertContainsText(card, 'No customer with this name');
    assertOutsideInRun(card, 'Nobody');
    assertContainsText(card, 'Check the spelling');
    assertDemoBanner(card, true);
  });

  it('a failed search by name: worded for the name, which is shown under its label', () => {
    const notFound = new PartnerCenterError('notFound', 'x', { correlationId: base.correlationId, httpStatus: 404 });
    const card = errorCard(notFound, { ...base, companyName: 'Contoso' });
    assertValidCard(card);
    assertContainsText(card, 'answered the search for this name');
    assertContainsText(card, 'Company name');
    const bad = new PartnerCenterError('badRequest', 'x', { correlationId: base.correlationId, httpStatus: 400 });
    assertContainsText(errorCard(bad, { ...base, companyName: 'Contoso' }), 'Check the company name');
    const forbidden = new PartnerCenterError('forbidden', 'x', { correlationId: base.correlationId, httpStatus: 403 });
    assertContainsText(errorCard(forbidden, { ...base, companyName: 'Contoso' }), "didn't allow searching");
  });

  for (const m of allCatalogs()) {
    it(`renders every by-name card in ${m.locale}`, () => {
      const options = { ...base, locale: m.locale };
      for (const card of [
        nameChoiceCard(nameSearchResult('Contoso', [profile(1, 'A'), profile(2, 'B')], false), options),
        nameNotFoundCard(nameSearchResult('Contoso'), options),
        helpCard({ ...options, notUnderstood: 'what is <b>this</b>' }),
      ]) {
        assertValidCard(card);
      }
      assertContainsText(nameNotFoundCard(nameSearchResult('Contoso'), options), m.byName.notFoundTitle);
    });
  }
});

describe('cards: domains on the several-customers card', () => {
  it('a domain being searched, one nobody has, one several share, one whose search failed: each in its row', () => {
    const rows: SummaryRow[] = [
      { state: 'pending', domain: 'pending.onmicrosoft.com' },
      { state: 'domainNotResolved', domain: 'nobody.onmicrosoft.com', matches: 0 },
      { state: 'domainNotResolved', domain: 'shared.onmicrosoft.com', matches: 3 },
      {
        state: 'domainFailed',
        domain: 'failed.onmicrosoft.com',
        error: new PartnerCenterError('notFound', 'x', { correlationId: base.correlationId }),
      },
      { state: 'failed', customerId: ID, error: new PartnerCenterError('notFound', 'x', { correlationId: 'c' }) },
    ];
    const card = summaryCard(rows, base);
    assertValidCard(card);
    assertContainsText(card, 'Looking up qualifications…');
    for (const domain of ['pending', 'nobody', 'shared', 'failed'])
      assertOutsideInRun(card, `${domain}.onmicrosoft.com`);
    assertContainsText(card, 'No customer with this domain. Ask by its customer tenant id.');
    assertContainsText(card, '3 customers have this domain');
    // A search is about no one customer: its failure is worded for a search; the id's row for the tenant.
    assertContainsText(card, "Partner Center couldn't answer the search");
    assertContainsText(card, "This tenant isn't one of your customers");
    const done = summaryCard(rows.slice(1), base);
    assertContainsText(done, '4 customers, 4 couldn');
  });
});

describe('cards: the help card after a message the bot could not read', () => {
  it('begins by quoting what was typed, as outside text, then the usual help', () => {
    const card = helpCard({ ...base, notUnderstood: 'what is the *weather* ${x}' });
    assertValidCard(card);
    assertContainsText(card, 'I couldn’t find a customer tenant id, domain, Partner Center link or company name in');
    assertContainsText(card, 'By company name');
    const first = elements(card).find((e) => e.type === 'RichTextBlock');
    assert.ok(first !== undefined, 'the line is a RichTextBlock');
    assert.match(JSON.stringify(first), /weather/);
    assert.match(String(card.fallbackText), /^I couldn’t find/);
  });

  it('help as asked has no such line', () => {
    assertNoText(helpCard(base), 'couldn’t find');
  });
});
