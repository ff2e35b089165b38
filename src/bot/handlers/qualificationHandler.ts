import type { TurnContext } from 'botbuilder';
import { errorCard, qualificationCard } from '../../cards';
import { describeError } from '../../logger';
import { isPartnerCenterError } from '../../partnerCenter/errors';
import { sendCard } from '../sendCard';
import type { QualificationSource, TurnInfo } from '../types';

/** `qualification for <id>`: one Partner Center lookup, answered with the result or a clear error card. */
export class QualificationHandler {
  constructor(
    private readonly source: QualificationSource,
    private readonly demo: boolean,
  ) {}

  async handle(context: TurnContext, customerId: string, turn: TurnInfo): Promise<void> {
    const started = performance.now();
    const cardOptions = { locale: turn.locale, demo: this.demo };
    let card: object;
    try {
      const lookup = await this.source.getQualifications(customerId, {
        correlationId: turn.correlationId,
        locale: turn.locale,
      });
      card = qualificationCard(lookup, cardOptions);
      this.audit(turn, customerId, started, { outcome: 'ok', requestId: lookup.requestId });
    } catch (error) {
      card = errorCard(error, { ...cardOptions, correlationId: turn.correlationId, customerId });
      this.audit(turn, customerId, started, failureFields(error));
    }
    await sendCard(context, card);
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
  return { outcome: 'error', error: describeError(error) };
}
