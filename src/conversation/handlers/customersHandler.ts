import type { TurnContext } from 'botbuilder';
import { isExpiredSignIn } from '../../auth/tokenProvider';
import { errorCard } from '../../cards/errorCard';
import { summaryCard, summaryProgressText, type SummaryRow } from '../../cards/summaryCard';
import type { CustomerAnswer, TargetAnswer } from '../../lookup/answers';
import type { Caller } from '../../lookup/caller';
import type { LookupTarget } from '../../lookup/lookupRequest';
import type { Lookups, SeveralProgress } from '../../lookup/lookups';
import type { CustomerTenantId } from '../../partnerCenter/customerId';
import type { LookupOutcome } from '../../signIn/signIn';
import { LiveCard, type LiveCardOptions } from '../liveCard';
import { sendCard } from '../replies';
import { StreamedProgress, type StreamedProgressOptions } from '../streamedProgress';
import { canStream } from '../surface';
import type { CardSettings } from './cardSettings';

/** Timings of the progress card, or of the stream (tests shorten them). */
export type ProgressTimings = Omit<LiveCardOptions & StreamedProgressOptions, 'logger'>;

/**
 * `qualification for <id> <id> …` (and ids mixed with domains): one summary card, a row per
 * customer (a failure shows in its own row; a domain that is not exactly one customer's says so in
 * its row). When it takes a while, the typing indicator, then the card with what is known, filled
 * in as answers arrive. In a 1:1 chat and in Microsoft 365 Copilot, where Teams streams replies,
 * the progress is streamed instead (informative updates, then the card: StreamedProgress).
 */
export class CustomersHandler {
  constructor(
    private readonly lookups: Lookups,
    private readonly settings: CardSettings,
    private readonly progress: ProgressTimings = {},
  ) {}

  handle(context: TurnContext, caller: Caller, customerIds: readonly CustomerTenantId[]): Promise<LookupOutcome> {
    const rows: SummaryRow[] = customerIds.map((customerId) => ({ state: 'pending', customerId }));
    return this.run(context, caller, rows, (progress) => this.lookups.customers(caller, customerIds, progress), rowOf);
  }

  /** Tenant ids and domains in one message: each domain's row says what its search found. */
  handleTargets(context: TurnContext, caller: Caller, targets: readonly LookupTarget[]): Promise<LookupOutcome> {
    const rows: SummaryRow[] = targets.map((target) =>
      target.kind === 'id'
        ? { state: 'pending', customerId: target.customerId }
        : { state: 'pending', domain: target.domain },
    );
    return this.run(context, caller, rows, (progress) => this.lookups.targets(caller, targets, progress), targetRowOf);
  }

  private async run<A>(
    context: TurnContext,
    caller: Caller,
    rows: SummaryRow[],
    lookUp: (progress: SeveralProgress<A>) => Promise<{ kind: 'answers' } | { kind: 'signInFailed'; error: unknown }>,
    toRow: (answer: A) => SummaryRow,
  ): Promise<LookupOutcome> {
    const cardOptions = {
      locale: caller.locale,
      demo: this.settings.demo,
      correlationId: caller.correlationId,
      userSignIn: this.settings.userSignIn !== undefined,
    };
    const render = () => summaryCard(rows, cardOptions);
    const options = { logger: caller.logger, ...this.progress };
    const live = canStream(context.activity)
      ? new StreamedProgress(context, () => summaryProgressText(rows, caller.locale), render, options)
      : new LiveCard(context, render, options);
    const several = await lookUp({
      started: () => live.start(),
      answered: (index, answer) => {
        rows[index] = toRow(answer);
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

function targetRowOf(answer: TargetAnswer): SummaryRow {
  switch (answer.kind) {
    case 'customer':
      return rowOf(answer.answer);
    case 'domainNotResolved':
      return { state: 'domainNotResolved', domain: answer.domain, matches: answer.matches };
    case 'domainFailed':
      return { state: 'domainFailed', domain: answer.domain, error: answer.error };
  }
}
