import assert from 'node:assert/strict';
import { TestAdapter } from 'botbuilder';
import fc from 'fast-check';
import {
  DEFAULT_MAX_CUSTOMERS,
  MAX_PARSED_LENGTH,
  parseCommand,
  type ParsedCommand,
} from '../../../src/conversation/commandParser';
import { testBot } from '../../helpers/testBot';
import {
  isCanonicalCustomerId,
  normaliseCustomerId,
  type CustomerTenantId,
} from '../../../src/partnerCenter/customerId';
import { isNormalisedDomain, normaliseDomain } from '../../../src/partnerCenter/domain';
import { isNormalisedCompanyName, MAX_COMPANY_NAME_LENGTH } from '../../../src/partnerCenter/companyName';
import type { CallContext, QualificationLookup } from '../../../src/partnerCenter/types';
import { nameSearchResult, searchResult, stubSource } from '../../helpers/stubSource';
import { tenantId } from '../../helpers/ids';

/**
 * Property-based tests of the command parser (fast-check): whatever a person (or an attacker)
 * types, the parser answers with canonical GUIDs and normalised domains taken from the text (at
 * most the limit), a canonical company name, or a rejection (the explanation or the help card) —
 * and only those ever reach the Partner Center client.
 */

const CANONICAL_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/g;

