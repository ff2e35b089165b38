import type { TurnContext } from 'botbuilder';
import { helpCard, welcomeCard, type CardExamples } from '../../cards';
import { sendCard } from '../sendCard';
import type { TurnInfo } from '../types';

export interface HelpOptions {
  readonly demo: boolean;
  /** PARTNER_CENTER_AUTH=user: the cards mention signing in and `sign out`. */
  readonly signIn: boolean;
  readonly maxCustomers: number;
  /** The clickable examples (in demo mode, customers the simulator knows). */
  readonly examples?: CardExamples;
}

/** The help card (`help`, or anything the bot does not understand) and the welcome card. */
export class HelpHandler {
  constructor(private readonly options: HelpOptions) {}

  async handle(context: TurnContext, turn: TurnInfo): Promise<void> {
    await sendCard(context, helpCard({ ...this.options, locale: turn.locale }));
  }

  async welcome(context: TurnContext, turn: TurnInfo): Promise<void> {
    await sendCard(context, welcomeCard({ ...this.options, locale: turn.locale }));
  }
}
