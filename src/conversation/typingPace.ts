import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { LRUCache } from 'lru-cache';

/** Teams shows a typing indicator for a few seconds; more than one per this long is noise (and throttled). */
const TYPING_EVERY_MS = 3000;

/** Conversations remembered; beyond that the least recent one may get its next indicator early. */
const MAX_CONVERSATIONS = 10_000;

/** A plain typing indicator: a `typing` activity that is not a stream message (those carry streaminfo). */
function isPlainTyping(activity: Partial<Activity>): boolean {
  return (
    activity.type === 'typing' &&
    !(activity.entities ?? []).some((entity) => entity?.type === 'streaminfo') &&
    (activity.channelData as { streamType?: unknown } | undefined)?.streamType === undefined
  );
}

/**
 * The typing indicator at most once every 3 seconds per conversation, whichever turn sends it
 * (several quick messages each start long work). A typing activity that is a stream's
 * informative update is not an indicator and always goes (its own pace is in streamedProgress.ts).
 * Per instance: with several instances behind a load balancer, each keeps its own pace.
 */
export class TypingPace implements Middleware {
  private readonly lastTyping = new LRUCache<string, number>({ max: MAX_CONVERSATIONS });

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const conversation = `${context.activity.channelId ?? ''}\n${context.activity.conversation?.id ?? ''}`;
    context.onSendActivities(async (_context, activities, sendNext) => {
      const now = performance.now();
      const last = this.lastTyping.get(conversation);
      const tooSoon = last !== undefined && now - last < TYPING_EVERY_MS;
      const kept = activities.filter((activity) => !(isPlainTyping(activity) && tooSoon));
      if (kept.length === 0) return [];
      if (kept.some(isPlainTyping)) this.lastTyping.set(conversation, now);
      // The bot sends a typing indicator alone, so a batch loses nothing else.
      activities.splice(0, activities.length, ...kept);
      return sendNext();
    });
    await next();
  }
}
