import { TokenAcquisitionError } from '../auth/tokenProvider';
import { type PartnerCenterError, isPartnerCenterError } from '../partnerCenter/errors';
import { scrubForDisplay } from '../shared/scrub';
import { TEXT_LIMITS, sanitizeOptional } from './escape';
import { type ErrorText, type Messages, messagesFor } from './messages';
import { correlationLine, type NoticeAction, type NoticeContent } from './notice';
import type { CardOptions } from './options';
import { type Line, line, ownLine, slot } from './runs';

export interface ErrorCardContext extends CardOptions {
  /** The id of this turn's lookup; shown so the user can quote it to support. */
  correlationId: string;
  /** The customer tenant id the user asked about, when there was one. */
  customerId?: string;
  /**
   * Set when a search by domain failed: the domain asked for. It is shown where a lookup shows the
   * tenant id, and the texts that speak of one customer are worded for a search instead.
   */
  domain?: string;
  /** Set when a search by company name failed: the name asked for, shown and worded like `domain`. */
  companyName?: string;
  /**
   * Set in PARTNER_CENTER_AUTH=user mode: the lookup ran as the person who asked, so 401/403 and
   * consent/MFA failures are about them (with a button to the next step), not the bot.
   */
  userSignIn?: { readonly adminConsentUrl: string };
}

/**
 * What a failed lookup's card says — the one place errors become words. PartnerCenterError and
 * TokenAcquisitionError get a specific title and next step; anything else gets a generic one. The
 * raw message and stack of an error are never shown: only the correlation id and the fields
 * Partner Center/Entra sent, as TextRuns. failureLine (a summary card's row) uses the same titles.
 */
export function errorView(error: unknown, context: ErrorCardContext): NoticeContent {
  const m = messagesFor(context.locale);
  const correlation = correlationLine(m.errors.correlationId, context.correlationId);
  const byName = context.companyName !== undefined;
  const searching = context.domain !== undefined || byName;
  const customerId = byName
    ? sanitizeOptional(context.companyName, TEXT_LIMITS.company)
    : searching
      ? sanitizeOptional(context.domain, TEXT_LIMITS.domain)
      : sanitizeOptional(context.customerId, TEXT_LIMITS.id);
  const subjectLabel = byName ? m.byName.label : searching ? m.errors.domainLabel : undefined;

  const userText = context.userSignIn ? userFailureText(error, m, searching) : undefined;
  if (userText && context.userSignIn) {
    return {
      volatile: [context.correlationId],
      title: userText.text.title,
      titleColor: 'Attention',
      paragraphs: [ownLine(userText.text.next({}))],
      customerId,
      subjectLabel,
      details: [correlation, ...codeLines(error, m)],
      actions: [
        userText.action === 'grantConsent'
          ? { kind: 'openUrl', title: m.errors.user.grantConsentAction, url: context.userSignIn.adminConsentUrl }
          : userText.action === 'signOut'
            ? { kind: 'command', title: m.errors.user.signOutAction, command: m.commands.signOut }
            : undefined,
      ].filter((action): action is NoticeAction => action !== undefined),
    };
  }

  if (isPartnerCenterError(error)) {
    const text = partnerCenterText(error, m, searching ? (byName ? 'name' : 'domain') : undefined);
    const description = quotedDescription(error);
    const code = sanitizeOptional(error.code, TEXT_LIMITS.code);
    const retryAfterSeconds = wholeRetrySeconds(error.retryAfterSeconds);
    // Do not repeat in the small print what the next step already says: badRequest (of a lookup)
    // quotes the description, and throttled with a Retry-After says how long to wait (Partner
    // Center's description is "Rate limit is exceeded. Try again in N seconds."). Everything else
    // Partner Center (or a gateway) said is quoted in the small print.
    const descriptionInNextStep = error.kind === 'badRequest' && !searching;
    const descriptionRedundant = error.kind === 'throttled' && retryAfterSeconds !== undefined;
    const smallPrintDescription = descriptionInNextStep || descriptionRedundant ? undefined : description;
    const details = [correlation];
    if (code !== undefined || smallPrintDescription !== undefined) {
      details.push(
        line(
          m.errors.partnerCenterCode(
            code === undefined ? undefined : slot(0),
            smallPrintDescription === undefined ? undefined : slot(1),
          ),
          [
            code === undefined ? undefined : { text: code },
            smallPrintDescription === undefined ? undefined : { text: smallPrintDescription },
          ],
        ),
      );
    }
    if (typeof error.httpStatus === 'number' && Number.isInteger(error.httpStatus)) {
      details.push(ownLine(m.errors.httpStatus(error.httpStatus)));
    }
    const withDescription = descriptionInNextStep && description !== undefined;
    const next = line(text.next({ retryAfterSeconds, description: withDescription ? slot(0) : undefined }), [
      withDescription ? { text: description } : undefined,
    ]);
    return {
      volatile: [context.correlationId],
      title: text.title,
      titleColor: 'Attention',
      paragraphs: mayBeRetiredEndpoint(error) ? [next, ownLine(m.errors.legacyEndpoint)] : [next],
      customerId,
      subjectLabel,
      details,
    };
  }

  if (error instanceof TokenAcquisitionError) {
    const aadCode = sanitizeOptional(error.aadCode, TEXT_LIMITS.code);
    const next = m.errors.signIn.next[error.reason] ?? m.errors.signIn.next.unknown;
    return {
      volatile: [context.correlationId],
      title: m.errors.signIn.title,
      titleColor: 'Attention',
      paragraphs: [ownLine(next)],
      customerId,
      subjectLabel,
      details:
        aadCode === undefined ? [correlation] : [correlation, line(m.errors.aadCode(slot(0)), [{ text: aadCode }])],
    };
  }

  return {
    volatile: [context.correlationId],
    title: m.errors.generic.title,
    titleColor: 'Attention',
    paragraphs: [ownLine(m.errors.generic.next)],
    customerId,
    subjectLabel,
    details: [correlation],
  };
}

