import type { TurnContext } from 'botbuilder';
import { invalidCustomerIdCard } from '../../cards';
import { sendCard } from '../sendCard';
import type { TurnInfo } from '../types';

/** Anything typed after "qualification for" that is not a tenant id: explain, never call Partner Center. */
export class InvalidInputHandler {
  constructor(private readonly demo: boolean) {}

  async handle(context: TurnContext, input: string, turn: TurnInfo): Promise<void> {
    await sendCard(context, invalidCustomerIdCard(input, { locale: turn.locale, demo: this.demo }));
  }
}
