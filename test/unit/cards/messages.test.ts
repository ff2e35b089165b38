import assert from 'node:assert/strict';
import { allCatalogs, enUS, messagesFor, zhTW, type Messages } from '../../../src/cards/messages/index';
import { parseCommand } from '../../../src/conversation/commandParser';

const ID_1 = '3f2b6c1e-8a4d-4e2f-9b1a-0c5d7e9f1a2b';
const ID_2 = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/** Every leaf of a catalog: [path, value] (strings and functions). */
function leaves(value: unknown, path = ''): Array<[string, unknown]> {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, child]) => leaves(child, path === '' ? key : `${path}.${key}`));
  }
  return [[path, value]];
}

/**
 * Calls a catalog function with one marker per parameter (`⟦0⟧`, `⟦1⟧`, …) and returns the
 * output. `.next` functions take an object; `commands.qualification` a list.
 */
function callWithMarkers(path: string, fn: (...args: never[]) => unknown): string {
  const call = fn as (...args: unknown[]) => unknown;
  if (path.endsWith('.next')) return String(call({ description: '⟦description⟧', retryAfterSeconds: 7 }));
  if (path === 'commands.qualification' || /^watch\.commands\.(un)?watch$/.test(path))
    return String(call(['⟦0⟧', '⟦1⟧']));
  return String(call(...Array.from({ length: fn.length }, (_, i) => `⟦${i}⟧`)));
}

function markersIn(text: string): string[] {
  return [...text.matchAll(/⟦[^⟧]+⟧/g)].map((m) => m[0]).sort();
}

describe('message catalogs (en-US, zh-TW)', () => {
  it('messagesFor: zh-TW, zh-Hant and zh-HK (any case, _ or -) get Traditional Chinese; everything else en-US', () => {
    for (const tag of ['zh-TW', 'zh-tw', 'ZH_TW', 'zh-Hant', 'zh-Hant-TW', 'zh-Hant-HK', 'zh-HK', 'zh-MO', ' zh-TW ']) {
      assert.equal(messagesFor(tag), zhTW, tag);
    }
    for (const tag of [
      'en-US',
      'en-GB',
      'fr-FR',
      'de',
      'zh-CN',
      'zh-Hans',
      'zh-SG',
      'zh',
      'zh-Hans-TW',
      '',
      'not a tag',
      undefined,
    ]) {
      assert.equal(messagesFor(tag), enUS, String(tag));
    }
    assert.equal(zhTW.locale, 'zh-TW');
    assert.equal(enUS.locale, 'en-US');
  });

  it('messagesFor: a locale that names an Object.prototype member is just another unknown tag (en-US)', () => {
    for (const tag of [
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'constructor-US',
      '__proto__-x',
      'isPrototypeOf',
    ]) {
      assert.equal(messagesFor(tag), enUS, tag);
    }
    assert.deepEqual(allCatalogs(), [enUS, zhTW]);
  });

  it(
    'both catalogs have exactly the same keys, with a text where the other has a text and a function where it has ' +
      'a function',
    () => {
      const shape = (m: Messages) =>
        leaves(m).map(([path, value]) => `${path}: ${typeof value === 'function' ? 'function' : typeof value}`);
      assert.deepEqual(shape(zhTW), shape(enUS));
    },
  );

  it('every function uses the same arguments in both languages (a translation never drops outside text)', () => {
    const zh = new Map(leaves(zhTW));
    for (const [path, value] of leaves(enUS)) {
      if (typeof value !== 'function') continue;
      const other = zh.get(path) as (...args: never[]) => unknown;
      assert.deepEqual(markersIn(callWithMarkers(path, other)), markersIn(callWithMarkers(path, value as never)), path);
    }
  });

  it('zh-TW is translated: no text of it is the English text (product names aside)', () => {
    const en = new Map(leaves(enUS));
    const untranslated = leaves(zhTW).filter(([path, value]) => {
      if (path === 'locale') return false;
      const english = en.get(path);
      const text = typeof value === 'function' ? callWithMarkers(path, value as never) : String(value);
      const englishText = typeof english === 'function' ? callWithMarkers(path, english as never) : String(english);
      return text === englishText;
    });
    assert.deepEqual(
      untranslated.map(([path]) => path),
      [],
    );
    // Traditional, not Simplified: a few characters that differ between the two scripts.
    const all = leaves(zhTW)
      .map(([path, value]) => (typeof value === 'function' ? callWithMarkers(path, value as never) : String(value)))
      .join('\n');
    for (const simplified of ['询', '资', '说', '录', '户', '权', '务', '错', '码']) {
      assert.ok(!all.includes(simplified), `Simplified character ${simplified} in the zh-TW catalog`);
    }
  });

  it('no text in either catalog contains an <…> tag-like placeholder (Teams hides it as HTML)', () => {
    for (const catalog of allCatalogs()) {
      const found = leaves(catalog)
        .map(
          ([path, value]) =>
            [path, typeof value === 'function' ? callWithMarkers(path, value as never) : String(value)] as const,
        )
        .filter(([, text]) => /<[^<>]*>/.test(text));
      assert.deepEqual(found, [], catalog.locale);
      assert.ok(catalog.help.command.includes('{customer-tenant-id}'), catalog.locale);
    }
  });

  it('every command a button sends, in each language, is what the parser understands', () => {
    for (const m of allCatalogs()) {
      assert.deepEqual(
        parseCommand(m.commands.qualification([ID_1])),
        { kind: 'qualification', customerId: ID_1 },
        m.locale,
      );
      assert.deepEqual(
        parseCommand(m.commands.qualification([ID_1, ID_2])),
        { kind: 'bulkQualification', customerIds: [ID_1, ID_2] },
        m.locale,
      );
      assert.deepEqual(
        parseCommand(m.commands.qualification(['contoso.onmicrosoft.com'])),
        { kind: 'qualificationByDomain', domain: 'contoso.onmicrosoft.com' },
        m.locale,
      );
      assert.deepEqual(
        parseCommand(m.help.exampleCommand(ID_1)),
        { kind: 'qualification', customerId: ID_1 },
        m.locale,
      );
      assert.equal(parseCommand(m.commands.help).kind, 'help', m.locale);
      assert.equal(parseCommand(m.commands.signOut).kind, 'signOut', m.locale);
    }
  });

  it('the Chinese commands from the issue work: 資格 <id>, 查詢資格 <id>, 說明', () => {
    assert.deepEqual(parseCommand(`資格 ${ID_1}`), { kind: 'qualification', customerId: ID_1 });
    assert.deepEqual(parseCommand(`查詢資格 ${ID_1}、${ID_2}`), {
      kind: 'bulkQualification',
      customerIds: [ID_1, ID_2],
    });
    assert.deepEqual(parseCommand('說明'), { kind: 'help', reason: 'asked' });
  });
});
