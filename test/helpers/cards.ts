import assert from 'node:assert/strict';
import * as AC from 'adaptivecards';
import { ZERO_WIDTH_BREAK } from '../../src/cards/escape';
import { type AdaptiveCardJson } from '../../src/cards/templates';

/** Reading and checking rendered Adaptive Cards (JSON) in tests. */

const DEMO_LABEL = 'Demo data — not from Partner Center';

/** The regular expressions adaptivecards 3.0.6 (lib/text-formatters.js) uses for DATE()/TIME(). */
export const AC_DATE =
  /\{{2}DATE\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|(?:(?:-|\+)\d{2}:\d{2})))(?:, ?(COMPACT|LONG|SHORT))?\)\}{2}/g;
export const AC_TIME = /\{{2}TIME\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|(?:(?:-|\+)\d{2}:\d{2})))\)\}{2}/g;

export interface Element {
  readonly type?: string;
  readonly text?: string;
  readonly [key: string]: unknown;
}

/** Every object in the card with a `type`, depth first, in document order. */
export function elements(node: unknown, out: Element[] = []): Element[] {
  if (Array.isArray(node)) {
    for (const child of node) elements(child, out);
  } else if (node !== null && typeof node === 'object') {
    const obj = node as Element;
    if (typeof obj.type === 'string') out.push(obj);
    for (const value of Object.values(obj)) elements(value, out);
  }
  return out;
}

export function textBlocks(card: AdaptiveCardJson): Element[] {
  return elements(card.body).filter((e) => e.type === 'TextBlock');
}

export function textRuns(card: AdaptiveCardJson): Element[] {
  return elements(card.body).filter((e) => e.type === 'TextRun');
}

/** The text a TextBlock or RichTextBlock shows (a RichTextBlock's runs joined), else undefined. */
export function lineText(e: Element): string | undefined {
  if (e.type === 'TextBlock') return String(e.text);
  if (e.type === 'RichTextBlock') return (e.inlines as Element[]).map((run) => String(run.text)).join('');
  return undefined;
}

/** Every line the card shows: TextBlocks and RichTextBlocks, in document order. */
function lineElements(card: AdaptiveCardJson): Element[] {
  return elements(card.body).filter((e) => lineText(e) !== undefined);
}

export function texts(card: AdaptiveCardJson): string[] {
  return lineElements(card).map((e) => lineText(e) ?? '');
}

/** The TextBlock with exactly this text (catalog text). */
export function textBlock(card: AdaptiveCardJson, text: string): Element {
  const found = textBlocks(card).find((e) => e.text === text);
  assert.ok(found, `no TextBlock "${text}" in:\n${texts(card).join('\n')}`);
  return found;
}

/** The TextBlock or RichTextBlock showing exactly this text. */
export function lineElement(card: AdaptiveCardJson, text: string): Element {
  const found = lineElements(card).find((e) => lineText(e) === text);
  assert.ok(found, `no line "${text}" in:\n${texts(card).join('\n')}`);
  return found;
}

/** The TextRun whose whole text is `text`. */
export function textRun(card: AdaptiveCardJson, text: string): Element {
  const found = textRuns(card).find((e) => e.text === text);
  assert.ok(
    found,
    `no TextRun "${text}" in:\n${textRuns(card)
      .map((r) => r.text)
      .join('\n')}`,
  );
  return found;
}

export function assertHasText(card: AdaptiveCardJson, text: string): void {
  lineElement(card, text);
}

export function assertContainsText(card: AdaptiveCardJson, fragment: string): void {
  assert.ok(
    texts(card).some((t) => t.includes(fragment)),
    `no line containing "${fragment}" in:\n${texts(card).join('\n')}`,
  );
}

export function assertNoText(card: AdaptiveCardJson, fragment: string): void {
  const json = JSON.stringify(card);
  assert.ok(!json.includes(fragment), `card unexpectedly contains "${fragment}"`);
}

