import type { TurnContext } from 'botbuilder';
import { invalidCustomerIdCard } from '../../cards/invalidInputCard';
import { tooManyCustomersCard } from '../../cards/tooManyCustomersCard';
import { sendCard } from '../replies';
import type { TurnInfo } from '../turn';

/** Input the bot will not send to Partner Center: explain, and never call it. */
export class InvalidInputHandler {
  constructor(private readonly demo: boolean) {}

  /**
   * Something after "qualification for" that is not a tenant id (or one lone domain); `invalid`
   * names each, `typed` is the message as the person typed it.
   */
  async handle(context: TurnContext, typed: string, invalid: readonly string[], turn: TurnInfo): Promise<void> {
    await sendCard(context, invalidCustomerIdCard(typed, { locale: turn.locale, demo: this.demo }, invalid));
  }

  /** More tenant ids in one message than the bot looks up at once. */
  async tooMany(context: TurnContext, count: number, limit: number, turn: TurnInfo): Promise<void> {
    await sendCard(context, tooManyCustomersCard(count, limit, { locale: turn.locale, demo: this.demo }));
  }
}
