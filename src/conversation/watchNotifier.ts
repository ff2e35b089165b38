import type { Activity, ConversationReference, TurnContext } from 'botbuilder';
import { messagesFor } from '../cards/messages';
import { watchChangeCard } from '../cards/watchChangeCard';
import { customerName } from '../cards/watchText';
import { describeError, type Logger } from '../shared/logger';
import { isLoopbackUrl } from '../shared/loopback';
import type { PostOutcome, WatchNotifier } from '../watch/ports';
import type { PendingNotice, WatchRecord } from '../watch/watchRecord';
import type { CardSettings } from './handlers/cardSettings';
import { cardActivity } from './replies';
import { isReplyDeliveryError } from './replyConnector';

/** What the notifier needs of the adapter: a proactive turn in a stored conversation. */
interface ProactiveAdapter {
  continueConversationAsync(
    botAppId: string,
    reference: Partial<ConversationReference>,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<void>;
}

/**
 * The watcher's notices, posted proactively to the conversation the watch was set in, with the
 * conversation reference stored then (botbuilder's continueConversationAsync; the app must still
 * be installed there). Teams answers 403 or 404 when the bot was removed from the team or the chat
 * is gone: `conversationGone`, and the watcher drops the conversation's watches.
 */
export class ProactiveWatchNotifier implements WatchNotifier {
  constructor(
    private readonly adapter: ProactiveAdapter,
    private readonly appId: string,
    private readonly settings: CardSettings,
    private readonly logger: Logger,
  ) {}

  async post(watch: WatchRecord, notice: PendingNotice): Promise<PostOutcome> {
    const reference = this.referenceOf(watch);
    if (reference === undefined) {
      this.logger.warn({ event: 'watchReferenceInvalid' }, 'a watch has no conversation the bot may post to');
      return 'conversationGone';
    }
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
        await context.sendActivity(this.activityFor(watch, notice));
      });
      return 'sent';
    } catch (error) {
      const statusCode = isReplyDeliveryError(error) ? error.statusCode : undefined;
      if (statusCode === 403 || statusCode === 404) return 'conversationGone';
      this.logger.warn({ event: 'watchPostFailed', error: describeError(error), statusCode }, 'a watch notice failed');
      return 'failed';
    }
  }

  private activityFor(watch: WatchRecord, notice: PendingNotice): Partial<Activity> {
    const m = messagesFor(watch.locale);
    const name = customerName(watch);
    switch (notice.kind) {
      case 'change':
        return cardActivity(
          watchChangeCard(
            {
              customerId: watch.customerId,
              companyName: watch.companyName,
              changes: notice.changes,
              at: new Date(notice.at),
              final: notice.final,
            },
            { locale: watch.locale, demo: this.settings.demo },
          ),
        );
      case 'expired':
        return { type: 'message', text: m.watch.expired(name, m.watch.days(daysBetween(watch))) };
      case 'signInAgain':
        return { type: 'message', text: m.watch.signInAgain(name, m.commands.qualification([watch.customerId])) };
    }
  }

  /**
   * The stored reference, read back from the store: it must name a conversation and a service
   * URL the bot may post to (HTTPS; loopback for local runs). Without inbound authentication
   * (MicrosoftAppId empty) only loopback, as for any reply (activityProcessor.ts).
   */
  private referenceOf(watch: WatchRecord): Partial<ConversationReference> | undefined {
    const reference = watch.reference as Partial<ConversationReference>;
    const serviceUrl = typeof reference.serviceUrl === 'string' ? reference.serviceUrl : '';
    if (typeof reference.conversation?.id !== 'string' || serviceUrl === '') return undefined;
    const loopback = isLoopbackUrl(serviceUrl);
    if (!loopback && (this.appId === '' || !serviceUrl.startsWith('https://'))) return undefined;
    return reference;
  }
}

function daysBetween(watch: WatchRecord): number {
  return (Date.parse(watch.expiresAt) - Date.parse(watch.createdAt)) / (24 * 60 * 60 * 1000);
}
