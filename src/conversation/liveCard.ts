import { ActivityTypes, type TurnContext } from 'botbuilder';
import { describeError, type Logger } from '../shared/logger';
import { cardActivity } from './replies';
import { isCopilot } from './surface';

/** Channels whose Bot Connector lets a bot update a message it sent: Teams, and the Emulator. */
const UPDATABLE_CHANNELS = new Set(['msteams', 'emulator']);

export interface LiveCardOptions {
  readonly logger: Logger;
  /** The typing indicator appears only when the work takes longer than this. Default 250 ms. */
  readonly typingAfterMs?: number;
  /** The card (with what is known so far) appears only when the work takes longer than this. Default 1000 ms. */
  readonly showAfterMs?: number;
  /** At most one update of the shown card per this many ms (Teams throttles edits). Default 1000 ms. */
  readonly minUpdateIntervalMs?: number;
}

/**
 * A reply that shows progress on long work: the typing indicator when the work is not done after
 * a quarter of a second; if it is still not done after a moment, a card with what is known so far,
 * updated in place as results arrive (at most once a second); at the end the final card, in place
 * of the progress card when it was shown.
 * Where the channel cannot update a message (or with `deliveryMode: expectReplies`, where replies
 * go back in the HTTP response), only the final card is sent.
 *
 * All sends and updates go one after the other; no timer outlives `finish`.
 */
export class LiveCard {
  private readonly typingAfterMs: number;
  private readonly showAfterMs: number;
  private readonly minUpdateIntervalMs: number;
  private readonly logger: Logger;
  private activityId?: string;
  /** A send or update failed: `finish` sends the final card as a new message. */
  private broken = false;
  private finished = false;
  private dirty = false;
  private lastUpdateAt = 0;
  private chain: Promise<void> = Promise.resolve();
  private typingTimer?: NodeJS.Timeout;
  private showTimer?: NodeJS.Timeout;
  private updateTimer?: NodeJS.Timeout;

  /** `render` gives the card as it is now; it is called only when a card is about to be sent. */
  constructor(
    private readonly context: TurnContext,
    private readonly render: () => object,
    options: LiveCardOptions,
  ) {
    this.logger = options.logger;
    this.typingAfterMs = options.typingAfterMs ?? 250;
    this.showAfterMs = options.showAfterMs ?? 1000;
    this.minUpdateIntervalMs = options.minUpdateIntervalMs ?? 1000;
  }

  /** True when the channel lets the bot replace a message it sent during this turn (not Microsoft 365 Copilot). */
  static canUpdate(context: TurnContext): boolean {
    const { activity } = context;
    return (
      activity.deliveryMode !== 'expectReplies' && UPDATABLE_CHANNELS.has(activity.channelId) && !isCopilot(activity)
    );
  }

  /** Schedules the typing indicator and, where updates work, the progress card. */
  start(): void {
    this.typingTimer = setTimeout(() => this.enqueue(() => this.typing()), this.typingAfterMs);
    if (LiveCard.canUpdate(this.context)) {
      this.showTimer = setTimeout(() => this.enqueue(() => this.show()), this.showAfterMs);
    }
  }

  /** Something changed: the shown card is updated soon (never more often than minUpdateIntervalMs). */
  changed(): void {
    if (this.finished || this.broken) return;
    this.dirty = true;
    if (this.activityId === undefined || this.updateTimer !== undefined) return;
    const wait = Math.max(0, this.lastUpdateAt + this.minUpdateIntervalMs - performance.now());
    this.updateTimer = setTimeout(() => {
      this.updateTimer = undefined;
      this.enqueue(() => this.update());
    }, wait);
  }

  /** The work is done: the final card replaces the progress card, or is sent when none was shown. */
  async finish(): Promise<void> {
    this.finished = true;
    clearTimeout(this.typingTimer);
    clearTimeout(this.showTimer);
    clearTimeout(this.updateTimer);
    await this.chain;
    if (this.activityId !== undefined && !this.broken) {
      try {
        await this.context.updateActivity({ ...cardActivity(this.render()), id: this.activityId });
        return;
      } catch (error) {
        this.logger.warn(
          { event: 'cardUpdateFailed', error: describeError(error) },
          'could not update the progress card; sending the result as a new message',
        );
      }
    }
    await this.context.sendActivity(cardActivity(this.render()));
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step);
  }

  private async typing(): Promise<void> {
    if (this.finished || this.activityId !== undefined) return;
    try {
      await this.context.sendActivity({ type: ActivityTypes.Typing });
    } catch (error) {
      this.logger.warn({ event: 'typingFailed', error: describeError(error) }, 'could not send the typing indicator');
    }
  }

  private async show(): Promise<void> {
    if (this.finished) return;
    this.dirty = false;
    try {
      const response = await this.context.sendActivity(cardActivity(this.render()));
      this.lastUpdateAt = performance.now();
      if (response?.id) this.activityId = response.id;
      else this.broken = true;
    } catch (error) {
      this.broken = true;
      this.logger.warn({ event: 'cardSendFailed', error: describeError(error) }, 'could not send the progress card');
    }
    if (this.dirty) this.changed();
  }

  private async update(): Promise<void> {
    if (this.finished || this.broken || !this.dirty || this.activityId === undefined) return;
    this.dirty = false;
    try {
      await this.context.updateActivity({ ...cardActivity(this.render()), id: this.activityId });
      this.lastUpdateAt = performance.now();
    } catch (error) {
      this.broken = true;
      this.logger.warn(
        { event: 'cardUpdateFailed', error: describeError(error) },
        'could not update the progress card',
      );
    }
  }
}