/** Pieces near the grammar, so random inputs often get close to (and past) the accepted forms. */
const fragment = fc.oneof(
  fc.constantFrom(
    'qualification',
    'qualifications',
    'Qualification For',
    'QUALIFICATION',
    'for',
    'of',
    ':',
    '=',
    '-',
    'check ',
    'get ',
    'show ',
    '資格',
    '查詢資格',
    '資格查詢',
    '查詢',
    '资格',
    '說明',
    '幫助',
    '？',
    '登出',
    '：',
    '　',
    '、',
    '；',
    '「',
    '」',
    '和',
    'and',
    ' and ',
    'contoso.com',
    'Contoso.OnMicrosoft.com',
    '.com',
    'xn--bcher-kva.de',
    '@',
    'https://',
    '10.0.0.1',
    'help',
    '?',
    '/',
    '\\',
    '..',
    '../',
    '%2e%2e%2f',
    '?x=1',
    '#',
    '&',
    '{',
    '}',
    '[',
    ']',
    '(',
    ')',
    '<',
    '>',
    '"',
    "'",
    '`',
    '“',
    '”',
    '«',
    '»',
    '.',
    ',',
    ';',
    '!',
    '。',
    '，',
    ' ',
    '  ',
    '\t',
    '\n',
    '\r\n',
    '\u00a0',
    '\u200b',
    '\u2060',
    '\ufeff',
    '\u202e',
    '<at>Bot</at>',
    '<at>',
    '</at>',
    '${x}',
    '{{DATE(2020-01-01T00:00:00Z)}}',
    '[click](https://evil.example)',
    '**',
    '_',
    '\u0000',
    '00000000-0000-4000-8000-000000000001',
    '0000000000004000800000000000001',
    'g0000000-0000-4000-8000-000000000001',
    'qual ',
    'qualifcation ',
    'chek ',
    'Tenant ID:',
    'please',
    'the ',
    'The ',
    'Contoso School District',
    'Margie’s',
    '查一下',
    '的',
    '查詢姿格',
    'https://partner.microsoft.com/dashboard/commerce2/customers/',
    'https://partner.microsoft.com/en-us/dashboard/commerce2/customers/00000000-0000-4000-8000-000000000001/account',
    'partner.microsoft.com/',
    '/account',
    '<a href="',
    '">',
    '</a>',
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

/** A canonical GUID taken from the text: the parser never makes one up. */
function assertIdFrom(text: string, id: string): void {
  assert.match(id, CANONICAL_GUID);
  assert.ok(isCanonicalCustomerId(id));
  assert.ok(text.toLowerCase().replace(INVISIBLE, '').includes(id), `"${id}" is not in the input`);
}

/** A normalised domain taken from the text. */
function assertDomainFrom(text: string, domain: string): void {
  assert.ok(isNormalisedDomain(domain), domain);
  assert.match(domain, /^[a-z0-9.-]+$/);
  assert.ok(text.toLowerCase().replace(INVISIBLE, '').includes(domain), `"${domain}" is not in the input`);
}

function assertWellFormed(text: string, result: ParsedCommand, limit = DEFAULT_MAX_CUSTOMERS): void {
  switch (result.kind) {
    case 'qualification':
      assert.deepEqual(Object.keys(result).sort(), ['customerId', 'kind']);
      assertIdFrom(text, result.customerId);
      return;
    case 'bulkQualification':
      assert.deepEqual(Object.keys(result).sort(), ['customerIds', 'kind']);
      assert.ok(
        result.customerIds.length >= 2 && result.customerIds.length <= limit,
        `${result.customerIds.length} ids, limit ${limit}`,
      );
      assert.equal(new Set(result.customerIds).size, result.customerIds.length, 'duplicates');
      for (const id of result.customerIds) assertIdFrom(text, id);
      return;
    case 'qualificationByDomain':
      assert.deepEqual(Object.keys(result).sort(), ['domain', 'kind']);
      assertDomainFrom(text, result.domain);
      return;
    case 'mixedQualification': {
      assert.deepEqual(Object.keys(result).sort(), ['kind', 'targets']);
      assert.ok(result.targets.length >= 2 && result.targets.length <= limit, `${result.targets.length} targets`);
      assert.ok(
        result.targets.some((target) => target.kind === 'domain'),
        'a domain among them',
      );
      const keys = result.targets.map((target) => (target.kind === 'id' ? target.customerId : target.domain));
      assert.equal(new Set(keys).size, keys.length, 'duplicates');
      for (const target of result.targets) {
        if (target.kind === 'id') assertIdFrom(text, target.customerId);
        else assertDomainFrom(text, target.domain);
      }
      return;
    }
    case 'qualificationByName':
      assert.deepEqual(Object.keys(result).sort(), ['kind', 'name']);
      assert.ok(isNormalisedCompanyName(result.name), JSON.stringify(result.name));
      assert.ok(result.name.length >= 2 && Array.from(result.name).length <= MAX_COMPANY_NAME_LENGTH);
      // Nothing a filter or a URL reads: quotes, brackets, slashes, %, :, =, ?, #, \\, <, >, controls.
      assert.doesNotMatch(result.name, /["`\\/%:=?#<>[\]{}\p{Cc}]/u);
      return;
    case 'tooManyCustomers':
      assert.deepEqual(Object.keys(result).sort(), ['count', 'kind', 'limit']);
      assert.equal(result.limit, limit);
      assert.ok(Number.isInteger(result.count) && result.count > limit);
      return;
    case 'invalidCustomerId':
      assert.deepEqual(Object.keys(result).sort(), ['input', 'invalid', 'kind']);
      assert.equal(typeof result.input, 'string');
      assert.ok(result.input.length <= MAX_PARSED_LENGTH);
      assert.equal(new Set(result.invalid).size, result.invalid.length, 'duplicates');
      for (const entry of result.invalid) {
        // Each entry is as typed: part of the echoed input, never a tenant id.
        assert.ok(
          entry.length > 0 && result.input.includes(entry),
          `${JSON.stringify(entry)} is not in ${JSON.stringify(result.input)}`,
        );
        assert.equal(normaliseCustomerId(entry), undefined, entry);
      }
      return;
    case 'help':
      if (result.reason === 'unknown') {
        assert.deepEqual(Object.keys(result).sort(), ['kind', 'reason', 'typed']);
        assert.ok(result.typed.length > 0 && result.typed.length <= MAX_PARSED_LENGTH);
        return;
      }
      assert.deepEqual(Object.keys(result).sort(), ['kind', 'reason']);
      assert.ok(['asked', 'empty'].includes(result.reason));
      return;
    case 'signOut':
      assert.deepEqual(Object.keys(result), ['kind']);
      assert.match(text.toLowerCase(), /(sign|log)\s*-?\s*(out|off)|logoff|登出|退出登[入錄录]/);
      return;
    default:
      assert.fail(`unexpected result ${JSON.stringify(result)}`);
  }
}

/** A result without the echo of the message (`input`, `typed`), to compare two ways of asking. */
function withoutEcho(result: ParsedCommand): unknown {
  // A separator glued to an entry ("資格:x", "for:x") may stay on the entry as typed.
  if (result.kind === 'invalidCustomerId')
    return { kind: result.kind, invalid: result.invalid.map((entry) => entry.replace(/^[:=]+/, '')) };
  if (result.kind === 'help') return { kind: result.kind, reason: result.reason };
  return result;
}

describe('parseCommand properties (fast-check)', () => {
  it('answers any text with canonical GUIDs, a domain or a rejection, and never throws', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        assertWellFormed(text, parseCommand(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('respects any limit the caller gives', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 30 }), (text, limit) => {
        assertWellFormed(text, parseCommand(text, { maxCustomers: limit }), limit);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds the id in every accepted way of asking, in canonical form', () => {
    const prefix = fc.constantFrom(
      'qualification for ',
      'Qualifications for ',
      'qualification ',
      'QUALIFICATION OF ',
      'check qualification for: ',
      '<at>Bot</at> qualification for ',
      '/qualification for ',
      '',
    );
    const wrap = fc.constantFrom<[string, string]>(
      ['', ''],
      ['{', '}'],
      ['"', '"'],
      ['`', '`'],
      ['<', '>'],
      ['“', '”'],
    );
    const suffix = fc.constantFrom('', '.', '!', '?', ' ', '.\n', '!?');
    const space = fc.constantFrom(' ', '  ', '\t', '\u00a0', '\n');
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.boolean(),
        prefix,
        wrap,
        suffix,
        space,
        (id, upper, before, [open, close], after, ws) => {
          const text = `${before.replace(/ /g, ws)}${open}${upper ? id.toUpperCase() : id}${close}${after}`;
          assert.deepEqual(
            parseCommand(text),
            { kind: 'qualification', customerId: id.toLowerCase() },
            JSON.stringify(text),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('rejects an id with anything glued to it (paths, queries, more hex), whatever the case', () => {
    const junk = fc.string({
      unit: fc.constantFrom(...'abcdefxyz0123456789/%&=#-_+\\'.split('')),
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(fc.mixedCase(fc.uuid()), junk, fc.boolean(), (id, glued, before) => {
        // One separator right after "for" is grammar ("qualification for: <id>", "for - <id>"): start with junk proper.
        const text = before ? `qualification for x${glued}${id}` : `qualification for ${id}${glued}`;
        const result = parseCommand(text);
        assert.notEqual(
          result.kind,
          'qualification',
          `${JSON.stringify(text)} was accepted as ${JSON.stringify(result)}`,
        );
      }),
      { numRuns: 2000 },
    );
  });

  describe('several customers', () => {
    const separator = fc.constantFrom(
      ' ',
      ',',
      ', ',
      ' ,',
      ';',
      '; ',
      '\n',
      '\r\n',
      '，',
      '、',
      '；',
      '\u3000',
      ' and ',
      ' & ',
      ' 和 ',
      ',\n',
    );
    const spelling = fc.constantFrom<(id: string) => string>(
      (id) => id,
      (id) => id.toUpperCase(),
      (id) => `{${id}}`,
      (id) => `{${id.toUpperCase()}}`,
      (id) => `"${id}"`,
      (id) => `「${id}」`,
      (id) => `${id}.`,
    );
    const command = fc.constantFrom(
      'qualification for ',
      'Qualifications for: ',
      'check qualification ',
      '資格：',
      '查詢資格 ',
      '资格　',
      '<at>Bot</at> qualification for ',
      '',
    );
    /** 1–30 distinct ids and a message naming them (some more than once, in any spelling). */
    const idList = fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 30 }).chain((distinct) =>
      fc.record({
        distinct: fc.constant(distinct),
        order: fc
          .array(fc.nat({ max: distinct.length - 1 }), { maxLength: 10 })
          .map((extra) => [...distinct.keys(), ...extra]),
        spellings: fc.array(spelling, { minLength: 40, maxLength: 40 }),
        separators: fc.array(separator, { minLength: 40, maxLength: 40 }),
        shuffle: fc.array(fc.nat(), { minLength: 40, maxLength: 40 }),
      }),
    );

    /** The list typed: each index once at least, in a shuffled order, with its own spelling and separator. */
    interface IdList {
      readonly distinct: string[];
      readonly order: number[];
      readonly spellings: Array<(id: string) => string>;
      readonly separators: string[];
      readonly shuffle: number[];
    }
    function typed(list: IdList): { text: string; firstSeen: CustomerTenantId[] } {
      const order = [...list.order];
      for (let i = order.length - 1; i > 0; i--) {
        const j = list.shuffle[i] % (i + 1);
        [order[i], order[j]] = [order[j], order[i]];
      }
      const firstSeen: CustomerTenantId[] = [];
      const parts = order.map((index, i) => {
        const id = tenantId(list.distinct[index]);
        if (!firstSeen.includes(id)) firstSeen.push(id);
        return `${list.spellings[i](list.distinct[index])}${i < order.length - 1 ? list.separators[i] : ''}`;
      });
      return { text: parts.join(''), firstSeen };
    }

    it('finds every id once, in first-seen order, up to the limit; above it says how many', () => {
      fc.assert(
        fc.property(command, idList, fc.integer({ min: 1, max: 30 }), (before, list, limit) => {
          const { text: ids, firstSeen } = typed(list);
          const text = `${before}${ids}`;
          assert.ok(text.length <= MAX_PARSED_LENGTH, 'the generator stays under the length cap');
          const result = parseCommand(text, { maxCustomers: limit });
          const expected: ParsedCommand =
            firstSeen.length > limit
              ? { kind: 'tooManyCustomers', count: firstSeen.length, limit }
              : firstSeen.length === 1
                ? { kind: 'qualification', customerId: firstSeen[0] }
                : { kind: 'bulkQualification', customerIds: firstSeen };
          assert.deepEqual(result, expected, JSON.stringify(text));
          assertWellFormed(text, result, limit);
        }),
        { numRuns: 1500 },
      );
    });

    it('finds every id among any plain words, which are ignored — unless the ids alone are too many', () => {
      // Letters and digits without a dot or dash are neither a tenant id nor a domain, nor look like an id.
      const word = fc.stringMatching(/^[a-z0-9!$*+]{1,10}$/).filter((w) => /[a-z0-9]$/.test(w));
      fc.assert(
        fc.property(
          idList,
          fc.array(word, { minLength: 1, maxLength: 5 }),
          fc.array(fc.nat(), { minLength: 5, maxLength: 5 }),
          fc.integer({ min: 1, max: 30 }),
          (list, words, at, limit) => {
            const { text: ids, firstSeen } = typed(list);
            const pieces = ids.split(' ');
            words.forEach((w, i) => pieces.splice(at[i] % (pieces.length + 1), 0, w));
            const text = `qualification for ${pieces.join(' ')}`;
            const result = parseCommand(text, { maxCustomers: limit });
            const expected: ParsedCommand =
              firstSeen.length > limit
                ? { kind: 'tooManyCustomers', count: firstSeen.length, limit }
                : firstSeen.length === 1
                  ? { kind: 'qualification', customerId: firstSeen[0] }
                  : { kind: 'bulkQualification', customerIds: firstSeen };
            assert.deepEqual(result, expected, text);
          },
        ),
        { numRuns: 1000 },
      );
    });

    it('names every broken id, as typed, once each, and looks nothing up', () => {
      const broken = fc
        .uuid()
        .chain((id) =>
          fc.constantFrom(id.slice(1), `${id}0`, `${id}/x`, `{${id}`, id.replace(/-/g, ''), `g${id.slice(1)}`),
        );
      fc.assert(
        fc.property(idList, fc.uniqueArray(broken, { minLength: 1, maxLength: 3 }), (list, bad) => {
          const { text: ids, firstSeen } = typed(list);
          fc.pre(firstSeen.length <= DEFAULT_MAX_CUSTOMERS);
          const text = `qualification for ${ids} ${bad.join(' ')}`;
          const result = parseCommand(text);
          assert.ok(result.kind === 'invalidCustomerId', `${text}: ${JSON.stringify(result)}`);
          assert.deepEqual([...result.invalid].sort(), [...new Set(bad)].sort(), text);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('Chinese commands', () => {
    const chinese = fc.constantFrom(
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
    );
    const gap = fc.constantFrom(' ', '\u3000', '：', ' ： ', ':', '', '　：　');

    it('read whatever follows exactly as "qualification for" does', () => {
      fc.assert(
        fc.property(chinese, gap, anyText, fc.integer({ min: 1, max: 30 }), (command, between, rest, limit) => {
          // Run together, "查詢" + "資格…" is the longer command "查詢資格".
          fc.pre(between !== '' || !/^[資资格查詢询]/.test(rest));
          const text = `${command}${between}${rest}`;
          const result = parseCommand(text, { maxCustomers: limit });
          // The same lookup; only the echo of the message (input, typed) differs.
          assert.deepEqual(
            withoutEcho(result),
            withoutEcho(parseCommand(`qualification for${between || ' '}${rest}`, { maxCustomers: limit })),
            JSON.stringify(text),
          );
          assertWellFormed(text, result, limit);
        }),
        { numRuns: 2000 },
      );
    });

    it('find the id after any Chinese command, in canonical form', () => {
      const wrap = fc.constantFrom<[string, string]>(
        ['', ''],
        ['{', '}'],
        ['「', '」'],
        ['『', '』'],
        ['（', '）'],
        ['【', '】'],
        ['“', '”'],
      );
      const after = fc.constantFrom('', '。', '．', '！', '？', '，', ' ', '、');
      fc.assert(
        fc.property(chinese, gap, fc.mixedCase(fc.uuid()), wrap, after, (command, between, id, [open, close], end) => {
          const text = `${command}${between}${open}${id}${close}${end}`;
          assert.deepEqual(
            parseCommand(text),
            { kind: 'qualification', customerId: id.toLowerCase() },
            JSON.stringify(text),
          );
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('domains', () => {
    it('looks up a valid domain given alone, normalised, and nothing else', () => {
      const how = fc.constantFrom('qualification for ', '資格：', '查詢 ', '');
      fc.assert(
        fc.property(how, fc.domain(), fc.boolean(), fc.constantFrom('', '.', '。'), (before, domain, upper, end) => {
          const typedDomain = upper ? domain.toUpperCase() : domain;
          const text = `${before}${typedDomain}${end}`;
          const result = parseCommand(text);
          const normalised = normaliseDomain(domain);
          if (normalised !== undefined) {
            assert.deepEqual(result, { kind: 'qualificationByDomain', domain: normalised }, text);
          } else {
            assert.notEqual(result.kind, 'qualificationByDomain', text);
          }
          assertWellFormed(text, result);
        }),
        { numRuns: 1000 },
      );
    });

    it('reads a domain in a list of customers as one lookup of both, in the order typed', () => {
      fc.assert(
        fc.property(fc.domain(), fc.uuid(), fc.boolean(), (domain, id, domainFirst) => {
          const normalised = normaliseDomain(domain);
          fc.pre(normalised !== undefined && /\.[a-z]{2,}$/.test(normalised));
          const argument = domainFirst ? `${domain}, ${id}` : `${id}, ${domain}`;
          const targets = [
            { kind: 'id', customerId: id.toLowerCase() },
            { kind: 'domain', domain: normalised },
          ];
          assert.deepEqual(parseCommand(`qualification for ${argument}`), {
            kind: 'mixedQualification',
            targets: domainFirst ? targets.reverse() : targets,
          });
        }),
        { numRuns: 500 },
      );
    });
  });

  it('lets nothing but a canonical GUID, domain or company name reach Partner Center, through the bot', async () => {
    const calls: string[] = [];
    const domains: string[] = [];
    const names: string[] = [];
    const source = stubSource({
      getQualifications: async (customerId: string, context: CallContext): Promise<QualificationLookup> => {
        calls.push(customerId);
        return {
          customerId: tenantId(customerId),
          qualifications: [],
          fetchedAt: new Date(),
          correlationId: context.correlationId,
          requestId: 'r',
          api: 'qualifications',
        };
      },
      findCustomersByDomain: async (domain: string) => {
        domains.push(domain);
        return searchResult(domain);
      },
      findCustomersByName: async (name: string) => {
        names.push(name);
        return nameSearchResult(name);
      },
    });
    const bot = testBot(source);
    await fc.assert(
      fc.asyncProperty(anyText, async (text) => {
        calls.length = 0;
        domains.length = 0;
        names.length = 0;
        const adapter = new TestAdapter((context) => bot.run(context));
        await adapter.send(text).startTest();
        const expected = parseCommand(text);
        const where = JSON.stringify(text);
        if (expected.kind === 'qualification') {
          assert.deepEqual(calls, [expected.customerId]);
        } else if (expected.kind === 'bulkQualification') {
          assert.deepEqual([...calls].sort(), [...expected.customerIds].sort(), `${where}: each id once, nothing else`);
        } else if (expected.kind === 'mixedQualification') {
          const ids = expected.targets.flatMap((t) => (t.kind === 'id' ? [t.customerId] : []));
          const asked = expected.targets.flatMap((t) => (t.kind === 'domain' ? [t.domain] : []));
          assert.deepEqual([...calls].sort(), [...ids].sort(), `${where}: each id once (no domain matches)`);
          assert.deepEqual([...domains].sort(), [...asked].sort(), `${where}: each domain once`);
        } else if (expected.kind === 'qualificationByDomain') {
          assert.deepEqual(domains, [expected.domain]);
          assert.deepEqual(calls, [], 'no domain matches, so no qualification lookup');
        } else if (expected.kind === 'qualificationByName') {
          assert.deepEqual(names, [expected.name]);
          assert.deepEqual(calls, [], 'no name matches, so no qualification lookup');
        } else {
          assert.deepEqual(calls, [], `${where} reached the client`);
          assert.deepEqual(domains, [], `${where} searched for a domain`);
          assert.deepEqual(names, [], `${where} searched for a name`);
        }
        for (const id of calls) assert.ok(isCanonicalCustomerId(id));
        for (const domain of domains) assert.ok(isNormalisedDomain(domain));
        for (const name of names) assert.ok(isNormalisedCompanyName(name));
      }),
      { numRuns: 300 },
    );
  });
});