/**
 * The title and next step for a Partner Center failure. A search by domain or name is about no one
 * customer: a 404 on it (notFound or notAnswered), a 403 and a 400 get texts worded for a search.
 */
function partnerCenterText(error: PartnerCenterError, m: Messages, search: 'domain' | 'name' | undefined): ErrorText {
  if (search !== undefined) {
    if (error.kind === 'notFound' || error.kind === 'notAnswered')
      return search === 'name' ? m.byName.searchNotAnswered : m.errors.search.notAnswered;
    if (error.kind === 'forbidden') return m.errors.search.forbidden;
    if (error.kind === 'badRequest') return search === 'name' ? m.byName.searchBadRequest : m.errors.search.badRequest;
  }
  return m.errors.partnerCenter[error.kind];
}

/**
 * What Partner Center (or whatever answered for it) said, ready for a TextRun. Every card, and the
 * audit log line, quotes a description through here, so how it is cleaned is decided in one place.
 */
function quotedDescription(error: PartnerCenterError): string | undefined {
  return sanitizeOptional(
    error.description === undefined ? undefined : scrubForDisplay(error.description),
    TEXT_LIMITS.description,
  );
}

/**
 * The legacy /qualification endpoint answered as a route that is gone would: a 404 that is not
 * Partner Center's "no such customer" (notAnswered), or 410 Gone.
 */
function mayBeRetiredEndpoint(error: PartnerCenterError): boolean {
  return error.endpoint === 'qualification' && (error.kind === 'notAnswered' || error.httpStatus === 410);
}

/** Whole seconds to wait, when Partner Center said (a positive finite number), else undefined. */
function wholeRetrySeconds(seconds: number | undefined): number | undefined {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : undefined;
}

/**
 * A failed lookup in one short line (the summary card's rows): the title the error card would
 * show, and for throttling also when to try again. Catalog text only (no outside text).
 * `userSignIn`: PARTNER_CENTER_AUTH=user, as for errorCard; `domainSearch`: the failure is a
 * search by domain's (worded for a search).
 */
export function failureLine(error: unknown, m: Messages, userSignIn = false, domainSearch = false): string {
  const userText = userSignIn ? userFailureText(error, m, domainSearch) : undefined;
  if (userText) return userText.text.title;
  if (isPartnerCenterError(error)) {
    const text = partnerCenterText(error, m, domainSearch ? 'domain' : undefined);
    return error.kind === 'throttled'
      ? m.errors.fallback(text.title, text.next({ retryAfterSeconds: wholeRetrySeconds(error.retryAfterSeconds) }))
      : text.title;
  }
  if (error instanceof TokenAcquisitionError) return m.errors.signIn.title;
  return m.errors.generic.title;
}

/**
 * User mode: the failures that are about the person who asked, each with its next step. A 403 on
 * a search is left to the search's own text (the user text speaks of one customer).
 */
function userFailureText(
  error: unknown,
  m: Messages,
  searching = false,
): { text: ErrorText; action?: 'grantConsent' | 'signOut' } | undefined {
  if (error instanceof TokenAcquisitionError) {
    if (error.reason === 'consentRequired') return { text: m.errors.user.consentRequired, action: 'grantConsent' };
    if (error.reason === 'mfaRequired') return { text: m.errors.user.mfaRequired, action: 'signOut' };
  }
  if (isPartnerCenterError(error)) {
    if (error.kind === 'unauthorized') return { text: m.errors.user.unauthorized, action: 'signOut' };
    if (error.kind === 'forbidden' && !searching) return { text: m.errors.user.forbidden };
  }
  return undefined;
}

/** Small print for a user-mode failure: the Entra or Partner Center code, as a TextRun. */
function codeLines(error: unknown, m: Messages): Line[] {
  if (error instanceof TokenAcquisitionError) {
    const aadCode = sanitizeOptional(error.aadCode, TEXT_LIMITS.code);
    return aadCode === undefined ? [] : [line(m.errors.aadCode(slot(0)), [{ text: aadCode }])];
  }
  if (isPartnerCenterError(error)) {
    const code = sanitizeOptional(error.code, TEXT_LIMITS.code);
    const description = quotedDescription(error);
    if (code === undefined && description === undefined) return [];
    return [
      line(
        m.errors.partnerCenterCode(
          code === undefined ? undefined : slot(0),
          description === undefined ? undefined : slot(1),
        ),
        [
          code === undefined ? undefined : { text: code },
          description === undefined ? undefined : { text: description },
        ],
      ),
    ];
  }
  return [];
}
