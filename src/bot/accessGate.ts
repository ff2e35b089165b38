import type { Activity, Middleware, TurnContext } from 'botbuilder';
import { messagesFor } from '../cards';
import type { Logger } from '../logger';
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
 * 2. Per-user rate limit on messages (token bucket, refilled continuously), keyed by the Entra
 *    object id, else the channel's user id. The first message over the limit gets a "slow down"
 *    reply; further ones in the same stretch are dropped silently, so a flood cannot make the bot
 *    flood the chat. Refusal replies to other tenants count against the same limit.
 */
export interface AccessGateOptions {
  /** Lower-case tenant ids; undefined = any tenant. */
  readonly allowedTenantIds?: readonly string[];
  /** Messages per user per minute; 0 = no limit. */
  readonly userRateLimitPerMinute: number;
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
export function isTenantAllowed(tenantIds: readonly string[], allowedTenantIds: readonly string[] | undefined): boolean {
  if (allowedTenantIds === undefined) return true;
  return tenantIds.length > 0 && tenantIds.every((id) => allowedTenantIds.includes(id));
}

/** The key the rate limit counts by: the Entra object id when the channel sends it. */
export function userKeyOf(activity: Partial<Activity>): string {
  const from = activity.from as { aadObjectId?: unknown; id?: unknown } | undefined;
  if (typeof from?.aadObjectId === 'string' && from.aadObjectId !== '') return `aad:${from.aadObjectId.toLowerCase().slice(0, MAX_ID_LENGTH)}`;
  if (typeof from?.id === 'string' && from.id !== '') return `channel:${String(activity.channelId ?? '').slice(0, MAX_ID_LENGTH)}:${from.id.slice(0, MAX_ID_LENGTH)}`;
  return 'anonymous';
}

export type RateVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number; readonly firstRefusal: boolean };

interface Bucket {
  tokens: number;
  updatedAt: number;
  warned: boolean;
}

const MINUTE_MS = 60_000;

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
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, updatedAt: now, warned: false };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.updatedAt) * this.perMs);
    bucket.updatedAt = now;
    // Re-insert: the Map's order is then least recently seen first.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.warned = false;
      return { allowed: true };
    }
    const firstRefusal = !bucket.warned;
    bucket.warned = true;
    return { allowed: false, retryAfterSeconds: Math.ceil((1 - bucket.tokens) / this.perMs / 1000), firstRefusal };
  }

  /**
   * The Map is ordered least recently seen first, so idle buckets are at the front: drop them,
   * and the oldest while at capacity, and stop at the first one still in use. O(what is dropped).
   */
  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (now - bucket.updatedAt < MINUTE_MS && this.buckets.size < this.maxUsers) break;
      this.buckets.delete(key);
    }
  }
}

export class AccessGate implements Middleware {
  private readonly limiter: UserRateLimiter | undefined;

  constructor(private readonly options: AccessGateOptions) {
    this.limiter =
      options.userRateLimitPerMinute > 0
        ? new UserRateLimiter(options.userRateLimitPerMinute, options.maxTrackedUsers, options.now)
        : undefined;
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const turn = turnLog(context, this.options.logger);
    const isMessage = activity.type === 'message';
    const who = { user: capped(activity.from?.aadObjectId), channelId: capped(activity.channelId), activityType: capped(activity.type) };
    const messages = messagesFor(activity.locale);

    const tenantIds = tenantIdsOf(activity);
    if (!isTenantAllowed(tenantIds, this.options.allowedTenantIds)) {
      const reply = isMessage && this.take(activity).allowed;
      turn.logger.warn({ event: 'accessRefused', reason: 'tenantNotAllowed', tenantIds, ...who, replied: reply }, 'refused: the tenant may not use the bot');
      if (reply) await context.sendActivity(messages.access.tenantNotAllowed(turn.correlationId));
      return;
    }

    if (isMessage) {
      const verdict = this.take(activity);
      if (!verdict.allowed) {
        turn.logger.warn(
          { event: 'accessRefused', reason: 'rateLimited', ...who, retryAfterSeconds: verdict.retryAfterSeconds, replied: verdict.firstRefusal },
          'refused: the user is over the rate limit',
        );
        if (verdict.firstRefusal) await context.sendActivity(messages.access.slowDown(verdict.retryAfterSeconds));
        return;
      }
    }
    await next();
  }

  private take(activity: Partial<Activity>): RateVerdict {
    return this.limiter ? this.limiter.take(userKeyOf(activity)) : { allowed: true };
  }
}

function capped(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, MAX_ID_LENGTH) : undefined;
}
