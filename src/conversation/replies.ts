import { CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';

/** The reply that carries one Adaptive Card (plain JSON from src/cards). */
export function cardActivity(card: object): Partial<Activity> {
  return MessageFactory.attachment(CardFactory.adaptiveCard(card));
}

/** Sends one Adaptive Card as the reply. */
export async function sendCard(context: TurnContext, card: object): Promise<void> {
  await context.sendActivity(cardActivity(card));
}
