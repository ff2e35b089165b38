import assert from 'node:assert/strict';
import {
  DEFAULT_MAX_CUSTOMERS,
  MAX_PARSED_LENGTH,
  parseCommand,
  type ParsedCommand,
} from '../../../src/conversation/commandParser';
import { MAX_COMPANY_NAME_LENGTH } from '../../../src/partnerCenter/companyName';

const ID = '3f2b6c1e-8a4d-4e2f-9b1a-0c5d7e9f1a2b';
const UPPER = ID.toUpperCase();

describe('parseCommand', () => {
  const accepted: Array<[string, string]> = [
    [`qualification for ${ID}`, 'the documented form'],
    [`Qualification for ${ID}`, 'capitalised'],
    [`QUALIFICATION FOR ${UPPER}`, 'all upper case'],
    [`qualifications for ${ID}`, 'plural'],
    [`qualification ${ID}`, 'without "for"'],
    [`qualification of ${ID}`, '"of"'],
    [`qualification for: ${ID}`, 'a colon'],
    [`  qualification    for   ${ID}   `, 'extra spaces'],
    [`qualification\tfor\n${ID}`, 'tabs and new lines'],
    [`qualification\u00a0for\u00a0${ID}`, 'non-breaking spaces (pasted from a web page)'],
    [`qualification for \u200b${ID}\u200b`, 'zero-width spaces'],
    [`qualification for \u200e${ID}\u200f`, 'left-to-right and right-to-left marks'],
    [`qualification for \u202a${ID}\u202c`, 'a left-to-right embedding'],
    [`qualification for \u202b\u202d${ID}\u202c\u202e`, 'embeddings and overrides'],
    [`qualification for \u2066${ID}\u2069`, 'an isolate (what some clients wrap pasted text in)'],
    [`qualification for \u2067\u2068${ID}\u2069\u061c`, 'isolates and the Arabic letter mark'],
    [`\u200f${ID}\u200e`, 'a bare id between direction marks'],
    [`qualification for ${ID}.`, 'a trailing period'],
    [`qualification for ${ID}!?`, 'trailing punctuation'],
    [`qualification for {${ID}}`, 'a GUID in braces'],
    [`qualification for {${UPPER}}.`, 'braces, upper case and a period'],
    [`qualification for "${ID}"`, 'quotes'],
    [`qualification for \`${ID}\``, 'backticks (Teams code formatting)'],
    [`qualification for <${ID}>`, 'angle brackets copied from the help text'],
    [`<at>Qualification Bot</at> qualification for ${ID}`, 'a leading Teams @mention'],
    [`<at>Bot</at><at>Other</at> qualification for ${ID}`, 'two leading mentions'],
    [`/qualification for ${ID}`, 'a leading slash'],
    [`check qualification for ${ID}`, '"check"'],
    [ID, 'a bare tenant id'],
    [`{${UPPER}}`, 'a bare GUID in braces'],
  ];
  for (const [text, why] of accepted) {
    it(`accepts ${why}`, () => {
      assert.deepEqual(parseCommand(text), { kind: 'qualification', customerId: ID });
    });
  }

  const rejected: Array<[string, string, string]> = [
    ['qualification for 1234', 'a number', '1234'],
    ['qualification for ../../v1/customers', 'path characters', '../../v1/customers'],
    [`qualification for ${ID}/../../partners`, 'a GUID followed by a path', `${ID}/../../partners`],
    [`qualification for ${ID}?x=1`, 'a GUID with a query string', `${ID}?x=1`],
    [`qualification for %2e%2e%2f${ID}`, 'URL-encoded traversal', `%2e%2e%2f${ID}`],
    [`qualification for ${ID.slice(0, -1)}`, 'a GUID one character short', ID.slice(0, -1)],
    [`qualification for ${ID}0`, 'a GUID one character long', `${ID}0`],
    [`qualification for ${ID.replace(/-/g, '')}`, 'a GUID without dashes', ID.replace(/-/g, '')],
    [`qualification for ${ID.replace('a', 'g')}`, 'a non-hex character', ID.replace('a', 'g')],
    [`qualification for {${ID}`, 'an unbalanced brace', `{${ID}`],
    ['qualification for [click](https://evil.example)', 'a markdown link', '[click](https://evil.example)'],
    [
      'qualification for https://partner.microsoft.com/dashboard/commerce2/customers/list',
      'a Partner Center link to no customer',
      'https://partner.microsoft.com/dashboard/commerce2/customers/list',
    ],
    [
      `qualification for https://partner.microsoft.com/dashboard/commerce2/customers/${ID}x/account`,
      'a Partner Center link with a broken tenant id',
      `https://partner.microsoft.com/dashboard/commerce2/customers/${ID}x/account`,
    ],
  ];
  for (const [text, why, invalid] of rejected) {
    it(`rejects ${why}, naming it, and keeps the message for the explanation`, () => {
      assert.deepEqual(parseCommand(text), { kind: 'invalidCustomerId', input: text, invalid: [invalid] });
    });
  }
  for (const text of [
    'qualification for',
    'qualification',
    'qualification for .',
    'qualification for "" ,',
    '資格',
    '查詢資格：',
  ]) {
    it(`rejects ${JSON.stringify(text)} (no customer at all) with an empty list of invalid entries`, () => {
      const result = parseCommand(text);
      assert.equal(result.kind, 'invalidCustomerId');
      assert.ok(result.kind === 'invalidCustomerId');
      assert.deepEqual(result.invalid, []);
    });
  }

  const help: Array<[string | undefined | null, ParsedCommand]> = [
    ['help', { kind: 'help', reason: 'asked' }],
    ['HELP', { kind: 'help', reason: 'asked' }],
    ['Help.', { kind: 'help', reason: 'asked' }],
    ['/help', { kind: 'help', reason: 'asked' }],
    ['?', { kind: 'help', reason: 'asked' }],
    ['<at>Bot</at> help', { kind: 'help', reason: 'asked' }],
    ['hello', { kind: 'help', reason: 'asked' }],
    ['', { kind: 'help', reason: 'empty' }],
    ['   ', { kind: 'help', reason: 'empty' }],
    [undefined, { kind: 'help', reason: 'empty' }],
    [null, { kind: 'help', reason: 'empty' }],
    ['<at>Bot</at>', { kind: 'help', reason: 'empty' }],
    ['help please', { kind: 'help', reason: 'asked' }],
    ['hi!', { kind: 'help', reason: 'asked' }],
    ['what is the weather', { kind: 'help', reason: 'unknown', typed: 'what is the weather' }],
    ['<at>Bot</at> thanks!', { kind: 'help', reason: 'unknown', typed: 'thanks!' }],
  ];
  for (const [text, expected] of help) {
    it(`answers ${JSON.stringify(text)} with help (${expected.kind === 'help' ? expected.reason : ''})`, () => {
      assert.deepEqual(parseCommand(text), expected);
    });
  }

  const signOut = [
    'sign out',
    'Sign Out',
    'signout',
    'logout',
    'log out',
    '/logout',
    '<at>Bot</at> sign out',
    'sign out.',
    'Log off',
  ];
  for (const text of signOut) {
    it(`reads ${JSON.stringify(text)} as sign out`, () => {
      assert.deepEqual(parseCommand(text), { kind: 'signOut' });
    });
  }
  it('reads "sign out" with filler words around it as sign out', () => {
    assert.deepEqual(parseCommand('sign out now please'), { kind: 'signOut' });
    assert.deepEqual(parseCommand('please log out'), { kind: 'signOut' });
  });
  for (const text of ['logout 00000000-0000-4000-8000-000000000001', 'sign', 'sign out of Contoso']) {
    it(`does not read ${JSON.stringify(text)} as sign out`, () => {
      assert.notEqual(parseCommand(text).kind, 'signOut');
    });
  }

  it('handles 100 KB of text quickly and never returns it whole', () => {
    const huge = `qualification for ${'x'.repeat(100 * 1024)}`;
    const started = process.hrtime.bigint();
    const result = parseCommand(huge);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.deepEqual(result, { kind: 'qualificationByName', name: 'x'.repeat(MAX_COMPANY_NAME_LENGTH) });
    const junk = parseCommand(`qualification for ${'x/'.repeat(50 * 1024)}`);
    assert.ok(junk.kind === 'invalidCustomerId' && junk.input.length <= MAX_PARSED_LENGTH);
    assert.ok(elapsedMs < 1000, `took ${elapsedMs} ms: a pattern is backtracking`);
  });

  it('does not find an id buried after the length cap', () => {
    const padded = `${' '.repeat(MAX_PARSED_LENGTH)}qualification for ${ID}`;
    assert.equal(parseCommand(padded).kind, 'help');
  });

  it('only ever returns canonical lower-case ids', () => {
    for (const [text] of accepted) {
      const result = parseCommand(text);
      assert.ok(result.kind === 'qualification' && /^[0-9a-f-]{36}$/.test(result.customerId), text);
    }
  });
});

