import type { TurnContext } from 'botbuilder';
import type { PartnerCenterTokenProvider } from '../../auth/tokenProvider';
import { errorCard, qualificationCard, type AdaptiveCardJson } from '../../cards';
import type { CustomerProfile } from '../../partnerCenter/types';
import { answerFor, isExpiredSignIn } from '../../lookup/customerAnswer';
import { sendCard } from '../sendCard';
import type { LookupDeps, LookupOutcome, TurnInfo } from '../types';

/** The card for one customer, or `signInExpired` (user mode) when the user must sign in again. */
export type SingleAnswer = { readonly outcome: 'answered'; readonly card: AdaptiveCardJson } | { readonly outcome: 'signInExpired' };

/**
 * `qualification for <id>`: the customer's qualifications and, in parallel, its company name;
 * answered with the result card (company name, domain, Open in Partner Center, Refresh) or a
 * clear error card. The Refresh button comes back here too (a new card for the same customer).
 */
export class QualificationHandler {
  constructor(private readonly deps: LookupDeps) {}

  /** `asUser`: user mode, the signed-in user's provider. `known`: the profile, when already read (search by domain). */
  async card(customerId: string, turn: TurnInfo, asUser?: PartnerCenterTokenProvider, known?: CustomerProfile): Promise<SingleAnswer> {
    const answer = await answerFor(this.deps, customerId, turn, { asUser, known });
    const cardOptions = { locale: turn.locale, demo: this.deps.demo };
    if (answer.lookup) {
      return {
        outcome: 'answered',
        card: qualificationCard(answer.lookup, { ...cardOptions, customer: answer.customer, customerUnavailable: answer.customerUnavailable }),
      };
    }
    if (asUser && isExpiredSignIn(answer.error)) return { outcome: 'signInExpired' };
    return {
      outcome: 'answered',
      card: errorCard(answer.error, { ...cardOptions, correlationId: turn.correlationId, customerId, userSignIn: this.deps.userSignIn }),
    };
  }

  async handle(context: TurnContext, customerId: string, turn: TurnInfo, asUser?: PartnerCenterTokenProvider, known?: CustomerProfile): Promise<LookupOutcome> {
    const answer = await this.card(customerId, turn, asUser, known);
    if (answer.outcome === 'answered') await sendCard(context, answer.card);
    return answer.outcome;
  }
}
