import type { AdaptiveCardInvokeResponse, TurnContext } from 'botbuilder';
import { messagesFor } from '../../cards/messages';
import type { AdaptiveCardJson } from '../../cards/templates';
import type { CustomerTenantId } from '../../partnerCenter/customerId';
import type { SignIn } from '../../signIn/signIn';
import { describeError } from '../../shared/logger';
import { LiveCard } from '../liveCard';
import { cardActivity, sendCard } from '../replies';
import type { TurnInfo } from '../turn';
import type { CustomerHandler } from './customerHandler';

/** What the result card's Refresh button answers with: an invoke response holding a card or a short message. */
const CARD_RESPONSE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';

/**
 * The result card's Refresh button: the customer looked up again, as whoever clicked it. In user
 * mode without a valid sign-in, the sign-in card is sent and the refreshed result follows as a new
 * message once they are signed in.
 */
export class RefreshHandler {
  constructor(
    private readonly signIn: SignIn,
    private readonly customer: CustomerHandler,
  ) {}

  /** Universal Actions (Action.Execute): answered with the new card, which Teams shows in place of the old one. */
  async invoke(
    context: TurnContext,
    customerId: CustomerTenantId,
    turn: TurnInfo,
  ): Promise<AdaptiveCardInvokeResponse> {
    const card = await this.refreshedCard(context, customerId, turn);
    if (card) return { statusCode: 200, type: CARD_RESPONSE, value: card };
    // A message response carries a string (Universal Actions); botbuilder's type only allows objects.
    const message: unknown = messagesFor(turn.locale).signIn.prompt;
    return { statusCode: 200, type: MESSAGE_RESPONSE, value: message as Record<string, unknown> };
  }

  /** Clients without Universal Actions: the fallback Action.Submit; the card is updated in place where possible. */
  async submit(context: TurnContext, customerId: CustomerTenantId, turn: TurnInfo): Promise<void> {
    const card = await this.refreshedCard(context, customerId, turn);
    if (!card) return;
    const replyToId = context.activity.replyToId;
    if (replyToId && LiveCard.canUpdate(context)) {
      try {
        await context.updateActivity({ ...cardActivity(card), id: replyToId });
        return;
      } catch (error) {
        turn.logger.warn(
          { event: 'cardUpdateFailed', error: describeError(error) },
          'could not update the card; sending a new one',
        );
      }
    }
    await sendCard(context, card);
  }

  /** A new result card; undefined when the person must sign in first (the result then follows after sign-in). */
  private refreshedCard(
    context: TurnContext,
    customerId: CustomerTenantId,
    turn: TurnInfo,
  ): Promise<AdaptiveCardJson | undefined> {
    return this.signIn.now(context, { kind: 'customers', customerIds: [customerId] }, turn, (asUser) =>
      this.customer.card(context, { ...turn, asUser }, customerId),
    );
  }
}
