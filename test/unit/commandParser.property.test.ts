import assert from 'node:assert/strict';
import { TestAdapter } from 'botbuilder';
import fc from 'fast-check';
import { MAX_PARSED_LENGTH, parseCommand, type ParsedCommand } from '../../src/bot/commandParser';
import { QualificationBot } from '../../src/bot/qualificationBot';
import { createLogger } from '../../src/logger';
import { isCanonicalCustomerId } from '../../src/partnerCenter/customerId';
import type { CallContext, QualificationLookup } from '../../src/partnerCenter/types';

/**
 * Property-based tests of the command parser (fast-check): whatever a person (or an attacker)
 * types, the parser answers with a canonical GUID or a rejection (the explanation or the help
 * card) — and only a canonical GUID ever reaches the Partner Center client.
 */

const CANONICAL_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Pieces near the grammar, so random inputs often get close to (and past) the accepted forms. */
const fragment = fc.oneof(
  fc.constantFrom(
    'qualification', 'qualifications', 'Qualification For', 'QUALIFICATION', 'for', 'of', ':', '=', '-', 'check ', 'get ', 'show ',
    'help', '?', '/', '\\', '..', '../', '%2e%2e%2f', '?x=1', '#', '&', '{', '}', '[', ']', '(', ')', '<', '>', '"', "'", '`', '“', '”', '«', '»',
    '.', ',', ';', '!', '。', '，', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u200b', '\u2060', '\ufeff', '\u202e',
    '<at>Bot</at>', '<at>', '</at>', '${x}', '{{DATE(2020-01-01T00:00:00Z)}}', '[click](https://evil.example)', '**', '_', '\u0000',
    '00000000-0000-4000-8000-000000000001', '0000000000004000800000000000001', 'g0000000-0000-4000-8000-000000000001',
  ),
  fc.uuid().map((id) => id),
  fc.mixedCase(fc.uuid()),
  fc.stringMatching(/^[0-9a-fA-F-]{1,40}$/),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const nearGrammar = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(''));
const anyText = fc.oneof(
  { weight: 3, arbitrary: nearGrammar },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 80 }) },
);

function assertWellFormed(text: string, result: ParsedCommand): void {
  switch (result.kind) {
    case 'qualification':
      assert.deepEqual(Object.keys(result).sort(), ['customerId', 'kind']);
      assert.match(result.customerId, CANONICAL_GUID);
      assert.ok(isCanonicalCustomerId(result.customerId));
      // The id comes from the text: the parser never makes one up.
      assert.ok(text.toLowerCase().replace(INVISIBLE, '').includes(result.customerId), `"${result.customerId}" is not in the input`);
      return;
    case 'invalidCustomerId':
      assert.deepEqual(Object.keys(result).sort(), ['input', 'kind']);
      assert.equal(typeof result.input, 'string');
      assert.ok(result.input.length <= MAX_PARSED_LENGTH);
      return;
    case 'help':
      assert.deepEqual(Object.keys(result).sort(), ['kind', 'reason']);
      assert.ok(['asked', 'empty', 'unknown'].includes(result.reason));
      return;
    case 'signOut':
      assert.deepEqual(Object.keys(result), ['kind']);
      assert.match(text.toLowerCase(), /(sign|log)\s*-?\s*(out|off)|logoff/);
      return;
    default:
      assert.fail(`unexpected result ${JSON.stringify(result)}`);
  }
}

describe('parseCommand properties (fast-check)', () => {
  it('answers any text with a canonical GUID or a rejection, and never throws', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        assertWellFormed(text, parseCommand(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds the id in every accepted way of asking, in canonical form', () => {
    const prefix = fc.constantFrom('qualification for ', 'Qualifications for ', 'qualification ', 'QUALIFICATION OF ', 'check qualification for: ', '<at>Bot</at> qualification for ', '/qualification for ', '');
    const wrap = fc.constantFrom<[string, string]>(['', ''], ['{', '}'], ['"', '"'], ['`', '`'], ['<', '>'], ['“', '”']);
    const suffix = fc.constantFrom('', '.', '!', '?', ' ', '.\n', '!?');
    const space = fc.constantFrom(' ', '  ', '\t', '\u00a0', '\n');
    fc.assert(
      fc.property(fc.uuid(), fc.boolean(), prefix, wrap, suffix, space, (id, upper, before, [open, close], after, ws) => {
        const text = `${before.replace(/ /g, ws)}${open}${upper ? id.toUpperCase() : id}${close}${after}`;
        assert.deepEqual(parseCommand(text), { kind: 'qualification', customerId: id.toLowerCase() }, JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects an id with anything glued to it (paths, queries, more hex), whatever the case', () => {
    const junk = fc.string({ unit: fc.constantFrom(...'abcdefxyz0123456789/%&=#-_+\\'.split('')), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.mixedCase(fc.uuid()), junk, fc.boolean(), (id, glued, before) => {
        // One separator right after "for" is grammar ("qualification for: <id>", "for - <id>"): start with junk proper.
        const text = before ? `qualification for x${glued}${id}` : `qualification for ${id}${glued}`;
        const result = parseCommand(text);
        assert.notEqual(result.kind, 'qualification', `${JSON.stringify(text)} was accepted as ${JSON.stringify(result)}`);
      }),
      { numRuns: 2000 },
    );
  });

  it('lets nothing but a canonical GUID reach the Partner Center client, through the real bot', async () => {
    const calls: string[] = [];
    const source = {
      getQualifications: async (customerId: string, context: CallContext): Promise<QualificationLookup> => {
        calls.push(customerId);
        return { customerId, qualifications: [], fetchedAt: new Date(), correlationId: context.correlationId, requestId: 'r', api: 'qualifications' };
      },
    };
    const bot = new QualificationBot({ source, logger: createLogger('silent'), demo: false });
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        calls.length = 0;
        const adapter = new TestAdapter((context) => bot.run(context));
        await adapter.send(text).startTest();
        const expected = parseCommand(text);
        if (expected.kind === 'qualification') {
          assert.deepEqual(calls, [expected.customerId]);
        } else {
          assert.deepEqual(calls, [], `${JSON.stringify(text)} reached the client`);
        }
        for (const id of calls) assert.ok(isCanonicalCustomerId(id));
      }),
      { numRuns: 300 },
    );
  });
});