/** Distinct, well-formed ids: 00000000-0000-4000-8000-000000000001, …002, … */
function ids(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
}

describe('parseCommand: several customers in one message', () => {
  const [A, B, C] = ids(3) as [string, string, string];

  const lists: Array<[string, string[], string]> = [
    [`qualification for ${A} ${B}`, [A, B], 'spaces'],
    [`qualification for ${A},${B}, ${C}`, [A, B, C], 'commas'],
    [`qualification for ${A}；${B}; ${C}`, [A, B, C], 'semicolons, full-width too'],
    [`qualification for ${A}，${B}、${C}`, [A, B, C], 'a full-width comma and the ideographic comma'],
    [`qualification for\n${A}\n${B}\r\n${C}\n`, [A, B, C], 'new lines'],
    [`qualification for ${A}\u3000${B}`, [A, B], 'an ideographic (full-width) space'],
    [`qualification for ${A}, ${B} and ${C}.`, [A, B, C], '"and" and a final period'],
    [`qualification for ${A} & ${B}`, [A, B], '"&"'],
    [
      `qualifications for: {${A.toUpperCase()}}, "${B}", \`${C}\``,
      [A, B, C],
      'braces, quotes, backticks and upper case on each id',
    ],
    [`qualification for ${C} ${A} ${B}`, [C, A, B], 'the order typed'],
    [
      `qualification for ${A} ${B} ${A.toUpperCase()} {${B}} ${A}`,
      [A, B],
      'duplicates, in any spelling, removed (first-seen order)',
    ],
    [`<at>Bot</at> qualification for ${A} ${B}`, [A, B], 'a leading @mention'],
    [`${A} ${B}`, [A, B], 'bare ids'],
    [`${A},\n${B}\n${C}`, [A, B, C], 'a bare pasted column of ids'],
  ];
  for (const [text, expected, why] of lists) {
    it(`reads a list separated by ${why}`, () => {
      assert.deepEqual(parseCommand(text), { kind: 'bulkQualification', customerIds: expected });
    });
  }

  it("reads one id repeated as one lookup, in today's shape", () => {
    assert.deepEqual(parseCommand(`qualification for ${ID} ${ID}, {${UPPER}}`), {
      kind: 'qualification',
      customerId: ID,
    });
    assert.deepEqual(parseCommand(`${ID} ${ID}`), { kind: 'qualification', customerId: ID });
  });

  it(`accepts up to ${DEFAULT_MAX_CUSTOMERS} customers by default and refuses more`, () => {
    const twenty = ids(DEFAULT_MAX_CUSTOMERS);
    assert.deepEqual(parseCommand(`qualification for ${twenty.join(', ')}`), {
      kind: 'bulkQualification',
      customerIds: twenty,
    });
    const more = ids(DEFAULT_MAX_CUSTOMERS + 1);
    assert.deepEqual(parseCommand(`qualification for ${more.join(', ')}`), {
      kind: 'tooManyCustomers',
      count: 21,
      limit: 20,
    });
    assert.deepEqual(parseCommand(more.join('\n')), { kind: 'tooManyCustomers', count: 21, limit: 20 }, 'bare ids too');
  });

  it('takes the limit from the caller', () => {
    const three = ids(3);
    assert.deepEqual(parseCommand(`qualification for ${three.join(' ')}`, { maxCustomers: 3 }), {
      kind: 'bulkQualification',
      customerIds: three,
    });
    assert.deepEqual(parseCommand(`qualification for ${three.join(' ')}`, { maxCustomers: 2 }), {
      kind: 'tooManyCustomers',
      count: 3,
      limit: 2,
    });
    assert.deepEqual(parseCommand(`qualification for ${three.join(' ')}`, { maxCustomers: 1 }), {
      kind: 'tooManyCustomers',
      count: 3,
      limit: 1,
    });
    assert.deepEqual(parseCommand(`qualification for ${ID}`, { maxCustomers: 1 }), {
      kind: 'qualification',
      customerId: ID,
    });
    assert.deepEqual(
      parseCommand(`qualification for ${ids(30).join(' ')}`, { maxCustomers: 30 }).kind,
      'bulkQualification',
    );
  });

  it('counts distinct ids only against the limit', () => {
    const two = ids(2);
    assert.deepEqual(parseCommand(`qualification for ${[...two, ...two, ...two].join(' ')}`, { maxCustomers: 2 }), {
      kind: 'bulkQualification',
      customerIds: two,
    });
  });

  for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`refuses maxCustomers ${bad} (a programming error)`, () => {
      assert.throws(() => parseCommand(`qualification for ${ID}`, { maxCustomers: bad }), RangeError);
    });
  }

  it('lists every broken tenant id as typed, once, in order, keeping the whole input; words are ignored', () => {
    const input = `qualification for ${A}, 1234 {${B}, contoso, ${C}. {${B} "x y" ${C.slice(1)}`;
    assert.deepEqual(parseCommand(input), {
      kind: 'invalidCustomerId',
      input,
      invalid: [`{${B}`, C.slice(1)],
    });
  });

  it('says the list is too long before it says what is wrong in it (a pasted list cut at the cap)', () => {
    const many = ids(25);
    assert.deepEqual(parseCommand(`qualification for ${many.join(' ')} oops`), {
      kind: 'tooManyCustomers',
      count: 25,
      limit: 20,
    });
    // Twenty valid ids and a broken one: the broken one is the problem, not the length.
    const twenty = ids(20);
    assert.deepEqual(parseCommand(`qualification for ${twenty.join(' ')} ${ID}0`), {
      kind: 'invalidCustomerId',
      input: `qualification for ${twenty.join(' ')} ${ID}0`,
      invalid: [`${ID}0`],
    });
    // A plain word among them is not.
    assert.deepEqual(parseCommand(`qualification for ${twenty.join(' ')} oops`), {
      kind: 'bulkQualification',
      customerIds: twenty,
    });
  });

  it('reads ids (and domains) wherever they stand, whatever words surround them', () => {
    assert.deepEqual(parseCommand(`${A} ${B} please`), { kind: 'bulkQualification', customerIds: [A, B] });
    assert.deepEqual(parseCommand(`${A} contoso.com`), {
      kind: 'mixedQualification',
      targets: [
        { kind: 'id', customerId: A },
        { kind: 'domain', domain: 'contoso.com' },
      ],
    });
  });

  it('counts every id of a list longer than the length cap, not only those before the cut', () => {
    assert.deepEqual(parseCommand(`qualification for ${ids(100).join(', ')}`), {
      kind: 'tooManyCustomers',
      count: 100,
      limit: 20,
    });
    // The reproduction: 1,000 ids answered "53 customers".
    assert.deepEqual(parseCommand(`qualification for ${ids(1000).join(' ')}`), {
      kind: 'tooManyCustomers',
      count: 1000,
      limit: 20,
    });
    assert.deepEqual(
      parseCommand(ids(1000).join('\n')),
      { kind: 'tooManyCustomers', count: 1000, limit: 20 },
      'bare ids too',
    );
    assert.deepEqual(
      parseCommand(`qualification for ${[...ids(30), ...ids(30)].join(' ')}`, { maxCustomers: 20 }),
      { kind: 'tooManyCustomers', count: 30, limit: 20 },
      'distinct ids',
    );
    // Ids only after the cut: the part that is parsed decides what the message is, the count is still honest.
    const late = `qualification for ${ids(2).join(' ')} ${'and '.repeat(600)} ${ids(40).join(' ')}`;
    assert.deepEqual(parseCommand(late), { kind: 'tooManyCustomers', count: 40, limit: 20 });
  });

  const huge: Array<[string, string]> = [
    [`qualification for ${', '.repeat(50 * 1024)}`, 'separators'],
    [`qualification for ${'a.'.repeat(50 * 1024)}`, 'domain-like text'],
    [`qualification for ${`${ID}-`.repeat(3000)}`, 'ids glued together'],
    [`資格：${'、'.repeat(100 * 1024)}`, 'full-width separators after a Chinese command'],
    [`${'{'.repeat(50 * 1024)}${'}'.repeat(50 * 1024)}`, 'braces'],
    [`${'"'.repeat(100 * 1024)}x`, 'quotes'],
  ];
  for (const [text, why] of huge) {
    it(`parses 100 KB of ${why} quickly`, () => {
      const started = process.hrtime.bigint();
      const result = parseCommand(text);
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(elapsedMs < 1000, `took ${elapsedMs} ms: a pattern is backtracking`);
      assert.ok(JSON.stringify(result).length < 3 * MAX_PARSED_LENGTH);
    });
  }
});

