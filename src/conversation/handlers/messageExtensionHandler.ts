import type { InvokeResponse, TurnContext } from 'botbuilder';
import { isExpiredSignIn } from '../../auth/tokenProvider';
import { errorCard } from '../../cards/errorCard';
import {
  failedSearchPreview,
  nobodyText,
  searchPreview,
  unfurlCard,
  type SearchPreviewOptions,
} from '../../cards/searchResults';
import type { AdaptiveCardJson } from '../../cards/templates';
import type { CustomerAnswer } from '../../lookup/answers';
import type { Caller } from '../../lookup/caller';
import { findCustomers, type FindRequest, type FoundCustomers } from '../../lookup/customerFinder';
import type { Lookups } from '../../lookup/lookups';
import { normaliseCustomerId, type CustomerTenantId } from '../../partnerCenter/customerId';
import { isPartnerCenterError } from '../../partnerCenter/errors';
import type { SignIn } from '../../signIn/signIn';
import { messagesFor } from '../../cards/messages';
import type { TurnInfo } from '../turn';
import { customerOfPartnerCenterLink } from '../understanding/partnerCenterLink';
import { MIN_SEARCH_QUERY_LENGTH, parseSearchQuery, type SearchHint } from '../understanding/searchQuery';
import type { CardSettings } from './cardSettings';
import type { CustomerHandler } from './customerHandler';
import { badRequest, messageResponse, resultsResponse, type ExtensionResult } from './extensionResponses';

/** The search command's id and its one parameter, as in the manifest (composeExtensions). */
export const SEARCH_COMMAND_ID = 'findCustomer';
export const SEARCH_QUERY_PARAMETER = 'query';
/** Teams lists this many results at most without paging; more would not be looked at anyway. */
const MAX_SEARCH_RESULTS = 10;
/** Time to turn the answers into Teams' response after the lookups' deadline, before Teams stops waiting. */
const RESPONSE_MARGIN_MS = 150;

export interface MessageExtensionOptions {
  readonly lookups: Lookups;
  readonly cards: CardSettings;
  readonly signIn: SignIn;
  readonly customer: CustomerHandler;
  /** MESSAGE_EXTENSION_DEADLINE_MS: the lookups of one invoke stop by then. */
  readonly deadlineMs: number;
  /** Most tenant ids one search may hold (the bot's per-message limit, at most MAX_SEARCH_RESULTS). */
  readonly maxCustomers: number;
}

/**
 * The message extension: the search box's `findCustomer` (`composeExtension/query`), picking a
 * result (`selectItem`), and Partner Center links pasted into a message (`queryLink`, and
 * `anonymousQueryLink` before the app is installed). Each runs as the person in user mode (or
 * answers with Teams' sign-in response), within MESSAGE_EXTENSION_DEADLINE_MS, and answers with
 * the chat's own cards: the words of a result or an error are the same everywhere.
 */
export class MessageExtensionHandler {
  constructor(private readonly options: MessageExtensionOptions) {}

  async query(context: TurnContext, turn: TurnInfo): Promise<InvokeResponse> {
    const value = (context.activity.value ?? {}) as { commandId?: unknown; parameters?: unknown };
    if (value.commandId !== SEARCH_COMMAND_ID) return badRequest('Unknown search command');
    const typed = queryText(value.parameters);
    const query = parseSearchQuery(typed, Math.min(this.options.maxCustomers, MAX_SEARCH_RESULTS));
    if (query.kind === 'hint') return messageResponse(hintText(query.reason, turn.locale, this.options.maxCustomers));
    return this.asPerson(context, turn, async (caller, deadlineAt) => {
      const found = await findCustomers(this.options.lookups, caller, query, {
        deadlineAt,
        max: MAX_SEARCH_RESULTS,
      });
      return this.searchResponse(caller, found, query, typed.trim());
    });
  }

  /** A result whose qualification was not read in time was picked: its card, freshly looked up. */
  async selectItem(context: TurnContext, turn: TurnInfo): Promise<InvokeResponse> {
    const customerId = pickedCustomer(context.activity.value);
    if (customerId === undefined) return badRequest('Unknown result');
    return this.asPerson(context, turn, async (caller, deadlineAt) => {
      const answer = await this.options.lookups.customer(caller, customerId, { deadlineAt });
      if (isTimeout(answer.error)) return stillLooking(turn.locale);
      const result = this.resultOf(answer, caller);
      return result === 'signInExpired' ? result : resultsResponse([result]);
    });
  }

  /**
   * A pasted link: a Partner Center customer page gets its card (version 1.3, as Teams renders
   * unfurls); any other link nothing.
   */
  async queryLink(context: TurnContext, turn: TurnInfo): Promise<InvokeResponse> {
    const customerId = customerOfPartnerCenterLink((context.activity.value as { url?: unknown } | undefined)?.url);
    if (customerId === undefined) return resultsResponse([]);
    return this.asPerson(context, turn, async (caller, deadlineAt) => {
      const answer = await this.options.lookups.customer(caller, customerId, { deadlineAt });
      const result = this.resultOf(answer, caller);
      if (result === 'signInExpired') return result;
      // A failure is shown, but not cached by Teams for half an hour: the next paste asks again.
      return resultsResponse([{ ...result, card: unfurlCard(result.card) }], { noCache: answer.lookup === undefined });
    });
  }

