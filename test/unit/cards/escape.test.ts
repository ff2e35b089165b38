import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cardDate, cardDateTime, parseIsoDateTime, toCardTimestamp } from '../../../src/cards/dates';
import { sanitizeOptional, sanitizeText, TEXT_LIMITS, truncate, ZERO_WIDTH_BREAK } from '../../../src/cards/escape';
import { enUS } from '../../../src/cards/messages/index';
import { readableValue, statusPresentation } from '../../../src/cards/qualificationRows';
import { line, slot } from '../../../src/cards/runs';
import { KNOWN_QUALIFICATIONS } from '../../../src/partnerCenter/types';

/** The look-alike characters the old escaping swapped markup for (∗ ˍ ［ ］ ‹ › ˋ ∼ ＆). */
const LOOK_ALIKE = /[\u2217\u02CD\uFF3B\uFF3D\u2039\u203A\u02CB\u223C\uFF06]/;
/** The regular expressions adaptivecards 3.0.6 (lib/text-formatters.js) uses for DATE()/TIME(). */
const AC_DATE_OR_TIME =
  /\{{2}(?:DATE|TIME)\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[-+]\d{2}:\d{2})(?:, ?(?:COMPACT|LONG|SHORT))?\)\}{2}/;
const ZW = new RegExp(ZERO_WIDTH_BREAK, 'g');

