import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import type { PendingNotice, WatchRecord } from './watchRecord';

/**
 * What the watcher needs from the layers above it, given by the composition root: whose access a
 * check runs with (signIn/), and how a notice reaches the conversation (conversation/, proactive
 * messages). No botbuilder here.
 */
export interface WatchAccess {
  /**
   * The access a check of this watch runs with: the bot's own (`{}`), the person's who set it
   * (user mode: their stored token, on-behalf-of), or `signInNeeded` when they must sign in again.
   */
  forWatch(watch: WatchRecord): Promise<{ readonly asUser?: PartnerCenterTokenProvider } | 'signInNeeded'>;
}

/**
 * `sent`; `conversationGone` when Teams answers 403 or 404 (the bot was removed, the chat
 * deleted): the conversation's watches are dropped; `failed` for anything else (tried again at
 * the next round).
 */
export type PostOutcome = 'sent' | 'conversationGone' | 'failed';

export interface WatchNotifier {
  post(watch: WatchRecord, notice: PendingNotice): Promise<PostOutcome>;
}
