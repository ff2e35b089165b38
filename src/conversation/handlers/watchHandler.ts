import { TurnContext } from 'botbuilder';
import { isExpiredSignIn } from '../../auth/tokenProvider';
import { errorCard } from '../../cards/errorCard';
import { EXAMPLE_CUSTOMER_ID, messagesFor } from '../../cards/messages';
import { watchListCard } from '../../cards/watchListCard';
import { watchSetCard, type WatchSetResult } from '../../cards/watchSetCard';
import type { TargetAnswer } from '../../lookup/answers';
import type { Caller } from '../../lookup/caller';
import type { LookupTarget } from '../../lookup/lookupRequest';
import type { Lookups } from '../../lookup/lookups';
import { describeError } from '../../shared/logger';
import type { LookupOutcome } from '../../signIn/signIn';
import { isStateStoreError } from '../../state/stateStoreError';
import { stateOf } from '../../watch/changes';
import type { WatchList } from '../../watch/watchList';
import { sendCard } from '../replies';
import type { TurnInfo } from '../turn';
import type { CardSettings } from './cardSettings';
import { watchConversationOf } from './watchConversation';

/**
 * `watch`, `unwatch` and `watching`. A watch belongs to the conversation it was set in (1:1,
 * group chat or channel thread) and keeps its conversation reference, so the watcher can post
 * there later; it records who set it (user mode: the checks run with their access). `watch`
 * looks each customer up once, as the person, for its name and the state to compare with.
 */
export class WatchHandler {
  constructor(
    private readonly list: WatchList,
    private readonly lookups: Lookups,
    private readonly settings: CardSettings & { readonly intervalSeconds: number },
  ) {}

  async watch(context: TurnContext, caller: Caller, targets: readonly LookupTarget[]): Promise<LookupOutcome> {
    const answer = await this.lookups.targets(caller, targets);
    if (answer.kind === 'signInFailed') {
      if (isExpiredSignIn(answer.error)) return 'signInExpired';
      await sendCard(context, errorCard(answer.error, this.cardOptions(caller)));
      return 'answered';
    }
    if (caller.asUser && answer.answers.some((a) => a.kind === 'customer' && isExpiredSignIn(a.answer.error))) {
      return 'signInExpired';
    }
    await this.storeStep(context, caller, async () => {
      const results: WatchSetResult[] = [];
      for (const target of answer.answers) results.push(await this.add(context, caller, target));
      await sendCard(
        context,
        watchSetCard(
          {
            results,
            intervalSeconds: this.settings.intervalSeconds,
            expiryDays: this.list.expiryMs / (24 * 60 * 60 * 1000),
            durable: this.list.durable,
          },
          this.cardOptions(caller),
        ),
      );
    });
    return 'answered';
  }

  async unwatch(context: TurnContext, turn: TurnInfo, targets: readonly LookupTarget[]): Promise<void> {
    const m = messagesFor(turn.locale).watch;
    await this.storeStep(context, turn, async () => {
      const { removed, notWatched } = await this.list.remove(watchConversationOf(context), targets);
      turn.logger.info({ event: 'unwatch', removed: removed.length, user: turn.userObjectId }, 'watches stopped');
      const lines = [
        ...(removed.length > 0 ? [m.stopped(removed.map((w) => w.companyName ?? w.customerId).join(', '))] : []),
        ...(notWatched.length > 0 ? [m.notWatched(notWatched.join(', '))] : []),
      ];
      await context.sendActivity(lines.join('\n\n'));
    });
  }

  async watching(context: TurnContext, turn: TurnInfo): Promise<void> {
    await this.storeStep(context, turn, async () => {
      const watches = await this.list.list(watchConversationOf(context));
      const entries = watches.map((w) => ({
        customerId: w.customerId,
        companyName: w.companyName,
        state: w.lastState,
        lastCheckedAt: w.lastCheckedAt === undefined ? undefined : new Date(w.lastCheckedAt),
        waitingForSignIn: w.signInAsked === true,
      }));
      await sendCard(context, watchListCard(entries, this.cardOptions(turn)));
    });
  }

  /** `watch` or `unwatch` without a customer. */
  async what(context: TurnContext, turn: TurnInfo, verb: 'watch' | 'unwatch'): Promise<void> {
    const m = messagesFor(turn.locale).watch;
    await context.sendActivity(verb === 'watch' ? m.watchWhat : m.unwatchWhat);
  }

  /** Any watch command in Microsoft 365 Copilot: where watching works instead (Copilot shows no later message). */
  async notInCopilot(context: TurnContext, turn: TurnInfo): Promise<void> {
    const m = messagesFor(turn.locale).watch;
    await context.sendActivity(m.notInCopilot(m.commands.watch([EXAMPLE_CUSTOMER_ID])));
  }

  private async add(context: TurnContext, caller: Caller, target: TargetAnswer): Promise<WatchSetResult> {
    if (target.kind === 'domainNotResolved') return { kind: 'domainNotOne', domain: target.domain };
    if (target.kind === 'domainFailed') return { kind: 'lookupFailed', customer: target.domain };
    const { answer } = target;
    if (answer.lookup === undefined) return { kind: 'lookupFailed', customer: answer.customerId };
    const { activity } = context;
    const outcome = await this.list.add({
      conversation: watchConversationOf(context),
      reference: referenceOf(context),
      setBy: {
        userId: activity.from?.id ?? '',
        ...(activity.from?.aadObjectId !== undefined && { aadObjectId: activity.from.aadObjectId }),
        ...(activity.from?.name !== undefined && { name: activity.from.name }),
      },
      locale: caller.locale,
      customerId: answer.customerId,
      ...(answer.customer?.companyName !== undefined && { companyName: answer.customer.companyName }),
      ...((target.domain ?? answer.customer?.domain) !== undefined && {
        domain: target.domain ?? answer.customer?.domain,
      }),
      state: stateOf(answer.lookup),
    });
    if (outcome.kind === 'conversationLimit' || outcome.kind === 'totalLimit') return outcome;
    caller.logger.info(
      { event: 'watch', outcome: outcome.kind, customerId: answer.customerId, user: caller.userObjectId },
      'watch set',
    );
    return {
      kind: outcome.kind,
      customerId: outcome.watch.customerId,
      companyName: outcome.watch.companyName,
      state: outcome.watch.lastState,
    };
  }

  /** A step on the watch store; a store that is down gets a short answer with the correlation id. */
  private async storeStep(context: TurnContext, turn: TurnInfo, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      if (!isStateStoreError(error)) throw error;
      turn.logger.warn({ event: 'stateStoreUnavailable', error: describeError(error) }, 'the watch store failed');
      await context.sendActivity(messagesFor(turn.locale).watch.storeUnavailable(turn.correlationId));
    }
  }

  private cardOptions(turn: TurnInfo) {
    return {
      locale: turn.locale,
      demo: this.settings.demo,
      correlationId: turn.correlationId,
      userSignIn: this.settings.userSignIn,
    };
  }
}

/** Where the watcher posts: a new message in the conversation (or thread), not a reply to this one. */
function referenceOf(context: TurnContext): Record<string, unknown> {
  const { activityId: _reply, ...reference } = TurnContext.getConversationReference(context.activity);
  return reference;
}
