import assert from 'node:assert/strict';
import { MAX_PARSED_LENGTH, parseCommand, type ParsedCommand } from '../../src/bot/commandParser';

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
    ['qualification for contoso.onmicrosoft.com', 'a domain', 'contoso.onmicrosoft.com'],
    ['qualification for ../../v1/customers', 'path characters', '../../v1/customers'],
    [`qualification for ${ID}/../../partners`, 'a GUID followed by a path', `${ID}/../../partners`],
    [`qualification for ${ID}?x=1`, 'a GUID with a query string', `${ID}?x=1`],
    [`qualification for %2e%2e%2f${ID}`, 'URL-encoded traversal', `%2e%2e%2f${ID}`],
    [`qualification for ${ID.slice(0, -1)}`, 'a GUID one character short', ID.slice(0, -1)],
    [`qualification for ${ID}0`, 'a GUID one character long', `${ID}0`],
    [`qualification for ${ID.replace(/-/g, '')}`, 'a GUID without dashes', ID.replace(/-/g, '')],
    [`qualification for ${ID.replace('a', 'g')}`, 'a non-hex character', ID.replace('a', 'g')],
    [`qualification for ${ID} ${ID}`, 'two ids (not supported yet)', `${ID} ${ID}`],
    [`qualification for {${ID}`, 'an unbalanced brace', `{${ID}`],
    ['qualification for', 'no id at all', ''],
    ['qualification', 'the bare keyword', ''],
    ['qualification for [click](https://evil.example)', 'a markdown link', '[click](https://evil.example)'],
    ['qualification for "contoso".', 'a quoted word with a period, echoed as typed', '"contoso".'],
  ];
  for (const [text, why, input] of rejected) {
    it(`rejects ${why} and keeps the input for the explanation`, () => {
      assert.deepEqual(parseCommand(text), { kind: 'invalidCustomerId', input });
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
    ['what is the weather', { kind: 'help', reason: 'unknown' }],
    ['qualify me', { kind: 'help', reason: 'unknown' }],
    [`tell me about ${ID}`, { kind: 'help', reason: 'unknown' }],
  ];
  for (const [text, expected] of help) {
    it(`answers ${JSON.stringify(text)} with help (${expected.kind === 'help' ? expected.reason : ''})`, () => {
      assert.deepEqual(parseCommand(text), expected);
    });
  }

  const signOut = ['sign out', 'Sign Out', 'signout', 'logout', 'log out', '/logout', '<at>Bot</at> sign out', 'sign out.', 'Log off'];
  for (const text of signOut) {
    it(`reads ${JSON.stringify(text)} as sign out`, () => {
      assert.deepEqual(parseCommand(text), { kind: 'signOut' });
    });
  }
  for (const text of ['sign out now please', 'logout 00000000-0000-4000-8000-000000000001', 'sign']) {
    it(`does not read ${JSON.stringify(text)} as sign out`, () => {
      assert.notEqual(parseCommand(text).kind, 'signOut');
    });
  }

  it('handles 100 KB of text quickly and never returns it whole', () => {
    const huge = `qualification for ${'x'.repeat(100 * 1024)}`;
    const started = process.hrtime.bigint();
    const result = parseCommand(huge);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    assert.equal(result.kind, 'invalidCustomerId');
    assert.ok(result.kind === 'invalidCustomerId' && result.input.length <= MAX_PARSED_LENGTH);
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
