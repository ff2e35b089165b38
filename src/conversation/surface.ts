import type { Activity } from 'botbuilder';

/**
 * Where an activity comes from, as far as what the bot may send back depends on it.
 *
 * Microsoft 365 Copilot chat delivers a custom engine agent's activities on the `msteams` channel,
 * like Teams, with one entity more: `{ type: "ProductInfo", id: "COPILOT" }`. There the bot
 * cannot show a sign-in (OAuth) card, update a message it sent (`updateActivity`) or post later
 * (proactive messages); it can stream.
 */
export type Surface =
  /** Microsoft 365 Copilot chat. */
  | 'copilot'
  /** A Teams 1:1 chat with the bot. */
  | 'teamsPersonal'
  /** Anything else: Teams group chats and channels, the Emulator, Web Chat. */
  | 'other';

type SurfaceActivity = Pick<Partial<Activity>, 'channelId' | 'entities' | 'conversation' | 'deliveryMode'>;

export function surfaceOf(activity: SurfaceActivity): Surface {
  if (isCopilot(activity)) return 'copilot';
  if (activity.channelId === 'msteams' && activity.conversation?.conversationType === 'personal')
    return 'teamsPersonal';
  return 'other';
}

/** The activity came from Microsoft 365 Copilot chat (its ProductInfo entity). */
export function isCopilot(activity: SurfaceActivity): boolean {
  return (
    activity.channelId === 'msteams' &&
    (activity.entities ?? []).some((entity) => entity?.type === 'ProductInfo' && entity.id === 'COPILOT')
  );
}

/**
 * Teams streams a reply (informative updates, then the final message) in 1:1 chats and in
 * Copilot only; with `deliveryMode: expectReplies` the replies go back in the HTTP response, where
 * nothing streams.
 */
export function canStream(activity: SurfaceActivity): boolean {
  return activity.deliveryMode !== 'expectReplies' && surfaceOf(activity) !== 'other';
}
