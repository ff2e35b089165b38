import type { TurnContext } from 'botbuilder';
import { isExpiredSignIn } from '../../auth/tokenProvider';
import { errorCard } from '../../cards/errorCard';
import { qualificationCard } from '../../cards/qualificationCard';
import type { AdaptiveCardJson } from '../../cards/templates';
import type { CustomerAnswer } from '../../lookup/answers';
import type { Caller } from '../../lookup/caller';
import type { Lookups } from '../../lookup/lookups';
import type { CustomerTenantId } from '../../partnerCenter/customerId';
import { describeError } from '../../shared/logger';
import type { LookupOutcome } from '../../signIn/signIn';
import type { WatchList } from '../../watch/watchList';
import { sendCard } from '../replies';
import type { CardSettings } from './cardSettings';
import { watchConversationOf } from './watchConversation';

/**
 * `qualification for <id>`: the result card (company name, domain, Open in Partner Center,
 * Refresh, Watch or Stop watching) or a clear error card. The Refresh button comes back here too
 * (a new card for the same customer), and a search by domain that finds one customer ends here.
 */
export class CustomerHandler {
  /** `watches`: asked whether this conversation watches the customer (without it, the card offers Watch). */
  constructor(
    private readonly lookups: Lookups,
    private readonly settings: CardSettings,
    private readonly watches?: WatchList,
  ) {}

  async handle(context: TurnContext, caller: Caller, customerId: CustomerTenantId): Promise<LookupOutcome> {
    const card = await this.card(context, caller, customerId);
    if (card === 'signInExpired') return card;
    await sendCard(context, card);
    return 'answered';
  }

  /** A new result card (Refresh), or `signInExpired` when the person must sign in again. */
  async card(
    context: TurnContext,
    caller: Caller,
    customerId: CustomerTenantId,
  ): Promise<AdaptiveCardJson | 'signInExpired'> {
    return this.cardInConversation(context, await this.lookups.customer(caller, customerId), caller);
  }

  /** The card for one customer's answer in this conversation (also a domain's one match): Watch or Stop watching. */
  async cardInConversation(
    context: TurnContext,
    answer: CustomerAnswer,
    caller: Caller,
  ): Promise<AdaptiveCardJson | 'signInExpired'> {
    const watched = answer.lookup !== undefined && (await this.watched(context, caller, answer.customerId));
    return this.cardFor(answer, caller, watched);
  }

  /**
   * The card for one customer's answer; `watched`: Stop watching in place of Watch. The message
   * extension's cards are made without asking (they are inserted to be sent, and it must answer fast).
   */
  cardFor(answer: CustomerAnswer, caller: Caller, watched = false): AdaptiveCardJson | 'signInExpired' {
    const options = { locale: caller.locale, demo: this.settings.demo };
    if (answer.lookup) {
      return qualificationCard(answer.lookup, {
        ...options,
        customer: answer.customer,
        customerUnavailable: answer.customerUnavailable,
        watched,
      });
    }
    if (caller.asUser && isExpiredSignIn(answer.error)) return 'signInExpired';
    return errorCard(answer.error, {
      ...options,
      correlationId: caller.correlationId,
      customerId: answer.customerId,
      userSignIn: this.settings.userSignIn,
    });
  }

  /**
   * Whether this conversation watches the customer. A watch store that is down costs the button its
   * state (it offers Watch; a click then says the store is down), never the lookup its answer.
   */
  private async watched(context: TurnContext, caller: Caller, customerId: CustomerTenantId): Promise<boolean> {
    if (this.watches === undefined) return false;
    try {
      return await this.watches.watches(watchConversationOf(context), customerId);
    } catch (error) {
      caller.logger.warn(
        { event: 'watchStateUnknown', error: describeError(error) },
        'could not read whether this conversation watches the customer; the card offers Watch',
      );
      return false;
    }
  }
}
