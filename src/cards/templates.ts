import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Template } from 'adaptivecards-templating';

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
export function loadTemplate(name: TemplateName): object {
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
 * costs about 3 ms a card; expanding a prepared one costs about 0.2 ms. The library supports this
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

/**
 * Binds `data` to a template. Data values are inserted as they are (never evaluated as
 * expressions). Outside text must be sanitised (escape.ts) and bound only to TextRun texts
 * (runs.ts), never to a TextBlock's text, which is markdown.
 */
export function expandTemplate(name: TemplateName, data: object): AdaptiveCardJson {
  const card: unknown = preparedTemplate(name).expand({ $root: data });
  const leftover = JSON.stringify(card).match(/\$\{[^}]*\}?/);
  if (leftover) {
    // A field the template uses is missing from the data: fail loudly in tests, not on a user's screen.
    throw new Error(`cards/${name}.json: unbound template expression ${leftover[0]}`);
  }
  return card as AdaptiveCardJson;
}
