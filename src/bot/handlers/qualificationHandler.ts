import type { TurnContext } from 'botbuilder';
import { TokenAcquisitionError, type PartnerCenterTokenProvider } from '../../auth/tokenProvider';
import { errorCard, qualificationCard } from '../../cards';
import { describeError } from '../../logger';
import { isPartnerCenterError } from '../../partnerCenter/errors';
import { sendCard } from '../sendCard';
import type { QualificationSource, TurnInfo } from '../types';

/**
 * `answered`: a card was sent. `signInExpired` (user mode): the user's sign-in turned out to be
 * expired or revoked; nothing was sent, the caller asks them to sign in again.
 */
export type LookupOutcome = 'answered' | 'signInExpired';

export interface QualificationHandlerOptions {
  readonly demo: boolean;
  /** PARTNER_CENTER_AUTH=user: error cards speak to the user (consent, MFA, roles) with a next step. */
  readonly userSignIn?: { readonly adminConsentUrl: string };
}

/** `qualification for <id>`: one Partner Center lookup, answered with the result or a clear error card. */
export class QualificationHandler {
  constructor(
    private readonly source: QualificationSource,
    private readonly options: QualificationHandlerOptions,
  ) {}

  /** `asUser`: in user mode, the signed-in user's Partner Center token provider (on-behalf-of). */
  async handle(context: TurnContext, customerId: string, turn: TurnInfo, asUser?: PartnerCenterTokenProvider): Promise<LookupOutcome> {
    const started = performance.now();
    const cardOptions = { locale: turn.locale, demo: this.options.demo };
    let card: object;
    try {
      const lookup = await this.source.getQualifications(customerId, {
        correlationId: turn.correlationId,
        locale: turn.locale,
        tokenProvider: asUser,
      });
      card = qualificationCard(lookup, cardOptions);
      this.audit(turn, customerId, started, { outcome: 'ok', requestId: lookup.requestId });
    } catch (error) {
      this.audit(turn, customerId, started, failureFields(error));
      if (asUser && error instanceof TokenAcquisitionError && error.reason === 'signInExpired') return 'signInExpired';
      card = errorCard(error, {
        ...cardOptions,
        correlationId: turn.correlationId,
        customerId,
        userSignIn: this.options.userSignIn,
      });
    }
    await sendCard(context, card);
    return 'answered';
  }

  /**
   * One line per lookup: who asked (Entra object id), which customer, the outcome, Partner
   * Center's request id and how long it took. The turn's logger adds the correlation id.
   */
  private audit(turn: TurnInfo, customerId: string, started: number, fields: Record<string, unknown>): void {
    turn.logger.info(
      {
        event: 'lookup',
        user: turn.userObjectId,
        customerId,
        durationMs: Math.round(performance.now() - started),
        ...fields,
      },
      'qualification lookup',
    );
  }
}

function failureFields(error: unknown): Record<string, unknown> {
  if (isPartnerCenterError(error)) {
    return {
      outcome: error.kind,
      httpStatus: error.httpStatus,
      partnerCenterCode: error.code,
      requestId: error.requestId,
    };
  }
  if (error instanceof TokenAcquisitionError) return { outcome: 'signInFailed', reason: error.reason, aadCode: error.aadCode };
  return { outcome: 'error', error: describeError(error) };
}
