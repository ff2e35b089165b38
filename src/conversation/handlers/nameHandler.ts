import type { TurnContext } from 'botbuilder';
import { isExpiredSignIn } from '../../auth/tokenProvider';
import { errorCard } from '../../cards/errorCard';
import { nameChoiceCard } from '../../cards/nameChoiceCard';
import { nameNotFoundCard } from '../../cards/nameNotFoundCard';
import type { AdaptiveCardJson } from '../../cards/templates';
import type { Caller } from '../../lookup/caller';
import type { Lookups } from '../../lookup/lookups';
import type { CompanyName } from '../../partnerCenter/companyName';
import type { LookupOutcome } from '../../signIn/signIn';
import { sendCard } from '../replies';
import type { CardSettings } from './cardSettings';
import type { CustomerHandler } from './customerHandler';

/**
 * `qualification for Contoso School District`: the customers whose company name starts with it.
 * One, its result card; several, a card to choose from (capped, "refine your search" past the
 * cap); none, "No customer with this name" and what to try. A failed search gets an error card
 * worded for the name.
 */
export class NameHandler {
  constructor(
    private readonly lookups: Lookups,
    private readonly settings: CardSettings,
    private readonly customer: CustomerHandler,
  ) {}

  async handle(context: TurnContext, caller: Caller, name: CompanyName): Promise<LookupOutcome> {
    const cardOptions = { locale: caller.locale, demo: this.settings.demo, correlationId: caller.correlationId };
    const answer = await this.lookups.name(caller, name);
    let card: AdaptiveCardJson | 'signInExpired';
    switch (answer.kind) {
      case 'found':
        card = this.customer.cardFor(answer.answer, caller);
        break;
      case 'choice':
        card = nameChoiceCard(answer.search, cardOptions);
        break;
      case 'notFound':
        card = nameNotFoundCard(answer.search, cardOptions);
        break;
      case 'failed':
        card =
          caller.asUser && isExpiredSignIn(answer.error)
            ? 'signInExpired'
            : errorCard(answer.error, { ...cardOptions, companyName: name, userSignIn: this.settings.userSignIn });
        break;
    }
    if (card === 'signInExpired') return card;
    await sendCard(context, card);
    return 'answered';
  }
}
