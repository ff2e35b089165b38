import type { Activity, TurnContext } from 'botbuilder';
import { describeError, type Logger } from '../shared/logger';
import { cardActivity } from './replies';

export interface StreamedProgressOptions {
  readonly logger: Logger;
  /** The first informative update (it starts the stream) only when the work takes longer than this. Default 250 ms. */
  readonly typingAfterMs?: number;
  /** At most one stream message per this many ms (Teams allows one a second). Default 1000 ms. */
  readonly minUpdateIntervalMs?: number;
  /** No informative update later than this after the stream started (Teams ends a stream at two minutes). */
  readonly streamForMs?: number;
}

/** Teams ends a stream two minutes after it started; updates stop a little before. */
const STREAM_FOR_MS = 110_000;

/** The `streaminfo` fields of one stream message (Teams' streaming protocol). */
type StreamInfo =
  | { readonly streamType: 'informative'; readonly streamSequence: number; readonly streamId?: string }
  | { readonly streamType: 'final'; readonly streamId: string };

/**
 * Teams' streaming protocol: the fields go in a `streaminfo` entity (what Teams and Copilot read)
 * and in channelData (where Teams read them first, and still looks).
 */
function withStreamInfo(activity: Partial<Activity>, info: StreamInfo): Partial<Activity> {
  return { ...activity, entities: [{ type: 'streaminfo', ...info }], channelData: { ...info } };
}

/**
 * Progress of long work as a Teams stream (1:1 chats and Microsoft 365 Copilot, where a message
 * cannot be updated in place): when the work is not done after a quarter of a second, an
 * informative update (a `typing` activity whose answer names the stream), then one more each time
 * something changed, at most one a second and only within Teams' two minutes; at the end the final
 * message with the card, in the same stream. Informative updates carry text only: the card (an
 * attachment) goes with the final message alone. When the work is done before the first update, or
 * the stream could not be started or finished, the card is sent as a plain message.
 *
 * All sends go one after the other; no timer outlives `finish`.
 */
export class StreamedProgress {
  private readonly typingAfterMs: number;
  private readonly minUpdateIntervalMs: number;
  private readonly streamForMs: number;
  private readonly logger: Logger;
  private streamId?: string;
  private sequence = 0;
  private startedAt = 0;
  private lastSentAt = 0;
  /** An update failed (or Teams gave no stream id): no more updates. */
  private broken = false;
  private finished = false;
  private dirty = false;
  private chain: Promise<void> = Promise.resolve();
  private startTimer?: NodeJS.Timeout;
  private updateTimer?: NodeJS.Timeout;

  /**
   * `describe` gives the informative text as things are now, `render` the final card; each is
   * called only when its message is about to be sent.
   */
  constructor(
    private readonly context: TurnContext,
    private readonly describe: () => string,
    private readonly render: () => object,
    options: StreamedProgressOptions,
  ) {
    this.logger = options.logger;
    this.typingAfterMs = options.typingAfterMs ?? 250;
    this.minUpdateIntervalMs = options.minUpdateIntervalMs ?? 1000;
    this.streamForMs = options.streamForMs ?? STREAM_FOR_MS;
  }

  /** Schedules the first informative update. */
  start(): void {
    this.startTimer = setTimeout(() => this.enqueue(() => this.update()), this.typingAfterMs);
  }

  /** Something changed: an informative update follows soon (never sooner than minUpdateIntervalMs after the last). */
  changed(): void {
    if (this.finished || this.broken) return;
    this.dirty = true;
    // Before the stream has its id (the first update is on its way), the first update's end schedules this.
    if (this.streamId === undefined || this.updateTimer !== undefined) return;
    this.updateTimer = setTimeout(() => {
      this.updateTimer = undefined;
      this.enqueue(() => this.update());
    }, this.untilNextSend());
  }

  /** The work is done: the final message with the card ends the stream, or the card comes alone. */
  async finish(): Promise<void> {
    this.finished = true;
    clearTimeout(this.startTimer);
    clearTimeout(this.updateTimer);
    await this.chain;
    if (this.streamId !== undefined) {
      const wait = this.untilNextSend();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        await this.context.sendActivity(
          withStreamInfo(cardActivity(this.render()), { streamType: 'final', streamId: this.streamId }),
        );
        return;
      } catch (error) {
        this.logger.warn(
          { event: 'streamFinalFailed', error: describeError(error) },
          'could not end the stream; sending the result as a new message',
        );
      }
    }
    await this.context.sendActivity(cardActivity(this.render()));
  }

  private untilNextSend(): number {
    return Math.max(0, this.lastSentAt + this.minUpdateIntervalMs - performance.now());
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step);
  }

  private async update(): Promise<void> {
    if (this.finished || this.broken) return;
    const first = this.sequence === 0;
    if (!first && (!this.dirty || performance.now() - this.startedAt > this.streamForMs)) return;
    if (first) this.startedAt = performance.now();
    this.dirty = false;
    this.sequence += 1;
    const info: StreamInfo = {
      streamType: 'informative',
      streamSequence: this.sequence,
      ...(this.streamId !== undefined && { streamId: this.streamId }),
    };
    try {
      const response = await this.context.sendActivity(withStreamInfo({ type: 'typing', text: this.describe() }, info));
      this.lastSentAt = performance.now();
      if (first) {
        // Teams answers the first informative update with the stream's id (201 Created).
        if (response?.id) this.streamId = response.id;
        else this.broken = true;
      }
    } catch (error) {
      this.broken = true;
      this.logger.warn(
        { event: 'streamUpdateFailed', error: describeError(error) },
        first ? 'could not start the stream' : 'could not send a stream update',
      );
    }
    if (this.dirty) this.changed();
  }
}
