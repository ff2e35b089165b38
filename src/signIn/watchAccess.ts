import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import type { WatchAccess } from '../watch/ports';
import type { WatchRecord } from '../watch/watchRecord';

/** The bot's own access (app and demo mode): every check runs as the bot. */
export const botOwnWatchAccess: WatchAccess = { forWatch: () => Promise.resolve({}) };

/**
 * PARTNER_CENTER_AUTH=user: a check runs as the person who set the watch, with the token the Bot
 * Framework token service keeps for them (no turn, no card: `storedToken`), exchanged on-behalf-of
 * for Partner Center. No token (they signed out, or it lapsed): `signInNeeded`, and the watcher
 * asks them once and waits. The token is used for the check and never stored by the bot.
 */
export function storedTokenWatchAccess(options: {
  readonly storedToken: (userId: string, channelId: string) => Promise<string | undefined>;
  readonly onBehalfOf: { forUser(userToken: string): PartnerCenterTokenProvider };
}): WatchAccess {
  return {
    async forWatch(watch: WatchRecord) {
      const channelId = typeof watch.reference.channelId === 'string' ? watch.reference.channelId : 'msteams';
      const token = await options.storedToken(watch.setBy.userId, channelId);
      return token === undefined ? 'signInNeeded' : { asUser: options.onBehalfOf.forUser(token) };
    },
  };
}