describe('parseCommand: domains', () => {
  const domains: Array<[string, string, string]> = [
    ['qualification for contoso.onmicrosoft.com', 'contoso.onmicrosoft.com', 'the documented form'],
    ['Qualification for Contoso.OnMicrosoft.COM.', 'contoso.onmicrosoft.com', 'any case and a period'],
    ['qualification for "contoso.com"', 'contoso.com', 'quotes'],
    ['qualification for contoso.com contoso.com, CONTOSO.COM', 'contoso.com', 'the same domain repeated'],
    ['資格：contoso.com。', 'contoso.com', 'a Chinese command'],
    ['contoso.onmicrosoft.com', 'contoso.onmicrosoft.com', 'a bare domain'],
    ['<at>Bot</at> fabrikam.co.uk', 'fabrikam.co.uk', 'a bare domain after a mention'],
    ['「contoso.com」', 'contoso.com', 'a bare domain in corner brackets'],
  ];
  for (const [text, domain, why] of domains) {
    it(`looks up a domain: ${why}`, () => {
      assert.deepEqual(parseCommand(text), { kind: 'qualificationByDomain', domain });
    });
  }

  it('reads domains in a list, with ids or not, as one several-customer lookup in the order typed', () => {
    assert.deepEqual(parseCommand(`qualification for ${ID}, contoso.com`), {
      kind: 'mixedQualification',
      targets: [
        { kind: 'id', customerId: ID },
        { kind: 'domain', domain: 'contoso.com' },
      ],
    });
    assert.deepEqual(parseCommand('qualification for contoso.com fabrikam.com'), {
      kind: 'mixedQualification',
      targets: [
        { kind: 'domain', domain: 'contoso.com' },
        { kind: 'domain', domain: 'fabrikam.com' },
      ],
    });
  });

  const notDomains = [
    'https://contoso.com',
    'contoso.com/admin',
    'admin@contoso.com',
    '10.0.0.1',
    'con_toso.com',
    'contoso.com:443',
  ];
  for (const text of notDomains) {
    it(`does not read ${JSON.stringify(text)} as a domain (nor as a company name)`, () => {
      assert.deepEqual(parseCommand(`qualification for ${text}`), {
        kind: 'invalidCustomerId',
        input: `qualification for ${text}`,
        invalid: [text],
      });
      assert.deepEqual(parseCommand(text), { kind: 'help', reason: 'unknown', typed: text });
    });
  }
  for (const text of ['contoso', 'contoso-.com', 'contoso..com', 'cöntoso.com', 'e.g.', 'U.S.']) {
    it(`does not read ${JSON.stringify(text)} as a domain: after a command word it is a company name`, () => {
      const result = parseCommand(`qualification for ${text}`);
      assert.equal(result.kind, 'qualificationByName', JSON.stringify(result));
      assert.deepEqual(parseCommand(text), { kind: 'help', reason: 'unknown', typed: text });
    });
  }
});

