import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { messagesFor } from '../cards/messages';
import type { Logger } from '../shared/logger';
import { messageResponse } from './handlers/extensionResponses';
import { turnLog } from './turnLog';

/**
 * Who may use the bot, checked on every activity before the bot sees it (botbuilder middleware,
 * after inbound authentication). Nothing it refuses reaches a handler, so nothing it refuses
 * calls Partner Center.
 *
 * 1. Tenant allow-list. The tenant is read from `conversation.tenantId` and Teams'
 *    `channelData.tenant.id`; every tenant id the activity names must be on the list. An activity
 *    that names none (the Bot Framework Emulator, plain HTTP tests) is refused whenever a list
 *    applies, and allowed when none does. Refused messages get a short text reply with the
 *    correlation id; other refused activities (conversation updates, invokes) are dropped.
 * 2. Per-user rate limit on messages (token bucket, refilled continuously), keyed by what the
 *    channel vouches for (see userKeyOf). The first message over the limit gets a "slow down"
 *    reply and one log line; for a minute after that, messages over the limit are dropped
 *    without a reply or a line of their own, and the next such line (or the user being forgotten)
 *    says how many were dropped. So a flood can make the bot flood neither the chat nor the log.
 *    Refusal replies to other tenants count against the same limit.
 * 3. The message extension's invokes (search, pick, pasted link) may each ask Partner Center, so
 *    they count against the same limit; an invoke must be answered, so every refused one gets its
 *    reason as a line in the search flyout (the log lines stay at most once a minute).
 */
export interface AccessGateOptions {
  /** Lower-case tenant ids; undefined = any tenant. */
  readonly allowedTenantIds?: readonly string[];
  /** Messages per user per minute; 0 = no limit. */
  readonly userRateLimitPerMinute: number;
  /**
   * Inbound authentication is on (MicrosoftAppId set): the activity came from the channel, so its
   * user ids are the channel's. Without it they are whatever the sender wrote.
   */
  readonly inboundAuth: boolean;
  readonly logger: Logger;
  /** Most users remembered by the rate limiter. Default 10,000. */
  readonly maxTrackedUsers?: number;
  /** Clock (tests). */
  readonly now?: () => number;
}

/** Ids from the activity are cut to this length before they are logged or kept in memory. */
const MAX_ID_LENGTH = 128;

/** The distinct tenant ids an activity names, lower case. */
export function tenantIdsOf(activity: Partial<Activity>): string[] {
  const ids = new Set<string>();
  const fromConversation = (activity.conversation as { tenantId?: unknown } | undefined)?.tenantId;
  const fromChannelData = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  for (const id of [fromConversation, fromChannelData]) {
    // Capped: the value is logged, and no tenant id is longer than a GUID anyway.
    if (typeof id === 'string' && id.trim() !== '') ids.add(id.trim().toLowerCase().slice(0, MAX_ID_LENGTH));
  }
  return [...ids];
}

/** True when the activity may pass the tenant allow-list (see the module comment). */
export function isTenantAllowed(
  tenantIds: readonly string[],
  allowedTenantIds: readonly string[] | undefined,
): boolean {
  if (allowedTenantIds === undefined) return true;
  return tenantIds.length > 0 && tenantIds.every((id) => allowedTenantIds.includes(id));
}

/**
 * The key the rate limit counts by: what the channel vouches for. With inbound authentication the
 * activity comes from the channel (its token was checked), so its channel and Entra object id, else
 * its channel user id. Without it, nothing is vouched for: the Entra object id is ignored (a sender
 * could change it with every message) and the sender's `from.id` is the key; senders who give
 * none share one bucket per channel, they are not let through unlimited.
 */
export function userKeyOf(activity: Partial<Activity>, inboundAuth: boolean): string {
  const from = activity.from as { aadObjectId?: unknown; id?: unknown } | undefined;
  const channel = String(activity.channelId ?? '').slice(0, MAX_ID_LENGTH);
  const id = typeof from?.id === 'string' && from.id !== '' ? from.id.slice(0, MAX_ID_LENGTH) : undefined;
  if (!inboundAuth) return id === undefined ? `anonymous:${channel}:no-id` : `anonymous:${channel}:${id}`;
  if (typeof from?.aadObjectId === 'string' && from.aadObjectId !== '')
    return `${channel}:aad:${from.aadObjectId.toLowerCase().slice(0, MAX_ID_LENGTH)}`;
  return id === undefined ? `${channel}:no-id` : `${channel}:id:${id}`;
}

export type RateVerdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly retryAfterSeconds: number;
      /** Tell the user (and the log): the first refusal, and then again at most once a minute. */
      readonly notify: boolean;
      /** With `notify`: messages dropped without a word since the last notice. */
      readonly droppedSinceNotice: number;
    };

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** When the user was last told to slow down. */
  noticeAt: number;
  /** Messages dropped without a word since then. */
  dropped: number;
}

const MINUTE_MS = 60_000;
/** A user is told to slow down at most once in this long. */
const NOTICE_INTERVAL_MS = MINUTE_MS;

/**
 * A token bucket per user: `perMinute` messages at once, refilled at `perMinute` per minute.
 * Memory stays bounded: a bucket idle for a minute is full again, so it is dropped (a new one is
 * the same); and when more than `maxUsers` are tracked the least recently seen are dropped.
 */