describe('cards: sanitizeText (outside text for a TextRun)', () => {
  const attacks = [
    '[click](https://evil.example) **bold** ${x}',
    '[click](http://evil)',
    '**bold** __bold__ *it* _it_',
    '![img](http://evil/x.png)',
    '<http://evil> <a href="http://evil">x</a> <at>Everyone</at>',
    '`code` ~~strike~~ # heading - item 1. one > quote | table |',
    'https://evil.example/path www.evil.example',
    '&#91;x&#93;&#40;http:&#47;&#47;evil&#41; &lt;at&gt;',
    'R&D (Contoso), 100% — ok!',
  ];

  for (const attack of attacks) {
    it(`keeps ${JSON.stringify(attack)} exactly as typed (TextRuns are not markdown)`, () => {
      const out = sanitizeText(attack, 500);
      assert.equal(out.replace(ZW, ''), attack);
      assert.ok(!LOOK_ALIKE.test(out), `look-alike character in ${out}`);
    });
  }

  it('breaks ${…} and {{DATE()}}/{{TIME()}} with an invisible U+200B and nothing else', () => {
    const input =
      '${name} ${toUpper("x")} $${x} {{DATE(2017-02-14T06:08:39Z, SHORT)}} {{TIME(2017-02-14T06:08:39Z)}} {{{{x';
    const out = sanitizeText(input, 500);
    assert.ok(!out.includes('${'), out);
    assert.ok(!out.includes('{{'), out);
    assert.ok(!AC_DATE_OR_TIME.test(out), `the renderer would format ${out}`);
    assert.equal(out.replace(ZW, ''), input);
    assert.equal(sanitizeText('${x}', 10), `$${ZERO_WIDTH_BREAK}{x}`);
    assert.equal(sanitizeText('{{{{', 10), `{${ZERO_WIDTH_BREAK}{${ZERO_WIDTH_BREAK}{${ZERO_WIDTH_BREAK}{`);
  });

  it('leaves ordinary Partner Center text and GUIDs unchanged', () => {
    for (const text of [
      'Not an Education Customer',
      'Not an Education Customer - After Review',
      '0c7d6a2e-1f3b-4c5d-8e9f-a0b1c2d3e4f5',
      'No relationship between caller and account.',
      'Rate limit is exceeded. Try again in 57 seconds.',
      '07/09/2020: 00:00:00',
      '# 1 - [draft] *pending* <review>',
    ]) {
      assert.equal(sanitizeText(text, 500), text);
    }
  });

  it('puts everything on one line and collapses whitespace', () => {
    assert.equal(sanitizeText('  a\r\n\r\n b\tc\u2028d  ', 100), 'a b c d');
  });

  it('removes control, zero-width, bidi and private-use characters', () => {
    assert.equal(sanitizeText('ab\u0000c\u202Ed\u2066e\u200Bf\uFEFFg\u0007h\uE000i', 100), 'abcdefghi');
    // A zero-width space the user typed does not survive to pass for ours.
    assert.equal(sanitizeText('$\u200B{x}', 100), `$${ZERO_WIDTH_BREAK}{x}`);
  });

  it('caps the length by characters, ending with …, without splitting a surrogate pair', () => {
    assert.equal(sanitizeText('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
    assert.equal(Array.from(sanitizeText('😀'.repeat(20), 5)).length, 5);
    assert.equal(sanitizeText('😀'.repeat(20), 5), `${'😀'.repeat(4)}…`);
    assert.equal(sanitizeText('short', 10), 'short');
    assert.equal(truncate('abc', 0), '');
    assert.equal(truncate('abc', 3), 'abc');
    assert.equal(truncate('abcd', 3), 'ab…');
  });

  it('converts numbers and treats null/undefined as empty', () => {
    assert.equal(sanitizeText(20002, 10), '20002');
    assert.equal(sanitizeText(undefined, 10), '');
    assert.equal(sanitizeText(null, 10), '');
    assert.equal(sanitizeOptional('   ', 10), undefined);
    assert.equal(sanitizeOptional('x', 10), 'x');
  });

  it('has a cap for echoed input of about 60 characters', () => {
    assert.ok(TEXT_LIMITS.echo >= 50 && TEXT_LIMITS.echo <= 70);
  });

  it('property: any input comes out on one line, capped, without expressions, and otherwise as typed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (input) => {
        const out = sanitizeText(input, 60);
        // eslint-disable-next-line no-control-regex -- the test looks for control characters
        assert.ok(!/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\n\r\t]/.test(out), JSON.stringify(out));
        assert.ok(!out.includes('${') && !out.includes('{{'), JSON.stringify(out));
        assert.ok(Array.from(out.replace(ZW, '')).length <= 60);
        assert.ok(!LOOK_ALIKE.test(out) || LOOK_ALIKE.test(input), 'no look-alikes added');
        const expected = input
          .replace(
            // eslint-disable-next-line no-control-regex -- the same set as escape.ts removes
            /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uE000-\uF8FF]/g,
            '',
          )
          .replace(/[\s\u2028\u2029]+/g, ' ')
          .trim();
        if (Array.from(expected).length <= 60) assert.equal(out.replace(ZW, ''), expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('cards: runs (catalog text with outside values in runs of their own)', () => {
  it('splits catalog text at the slots; each outside value is one run, exactly as given', () => {
    const evil = '[x](https://e) **b**';
    const l = line(enUS.invalidInput.youTyped(slot(0)), [{ text: evil }]);
    assert.deepEqual(l.runs, [
      { text: 'You typed: “', fontType: 'Default' },
      { text: evil, fontType: 'Default' },
      { text: '”', fontType: 'Default' },
    ]);
    assert.equal(l.plain, `You typed: “${evil}”`);
  });

  it('two values, monospace, and an undefined value the catalog was not given', () => {
    const l = line(enUS.errors.partnerCenterCode(slot(0), undefined), [{ text: '20002', monospace: true }, undefined]);
    assert.deepEqual(l.runs, [
      { text: 'Partner Center error ', fontType: 'Default' },
      { text: '20002', fontType: 'Monospace' },
    ]);
  });

  it('refuses catalog text that drops a value or uses a slot without one (outside text is never lost)', () => {
    assert.throws(() => line('no slot here', [{ text: 'x' }]), /does not use slot 0/);
    assert.throws(() => line(`a ${slot(1)}`, [{ text: 'x' }]), /slot 1/);
  });
});

describe('cards: readableValue (unknown qualification values)', () => {
  it('splits identifier-like values into words', () => {
    assert.equal(readableValue('HealthcareProvider'), 'Healthcare Provider');
    assert.equal(readableValue('K12SchoolDistrict'), 'K12 School District');
    assert.equal(readableValue('HTTPServices'), 'HTTP Services');
    assert.equal(readableValue('Healthcare'), 'Healthcare');
    assert.equal(readableValue('Already Spaced Value'), 'Already Spaced Value');
  });
});

describe('cards: dates', () => {
  it('formats an instant as strict RFC 3339 without fractional seconds', () => {
    assert.equal(toCardTimestamp(new Date('2024-05-06T19:59:56.999Z')), '2024-05-06T19:59:56Z');
    assert.equal(
      cardDateTime(new Date('2024-05-06T19:59:56Z')),
      '{{DATE(2024-05-06T19:59:56Z, SHORT)}} {{TIME(2024-05-06T19:59:56Z)}}',
    );
    assert.equal(cardDate(new Date('2024-05-06T19:59:56Z')), '{{DATE(2024-05-06T19:59:56Z, SHORT)}}');
  });

  it('parses the ISO forms Partner Center sends', () => {
    const cases: Array<[string, string]> = [
      ['2020-12-03T10:37:38.885Z', '2020-12-03T10:37:38.885Z'],
      ['2021-05-06T19:59:56.6832021+00:00', '2021-05-06T19:59:56.683Z'],
      ['2020-12-04T20:54:24Z', '2020-12-04T20:54:24.000Z'],
      ['2020-12-04T20:54:24', '2020-12-04T20:54:24.000Z'],
      ['2021-05-07T01:29:56+0530', '2021-05-06T19:59:56.000Z'],
      ['2020-12-04t20:54z', '2020-12-04T20:54:00.000Z'],
    ];
    for (const [raw, iso] of cases) assert.equal(parseIsoDateTime(raw)?.toISOString(), iso, raw);
  });

  it('refuses ambiguous, partial or impossible dates', () => {
    for (const raw of [
      '07/09/2020: 00:00:00',
      '2020-12-03',
      '2021-02-30T00:00:00Z',
      '2021-13-01T00:00:00Z',
      '2021-01-01T24:00:00Z',
      'yesterday',
      '',
      undefined,
    ]) {
      assert.equal(parseIsoDateTime(raw), undefined, String(raw));
    }
  });
});

describe('cards: message catalog', () => {
  it('has the exact labels for every documented qualification', () => {
    assert.deepEqual(Object.fromEntries(KNOWN_QUALIFICATIONS.map((q) => [q, enUS.qualifications[q]])), {
      None: 'None',
      Education: 'Education',
      Nonprofit: 'Nonprofit',
      GovernmentCommunityCloud: 'Government Community Cloud (GCC)',
      StateOwnedEntity: 'State-owned entity',
    });
  });

  it('every error kind has a title and a next step', () => {
    for (const [kind, text] of Object.entries(enUS.errors.partnerCenter)) {
      assert.ok(text.title.length > 5, kind);
      assert.ok(text.next({}).length > 5, kind);
    }
    for (const [reason, next] of Object.entries(enUS.errors.signIn.next)) assert.ok(next.length > 5, reason);
  });

  it(
    'maps statuses to labels and colours; an unknown one is "Other status", uncoloured, with the ' + 'value as sent',
    () => {
      assert.deepEqual(statusPresentation('InReview', enUS), { text: 'In review', color: 'Warning' });
      assert.deepEqual(statusPresentation('Approved', enUS), { text: 'Approved', color: 'Good' });
      assert.deepEqual(statusPresentation('Denied', enUS), { text: 'Denied', color: 'Attention' });
      assert.deepEqual(statusPresentation('**Pending**', enUS), {
        text: 'Other status',
        color: 'Default',
        sentAs: '**Pending**',
      });
      assert.deepEqual(
        statusPresentation('\u200B', enUS),
        { text: '', color: 'Default' },
        'nothing visible: no status',
      );
    },
  );
});
