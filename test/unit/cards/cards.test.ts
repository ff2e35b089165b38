import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { Template } from 'adaptivecards-templating';
import sinon from 'sinon';
import { join } from 'node:path';
import { TokenAcquisitionError, type TokenFailureReason } from '../../../src/auth/tokenProvider';
import { errorCard } from '../../../src/cards/errorCard';
import { invalidCustomerIdCard } from '../../../src/cards/invalidInputCard';
import { ZERO_WIDTH_BREAK } from '../../../src/cards/escape';
import { helpCard } from '../../../src/cards/helpCard';
import { EXAMPLE_CUSTOMER_ID } from '../../../src/cards/messages/index';
import { qualificationCard } from '../../../src/cards/qualificationCard';
import { cardsFolder, type AdaptiveCardJson } from '../../../src/cards/templates';
import { normaliseCustomerId } from '../../../src/partnerCenter/customerId';
import { normaliseQualifications } from '../../../src/partnerCenter/normalise';
import { SAMPLE_CUSTOMERS, isFailingCustomer } from '../../../src/demo/sampleCustomers';
import { PartnerCenterError, type PartnerCenterErrorKind } from '../../../src/partnerCenter/errors';
import type { Qualification, QualificationLookup } from '../../../src/partnerCenter/types';
import {
  AC_DATE,
  AC_TIME,
  type Element,
  elements,
  textBlocks,
  textRuns,
  lineText,
  texts,
  textBlock,
  lineElement,
  textRun,
  assertHasText,
  assertContainsText,
  assertNoText,
  assertValidCard,
  assertDemoBanner,
  shown,
  assertOutsideInRun,
  assertNoEscapingArtefacts,
} from '../../helpers/cards';
import { tenantId, uncheckedTenantId } from '../../helpers/ids';

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const CUSTOMER = tenantId('0c7d6a2e-1f3b-4c5d-8e9f-a0b1c2d3e4f5');
const CORRELATION = tenantId('9b2f4e1a-7c3d-4a5b-8e6f-1d2c3b4a5f60');

function lookup(qualifications: Qualification[], overrides: Partial<QualificationLookup> = {}): QualificationLookup {
  return {
    customerId: CUSTOMER,
    qualifications,
    fetchedAt: new Date('2024-05-06T19:59:56.789Z'),
    correlationId: CORRELATION,
    requestId: 'req-1',
    api: 'qualifications',
    ...overrides,
  };
}

/**
 * The rows of a result card: [label, status text or undefined, marker colour or undefined].
 * The status text itself is never coloured (Good/Warning text is unreadable on Teams' white);
 * a known status has a coloured ● marker run in front of it. A row without a status has a
 * subtle note instead ("No vetting needed"): [label, `(note)`, undefined].
 */
function rows(card: AdaptiveCardJson): Array<[string, string | undefined, unknown]> {
  return elements(card.body)
    .filter((e) => e.type === 'ColumnSet')
    .map((set) => {
      const columns = set.columns as Element[];
      const labelBlock = (columns[0]?.items as Element[])[0];
      assert.equal(labelBlock.type, 'RichTextBlock', 'the label may be outside text: a TextRun');
      const label = lineText(labelBlock) ?? '';
      const statusBlock = columns[1] ? (columns[1].items as Element[])[0] : undefined;
      if (statusBlock === undefined) return [label, undefined, undefined];
      if (statusBlock.type === 'TextBlock') {
        assert.equal(statusBlock.isSubtle, true, 'the note in place of a status is subtle');
        return [label, `(${String(statusBlock.text)})`, undefined];
      }
      assert.equal(statusBlock.type, 'RichTextBlock');
      const runs = statusBlock.inlines as Element[];
      const statusRun = runs[runs.length - 1];
      assert.equal(statusRun.color, undefined, 'status text is default-coloured');
      assert.equal(statusRun.weight, 'Bolder');
      const marker = runs.length > 1 ? runs[0] : undefined;
      // ● for a known status (coloured); ○ for one the bot doesn't know (default colour).
      if (marker) assert.equal(String(marker.text).trim(), marker.color === 'Default' ? '○' : '●');
      return [label, String(statusRun.text), marker?.color];
    });
}

// ---------------------------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------------------------