describe('parseCommand: Traditional (and Simplified) Chinese', () => {
  const commands = [
    '資格',
    '查詢資格',
    '資格查詢',
    '查資格',
    '查詢',
    '請查詢資格',
    '资格',
    '查询资格',
    '资格查询',
    '查询',
    '请查询资格',
  ];
  for (const command of commands) {
    for (const [separator, why] of [
      [' ', 'a space'],
      ['\u3000', 'a full-width space'],
      ['：', 'a full-width colon'],
      [':', 'a colon'],
      [' ： ', 'a spaced full-width colon'],
      ['', 'nothing'],
    ] as const) {
      it(`reads ${command} with ${why} before the id`, () => {
        assert.deepEqual(parseCommand(`${command}${separator}${UPPER}`), { kind: 'qualification', customerId: ID });
      });
    }
  }

  it('reads a list with full-width separators and punctuation', () => {
    const [A, B, C] = ids(3) as [string, string, string];
    assert.deepEqual(parseCommand(`資格：${A}、${B}，「${C}」。`), {
      kind: 'bulkQualification',
      customerIds: [A, B, C],
    });
    assert.deepEqual(parseCommand(`查詢資格 ${A}；${B} 和 ${C}`), {
      kind: 'bulkQualification',
      customerIds: [A, B, C],
    });
    assert.deepEqual(parseCommand(`<at>Bot</at> 資格 （${A}）`), { kind: 'qualification', customerId: A });
  });

  it('reads what follows a Chinese command as a company name when it is not an id', () => {
    assert.deepEqual(parseCommand('資格：12345'), {
      kind: 'invalidCustomerId',
      input: '資格：12345',
      invalid: ['12345'],
    });
    assert.deepEqual(parseCommand('查詢天氣'), { kind: 'qualificationByName', name: '天氣' });
  });

  for (const text of ['說明', '幫助', '？', '說明。', '/幫助', '<at>Bot</at> 說明', '说明', '帮助', '你好']) {
    it(`answers ${JSON.stringify(text)} with help`, () => {
      assert.deepEqual(parseCommand(text), { kind: 'help', reason: 'asked' });
    });
  }

  for (const text of ['登出', '登出。', '<at>Bot</at> 登出', '/登出', '退出登录']) {
    it(`reads ${JSON.stringify(text)} as sign out`, () => {
      assert.deepEqual(parseCommand(text), { kind: 'signOut' });
    });
  }

  for (const text of ['資', '格', '問題', '資料']) {
    it(`does not read ${JSON.stringify(text)} as a command`, () => {
      assert.deepEqual(parseCommand(text), { kind: 'help', reason: 'unknown', typed: text });
    });
  }
  it('reads a command with nothing after it as a lookup of no customer', () => {
    assert.deepEqual(parseCommand('我想查一下'), { kind: 'invalidCustomerId', input: '我想查一下', invalid: [] });
  });
});
