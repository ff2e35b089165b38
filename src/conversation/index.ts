import type { Storage } from 'botbuilder';
import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import type { CardExamples } from '../cards/actions';
import type { AppConfig } from '../config';
import type { Lookups } from '../lookup/lookups';
import type { Logger } from '../shared/logger';
import { BotOwnAccess } from '../signIn/botOwnAccess';
import { teamsSsoMiddleware } from '../signIn/teamsSso';
import { UserSignIn } from '../signIn/userSignIn';
import { botOwnWatchAccess, storedTokenWatchAccess } from '../signIn/watchAccess';
import type { WatchAccess, WatchNotifier } from '../watch/ports';
import type { WatchList } from '../watch/watchList';
import { AccessGate } from './accessGate';
import { createActivityProcessor, type ActivityProcessor } from './activityProcessor';
import { createAdapter } from './adapter';
import type { CardSettings } from './handlers/cardSettings';
import type { ProgressTimings } from './handlers/customersHandler';
import { QualificationBot } from './qualificationBot';
import type { ReplyPolicyOptions } from './replyConnector';
import { isCopilot } from './surface';
import { TypingPace } from './typingPace';
import { ProactiveWatchNotifier } from './watchNotifier';

/**
 * The conversation layer, put together: botbuilder's adapter (inbound authentication, replies),
 * the access gate, Teams single sign-on in user mode, and the bot. What comes out is the one
 * function the HTTP host calls. This folder, signIn/ and state/ are where botbuilder is used; a
 * move to the Microsoft 365 Agents SDK replaces them and leaves lookup/, partnerCenter/, cards/
 * and host/ as they are.
 */
export interface ConversationOptions {
  readonly bot: AppConfig['bot'];
  readonly access: Omit<AppConfig['access'], 'allowedTenantsFrom'>;
  readonly logger: Logger;
  readonly lookups: Lookups;
  readonly cards: CardSettings;
  readonly maxCustomers: number;
  readonly examples?: CardExamples;
  /** PARTNER_CENTER_AUTH=user: how people sign in. */
  readonly userSignIn?: {
    readonly connectionName: string;
    /** Pending sign-ins and the token-exchange de-duplication records. */
    readonly storage: Storage;
    readonly onBehalfOf: { forUser(userToken: string): PartnerCenterTokenProvider };
  };
  /** Shorter reply time-outs and back-off than production's (tests). */
  readonly replies?: ReplyPolicyOptions;
  readonly progress?: ProgressTimings;
  /** `watch`, `unwatch`, `watching` (src/watch/). */
  readonly watch: { readonly list: WatchList; readonly intervalSeconds: number };
  /** The search message extension and link unfurling (MESSAGE_EXTENSION_DEADLINE_MS). */
  readonly messageExtension: { readonly deadlineMs: number };
}

/** The conversation layer's parts: what the host calls, and what the watcher uses to check and post. */
export interface Conversation {
  readonly processActivity: ActivityProcessor;
  readonly watchNotifier: WatchNotifier;
  readonly watchAccess: WatchAccess;
}

export function createConversation(options: ConversationOptions): Conversation {
  const { userSignIn, logger } = options;
  const bot = new QualificationBot({
    lookups: options.lookups,
    logger,
    cards: options.cards,
    maxCustomers: options.maxCustomers,
    examples: options.examples,
    progress: options.progress,
    watch: options.watch,
    messageExtension: options.messageExtension,
    signIn: (lookUp, askerOf) =>
      userSignIn
        ? // Copilot shows no sign-in card: there the person is told where to sign in instead.
          new UserSignIn({ ...userSignIn, lookUp, askerOf, cardless: (context) => isCopilot(context.activity) })
        : new BotOwnAccess(lookUp),
  });
  const inboundAuth = Boolean(options.bot.appId);
  const adapter = createAdapter(options.bot, logger, options.replies);
  // Tenant allow-list and per-user rate limit, before the bot sees the activity.
  adapter.use(new AccessGate({ ...options.access, inboundAuth, logger }));
  adapter.use(new TypingPace());
  if (userSignIn) adapter.use(teamsSsoMiddleware(userSignIn.storage, userSignIn.connectionName));
  const appId = options.bot.appId;
  return {
    processActivity: createActivityProcessor(adapter, bot, logger, { anonymous: !inboundAuth }),
    watchNotifier: new ProactiveWatchNotifier(adapter, appId, options.cards, logger),
    watchAccess: userSignIn
      ? storedTokenWatchAccess({
          onBehalfOf: userSignIn.onBehalfOf,
          storedToken: async (userId, channelId) => {
            const client = await adapter.userTokenClient(appId);
            // No magic code: the token the service already holds, or nothing (botbuilder passes undefined too).
            const token = await client.getUserToken(userId, userSignIn.connectionName, channelId, undefined as never);
            return token?.token || undefined;
          },
        })
      : botOwnWatchAccess,
  };
}
