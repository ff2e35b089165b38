import type { CustomerProfile, QualificationLookup } from '../partnerCenter/types';
import { failureLine } from './errorView';
import { TEXT_LIMITS, sanitizeOptional, sanitizeText } from './escape';
import { messagesFor } from './messages';
import type { CardOptions } from './options';
import { qualificationSummary } from './qualificationRows';
import type { AdaptiveCardJson } from './templates';

/**
 * What the message extension's result list shows for one customer: a thumbnail preview (company,
 * domain, the qualification at a glance) above the card Teams inserts when it is picked. Plain
 * JSON; the conversation wraps it in Teams' response.
 */
export interface SearchPreview {
  readonly title: string;
  readonly subtitle: string;
  readonly text: string;
}

/** One customer as the search found it: its lookup, or why not, and its name when known. */
export interface SearchSubject {
  readonly customerId: string;
  readonly lookup?: QualificationLookup;
  readonly error?: unknown;
  readonly customer?: CustomerProfile;
}

export interface SearchPreviewOptions extends CardOptions {
  /** PARTNER_CENTER_AUTH=user: failures are worded for the person, as on the error card. */
  readonly userSignIn: boolean;
}

/** Preview of one customer's answer: the same words as its result or error card. */
export function searchPreview(answer: SearchSubject, options: SearchPreviewOptions): SearchPreview {
  const m = messagesFor(options.locale);
  const customerId = previewText(answer.customerId, TEXT_LIMITS.id);
  const company = sanitizeOptional(answer.customer?.companyName, TEXT_LIMITS.company);
  const domain = sanitizeOptional(answer.customer?.domain, TEXT_LIMITS.domain);
  const glance = answer.lookup
    ? qualificationSummary(answer.lookup, m)
    : failureLine(answer.error, m, options.userSignIn);
  return {
    title: company === undefined ? customerId : previewText(company, TEXT_LIMITS.company),
    subtitle:
      domain === undefined ? (company === undefined ? '' : customerId) : previewText(domain, TEXT_LIMITS.domain),
    text: options.demo ? `${m.search.demoTag} · ${glance}` : glance,
  };
}

/** Preview of a failed search: the error card's title, under what was searched for. */
export function failedSearchPreview(
  error: unknown,
  searched: string,
  options: SearchPreviewOptions & { readonly search: boolean },
): SearchPreview {
  const m = messagesFor(options.locale);
  const title = failureLine(error, m, options.userSignIn, options.search);
  return { title, subtitle: previewText(searched, TEXT_LIMITS.company), text: options.demo ? m.search.demoTag : '' };
}

/** "None of your customers matches …": a line of text in the search flyout, with what was typed made safe. */
export function nobodyText(searched: string, locale: string | undefined): string {
  return messagesFor(locale).search.nobody(previewText(searched, TEXT_LIMITS.company));
}

/**
 * Outside text in a preview: on one line, without invisible characters (sanitizeText). The
 * preview is no Adaptive Card, so it has no TextRun to keep markup inert: angle brackets, which
 * Teams could read as HTML, become look-alikes.
 */
function previewText(value: unknown, maxLength: number): string {
  return sanitizeText(value, maxLength).replace(/</g, '‹').replace(/>/g, '›');
}

/** Unfurled link cards: Teams renders Adaptive Cards up to this version there. */
const UNFURL_CARD_VERSION = '1.3';

/**
 * A card as Teams can render it under an unfurled link: version 1.3, so `Action.Execute` (1.4,
 * Universal Actions) becomes the `Action.Submit` fallback each of them carries; an element of a
 * later version without a fallback is left out. The card given is not changed (templates share them).
 */
export function unfurlCard(card: AdaptiveCardJson): AdaptiveCardJson {
  return { ...(downgrade(structuredClone(card)) as AdaptiveCardJson), version: UNFURL_CARD_VERSION };
}

/** Elements and actions newer than 1.3 that the bot's cards use. */
const NEWER_THAN_1_3 = new Set(['Action.Execute']);

function downgrade(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(downgrade).filter((item) => item !== undefined);
  }
  if (value === null || typeof value !== 'object') return value;
  const element = value as Record<string, unknown>;
  if (typeof element.type === 'string' && NEWER_THAN_1_3.has(element.type)) {
    return element.fallback === undefined || element.fallback === 'drop' ? undefined : downgrade(element.fallback);
  }
  return Object.fromEntries(Object.entries(element).map(([key, item]) => [key, downgrade(item)]));
}
