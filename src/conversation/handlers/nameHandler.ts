import type { TurnContext } from 'botbuilder';
import { nameChoiceCard } from '../../cards/nameChoiceCard';
import { nameNotFoundCard } from '../../cards/nameNotFoundCard';
import type { Caller } from '../../lookup/caller';
import type { Lookups } from '../../lookup/lookups';
import type { CompanyName } from '../../partnerCenter/companyName';
import type { LookupOutcome } from '../../signIn/signIn';
import type { CardSettings } from './cardSettings';
import type { CustomerHandler } from './customerHandler';
import { replyToSearch } from './searchReply';

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
    const answer = await this.lookups.name(caller, name);
    return replyToSearch(
      context,
      caller,
      answer,
      { choice: nameChoiceCard, notFound: nameNotFoundCard, failedSearch: { companyName: name } },
      { customer: this.customer, settings: this.settings },
    );
  }
}
