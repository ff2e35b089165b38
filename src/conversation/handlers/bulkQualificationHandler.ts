import type { TurnContext } from 'botbuilder';
import type { PartnerCenterTokenProvider } from '../../auth/tokenProvider';
import { errorCard, summaryCard, type SummaryRow } from '../../cards';
import { PartnerCenterError } from '../../partnerCenter/errors';
import { answerFor, forEachBounded, isExpiredSignIn, type CustomerAnswer } from '../../lookup/customerAnswer';
import { LiveCard } from '../liveCard';
import { sendCard } from '../sendCard';
import type { LookupDeps, LookupOutcome, TurnInfo } from '../types';

export interface BulkOptions {
  /** Customers looked up at the same time (each: qualifications and company name in parallel). */
  readonly concurrency: number;
  /** The whole command ends within this; customers not answered by then say "didn't answer in time". */
  readonly deadlineMs: number;
  /** Timings of the progress card (tests shorten them). */
  readonly progress?: { readonly typingAfterMs?: number; readonly showAfterMs?: number; readonly minUpdateIntervalMs?: number };
}

/**
 * `qualification for <id> <id> …`: every customer looked up, `concurrency` at a time, answered
 * with one summary card (a row per customer; a failure shows in its own row). When it takes a
 * while, the typing indicator, then the card with what is known, filled in as results come.
 */
export class BulkQualificationHandler {
  constructor(
    private readonly deps: LookupDeps,
    private readonly options: BulkOptions,
  ) {}

  async handle(context: TurnContext, customerIds: readonly string[], turn: TurnInfo, asUser?: PartnerCenterTokenProvider): Promise<LookupOutcome> {
    const cardOptions = { locale: turn.locale, demo: this.deps.demo, correlationId: turn.correlationId, userSignIn: this.deps.userSignIn !== undefined };
    if (asUser) {
      // One on-behalf-of exchange before the lookups (they then share MSAL's cached token). A
      // sign-in problem is the same for every customer: one card that says what to do, not 20 rows.
      try {
        await asUser.getToken();
      } catch (error) {
        if (isExpiredSignIn(error)) return 'signInExpired';
        await sendCard(context, errorCard(error, { ...cardOptions, userSignIn: this.deps.userSignIn }));
        return 'answered';
      }
    }

    const rows: SummaryRow[] = customerIds.map((customerId) => ({ state: 'pending', customerId }));
    const live = new LiveCard(context, () => summaryCard(rows, cardOptions), { logger: turn.logger, ...this.options.progress });
    live.start();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.options.deadlineMs);
    try {
      await forEachBounded(customerIds, this.options.concurrency, async (customerId, index) => {
        const answer = deadline.signal.aborted
          ? undefined
          : await answerFor(this.deps, customerId, turn, { asUser, signal: deadline.signal });
        rows[index] = rowOf(customerId, answer, deadline.signal.aborted, turn.correlationId);
        live.changed();
      });
    } finally {
      clearTimeout(timer);
    }
    await live.finish();
    return 'answered';
  }
}

/** A finished row. A lookup the command's deadline cut short (or never started) says "didn't answer in time". */
function rowOf(customerId: string, answer: CustomerAnswer | undefined, pastDeadline: boolean, correlationId: string): SummaryRow {
  if (answer?.lookup) return { state: 'ok', lookup: answer.lookup, customer: answer.customer };
  const error =
    answer === undefined || pastDeadline
      ? new PartnerCenterError('timeout', 'the several-customer command reached its deadline', { correlationId })
      : answer.error;
  return { state: 'failed', customerId, error, customer: answer?.customer };
}
