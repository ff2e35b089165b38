import type { TurnContext } from 'botbuilder';
import { isExpiredSignIn } from '../../auth/tokenProvider';
import { customerChoiceCard } from '../../cards/customerChoiceCard';
import { domainNotFoundCard } from '../../cards/domainNotFoundCard';
import { errorCard } from '../../cards/errorCard';
import type { AdaptiveCardJson } from '../../cards/templates';
import type { Caller } from '../../lookup/caller';
import type { Lookups } from '../../lookup/lookups';
import type { CustomerDomain } from '../../partnerCenter/domain';
import type { LookupOutcome } from '../../signIn/signIn';
import { sendCard } from '../replies';
import type { CardSettings } from './cardSettings';
import type { CustomerHandler } from './customerHandler';

/**
 * `qualification for contoso.onmicrosoft.com`: one match, its result card; several, a card to
 * choose from; none, "not found among your customers" with the customers whose domain starts like
 * it. A failed search gets an error card worded for the domain, not for a tenant id.
 */
export class DomainHandler {
  constructor(
    private readonly lookups: Lookups,
    private readonly settings: CardSettings,
    private readonly customer: CustomerHandler,
  ) {}

  async handle(context: TurnContext, caller: Caller, domain: CustomerDomain): Promise<LookupOutcome> {
    const cardOptions = { locale: caller.locale, demo: this.settings.demo, correlationId: caller.correlationId };
    const answer = await this.lookups.domain(caller, domain);
    let card: AdaptiveCardJson | 'signInExpired';
    switch (answer.kind) {
      case 'found':
        card = this.customer.cardFor(answer.answer, caller);
        break;
      case 'choice':
        card = customerChoiceCard(answer.search, cardOptions);
        break;
      case 'notFound':
        card = domainNotFoundCard(answer.search, cardOptions);
        break;
      case 'failed':
        card =
          caller.asUser && isExpiredSignIn(answer.error)
            ? 'signInExpired'
            : errorCard(answer.error, { ...cardOptions, domain, userSignIn: this.settings.userSignIn });
        break;
    }
    if (card === 'signInExpired') return card;
    await sendCard(context, card);
    return 'answered';
  }
}
