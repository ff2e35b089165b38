import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import { LRUCache } from 'lru-cache';

/** The Adaptive Card JSON the card functions return (the bot wraps it in an attachment). */
export interface AdaptiveCardJson {
  readonly type: 'AdaptiveCard';
  readonly version: string;
  readonly body: readonly unknown[];
  readonly [property: string]: unknown;
}

export type TemplateName = 'qualification' | 'error' | 'help' | 'summary' | 'customers' | 'welcome';

let cardsDirectory: string | undefined;
const cache = new Map<TemplateName, object>();

/**
 * The top-level `cards/` folder: the nearest folder at or above this file that holds a
 * package.json, plus `cards`. Works from src/cards (tsx) and dist/src/cards (compiled).
 */
export function cardsFolder(): string {
  if (cardsDirectory !== undefined) {
    return cardsDirectory;
  }
  let dir = __dirname;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      cardsDirectory = join(dir, 'cards');
      return cardsDirectory;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`No package.json found above ${__dirname}; cannot locate the cards/ folder`);
    }
    dir = parent;
  }
}

/** The parsed template `cards/<name>.json`, read from disk once. */
function loadTemplate(name: TemplateName): object {
  let json = cache.get(name);
  if (json === undefined) {
    const parsed: unknown = JSON.parse(readFileSync(join(cardsFolder(), `${name}.json`), 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || (parsed as { type?: unknown }).type !== 'AdaptiveCard') {
      throw new Error(`cards/${name}.json is not an Adaptive Card template`);
    }
    json = parsed;
    cache.set(name, json);
  }
  return json;
}

const prepared = new Map<TemplateName, Template>();

/**
 * The Template object, made once per card: its constructor parses every `${…}` expression, which
 * costs far more than expanding a prepared one (see the bench's profile). The library supports this
 * ("once created, the instance can be bound to different data objects"), and expand is synchronous,
 * so sharing it between turns is safe.
 */
function preparedTemplate(name: TemplateName): Template {
  let template = prepared.get(name);
  if (template === undefined) {
    template = new Template(loadTemplate(name));
    prepared.set(name, template);
  }
  return template;
}

/** Volatile values shorter than this are not swapped out (they could match JSON syntax or other data). */
const MIN_VOLATILE_LENGTH = 8;
/** Marks the i-th volatile value in a cached card: private-use characters (sanitizeText strips them). */
const marker = (index: number): string => `\uE0F0${index}\uE0F1`;
const MARKER = /\uE0F0(\d+)\uE0F1/g;
const MARKER_START = '\uE0F0';

/**
 * An expanded card with markers where the volatile values go: deep-frozen, because every card made
 * from it shares the parts that hold no marker.
 */
interface Expansion {
  readonly card: AdaptiveCardJson;
  /** The arrays and objects with a marker somewhere inside: only these are copied for each card. */
  readonly marked: ReadonlySet<object>;
}

/** Expanded cards by template and data (volatile values swapped for markers). */
const expanded = new LRUCache<string, Expansion>({ max: 500 });

/** A string's content as it appears inside a JSON string literal. */
function jsonContent(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/**
 * `text` with every occurrence of `values[i]` replaced by marker(i), in one pass (one new string,
 * not two per value). Where occurrences overlap, the one that starts first is swapped (the earlier
 * value when both start at the same place); any such choice serves, as long as it is always the
 * same: each marker stands for exactly the text it replaced.
 */
function swapOut(text: string, values: readonly string[]): string {
  const found: Array<{ readonly at: number; readonly index: number }> = [];
  values.forEach((value, index) => {
    for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + value.length))
      found.push({ at, index });
  });
  if (found.length === 0) return text;
  found.sort((a, b) => a.at - b.at || a.index - b.index);
  let swapped = '';
  let from = 0;
  for (const { at, index } of found) {
    if (at < from) continue;
    swapped += text.slice(from, at) + marker(index);
    from = at + values[index].length;
  }
  return swapped + text.slice(from);
}

/** The arrays and objects under `node` that hold a marker, deep-frozen on the way. */
function markedNodes(node: unknown, marked: Set<object>): boolean {
  if (typeof node === 'string') return node.includes(MARKER_START);
  if (typeof node !== 'object' || node === null) return false;
  let holds = false;
  for (const child of Object.values(node)) holds = markedNodes(child, marked) || holds;
  if (holds) marked.add(node);
  Object.freeze(node);
  return holds;
}

/** `node` with the markers replaced by `values`: new arrays and objects only where a marker was. */
function restore(node: unknown, values: readonly string[], marked: ReadonlySet<object>): unknown {
  if (typeof node === 'string') {
    return node.includes(MARKER_START)
      ? node.replace(MARKER, (whole, index: string) => values[Number(index)] ?? whole)
      : node;
  }
  if (typeof node !== 'object' || node === null || !marked.has(node)) return node;
  if (Array.isArray(node)) return node.map((item: unknown) => restore(item, values, marked));
  const copy: Record<string, unknown> = {};
  const fields = node as Readonly<Record<string, unknown>>;
  for (const key in fields) copy[key] = restore(fields[key], values, marked);
  return copy;
}

/**
 * Binds `data` to a template. Data values are inserted as they are (never evaluated as
 * expressions). Outside text must be sanitised (escape.ts) and bound only to TextRun texts
 * (runs.ts), never to a TextBlock's text, which is markdown.
 *
 * Expanding costs about a third of a millisecond a card (adaptive-expressions evaluates every
 * binding), which was a quarter of a lookup's CPU (npm run bench). So the result is kept: cards
 * are the same for the same data, except for `volatile` values such as the correlation id and
 * the time of the lookup. Those are swapped for markers before the data becomes the cache key,
 * and put back into a copy of the kept card's marked path (the rest is shared and frozen: a card
 * is never changed after it is made), so the second lookup of a customer costs no expansion and
 * no parsing.
 */
export function expandTemplate(name: TemplateName, data: object, volatile: readonly string[] = []): AdaptiveCardJson {
  const values = volatile.filter((value) => jsonContent(value).length >= MIN_VOLATILE_LENGTH);
  const key = `${name}\n${swapOut(JSON.stringify(data), values.map(jsonContent))}`;
  let expansion = expanded.get(key);
  if (expansion === undefined) {
    const markedData: unknown = JSON.parse(key.slice(name.length + 1));
    const json = JSON.stringify(preparedTemplate(name).expand({ $root: markedData }));
    const leftover = json.match(/\$\{[^}]*\}?/);
    if (leftover) {
      // A field the template uses is missing from the data: fail loudly in tests, not on a user's screen.
      throw new Error(`cards/${name}.json: unbound template expression ${leftover[0]}`);
    }
    const card = JSON.parse(json) as AdaptiveCardJson;
    const marked = new Set<object>();
    markedNodes(card, marked);
    expansion = { card, marked };
    expanded.set(key, expansion);
  }
  // The card itself is always a new object, so that its top-level fields are the caller's.
  const card = restore(expansion.card, values, expansion.marked) as AdaptiveCardJson;
  return card === expansion.card ? { ...card } : card;
}
