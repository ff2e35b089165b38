import assert from 'node:assert/strict';
import fc from 'fast-check';
import { firstLabel, isNormalisedDomain, normaliseDomain } from '../../../src/partnerCenter/domain';

/** What a normalised domain must be, written out independently of the implementation. */
function assertValidDomain(domain: string): void {
  assert.equal(domain, domain.toLowerCase(), `${domain} is lower case`);
  assert.ok(domain.length <= 253, `${domain} is at most 253 characters`);
  assert.doesNotMatch(domain, /[^a-z0-9.-]/, `${domain} has only a-z, 0-9, dot and hyphen`);
  const labels = domain.split('.');
  assert.ok(labels.length >= 2, `${domain} has two labels or more`);
  for (const label of labels) {
    assert.ok(label.length >= 1 && label.length <= 63, `label "${label}" is 1–63 characters`);
    assert.ok(!label.startsWith('-') && !label.endsWith('-'), `label "${label}" neither starts nor ends with "-"`);
  }
  assert.doesNotMatch(labels.at(-1) as string, /^\d+$/, `${domain} has a top-level label that is not all digits`);
}

describe('normaliseDomain', () => {
  const accepted: ReadonlyArray<readonly [string, string]> = [
    ['contoso.onmicrosoft.com', 'contoso.onmicrosoft.com'],
    ['Contoso.OnMicrosoft.COM', 'contoso.onmicrosoft.com'],
    ['  contoso.onmicrosoft.com \n', 'contoso.onmicrosoft.com'],
    ['contoso.onmicrosoft.com.', 'contoso.onmicrosoft.com'],
    ['"contoso.onmicrosoft.com"', 'contoso.onmicrosoft.com'],
    ["'contoso.onmicrosoft.com'", 'contoso.onmicrosoft.com'],
    ['`contoso.onmicrosoft.com`', 'contoso.onmicrosoft.com'],
    ['\u201ccontoso.onmicrosoft.com\u201d', 'contoso.onmicrosoft.com'],
    ['\u2018contoso.onmicrosoft.com\u2019', 'contoso.onmicrosoft.com'],
    ['\u00abcontoso.onmicrosoft.com\u00bb', 'contoso.onmicrosoft.com'],
    ['<contoso.onmicrosoft.com>', 'contoso.onmicrosoft.com'],
    ['" contoso.onmicrosoft.com. "', 'contoso.onmicrosoft.com'],
    ['contoso.com', 'contoso.com'],
    ['a.co', 'a.co'],
    ['my-company-2.onmicrosoft.com', 'my-company-2.onmicrosoft.com'],
    ['123.example', '123.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['example.xn--p1ai', 'example.xn--p1ai'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
  ];
  for (const [input, expected] of accepted) {
    it(`accepts ${JSON.stringify(input)} as ${expected}`, () => {
      assert.equal(normaliseDomain(input), expected);
    });
  }

  it('accepts a name of exactly 253 characters and refuses 254 (every label still valid)', () => {
    const long = (last: number) => ['x'.repeat(63), 'x'.repeat(63), 'x'.repeat(63), 'x'.repeat(last)].join('.');
    assert.equal(long(61).length, 253);
    assert.equal(normaliseDomain(long(61)), long(61));
    assert.equal(long(62).length, 254);
    assert.equal(normaliseDomain(long(62)), undefined);
  });

  const refused: ReadonlyArray<readonly [string, string]> = [
    ['an empty string', ''],
    ['only spaces', '   '],
    ['one label', 'contoso'],
    ['one label with a trailing dot', 'contoso.'],
    ['only a dot', '.'],
    ['a leading dot', '.contoso.com'],
    ['two trailing dots', 'contoso.com..'],
    ['an empty label', 'contoso..com'],
    ['a path', 'contoso.com/partners'],
    ['a path traversal', '../contoso.com'],
    ['a query', 'contoso.com?size=1'],
    ['a fragment', 'contoso.com#x'],
    ['percent-encoding', 'contoso%2Ecom'],
    ['an encoded quote', 'contoso.com%22'],
    ['an e-mail address', 'sales@contoso.com'],
    ['a URL', 'https://contoso.com'],
    ['a port', 'contoso.com:443'],
    ['a space inside', 'contoso .com'],
    ['a tab inside', 'contoso\t.com'],
    ['a newline inside', 'contoso.com\nX-Evil: 1'],
    ['a backslash', 'contoso\\.com'],
    ['an underscore', 'my_company.com'],
    ['JSON quote injection', 'contoso.com","Operator":"equals'],
    ['a brace', '{contoso.com}'],
    ['an asterisk', '*.contoso.com'],
    ['a label starting with a hyphen', '-contoso.com'],
    ['a label ending with a hyphen', 'contoso-.com'],
    ['a 64-character label', `${'a'.repeat(64)}.com`],
    ['an IPv4 address', '127.0.0.1'],
    ['an all-digit top-level label', 'contoso.123'],
    ['an IPv6 address', '::1'],
    ['a GUID', '00000000-0000-4000-8000-000000000001'],
    ['Unicode (IDN not in punycode)', 'bücher.example'],
    ['a Kelvin sign that lower-cases to k', '\u212Aontoso.com'],
    ['a dotless capital I variant', 'İstanbul.com'],
    ['a full-width dot', 'contoso\uff0ecom'],
    ['a reserved "--" label that is not punycode', 'ab--cd.com'],
    ['unbalanced quotes', '"contoso.com'],
    ['mismatched quotes', '"contoso.com\''],
    ['two layers of quotes', '"\'contoso.com\'"'],
    ['a zero-width space', 'contoso\u200b.com'],
    ['a NUL', 'contoso.com\u0000'],
  ];
  for (const [name, input] of refused) {
    it(`refuses ${name}`, () => {
      assert.equal(normaliseDomain(input), undefined);
    });
  }

  it('property: any string gives undefined or a valid lower-case domain', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const domain = normaliseDomain(text);
        if (domain !== undefined) assertValidDomain(domain);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: strings made of domain characters give undefined or a valid domain, and valid ones survive', () => {
    const domainish = fc.string({ unit: fc.constantFrom(...'abcXYZ019-._"\' '.split('')), maxLength: 40 });
    fc.assert(
      fc.property(domainish, (text) => {
        const domain = normaliseDomain(text);
        if (domain !== undefined) {
          assertValidDomain(domain);
          assert.equal(normaliseDomain(domain), domain, 'normalising twice changes nothing');
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('property: every generated DNS name is accepted, lower-cased, and stable', () => {
    fc.assert(
      fc.property(fc.domain(), (generated) => {
        const domain = normaliseDomain(generated.toUpperCase());
        // fast-check may generate an all-digit top-level label or a reserved "ab--" label: refused on purpose.
        const labels = generated.split('.');
        const reserved =
          labels.some((l) => l.slice(2, 4) === '--' && !l.startsWith('xn--')) || /^\d+$/.test(labels.at(-1) ?? '');
        if (reserved || labels.length < 2) {
          assert.equal(domain, undefined);
        } else {
          assert.equal(domain, generated.toLowerCase());
          assert.ok(isNormalisedDomain(domain));
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('isNormalisedDomain', () => {
  it('is true only for the canonical form', () => {
    assert.equal(isNormalisedDomain('contoso.onmicrosoft.com'), true);
    for (const text of [
      'Contoso.onmicrosoft.com',
      ' contoso.com',
      'contoso.com.',
      '"contoso.com"',
      'contoso',
      '',
      'a/b.com',
    ]) {
      assert.equal(isNormalisedDomain(text), false, JSON.stringify(text));
    }
  });
});

describe('firstLabel', () => {
  it('is the part before the first dot', () => {
    assert.equal(firstLabel('contoso.onmicrosoft.com'), 'contoso');
    assert.equal(firstLabel('a.co'), 'a');
  });
});