describe('cards: templates', () => {
  const names = ['qualification', 'error', 'help', 'summary', 'customers', 'welcome'];

  it('live in the top-level cards/ folder found from src/cards', () => {
    const folder = cardsFolder();
    assert.equal(folder, join(__dirname, '..', '..', '..', 'cards'));
    for (const name of names) assert.ok(existsSync(join(folder, `${name}.json`)), `${name}.json`);
  });

  for (const name of names) {
    it(`${name}.json declares the schema, AdaptiveCard and a version ≤ 1.5, and has no words of its own`, () => {
      const template = JSON.parse(readFileSync(join(cardsFolder(), `${name}.json`), 'utf8')) as Element;
      assert.equal(template.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
      assert.equal(template.type, 'AdaptiveCard');
      assert.match(String(template.version), /^1\.[0-5]$/);
      // All human text comes from the message catalog: every text is one binding.
      const bound = [
        template.fallbackText,
        ...elements(template.body)
          .filter((e) => 'text' in e)
          .map((e) => e.text),
      ];
      assert.ok(bound.length > 3);
      for (const text of bound)
        assert.match(String(text), /^\$\{(\$root\.)?[A-Za-z]+\}$/, `literal text in ${name}.json: ${String(text)}`);
    });
  }

  it('the validator helper rejects a broken card (so the checks below can fail)', () => {
    const broken = {
      type: 'AdaptiveCard',
      version: '1.4',
      body: [{ type: 'TextBlock', text: 'x', size: 'gigantic' }, { type: 'FancyWidget' }],
    };
    assert.throws(() => assertValidCard(broken), /parse events/);
    assert.throws(() => assertValidCard({ ...broken, body: [], version: '1.6' }), /above 1\.5/);
    assert.throws(
      () => assertValidCard({ ...broken, body: [{ type: 'TextBlock', text: 'x', style: 'heading' }] }),
      /1\.4/,
    );
    assert.throws(() => assertValidCard({ ...broken, body: [{ type: 'TextBlock', text: '${oops}' }] }), /unexpanded/);
  });

  it('expanding one template twice with different data does not leak between cards (cache is not mutated)', () => {
    const a = helpCard({ demo: true });
    const b = helpCard({ demo: false });
    assertDemoBanner(a, true);
    assertDemoBanner(b, false);
    assert.notDeepEqual(a, b);
  });

  it(
    'an expanded card is kept: the next card with the same data but its own correlation id and time costs ' +
      'no expansion',
    () => {
      // A reason no other test uses: the kept cards are shared by the whole process (every spec file).
      const approved = {
        name: 'Education',
        known: 'Education',
        vettingStatus: 'Approved',
        vettingReason: 'a card only this test asks for',
      } as const;
      const expand = sinon.spy(Template.prototype, 'expand');
      try {
        const id = tenantId('7e57ca11-0000-4000-8000-00000000ca5e');
        const first = qualificationCard(
          lookup([approved], {
            customerId: id,
            correlationId: '11111111-1111-4111-8111-111111111111',
          }),
          { locale: 'en-US', demo: false },
        );
        const second = qualificationCard(
          lookup([approved], {
            customerId: id,
            correlationId: '22222222-2222-4222-8222-222222222222',
            fetchedAt: new Date('2026-12-01T08:00:00Z'),
          }),
          { locale: 'en-US', demo: false },
        );
        assert.equal(expand.callCount, 1, 'the second card came from the cache');
        assertContainsText(first, '11111111-1111-4111-8111-111111111111');
        assertContainsText(second, '22222222-2222-4222-8222-222222222222');
        assertNoText(second, '11111111-1111-4111-8111-111111111111');
        assertHasText(second, 'Fetched {{DATE(2026-12-01T08:00:00Z, SHORT)}} {{TIME(2026-12-01T08:00:00Z)}}');
        assertValidCard(second);
        // Every card is its own object: changing one leaves the cache and the others alone.
        (second.body as unknown[]).length = 0;
        const third = qualificationCard(lookup([approved], { customerId: id }), { locale: 'en-US', demo: false });
        assert.deepEqual(third.body.length, first.body.length);
        // Other data is another card.
        const denied = qualificationCard(lookup([{ ...approved, vettingStatus: 'Denied' }], { customerId: id }), {
          locale: 'en-US',
          demo: false,
        });
        assert.equal(expand.callCount, 2);
        assertContainsText(denied, 'Denied');
      } finally {
        expand.restore();
      }
    },
  );
});

// ---------------------------------------------------------------------------------------------
// Result card
// ---------------------------------------------------------------------------------------------

describe('cards: qualificationCard', () => {
  it('approved without a date: label, green status, no reason or date line', () => {
    const card = qualificationCard(lookup([{ name: 'Education', known: 'Education', vettingStatus: 'Approved' }]), {
      demo: false,
    });
    assertValidCard(card);
    assert.deepEqual(rows(card), [['Education', 'Approved', 'Good']]);
    assertNoText(card, 'Reason:');
    assertNoText(card, 'Vetting date:');
    assertNoText(card, 'No qualification on record');
  });

  it('header: title, customer tenant id in monospace, footer with local fetched time and correlation id', () => {
    const card = qualificationCard(lookup([{ name: 'Education', known: 'Education', vettingStatus: 'Approved' }]), {
      demo: false,
    });
    assertValidCard(card);
    assert.equal(textBlock(card, 'Partner Center qualification').weight, 'Bolder');
    assertHasText(card, 'Customer tenant id');
    assert.equal(textRun(card, CUSTOMER).fontType, 'Monospace');
    const fetched = 'Fetched {{DATE(2024-05-06T19:59:56Z, SHORT)}} {{TIME(2024-05-06T19:59:56Z)}}';
    assertHasText(card, fetched);
    // The markup is exactly what the Adaptive Cards text formatter accepts (else it shows raw).
    assert.equal(fetched.replace(AC_DATE, 'D').replace(AC_TIME, 'T'), 'Fetched D T');
    assertHasText(card, `Correlation id: ${CORRELATION}`);
    assert.match(String(card.fallbackText), /Education \(Approved\)/);
  });

  it('in review with a date: amber "In review" and a DATE() the renderer accepts (fraction dropped)', () => {
    const card = qualificationCard(
      lookup([
        {
          name: 'Education',
          known: 'Education',
          vettingStatus: 'InReview',
          vettingCreateDate: '2020-12-03T10:37:38.885Z',
        },
      ]),
      { demo: false },
    );
    assertValidCard(card);
    assert.deepEqual(rows(card), [['Education', 'In review', 'Warning']]);
    const dateLine = 'Vetting date: {{DATE(2020-12-03T10:37:38Z, SHORT)}}';
    assertHasText(card, dateLine);
    assert.equal(dateLine.replace(AC_DATE, 'D'), 'Vetting date: D');
  });

  it('denied with a reason: red status, reason line', () => {
    const card = qualificationCard(
      lookup([
        {
          name: 'Education',
          known: 'Education',
          vettingStatus: 'Denied',
          vettingReason: 'Not an Education Customer',
          vettingCreateDate: '2020-12-03T10:37:38.885Z',
        },
      ]),
      { demo: false },
    );
    assertValidCard(card);
    assert.deepEqual(rows(card), [['Education', 'Denied', 'Attention']]);
    assertHasText(card, 'Reason: Not an Education Customer');
    assertHasText(card, 'Vetting date: {{DATE(2020-12-03T10:37:38Z, SHORT)}}');
  });

  it(
    'GCC approved + state-owned entity: two rows, the SOE row has no status; +00:00 and 7 fraction ' + 'digits handled',
    () => {
      const card = qualificationCard(
        lookup([
          {
            name: 'GovernmentCommunityCloud',
            known: 'GovernmentCommunityCloud',
            vettingStatus: 'Approved',
            vettingCreateDate: '2021-05-06T19:59:56.6832021+00:00',
          },
          { name: 'StateOwnedEntity', known: 'StateOwnedEntity' },
        ]),
        { demo: false },
      );
      assertValidCard(card);
      assert.deepEqual(rows(card), [
        ['Government Community Cloud (GCC)', 'Approved', 'Good'],
        ['State-owned entity', '(No vetting needed)', undefined],
      ]);
      assertHasText(card, 'Vetting date: {{DATE(2021-05-06T19:59:56Z, SHORT)}}');
    },
  );

  it('a date with a non-UTC offset is converted to UTC for DATE()', () => {
    const card = qualificationCard(
      lookup([
        {
          name: 'Education',
          known: 'Education',
          vettingStatus: 'Approved',
          vettingCreateDate: '2021-05-07T01:29:56+05:30',
        },
      ]),
      { demo: false },
    );
    assertValidCard(card);
    assertHasText(card, 'Vetting date: {{DATE(2021-05-06T19:59:56Z, SHORT)}}');
  });

  it('state-owned entity only: one row without status, saying no vetting is needed (not pending)', () => {
    const card = qualificationCard(lookup([{ name: 'StateOwnedEntity', known: 'StateOwnedEntity' }]), { demo: false });
    assertValidCard(card);
    assert.deepEqual(rows(card), [['State-owned entity', '(No vetting needed)', undefined]]);
    assertNoText(card, 'No qualification on record');
  });

  it('Nonprofit uses its label', () => {
    const card = qualificationCard(lookup([{ name: 'Nonprofit', known: 'Nonprofit', vettingStatus: 'Approved' }]), {
      demo: false,
    });
    assertValidCard(card);
    assert.deepEqual(rows(card), [['Nonprofit', 'Approved', 'Good']]);
  });

  it('empty list: a clear "No qualification on record (None)" and no rows', () => {
    const card = qualificationCard(lookup([]), { demo: false });
    assertValidCard(card);
    assert.deepEqual(rows(card), []);
    assert.equal(textBlock(card, 'No qualification on record (None)').weight, 'Bolder');
    assertContainsText(card, 'Partner Center lists no');
    assertHasText(card, CUSTOMER);
    assert.match(String(card.fallbackText), /No qualification on record \(None\)/);
  });

  it('a bare None entry is the same as an empty list', () => {
    const card = qualificationCard(lookup([{ name: 'None', known: 'None' }]), { demo: false });
    assertValidCard(card);
    assert.deepEqual(rows(card), []);
    assertHasText(card, 'No qualification on record (None)');
  });

  it('None with vetting information is shown as a row labelled None', () => {
    const card = qualificationCard(lookup([{ name: 'None', known: 'None', vettingStatus: 'Denied' }]), { demo: false });
    assertValidCard(card);
    assert.deepEqual(rows(card), [['None', 'Denied', 'Attention']]);
  });

  it('an unknown value is split into words for reading, with the exact value sent shown under it', () => {
    const card = qualificationCard(lookup([{ name: 'HealthcareProvider', vettingStatus: 'Approved' }]), {
      demo: false,
    });
    assertValidCard(card);
    assert.deepEqual(rows(card), [['Healthcare Provider', 'Approved', 'Good']]);
    const sentAs = lineElement(card, 'As sent by Partner Center: HealthcareProvider');
    assert.equal(sentAs.type, 'RichTextBlock');
    // The exact value is a run of its own (monospace), so it is there as Partner Center sent it.
    assert.equal(assertOutsideInRun(card, 'HealthcareProvider').fontType, 'Monospace');
    assert.match(String(card.fallbackText), /HealthcareProvider \(Approved\)/);
  });

  it(
    'an unknown value and an unknown status are never mapped: "Other status" with a neutral marker, and the status ' +
      'as sent under it',
    () => {
      const card = qualificationCard(
        lookup([{ name: 'FutureProgram', vettingStatus: 'OnHold', vettingReason: 'Waiting for documents' }]),
        { demo: false },
      );
      assertValidCard(card);
      assert.deepEqual(rows(card), [['Future Program', 'Other status', 'Default']]);
      assertOutsideInRun(card, 'FutureProgram');
      assert.equal(assertOutsideInRun(card, 'OnHold').fontType, 'Monospace');
      assertHasText(card, 'Status as Partner Center gives it: OnHold');
      assertHasText(card, 'Reason: Waiting for documents');
      assert.match(String(card.fallbackText), /FutureProgram \(OnHold\)/);
    },
  );

  it('an unknown value that is already readable is shown once, as sent', () => {
    const card = qualificationCard(lookup([{ name: 'Healthcare', vettingStatus: 'Approved' }]), { demo: false });
    assertValidCard(card);
    assert.deepEqual(rows(card), [['Healthcare', 'Approved', 'Good']]);
    assertNoText(card, 'As sent by Partner Center');
  });

  it(
    'status text is bold and default-coloured, with a coloured marker (Good/Warning text is ' + 'unreadable on white)',
    () => {
      const card = qualificationCard(
        lookup([
          { name: 'Education', known: 'Education', vettingStatus: 'Approved' },
          { name: 'Nonprofit', known: 'Nonprofit', vettingStatus: 'InReview' },
        ]),
        { demo: false },
      );
      assertValidCard(card);
      for (const block of textBlocks(card))
        assert.ok(!['Good', 'Warning'].includes(String(block.color)), String(block.text));
      const coloured = textRuns(card).filter((r) => r.color !== undefined);
      assert.deepEqual(
        coloured.map((r) => [String(r.text).trim(), r.color]),
        [
          ['●', 'Good'],
          ['●', 'Warning'],
        ],
      );
    },
  );

  it('known statuses are matched whatever their case or spacing', () => {
    const card = qualificationCard(
      lookup([
        { name: 'Education', known: 'Education', vettingStatus: 'approved' },
        { name: 'Nonprofit', known: 'Nonprofit', vettingStatus: 'In Review' },
        { name: 'GovernmentCommunityCloud', known: 'GovernmentCommunityCloud', vettingStatus: 'DENIED' },
      ]),
      { demo: false },
    );
    assertValidCard(card);
    assert.deepEqual(
      rows(card).map(([, status, color]) => [status, color]),
      [
        ['Approved', 'Good'],
        ['In review', 'Warning'],
        ['Denied', 'Attention'],
      ],
    );
  });

  it('a non-ISO date like "07/09/2020: 00:00:00" is shown as sent, not as DATE()', () => {
    const card = qualificationCard(
      lookup([
        { name: 'Education', known: 'Education', vettingStatus: 'Approved', vettingCreateDate: '07/09/2020: 00:00:00' },
      ]),
      { demo: false },
    );
    assertValidCard(card);
    assertHasText(card, 'Vetting date: 07/09/2020: 00:00:00');
    assert.equal(texts(card).filter((t) => t.includes('{{DATE(')).length, 1, 'only the footer uses DATE()');
  });

  it('a blank status/reason/date adds no empty lines', () => {
    const card = qualificationCard(
      lookup([
        { name: 'Education', known: 'Education', vettingStatus: '  ', vettingReason: '', vettingCreateDate: '' },
      ]),
      { demo: false },
    );
    assertValidCard(card);
    assert.deepEqual(rows(card), [['Education', '(No vetting status given)', undefined]]);
    assertNoText(card, 'Reason:');
    assertNoText(card, 'Vetting date:');
  });

  it(
    'markdown, HTML, mentions and template/date expressions from Partner Center are shown literally, ' + 'in TextRuns',
    () => {
      const evil = '[click](http://evil) **x** _y_ ${name} <at>Bob</at> {{DATE(2020-01-01T00:00:00Z)}}';
      const name = '# [n](http://e) ${q} <b>x</b>';
      const status = '**[s](http://e)** {{TIME(2020-01-01T00:00:00Z)}}'.slice(0, 40);
      const date = '{{DATE(2020-01-01T00:00:00Z, SHORT)}}';
      const customerId = `${CUSTOMER} [x](http://evil)`;
      const card = qualificationCard(
        lookup([{ name, vettingStatus: status, vettingReason: evil, vettingCreateDate: date }], {
          customerId: uncheckedTenantId(customerId),
        }),
        { demo: false },
      );
      assertValidCard(card);
      assertNoEscapingArtefacts(card);
      assertOutsideInRun(card, name); // the value as sent (its readable form is the same: it has spaces)
      assertOutsideInRun(card, status);
      assertOutsideInRun(card, evil);
      assertOutsideInRun(card, date);
      assertOutsideInRun(card, customerId);
      assertHasText(card, `Reason: ${shown(evil)}`);
      assertHasText(card, `Vetting date: ${shown(date)}`);
      assert.equal(texts(card).filter((t) => t.includes('{{DATE(')).length, 1, 'only the footer uses DATE()');
      assert.ok(!String(card.fallbackText).includes('${'));
    },
  );

  it('long values from Partner Center are capped, still in TextRuns', () => {
    const card = qualificationCard(
      lookup([
        {
          name: `**${'N'.repeat(200)}`,
          vettingStatus: `[${'s'.repeat(100)}`,
          vettingCreateDate: `<${'d'.repeat(100)}`,
        },
      ]),
      { demo: false },
    );
    assertValidCard(card);
    assertOutsideInRun(card, `**${'N'.repeat(77)}…`);
    assertOutsideInRun(card, `[${'s'.repeat(38)}…`);
    assertOutsideInRun(card, `<${'d'.repeat(38)}…`);
  });

  it('a control/bidi character or line break from Partner Center is removed, the rest kept', () => {
    const card = qualificationCard(
      lookup([
        {
          name: 'Education',
          known: 'Education',
          vettingStatus: 'Denied',
          vettingReason: 'Not\u202E an\nEducation\u0000 Customer',
        },
      ]),
      { demo: false },
    );
    assertValidCard(card);
    assertHasText(card, 'Reason: Not an Education Customer');
  });

  it('a huge reason is capped', () => {
    const card = qualificationCard(
      lookup([{ name: 'Education', known: 'Education', vettingStatus: 'Denied', vettingReason: 'x'.repeat(5000) }]),
      { demo: false },
    );
    assertValidCard(card);
    const reason = texts(card).find((t) => t.startsWith('Reason: '));
    assert.ok(reason !== undefined && reason.length <= 'Reason: '.length + 200 && reason.endsWith('…'));
  });

  for (const demo of [true, false]) {
    it(`demo ${demo ? 'on' : 'off'}: the "Demo data" banner is ${demo ? 'shown first' : 'absent'}`, () => {
      const card = qualificationCard(lookup([{ name: 'Education', known: 'Education', vettingStatus: 'Approved' }]), {
        demo,
      });
      assertValidCard(card);
      assertDemoBanner(card, demo);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Error card
// ---------------------------------------------------------------------------------------------

describe('cards: errorCard', () => {
  const context = { correlationId: CORRELATION, customerId: CUSTOMER, demo: false };

  const expected: Record<PartnerCenterErrorKind, { title: string; next: string }> = {
    notFound: {
      title: "This tenant isn't one of your customers",
      next:
        'Partner Center has no customer with this tenant id in your account. Check the id in Partner Center ' +
        '(Customers > the customer > Account > Microsoft ID).',
    },
    notAnswered: {
      title: "Partner Center couldn't answer this request",
      next:
        "Partner Center answered “not found” without saying that it has no such customer, so this doesn't mean " +
        "the customer isn't yours.",
    },
    forbidden: {
      title: "You don't have access to this customer in Partner Center",
      next: 'Ask your Partner Center admin',
    },
    unauthorized: { title: "Partner Center refused the bot's credentials", next: 'Ask the admin who set up the bot' },
    throttled: { title: 'Partner Center is busy', next: 'Try again in 57 seconds.' },
    unavailable: { title: 'Partner Center is unavailable right now', next: 'Try again in a few minutes.' },
    timeout: { title: "Partner Center didn't answer in time", next: 'Try again.' },
    malformedResponse: {
      title: "Partner Center sent an answer the bot couldn't read",
      next: 'quote the correlation id',
    },
    badRequest: { title: 'Partner Center rejected the request', next: 'Partner Center said: Invalid customer id.' },
    unexpected: { title: 'Something went wrong', next: 'Try again.' },
  };

  for (const [kind, text] of Object.entries(expected) as Array<
    [PartnerCenterErrorKind, { title: string; next: string }]
  >) {
    it(`PartnerCenterError ${kind}: title, next step, correlation id, code and HTTP status`, () => {
      const error = new PartnerCenterError(kind, 'internal message that must not be shown', {
        correlationId: CORRELATION,
        httpStatus: 418,
        code: 20002,
        description: 'Invalid customer id',
        retryAfterSeconds: kind === 'throttled' ? 56.2 : undefined,
      });
      const card = errorCard(error, context);
      assertValidCard(card);
      const title = textBlock(card, text.title);
      assert.equal(title.color, 'Attention');
      assert.equal(title.weight, 'Bolder');
      assertContainsText(card, text.next);
      assertHasText(card, `Correlation id: ${CORRELATION}`);
      assertHasText(card, 'HTTP status 418');
      if (kind === 'badRequest' || kind === 'throttled') {
        // badRequest quotes the description in its next step, throttled says how long to wait:
        // the small print only carries the code.
        assertHasText(card, 'Partner Center error 20002');
      } else {
        assertHasText(card, 'Partner Center error 20002: Invalid customer id');
      }
      const expectedDescriptions = kind === 'throttled' ? 0 : 1;
      assert.equal(
        texts(card).filter((t) => t.includes('Invalid customer id')).length,
        expectedDescriptions,
        'description shown once at most',
      );
      assertOutsideInRun(card, CUSTOMER);
      assertNoText(card, 'internal message');
      assert.match(String(card.fallbackText), new RegExp(`^${text.title.replace(/[()]/g, '\\$&')}`));
    });
  }

  it("throttled with Retry-After: the wait is said once, not again in Partner Center's description", () => {
    const card = errorCard(
      new PartnerCenterError('throttled', 'm', {
        correlationId: CORRELATION,
        httpStatus: 429,
        description: 'Rate limit is exceeded. Try again in 57 seconds.',
        retryAfterSeconds: 57,
      }),
      context,
    );
    assertValidCard(card);
    assertHasText(card, 'Try again in 57 seconds.');
    assert.equal(texts(card).filter((t) => t.includes('57 seconds')).length, 1, texts(card).join('\n'));
    assertNoText(card, 'Rate limit is exceeded');
    assertHasText(card, 'HTTP status 429');
  });

  it(
    'throttled without Retry-After: "Try again in a minute.", and Partner Center\'s description in the ' +
      'small print',
    () => {
      const card = errorCard(
        new PartnerCenterError('throttled', 'm', {
          correlationId: CORRELATION,
          httpStatus: 429,
          description: 'Rate limit is exceeded.',
        }),
        context,
      );
      assertValidCard(card);
      assertHasText(card, 'Try again in a minute.');
      assertHasText(card, 'Partner Center said: Rate limit is exceeded.');
    },
  );

  it('throttled with Retry-After 1: singular "second"', () => {
    const card = errorCard(
      new PartnerCenterError('throttled', 'm', { correlationId: CORRELATION, retryAfterSeconds: 1 }),
      context,
    );
    assertValidCard(card);
    assertHasText(card, 'Try again in 1 second.');
  });

  it('forbidden explains relationship, role and GDAP', () => {
    const card = errorCard(
      new PartnerCenterError('forbidden', 'm', {
        correlationId: CORRELATION,
        httpStatus: 403,
        code: 20002,
        description: 'No relationship between caller and account.',
      }),
      context,
    );
    assertValidCard(card);
    assertContainsText(card, 'GDAP');
    assertContainsText(card, 'customer relationship');
    assertHasText(card, 'Partner Center error 20002: No relationship between caller and account.');
    assertHasText(card, 'HTTP status 403');
  });

  it('badRequest without a description still says what to do', () => {
    const card = errorCard(
      new PartnerCenterError('badRequest', 'm', { correlationId: CORRELATION, httpStatus: 400 }),
      context,
    );
    assertValidCard(card);
    assertHasText(card, 'Check the customer tenant id and try again.');
    assertNoText(card, 'Partner Center error');
  });

  it('no code, no description, no status: only the correlation id in the small print', () => {
    const card = errorCard(new PartnerCenterError('timeout', 'm', { correlationId: CORRELATION }), context);
    assertValidCard(card);
    assertHasText(card, `Correlation id: ${CORRELATION}`);
    assertNoText(card, 'HTTP status');
    assertNoText(card, 'Partner Center error');
  });

  it('a description, code and customer id with markdown/template injection are shown literally, in TextRuns', () => {
    // (URLs are removed from Partner Center's descriptions: see the next test.)
    const description = '**Call** [support](#evil) ${secret} <at>everyone</at> {{TIME(2020-01-01T00:00:00Z)}}';
    for (const kind of ['badRequest', 'unavailable'] as const) {
      const card = errorCard(
        new PartnerCenterError(kind, 'm', { correlationId: CORRELATION, code: '[x](http://evil)', description }),
        { ...context, customerId: '[me](http://evil)' },
      );
      assertValidCard(card);
      assertNoEscapingArtefacts(card);
      assertOutsideInRun(card, description);
      assertOutsideInRun(card, '[x](http://evil)');
      assertOutsideInRun(card, '[me](http://evil)');
      if (kind === 'badRequest') {
        assertHasText(card, `Partner Center said: ${shown(description)}. Check the customer tenant id and try again.`);
        assert.ok(String(card.fallbackText).includes('[support](#evil)'));
      } else {
        assertHasText(card, `Partner Center error [x](http://evil): ${shown(description)}`);
      }
    }
  });

  it(
    "Partner Center's description is shown without tokens, JWT-shaped strings or URLs (scrubbed as " + 'the logs are)',
    () => {
      const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJ4In0.c2lnbmF0dXJl';
      const description = `Upstream call to https://internal.partnercenter.example/v1/x?sig=abc failed with Authorization: Bearer abcdefgh12345678 and token ${jwt}; see www.intranet.example/kb.`;
      for (const kind of ['badRequest', 'unavailable', 'forbidden'] as const) {
        for (const userSignIn of [
          undefined,
          { adminConsentUrl: 'https://login.microsoftonline.com/t/adminconsent?client_id=c' },
        ]) {
          const card = errorCard(
            new PartnerCenterError(kind, 'm', { correlationId: CORRELATION, code: '500', description }),
            { ...context, userSignIn },
          );
          assertValidCard(card);
          const all = JSON.stringify(card);
          for (const leaked of [
            jwt,
            'abcdefgh12345678',
            'internal.partnercenter.example',
            'intranet.example',
            'sig=abc',
          ]) {
            assert.ok(!all.includes(leaked), `${kind}${userSignIn ? ' (user mode)' : ''}: ${leaked} is on the card`);
          }
          assertContainsText(
            card,
            'Upstream call to [redacted] failed with Authorization: Bearer [redacted] and token [redacted]; see ' +
              '[redacted].',
          );
        }
      }
    },
  );

  it('the AADSTS code from Entra is a TextRun', () => {
    const card = errorCard(new TokenAcquisitionError('unknown', 'm', '**AADSTS1**'), context);
    assertValidCard(card);
    assertOutsideInRun(card, '**AADSTS1**');
    assertHasText(card, 'Entra ID error **AADSTS1**');
  });

  const tokenHints: Record<TokenFailureReason, string> = {
    invalidCredentials: 'the secret may have expired',
    invalidTenant: 'PARTNER_CENTER_TENANT_ID',
    unreachable: 'Microsoft Entra ID could not be reached',
    unknown: 'sign-in settings',
    consentRequired: 'must grant consent',
    mfaRequired: 'multi-factor authentication',
    signInExpired: 'Sign in again',
  };
  for (const [reason, hint] of Object.entries(tokenHints) as Array<[TokenFailureReason, string]>) {
    it(`TokenAcquisitionError ${reason}: "couldn't sign in" with a reason-specific next step`, () => {
      const card = errorCard(
        new TokenAcquisitionError(reason, 'AADSTS7000215: Invalid client secret provided. secret=abc', 'AADSTS7000215'),
        context,
      );
      assertValidCard(card);
      assert.equal(textBlock(card, "The bot couldn't sign in to Partner Center").color, 'Attention');
      assertContainsText(card, hint);
      assertHasText(card, 'Entra ID error AADSTS7000215');
      assertHasText(card, `Correlation id: ${CORRELATION}`);
      assertNoText(card, 'Invalid client secret provided');
      assertNoText(card, 'secret=abc');
    });
  }

  it('TokenAcquisitionError without an AADSTS code: no Entra line', () => {
    const card = errorCard(new TokenAcquisitionError('unreachable', 'ETIMEDOUT'), context);
    assertValidCard(card);
    assertNoText(card, 'Entra ID error');
    assertNoText(card, 'ETIMEDOUT');
  });

  it('any other Error: generic title, correlation id, and never its message or stack', () => {
    const error = new Error('connect ECONNREFUSED 10.0.0.5:443 password=hunter2');
    const card = errorCard(error, context);
    assertValidCard(card);
    assertHasText(card, 'Something went wrong on our side');
    assertHasText(card, `Correlation id: ${CORRELATION}`);
    assertNoText(card, 'ECONNREFUSED');
    assertNoText(card, 'hunter2');
    const frames = (error.stack ?? '')
      .split('\n')
      .slice(1)
      .map((line) => line.trim())
      .filter(Boolean);
    assert.ok(frames.length > 0);
    for (const frame of frames) assertNoText(card, frame);
  });

  it('a thrown non-Error (string, undefined, look-alike object) gets the generic card', () => {
    for (const thrown of ['boom: secret', undefined, { kind: 'notFound' }]) {
      const card = errorCard(thrown, context);
      assertValidCard(card);
      assertHasText(card, 'Something went wrong on our side');
      assertNoText(card, 'boom');
      assertNoText(card, "This tenant isn't one of your customers");
    }
  });

  it('without a customer id there is no customer block', () => {
    const card = errorCard(new Error('x'), { correlationId: CORRELATION, demo: false });
    assertValidCard(card);
    assertNoText(card, 'Customer tenant id');
  });

  it('with a customer id it is shown in monospace', () => {
    const card = errorCard(
      new PartnerCenterError('notFound', 'm', { correlationId: CORRELATION, httpStatus: 404 }),
      context,
    );
    assertValidCard(card);
    assertHasText(card, 'Customer tenant id');
    assert.equal(textRun(card, CUSTOMER).fontType, 'Monospace');
  });

  for (const demo of [true, false]) {
    it(`demo ${demo ? 'on' : 'off'}: banner ${demo ? 'shown first' : 'absent'} on the error card`, () => {
      const card = errorCard(new PartnerCenterError('notFound', 'm', { correlationId: CORRELATION }), {
        ...context,
        demo,
      });
      assertValidCard(card);
      assertDemoBanner(card, demo);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Invalid input card
// ---------------------------------------------------------------------------------------------

describe('cards: invalidCustomerIdCard', () => {
  it('explains the expected form with a GUID example and echoes the input', () => {
    const card = invalidCustomerIdCard('contoso.onmicrosoft.com', { demo: false });
    assertValidCard(card);
    // Guidance, not an error: a readable colour (Warning is yellow on white, ~1.5:1).
    assert.equal(textBlock(card, "That doesn't look like a customer tenant id").color, 'Accent');
    assertContainsText(card, 'qualification for {customer-tenant-id}');
    assertContainsText(card, 'GUID');
    const example = texts(card).find((t) => t.startsWith('For example: qualification for '));
    assert.ok(example, 'example line');
    assert.equal(normaliseCustomerId(example.slice('For example: qualification for '.length)), EXAMPLE_CUSTOMER_ID);
    assertHasText(card, 'You typed: “contoso.onmicrosoft.com”');
  });

  it('the Playground injection case is echoed literally: one run for the label, one for the input', () => {
    const input = '[click](https://evil.example) **bold** ${x}';
    const card = invalidCustomerIdCard(input, { demo: false });
    assertValidCard(card);
    assertNoEscapingArtefacts(card);
    const run = assertOutsideInRun(card, input);
    assert.equal(run.text, `[click](https://evil.example) **bold** $${ZERO_WIDTH_BREAK}{x}`);
    const echoed = lineElement(card, `You typed: “${shown(input)}”`);
    assert.equal(echoed.type, 'RichTextBlock');
    assert.deepEqual(
      (echoed.inlines as Element[]).map((r) => [r.type, r.text]),
      [
        ['TextRun', 'You typed: “'],
        ['TextRun', shown(input)],
        ['TextRun', '”'],
      ],
    );
    // No run can become a link: no selectAction anywhere.
    assert.ok(!JSON.stringify(card).includes('selectAction'));
  });

  it('mentions, HTML, date functions and line-start markdown in the input are echoed literally, on one line', () => {
    const input = '<at>All</at>\n# Heading\n- item\n1. one <img src=x> {{DATE(2020-01-01T00:00:00Z)}}';
    const card = invalidCustomerIdCard(input, { demo: false });
    assertValidCard(card);
    assertNoEscapingArtefacts(card);
    const oneLine = input.replace(/\n/g, ' ').slice(0, 59).trimEnd() + '…';
    assertOutsideInRun(card, oneLine);
  });

  it('a long input is truncated to about 60 characters', () => {
    const card = invalidCustomerIdCard('a'.repeat(500), { demo: false });
    assertValidCard(card);
    const echoed = texts(card).find((t) => t.startsWith('You typed: '));
    assert.equal(echoed, `You typed: “${'a'.repeat(59)}…”`);
  });

  it('nothing typed: says so instead of echoing an empty string', () => {
    const card = invalidCustomerIdCard('   ', { demo: false });
    assertValidCard(card);
    assertHasText(card, "You didn't type a customer tenant id.");
    assertNoText(card, 'You typed');
  });

  for (const demo of [true, false]) {
    it(`demo ${demo ? 'on' : 'off'}: banner ${demo ? 'shown first' : 'absent'}`, () => {
      const card = invalidCustomerIdCard('nope', { demo });
      assertValidCard(card);
      assertDemoBanner(card, demo);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Help card
// ---------------------------------------------------------------------------------------------

describe('cards: helpCard', () => {
  it('says what the bot does, the command, a GUID example, where to find the id, and help', () => {
    const card = helpCard({ demo: false });
    assertValidCard(card);
    assert.equal(textBlock(card, 'Partner Center qualification').weight, 'Bolder');
    assertContainsText(card, 'vetting status');
    assert.equal(textBlock(card, 'qualification for {customer-tenant-id}').fontType, 'Monospace');
    const example = textBlock(card, `qualification for ${EXAMPLE_CUSTOMER_ID}`);
    assert.equal(example.fontType, 'Monospace');
    assert.equal(normaliseCustomerId(EXAMPLE_CUSTOMER_ID), EXAMPLE_CUSTOMER_ID, 'the example is a canonical GUID');
    assertContainsText(card, 'Customers > select the customer > Account > Microsoft ID');
    assertContainsText(card, 'help');
    assert.ok(String(card.fallbackText).includes('qualification for {customer-tenant-id}'));
  });

  it('help and invalid-input cards show no <…> placeholder (Teams renders it as an HTML tag and hides it)', () => {
    for (const card of [helpCard({ demo: true }), invalidCustomerIdCard('contoso.com', { demo: true })]) {
      assertValidCard(card);
      for (const t of [...texts(card), String(card.fallbackText)]) assert.doesNotMatch(t, /<[^<>]*>/, t);
      assertContainsText(card, 'qualification for {customer-tenant-id}');
    }
  });

  it('an unknown locale falls back to en-US', () => {
    const card = helpCard({ demo: false, locale: 'xx-YY' });
    assertValidCard(card);
    assertHasText(card, 'Partner Center qualification');
  });

  for (const demo of [true, false]) {
    it(`demo ${demo ? 'on' : 'off'}: banner ${demo ? 'shown first' : 'absent'}`, () => {
      const card = helpCard({ demo });
      assertValidCard(card);
      assertDemoBanner(card, demo);
    });
  }
});

describe('cards: every sample customer of the built-in simulator passes the official validator', () => {
  const kindByBehaviour = {
    notFound: { kind: 'notFound', httpStatus: 404 },
    forbidden: { kind: 'forbidden', httpStatus: 403 },
    throttled: { kind: 'throttled', httpStatus: 429 },
    unavailable: { kind: 'unavailable', httpStatus: 503 },
  } as const;
  for (const customer of SAMPLE_CUSTOMERS) {
    for (const demo of [true, false]) {
      it(`${customer.companyName} (${customer.id}), demo ${demo ? 'on' : 'off'}`, () => {
        const card = isFailingCustomer(customer)
          ? errorCard(
              new PartnerCenterError(kindByBehaviour[customer.behaviour].kind, 'sample', {
                correlationId: 'c0ffee00-0000-4000-8000-000000000000',
                httpStatus: kindByBehaviour[customer.behaviour].httpStatus,
              }),
              { correlationId: 'c0ffee00-0000-4000-8000-000000000000', customerId: customer.id, demo },
            )
          : qualificationCard(
              lookup(normaliseQualifications(customer.qualifications), { customerId: tenantId(customer.id) }),
              { demo },
            );
        assertValidCard(card);
        assertDemoBanner(card, demo);
        assertContainsText(card, customer.id);
      });
    }
  }
});
