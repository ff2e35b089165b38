import type { TurnContext } from 'botbuilder';
import { customerChoiceCard } from '../../cards/customerChoiceCard';
import { domainNotFoundCard } from '../../cards/domainNotFoundCard';
import type { Caller } from '../../lookup/caller';
import type { Lookups } from '../../lookup/lookups';
import type { CustomerDomain } from '../../partnerCenter/domain';
import type { LookupOutcome } from '../../signIn/signIn';
import type { CardSettings } from './cardSettings';
import type { CustomerHandler } from './customerHandler';
import { replyToSearch } from './searchReply';

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
    const answer = await this.lookups.domain(caller, domain);
    return replyToSearch(
      context,
      caller,
      answer,
      { choice: customerChoiceCard, notFound: domainNotFoundCard, failedSearch: { domain } },
      { customer: this.customer, settings: this.settings },
    );
  }
}