/** What the bot relies on for every card: bound, valid for the official renderer, version ≤ 1.5. */
export function assertValidCard(card: unknown): asserts card is AdaptiveCardJson {
  const json = JSON.stringify(card);
  assert.ok(!json.includes('${'), `unexpanded template expression in ${json}`);
  const c = card as AdaptiveCardJson;
  assert.equal(c.type, 'AdaptiveCard');
  assert.match(c.version, /^1\.[0-5]$/, `version ${c.version} is above 1.5`);
  assert.ok(!json.includes('"Table"'), 'Table elements do not render on every Teams client');
  // Good (#92C353) and Warning (#F8D22A) text is unreadable on Teams' white (~2:1, ~1.5:1): only the ● marker
  // may use them.
  for (const e of elements((card as AdaptiveCardJson).body)) {
    if ((e.type === 'TextBlock' || e.type === 'TextRun') && (e.color === 'Good' || e.color === 'Warning')) {
      assert.equal(String(e.text).trim(), '●', `${String(e.color)} text: ${String(e.text)}`);
    }
  }

  // Parse with the declared version too: a 1.5 feature on a card that says 1.4 is an error.
  for (const version of [AC.Versions.v1_5, AC.Versions.v1_4]) {
    const acCard = new AC.AdaptiveCard();
    const ctx = new AC.SerializationContext(version);
    acCard.parse(card, ctx);
    const parseEvents = Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message);
    assert.deepEqual(parseEvents, [], `parse events (target ${version.toString()})`);
    const validation = acCard.validateProperties().validationEvents.map((e) => e.message);
    assert.deepEqual(validation, [], `validation events (target ${version.toString()})`);
  }
}

export function assertDemoBanner(card: AdaptiveCardJson, demo: boolean): void {
  const first = card.body[0] as Element;
  if (demo) {
    assert.equal(first.type, 'Container', 'the demo banner is the first element');
    assert.equal(first.style, 'warning');
    assert.equal((first.items as Element[])[0].text, DEMO_LABEL);
  } else {
    assertNoText(card, DEMO_LABEL);
    assert.ok(!elements(card.body).some((e) => e.style === 'warning'), 'no warning container without demo');
  }
}

/** The look-alike characters the old escaping swapped markup for (∗ ˍ ［ ］ ‹ › ˋ ∼ ＆). */
const LOOK_ALIKE = /[\u2217\u02CD\uFF3B\uFF3D\u2039\u203A\u02CB\u223C\uFF06]/;

/** What the card shows for outside text: as typed, with `${`/`{{` broken by U+200B. */
export function shown(outside: string): string {
  return outside.replace(/[${](?=\{)/g, (ch) => ch + ZERO_WIDTH_BREAK);
}

/**
 * Outside text is structurally inert: it is the whole text of a TextRun (not markdown), exactly as
 * sent apart from the `${`/`{{` break, and no TextBlock (markdown) contains any of it.
 */
export function assertOutsideInRun(card: AdaptiveCardJson, outside: string): Element {
  const run = textRun(card, shown(outside));
  for (const block of textBlocks(card)) {
    assert.ok(!String(block.text).includes(outside), `outside text in a TextBlock: ${String(block.text)}`);
  }
  return run;
}

/** Nothing on the card is markdown-escaped with look-alikes, nor a live expression or date function. */
export function assertNoEscapingArtefacts(card: AdaptiveCardJson): void {
  const json = JSON.stringify(card);
  assert.ok(!LOOK_ALIKE.test(json), `look-alike character in ${json}`);
  const date = new RegExp(AC_DATE.source);
  const time = new RegExp(AC_TIME.source);
  for (const run of textRuns(card)) {
    const t = String(run.text);
    assert.ok(!t.includes('${'), `template expression survived: ${t}`);
    // The renderer formats DATE()/TIME() in TextRuns too; ours are only in TextBlocks.
    assert.ok(!date.test(t) && !time.test(t), `date function would be formatted: ${t}`);
  }
}
