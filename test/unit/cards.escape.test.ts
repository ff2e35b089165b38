import assert from 'node:assert/strict';
import {
  cardDate,
  cardDateTime,
  enUS,
  escapeOptional,
  escapeText,
  messagesFor,
  parseIsoDateTime,
  statusPresentation,
  TEXT_LIMITS,
  toCardTimestamp,
  truncate,
} from '../../src/cards';
import { KNOWN_QUALIFICATIONS } from '../../src/partnerCenter/types';

const MARKUP = /[*_[\]<>`~]/;

describe('cards: escapeText', () => {
  const attacks = [
    '[click](http://evil)',
    '**bold** __bold__ *it* _it_',
    '![img](http://evil/x.png)',
    '[ref]: http://evil\n[ref]',
    '<http://evil> <a href="http://evil">x</a> <at>Everyone</at>',
    '${name} ${toUpper("x")} $${x}',
    '{{DATE(2017-02-14T06:08:39Z, SHORT)}} {{TIME(2017-02-14T06:08:39Z)}}',
    '`code` ~~strike~~',
    'https://evil.example/path www.evil.example',
    '&#91;x&#93;&#40;http:&#47;&#47;evil&#41; &lt;at&gt;',
    '[x]\u200B(http://evil)',
  ];

  for (const attack of attacks) {
    it(`makes ${JSON.stringify(attack)} inert`, () => {
      const out = escapeText(attack, 500);
      assert.ok(!MARKUP.test(out), `markup character left in ${out}`);
      assert.ok(!out.includes('${'), out);
      assert.ok(!out.includes('{{'), out);
      assert.ok(!out.includes('://'), out);
      assert.ok(!/www\./i.test(out), out);
      assert.ok(!/&#?[0-9a-z]+;/i.test(out), `entity left in ${out}`);
      assert.ok(!out.includes('\n'), out);
      // Still readable: the letters survive.
      const letters = (s: string) => s.replace(/[^A-Za-z]/g, '');
      assert.equal(letters(out), letters(attack));
    });
  }

  it('leaves ordinary Partner Center text and GUIDs unchanged', () => {
    for (const text of [
      'Not an Education Customer',
      'Not an Education Customer - After Review',
      '0c7d6a2e-1f3b-4c5d-8e9f-a0b1c2d3e4f5',
      'No relationship between caller and account.',
      'Rate limit is exceeded. Try again in 57 seconds.',
      '07/09/2020: 00:00:00',
      'R&D (Contoso), 100% — ok!',
    ]) {
      assert.equal(escapeText(text, 500), text);
    }
  });

  it('neutralises line-start markdown: heading, list, ordered list, table', () => {
    for (const text of ['# Heading', '- item', '+ item', '1. one', '12) twelve', '| a | b |', '= x']) {
      const out = escapeText(text, 100);
      assert.notEqual(out, text);
      assert.equal(out.replace(/\u200B/g, ''), text);
      assert.ok(out.startsWith('\u200B'), JSON.stringify(out));
    }
    assert.equal(escapeText('Reason - ok', 100), 'Reason - ok');
  });

  it('puts everything on one line and collapses whitespace', () => {
    assert.equal(escapeText('  a\r\n\r\n b\tc\u2028d  ', 100), 'a b c d');
  });

  it('removes control, zero-width and bidi characters', () => {
    assert.equal(escapeText('ab\u0000c\u202Ed\u2066e\u200Bf\uFEFFg\u0007', 100), 'abcdefg');
  });

  it('caps the length by characters, ending with …, without splitting a surrogate pair', () => {
    assert.equal(escapeText('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
    assert.equal(Array.from(escapeText('😀'.repeat(20), 5)).length, 5);
    assert.equal(escapeText('😀'.repeat(20), 5), `${'😀'.repeat(4)}…`);
    assert.equal(escapeText('short', 10), 'short');
    assert.equal(truncate('abc', 0), '');
    assert.equal(truncate('abc', 3), 'abc');
    assert.equal(truncate('abcd', 3), 'ab…');
  });

  it('converts numbers and treats null/undefined as empty', () => {
    assert.equal(escapeText(20002, 10), '20002');
    assert.equal(escapeText(undefined, 10), '');
    assert.equal(escapeText(null, 10), '');
    assert.equal(escapeOptional('   ', 10), undefined);
    assert.equal(escapeOptional('x', 10), 'x');
  });

  it('has a cap for echoed input of about 60 characters', () => {
    assert.ok(TEXT_LIMITS.echo >= 50 && TEXT_LIMITS.echo <= 70);
  });
});

describe('cards: dates', () => {
  it('formats an instant as strict RFC 3339 without fractional seconds', () => {
    assert.equal(toCardTimestamp(new Date('2024-05-06T19:59:56.999Z')), '2024-05-06T19:59:56Z');
    assert.equal(cardDateTime(new Date('2024-05-06T19:59:56Z')), '{{DATE(2024-05-06T19:59:56Z, SHORT)}} {{TIME(2024-05-06T19:59:56Z)}}');
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
    for (const raw of ['07/09/2020: 00:00:00', '2020-12-03', '2021-02-30T00:00:00Z', '2021-13-01T00:00:00Z', '2021-01-01T24:00:00Z', 'yesterday', '', undefined]) {
      assert.equal(parseIsoDateTime(raw), undefined, String(raw));
    }
  });
});

describe('cards: message catalog', () => {
  it('messagesFor returns en-US for en-US, other tags and none', () => {
    assert.equal(messagesFor('en-US'), enUS);
    assert.equal(messagesFor('zh-TW'), enUS);
    assert.equal(messagesFor(undefined), enUS);
    assert.equal(enUS.locale, 'en-US');
  });

  it('has the exact labels for every documented qualification', () => {
    assert.deepEqual(
      Object.fromEntries(KNOWN_QUALIFICATIONS.map((q) => [q, enUS.qualifications[q]])),
      {
        None: 'None',
        Education: 'Education',
        Nonprofit: 'Nonprofit',
        GovernmentCommunityCloud: 'Government Community Cloud (GCC)',
        StateOwnedEntity: 'State-owned entity',
      },
    );
  });

  it('every error kind has a title and a next step', () => {
    for (const [kind, text] of Object.entries(enUS.errors.partnerCenter)) {
      assert.ok(text.title.length > 5, kind);
      assert.ok(text.next({}).length > 5, kind);
    }
    for (const [reason, next] of Object.entries(enUS.errors.signIn.next)) assert.ok(next.length > 5, reason);
  });

  it('maps statuses to labels and colours; unknown ones are escaped and uncoloured', () => {
    assert.deepEqual(statusPresentation('InReview', enUS), { text: 'In review', color: 'Warning' });
    assert.deepEqual(statusPresentation('Approved', enUS), { text: 'Approved', color: 'Good' });
    assert.deepEqual(statusPresentation('Denied', enUS), { text: 'Denied', color: 'Attention' });
    assert.deepEqual(statusPresentation('**Pending**', enUS), { text: '\u2217\u2217Pending\u2217\u2217', color: 'Default' });
  });
});
