import type { TurnContext } from 'botbuilder';
import { conversationKey } from '../../watch/watchRecord';

/**
 * The conversation a watch belongs to: its channel and id (a channel thread's id names the thread).
 * The watch commands set and stop watches under it; the result card asks whether it watches a customer.
 */
export function watchConversationOf(context: TurnContext): string {
  return conversationKey(context.activity.channelId ?? '', context.activity.conversation?.id ?? '');
}
