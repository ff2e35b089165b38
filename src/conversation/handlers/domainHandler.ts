import type { TurnContext } from 'botbuilder';
import type { PartnerCenterTokenProvider } from '../../auth/tokenProvider';
import { customerChoiceCard, domainNotFoundCard, errorCard } from '../../cards';
import type { CustomerSearchResult } from '../../partnerCenter/types';
import { failureFields, isExpiredSignIn } from '../../lookup/customerAnswer';
import { sendCard } from '../sendCard';
import type { LookupDeps, LookupOutcome, TurnInfo } from '../types';
import type { QualificationHandler } from './qualificationHandler';

/**
 * `qualification for contoso.onmicrosoft.com`: finds the partner's customer with exactly that
 * domain (Partner Center's customer search). One match: its result card. Several: a card to
 * choose from. None: "not found among your customers", with the customers whose domain starts
 * like it. A failed search gets an error card worded for the domain, not for a tenant id.
 */
export class DomainHandler {
  constructor(
    private readonly deps: LookupDeps,
    private readonly single: QualificationHandler,
  ) {}

  async handle(context: TurnContext, domain: string, turn: TurnInfo, asUser?: PartnerCenterTokenProvider): Promise<LookupOutcome> {
    const started = performance.now();
    const cardOptions = { locale: turn.locale, demo: this.deps.demo, correlationId: turn.correlationId };
    let result: CustomerSearchResult;
    try {
      result = await this.deps.source.findCustomersByDomain(domain, { correlationId: turn.correlationId, locale: turn.locale, tokenProvider: asUser });
    } catch (error) {
      this.audit(turn, domain, started, failureFields(error));
      if (asUser && isExpiredSignIn(error)) return 'signInExpired';
      await sendCard(context, errorCard(error, { ...cardOptions, domain, userSignIn: this.deps.userSignIn }));
      return 'answered';
    }
    this.audit(turn, domain, started, {
      outcome: 'ok',
      matches: result.matches.length,
      complete: result.complete,
      ...(result.incompleteBecause !== undefined && { incompleteBecause: result.incompleteBecause }),
      ...(result.partialFailure !== undefined && { partialFailure: failureFields(result.partialFailure) }),
      requestId: result.requestId,
    });
    const [only] = result.matches;
    if (result.matches.length === 1 && only) return this.single.handle(context, only.id, turn, asUser, only);
    await sendCard(context, result.matches.length > 1 ? customerChoiceCard(result, cardOptions) : domainNotFoundCard(result, cardOptions));
    return 'answered';
  }

  private audit(turn: TurnInfo, domain: string, started: number, fields: Record<string, unknown>): void {
    turn.logger.info(
      { event: 'domainSearch', user: turn.userObjectId, domain, durationMs: Math.round(performance.now() - started), ...fields },
      'customer search by domain',
    );
  }
}
