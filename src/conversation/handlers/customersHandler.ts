import type { TurnContext } from 'botbuilder';
import { isExpiredSignIn } from '../../auth/tokenProvider';
import { errorCard } from '../../cards/errorCard';
import { summaryCard, type SummaryRow } from '../../cards/summaryCard';
import type { CustomerAnswer } from '../../lookup/answers';
import type { Caller } from '../../lookup/caller';
import type { Lookups } from '../../lookup/lookups';
import type { CustomerTenantId } from '../../partnerCenter/customerId';
import type { LookupOutcome } from '../../signIn/signIn';
import { LiveCard, type LiveCardOptions } from '../liveCard';
import { sendCard } from '../replies';
import type { CardSettings } from './cardSettings';

/** Timings of the progress card (tests shorten them). */
export type ProgressTimings = Omit<LiveCardOptions, 'logger'>;

/**
 * `qualification for <id> <id> …`: one summary card, a row per customer (a failure shows in its
 * own row). When it takes a while, the typing indicator, then the card with what is known, filled
 * in as answers arrive.
 */
export class CustomersHandler {
  constructor(
    private readonly lookups: Lookups,
    private readonly settings: CardSettings,
    private readonly progress: ProgressTimings = {},
  ) {}

  async handle(context: TurnContext, caller: Caller, customerIds: readonly CustomerTenantId[]): Promise<LookupOutcome> {
    const cardOptions = {
      locale: caller.locale,
      demo: this.settings.demo,
      correlationId: caller.correlationId,
      userSignIn: this.settings.userSignIn !== undefined,
    };
    const rows: SummaryRow[] = customerIds.map((customerId) => ({ state: 'pending', customerId }));
    const live = new LiveCard(context, () => summaryCard(rows, cardOptions), {
      logger: caller.logger,
      ...this.progress,
    });
    const several = await this.lookups.customers(caller, customerIds, {
      started: () => live.start(),
      answered: (index, answer) => {
        rows[index] = rowOf(answer);
        live.changed();
      },
    });
    if (several.kind === 'signInFailed') {
      if (isExpiredSignIn(several.error)) return 'signInExpired';
      await sendCard(context, errorCard(several.error, { ...cardOptions, userSignIn: this.settings.userSignIn }));
      return 'answered';
    }
    await live.finish();
    return 'answered';
  }
}

function rowOf(answer: CustomerAnswer): SummaryRow {
  if (answer.lookup) return { state: 'ok', lookup: answer.lookup, customer: answer.customer };
  return { state: 'failed', customerId: answer.customerId, error: answer.error, customer: answer.customer };
}
