import type { TurnContext } from 'botbuilder';
import { isExpiredSignIn } from '../../auth/tokenProvider';
import type { CustomersCardOptions } from '../../cards/customerList';
import { errorCard } from '../../cards/errorCard';
import type { ErrorCardContext } from '../../cards/errorView';
import type { AdaptiveCardJson } from '../../cards/templates';
import type { SearchAnswer } from '../../lookup/answers';
import type { Caller } from '../../lookup/caller';
import type { LookupOutcome } from '../../signIn/signIn';
import { sendCard } from '../replies';
import type { CardSettings } from './cardSettings';
import type { CustomerHandler } from './customerHandler';

/** The cards of one kind of search (by domain, by company name). */
export interface SearchCards<Search> {
  readonly choice: (search: Search, options: CustomersCardOptions) => AdaptiveCardJson;
  readonly notFound: (search: Search, options: CustomersCardOptions) => AdaptiveCardJson;
  /** What the error card names instead of a tenant id (`{ domain }` or `{ companyName }`). */
  readonly failedSearch: Pick<ErrorCardContext, 'domain' | 'companyName'>;
}

/**
 * Answers a search: one match, its result card; several, the choice card; none, the not-found
 * card; a failed search, an error card worded for what was searched. An expired sign-in sends
 * nothing (the sign-in then starts again).
 */
export async function replyToSearch<Search>(
  context: TurnContext,
  caller: Caller,
  answer: SearchAnswer<Search>,
  cards: SearchCards<Search>,
  handlers: { readonly customer: CustomerHandler; readonly settings: CardSettings },
): Promise<LookupOutcome> {
  const cardOptions = { locale: caller.locale, demo: handlers.settings.demo, correlationId: caller.correlationId };
  let card: AdaptiveCardJson | 'signInExpired';
  switch (answer.kind) {
    case 'found':
      card = await handlers.customer.cardInConversation(context, answer.answer, caller);
      break;
    case 'choice':
      card = cards.choice(answer.search, cardOptions);
      break;
    case 'notFound':
      card = cards.notFound(answer.search, cardOptions);
      break;
    case 'failed':
      card =
        caller.asUser && isExpiredSignIn(answer.error)
          ? 'signInExpired'
          : errorCard(answer.error, {
              ...cardOptions,
              ...cards.failedSearch,
              userSignIn: handlers.settings.userSignIn,
            });
      break;
  }
  if (card === 'signInExpired') return card;
  await sendCard(context, card);
  return 'answered';
}
