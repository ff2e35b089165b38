/**
 * The message catalogs (one file per language, the shape in types.ts) and the choice of catalog
 * for a reader's locale.
 */
import { enUS } from './enUS';
import type { Messages } from './types';
import { zhTW } from './zhTW';

export { enUS } from './enUS';
export { zhTW } from './zhTW';
export {
  EXAMPLE_COMPANY_NAME,
  EXAMPLE_CUSTOMER_ID,
  EXAMPLE_CUSTOMER_ID_2,
  EXAMPLE_DOMAIN,
  type ErrorText,
  type Messages,
} from './types';

/**
 * Catalogs by lower-case BCP 47 tag. A Map: the tag comes from the sender (`locale`,
 * `clientInfo.locale`), and on a plain object `constructor` or `__proto__` would find
 * Object.prototype's members instead of no catalog.
 */
const catalogs: ReadonlyMap<string, Messages> = new Map([
  ['en-us', enUS],
  ['zh-tw', zhTW],
]);

/** Every catalog, once each (e.g. to build one sign-in prompt per language). */
export function allCatalogs(): readonly Messages[] {
  return [...new Set(catalogs.values())];
}

/** Regions whose Chinese is written in Traditional characters. */
const TRADITIONAL_REGIONS = new Set(['tw', 'hk', 'mo']);

/**
 * Chinese: Traditional script → zh-TW. The script subtag decides when there is one (`zh-Hant`,
 * `zh-Hant-HK` → zh-TW; `zh-Hans-TW` → Simplified); without one the region does (`zh-TW`,
 * `zh-HK`, `zh-MO` → zh-TW). Simplified Chinese (`zh-CN`, `zh-SG`, `zh-Hans`) and plain `zh`
 * get en-US: there is no Simplified catalog, and handing Traditional text to a reader who asked
 * for Simplified (or did not say) is a guess this bot does not make.
 */
function isTraditionalChinese(subtags: readonly string[]): boolean {
  const script = subtags.find((s) => s.length === 4 && /^[a-z]{4}$/.test(s));
  if (script !== undefined) return script === 'hant';
  return subtags.some((s) => TRADITIONAL_REGIONS.has(s));
}

/**
 * The catalog for a BCP 47 tag (any case, `_` or `-`): Chinese as described at
 * isTraditionalChinese; otherwise the exact tag, else a catalog keyed by the language alone,
 * else en-US.
 */
export function messagesFor(locale?: string): Messages {
  const given = locale ?? '';
  const known = chosen.get(given);
  if (known !== undefined) return known;
  const messages = catalogFor(given);
  if (chosen.size < MAX_REMEMBERED_LOCALES) chosen.set(given, messages);
  return messages;
}

/**
 * The choice for each locale as given, made once: every card and most turns ask, with one of a few
 * tags. Bounded, since the tag is the sender's text.
 */
const chosen = new Map<string, Messages>();
const MAX_REMEMBERED_LOCALES = 100;

function catalogFor(locale: string): Messages {
  const tag = locale.trim().toLowerCase().replace(/_/g, '-');
  const [language = '', ...rest] = tag.split('-');
  if (language === 'zh') {
    return isTraditionalChinese(rest) ? zhTW : enUS;
  }
  return catalogs.get(tag) ?? catalogs.get(language) ?? enUS;
}
