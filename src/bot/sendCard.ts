import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';

/** Sends one Adaptive Card (plain JSON from src/cards) as the reply. */
export async function sendCard(context: TurnContext, card: object): Promise<void> {
  await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(card)));
}
