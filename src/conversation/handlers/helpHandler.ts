import type { TurnContext } from 'botbuilder';
import type { CardExamples } from '../../cards/actions';
import { helpCard } from '../../cards/helpCard';
import { welcomeCard } from '../../cards/welcomeCard';
import { sendCard } from '../replies';
import type { TurnInfo } from '../turn';

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

  /** `notUnderstood`: the message the bot could not read (the card begins by saying so). */
  async handle(context: TurnContext, turn: TurnInfo, notUnderstood?: string): Promise<void> {
    await sendCard(context, helpCard({ ...this.options, locale: turn.locale, notUnderstood }));
  }

  async welcome(context: TurnContext, turn: TurnInfo): Promise<void> {
    await sendCard(context, welcomeCard({ ...this.options, locale: turn.locale }));
  }
}
