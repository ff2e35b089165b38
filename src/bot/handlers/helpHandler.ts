import type { TurnContext } from 'botbuilder';
import { helpCard } from '../../cards';
import { sendCard } from '../sendCard';
import type { TurnInfo } from '../types';

export class HelpHandler {
  constructor(private readonly demo: boolean) {}

  async handle(context: TurnContext, turn: TurnInfo): Promise<void> {
    await sendCard(context, helpCard({ locale: turn.locale, demo: this.demo }));
  }
}
