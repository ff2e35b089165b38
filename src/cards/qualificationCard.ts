import { normaliseCustomerId } from '../partnerCenter/customerId';
import type { CustomerProfile, QualificationLookup } from '../partnerCenter/types';
import { REFRESH_QUALIFICATION_VERB, partnerCenterCustomerUrl } from './actions';
import { cardDateTime } from './dates';
import { TEXT_LIMITS, sanitizeOptional, sanitizeText } from './escape';
import { messagesFor } from './messages';
import { type CardOptions, commonData } from './options';
import { isEmptyLookup, qualificationRow, qualificationSummary } from './qualificationRows';
import { line, slot, valueLine } from './runs';
import { type AdaptiveCardJson, expandTemplate } from './templates';

/** What the result card shows besides the lookup itself. */
export interface QualificationCardOptions extends CardOptions {
  /**
   * The customer's profile (GET /v1/customers/{id}): its company name and domain are shown above
   * the tenant id. Leave it out when it was not asked for. A profile of another customer than the
   * lookup's is ignored.
   */
  readonly customer?: CustomerProfile;
  /**
   * The profile was asked for but could not be read: a subtle "Company name unavailable" line
   * instead (also shown when a profile came without company name and domain).
   */
  readonly customerUnavailable?: boolean;
  /** The "Open in Partner Center", "Refresh" and watch buttons; default true (only for a well-formed tenant id). */
  readonly actions?: boolean;
  /** This conversation watches the customer: "Stop watching" (`unwatch <id>`) instead of "Watch". */
  readonly watched?: boolean;
}

/**
 * The card that answers `qualification for {id}`: one row per qualification Partner Center lists,
 * the company name and domain when known, when it was fetched, and the buttons "Open in Partner
 * Center", "Refresh", "Watch" (or "Stop watching" where the conversation watches the customer) and
 * "Details" (which shows the correlation id: support needs it, the reader of an answer rarely does).
 * The bot answers the Refresh button (verb REFRESH_QUALIFICATION_VERB) with this same card for a
 * new lookup.
 */
export function qualificationCard(lookup: QualificationLookup, options: QualificationCardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const customerId = sanitizeText(lookup.customerId, TEXT_LIMITS.id);
  const rows = lookup.qualifications.map((q) => qualificationRow(q, m));
  const isEmpty = isEmptyLookup(lookup);
  const summary = qualificationSummary(lookup, m);
  const correlationId = sanitizeText(lookup.correlationId, TEXT_LIMITS.correlationId);
  const correlation = line(m.result.correlationId(slot(0)), [{ text: correlationId }]);
  const fetchedText = m.result.fetched(cardDateTime(lookup.fetchedAt));
  const canonicalId = normaliseCustomerId(lookup.customerId);
  const profile = sameCustomer(options.customer, canonicalId) ? options.customer : undefined;
  const company = sanitizeOptional(profile?.companyName, TEXT_LIMITS.company);
  const domain = sanitizeOptional(profile?.domain, TEXT_LIMITS.domain);
  const url =
    options.actions === false || canonicalId === undefined ? undefined : partnerCenterCustomerUrl(canonicalId);

  return expandTemplate(
    'qualification',
    {
      ...commonData(m, options, m.result.fallback(customerId, summary)),
      title: m.result.title,
      hasCompany: company !== undefined,
      companyRuns: company === undefined ? [] : valueLine({ text: company }).runs,
      hasDomain: domain !== undefined,
      domainRuns: domain === undefined ? [] : valueLine({ text: domain }).runs,
      companyUnavailable:
        company === undefined &&
        domain === undefined &&
        (options.customerUnavailable === true || options.customer !== undefined),
      companyUnavailableText: m.result.companyUnavailable,
      customerLabel: m.result.customerLabel,
      customerIdRuns: valueLine({ text: customerId, monospace: true }).runs,
      rows: isEmpty ? [] : rows,
      isEmpty,
      emptyText: m.result.empty,
      emptyDetail: m.result.emptyDetail,
      fetchedText,
      correlationRuns: correlation.runs,
      hasActions: url !== undefined,
      // Demo mode: the sample customers are not in the real dashboard the button opens, so it says so.
      openTitle: options.demo ? m.result.openInRealPartnerCenter : m.result.openInPartnerCenter,
      openUrl: url ?? '',
      refreshTitle: m.result.refresh,
      refreshVerb: REFRESH_QUALIFICATION_VERB,
      refreshCustomerId: canonicalId ?? '',
      // Watch: told in this conversation when the qualification or its vetting changes (src/watch/);
      // once watched here, the same button stops it.
      watchTitle: options.watched === true ? m.watch.stopWatchingButton : m.watch.watchButton,
      watchCommand:
        options.watched === true
          ? m.watch.commands.unwatch([canonicalId ?? ''])
          : m.watch.commands.watch([canonicalId ?? '']),
      detailsTitle: m.result.details,
    },
    // The customer's own values are swapped out too, so that the kept expansion serves every
    // customer whose qualifications look the same (the templates only copy values: see templates.ts).
    [correlationId, fetchedText, customerId, canonicalId, company, domain].filter((v): v is string => v !== undefined),
  );
}

/** The profile belongs to the customer looked up (never show another company's name). */
function sameCustomer(profile: CustomerProfile | undefined, canonicalId: string | undefined): boolean {
  return profile !== undefined && canonicalId !== undefined && normaliseCustomerId(profile.id) === canonicalId;
}