  /**
   * Runs `answer` as the person (user mode: Teams' sign-in response instead when they are not
   * signed in, or their sign-in expired during it) within the extension's deadline; past it,
   * "still looking".
   */
  private async asPerson(
    context: TurnContext,
    turn: TurnInfo,
    answer: (caller: Caller, deadlineAt: number) => Promise<InvokeResponse | 'signInExpired'>,
  ): Promise<InvokeResponse> {
    const started = performance.now();
    const access = await this.options.signIn.extensionAccess(context, turn);
    if (access.kind === 'respond') return access.response;
    const deadlineAt = started + this.options.deadlineMs;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(0, deadlineAt + RESPONSE_MARGIN_MS - performance.now()));
    });
    try {
      const response = await Promise.race([answer({ ...turn, asUser: access.asUser }, deadlineAt), late]);
      if (response === 'late') {
        turn.logger.info({ event: 'extensionTooSlow' }, 'the message extension answered "still looking"');
        return stillLooking(turn.locale);
      }
      return response === 'signInExpired' ? await this.options.signIn.extensionSignInAgain(context, turn) : response;
    } finally {
      clearTimeout(timer);
    }
  }

  private searchResponse(
    caller: Caller,
    found: FoundCustomers,
    query: FindRequest,
    typed: string,
  ): InvokeResponse | 'signInExpired' {
    const previewOptions = this.previewOptions(caller);
    switch (found.kind) {
      case 'nobody':
        return messageResponse(nobodyText(typed, caller.locale));
      case 'failed': {
        if (caller.asUser && isExpiredSignIn(found.error)) return 'signInExpired';
        if (isTimeout(found.error)) return stillLooking(caller.locale);
        // One result that says what happened, in the error card's words (worded for the search).
        const card = errorCard(found.error, {
          locale: caller.locale,
          demo: this.options.cards.demo,
          correlationId: caller.correlationId,
          userSignIn: this.options.cards.userSignIn,
          ...(query.kind === 'domain'
            ? { domain: query.domain }
            : query.kind === 'name'
              ? { companyName: query.name }
              : {}),
          ...(query.kind === 'ids' && query.customerIds.length === 1 ? { customerId: query.customerIds[0] } : {}),
        });
        const preview = failedSearchPreview(found.error, typed, { ...previewOptions, search: query.kind !== 'ids' });
        return resultsResponse([{ card, preview }]);
      }
      case 'customers': {
        if (found.answers.every((answer) => isTimeout(answer.error))) return stillLooking(caller.locale);
        const results: ExtensionResult[] = [];
        for (const answer of found.answers) {
          const result = this.resultOf(answer, caller);
          if (result === 'signInExpired') return result;
          results.push(result);
        }
        return resultsResponse(results);
      }
    }
  }

  private previewOptions(caller: Caller): SearchPreviewOptions {
    return {
      locale: caller.locale,
      demo: this.options.cards.demo,
      userSignIn: this.options.cards.userSignIn !== undefined,
    };
  }

  /** One customer's result: its card (result or error) and preview; one not read in time is picked to look again. */
  private resultOf(answer: CustomerAnswer, caller: Caller): ExtensionResult | 'signInExpired' {
    const card: AdaptiveCardJson | 'signInExpired' = this.options.customer.cardFor(answer, caller);
    if (card === 'signInExpired') return card;
    const preview = searchPreview(answer, this.previewOptions(caller));
    if (!isTimeout(answer.error)) return { card, preview };
    const m = messagesFor(caller.locale);
    return {
      card,
      preview: { ...preview, text: m.search.pickToLookAgain },
      pickValue: { qualificationFor: answer.customerId },
    };
  }
}

/** The `query` parameter's text (Teams sends the command's parameters as name/value pairs). */
function queryText(parameters: unknown): string {
  if (!Array.isArray(parameters)) return '';
  const query = (parameters as { name?: unknown; value?: unknown }[]).find((p) => p?.name === SEARCH_QUERY_PARAMETER);
  return typeof query?.value === 'string' ? query.value.slice(0, 1000) : '';
}

/** The customer of a picked result (`pickValue` above), validated like anything from outside. */
function pickedCustomer(value: unknown): CustomerTenantId | undefined {
  const id = (value as { qualificationFor?: unknown } | undefined)?.qualificationFor;
  return typeof id === 'string' ? normaliseCustomerId(id) : undefined;
}

/** Partner Center did not answer in time: a line in the flyout, nothing to insert. */
function stillLooking(locale: string): InvokeResponse {
  return messageResponse(messagesFor(locale).search.stillLooking);
}

function isTimeout(error: unknown): boolean {
  return isPartnerCenterError(error) && error.kind === 'timeout';
}

function hintText(reason: SearchHint, locale: string, maxCustomers: number): string {
  const m = messagesFor(locale).search;
  switch (reason) {
    case 'empty':
      return m.hintEmpty;
    case 'tooShort':
      return m.hintTooShort(MIN_SEARCH_QUERY_LENGTH);
    case 'notUnderstood':
      return m.hintNotUnderstood;
    case 'oneAtATime':
      return m.hintOneAtATime;
    case 'tooMany':
      return m.hintTooMany(Math.min(maxCustomers, MAX_SEARCH_RESULTS));
  }
}
