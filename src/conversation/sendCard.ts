import type { TurnContext } from 'botbuilder';
import { cardActivity } from './liveCard';

/** Sends one Adaptive Card (plain JSON from src/cards) as the reply. */
export async function sendCard(context: TurnContext, card: object): Promise<void> {
  await context.sendActivity(cardActivity(card));
}