export class UserRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly maxUsers = 10_000,
    private readonly now: () => number = Date.now,
    /** A user with dropped messages is forgotten: how many (the only place that count is then said). */
    private readonly onForget: (key: string, dropped: number) => void = () => undefined,
  ) {
    if (!(perMinute > 0)) throw new RangeError('perMinute must be above 0');
    this.perMs = perMinute / MINUTE_MS;
  }

  /** How many users are tracked right now. */
  get size(): number {
    return this.buckets.size;
  }

  take(key: string): RateVerdict {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(key) ?? {
      tokens: this.perMinute,
      updatedAt: now,
      noticeAt: Number.NEGATIVE_INFINITY,
      dropped: 0,
    };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.perMs);
    bucket.updatedAt = now;
    // Re-insert: the Map's order is then least recently seen first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    const retryAfterSeconds = Math.ceil((1 - bucket.tokens) / this.perMs / 1000);
    if (now - bucket.noticeAt < NOTICE_INTERVAL_MS) {
      bucket.dropped++;
      return { allowed: false, retryAfterSeconds, notify: false, droppedSinceNotice: 0 };
    }
    const droppedSinceNotice = bucket.dropped;
    bucket.noticeAt = now;
    bucket.dropped = 0;
    return { allowed: false, retryAfterSeconds, notify: true, droppedSinceNotice };
  }

  /**
   * The Map is ordered least recently seen first, so idle buckets are at the front: drop them,
   * and the oldest while at capacity, and stop at the first one still in use. O(what is dropped).
   */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt < MINUTE_MS && this.buckets.size < this.maxUsers) break;
      this.buckets.delete(key);
      if (bucket.dropped > 0) this.onForget(key, bucket.dropped);
    }
  }
}

const EXTENSION_INVOKES: ReadonlySet<string> = new Set([
  'composeExtension/query',
  'composeExtension/selectItem',
  'composeExtension/queryLink',
  'composeExtension/anonymousQueryLink',
]);

export class AccessGate implements Middleware {
  private readonly limiter: UserRateLimiter | undefined;

  constructor(private readonly options: AccessGateOptions) {
    this.limiter =
      options.userRateLimitPerMinute > 0
        ? new UserRateLimiter(options.userRateLimitPerMinute, options.maxTrackedUsers, options.now, (key, dropped) =>
            options.logger.warn(
              { event: 'rateLimitDropped', userKey: key, dropped },
              'messages over the rate limit were dropped without a reply',
            ),
          )
        : undefined;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const turn = turnLog(context, this.options.logger);
    const isMessage = activity.type === 'message';
    const isExtension = activity.type === 'invoke' && EXTENSION_INVOKES.has(activity.name ?? '');
    const answer = (text: string) => context.sendActivity({ type: 'invokeResponse', value: messageResponse(text) });
    const who = {
      user: capped(activity.from?.aadObjectId),
      channelId: capped(activity.channelId),
      activityType: capped(activity.type),
    };
    const messages = messagesFor(activity.locale);

    const tenantIds = tenantIdsOf(activity);
    if (!isTenantAllowed(tenantIds, this.options.allowedTenantIds)) {
      const verdict = isMessage || isExtension ? this.take(activity) : undefined;
      if (isExtension) await answer(messages.access.tenantNotAllowed(turn.correlationId));
      // Over the rate limit as well: counted, and said in the next line (at most once a minute).
      if (verdict?.allowed === false && !verdict.notify) return;
      const reply = isExtension || verdict?.allowed === true;
      turn.logger.warn(
        {
          event: 'accessRefused',
          reason: 'tenantNotAllowed',
          tenantIds,
          ...who,
          replied: reply,
          ...(verdict?.allowed === false && { rateLimited: true, droppedSinceLastNotice: verdict.droppedSinceNotice }),
        },
        'refused: the tenant may not use the bot',
      );
      if (reply && isMessage) await context.sendActivity(messages.access.tenantNotAllowed(turn.correlationId));
      return;
    }

    if (isMessage || isExtension) {
      const verdict = this.take(activity);
      if (!verdict.allowed) {
        if (isExtension) await answer(messages.access.slowDown(verdict.retryAfterSeconds));
        // Once a minute at most: the reply and this line, which counts what was dropped since.
        if (!verdict.notify) return;
        turn.logger.warn(
          {
            event: 'accessRefused',
            reason: 'rateLimited',
            ...who,
            userKey: userKeyOf(activity, this.options.inboundAuth),
            retryAfterSeconds: verdict.retryAfterSeconds,
            replied: true,
            droppedSinceLastNotice: verdict.droppedSinceNotice,
          },
          'refused: the user is over the rate limit',
        );
        if (isMessage) await context.sendActivity(messages.access.slowDown(verdict.retryAfterSeconds));
        return;
      }
    }
    await next();
  }

  private take(activity: Partial<Activity>): RateVerdict {
    return this.limiter ? this.limiter.take(userKeyOf(activity, this.options.inboundAuth)) : { allowed: true };
  }
}

function capped(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, MAX_ID_LENGTH) : undefined;
}
