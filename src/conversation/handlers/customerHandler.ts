import type { TurnContext } from 'botbuilder';
import { isExpiredSignIn } from '../../auth/tokenProvider';
import { errorCard } from '../../cards/errorCard';
import { qualificationCard } from '../../cards/qualificationCard';
import type { AdaptiveCardJson } from '../../cards/templates';
import type { CustomerAnswer } from '../../lookup/answers';
import type { Caller } from '../../lookup/caller';
import type { Lookups } from '../../lookup/lookups';
import type { CustomerTenantId } from '../../partnerCenter/customerId';
import type { LookupOutcome } from '../../signIn/signIn';
import { sendCard } from '../replies';
import type { CardSettings } from './cardSettings';

/**
 * `qualification for <id>`: the result card (company name, domain, Open in Partner Center,
 * Refresh) or a clear error card. The Refresh button comes back here too (a new card for the same
 * customer), and a search by domain that finds one customer ends here.
 */
export class CustomerHandler {
  constructor(
    private readonly lookups: Lookups,
    private readonly settings: CardSettings,
  ) {}

  async handle(context: TurnContext, caller: Caller, customerId: CustomerTenantId): Promise<LookupOutcome> {
    const card = this.cardFor(await this.lookups.customer(caller, customerId), caller);
    if (card === 'signInExpired') return card;
    await sendCard(context, card);
    return 'answered';
  }

  /** A new result card (Refresh), or `signInExpired` when the person must sign in again. */
  async card(caller: Caller, customerId: CustomerTenantId): Promise<AdaptiveCardJson | 'signInExpired'> {
    return this.cardFor(await this.lookups.customer(caller, customerId), caller);
  }

  /** The card for one customer's answer (also a domain's one match). */
  cardFor(answer: CustomerAnswer, caller: Caller): AdaptiveCardJson | 'signInExpired' {
    const options = { locale: caller.locale, demo: this.settings.demo };
    if (answer.lookup) {
      return qualificationCard(answer.lookup, {
        ...options,
        customer: answer.customer,
        customerUnavailable: answer.customerUnavailable,
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
}
