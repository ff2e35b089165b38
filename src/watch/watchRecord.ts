import { createHash } from 'node:crypto';
import { normaliseCustomerId, type CustomerTenantId } from '../partnerCenter/customerId';
import { normaliseDomain, type CustomerDomain } from '../partnerCenter/domain';
import { parseState, type Change, type WatchState } from './changes';

/**
 * One watch: a customer watched for one conversation (a 1:1 chat, a group chat or a channel
 * thread), who set it, where to post, and what the bot last saw. Plain JSON: it lives in the
 * shared store and is validated again whenever it is read back.
 */
export interface WatchRecord {
  /** `<conversation key>/<customer id>`: one watch per customer and conversation. */
  readonly id: string;
  /** A hash of the channel and conversation id (the store's folder for the conversation). */
  readonly conversation: string;
  readonly customerId: CustomerTenantId;
  readonly companyName?: string;
  readonly domain?: CustomerDomain;
  /** Who set it: in user mode the checks run with their access. */
  readonly setBy: { readonly userId: string; readonly aadObjectId?: string; readonly name?: string };
  readonly locale: string;
  /** The conversation reference for proactive messages (opaque here; the conversation layer reads it). */
  readonly reference: Readonly<Record<string, unknown>>;
  /** ISO 8601. */
  readonly createdAt: string;
  readonly expiresAt: string;
  /** When the watch is next due (epoch ms): claiming a round moves it one interval on. */
  readonly nextCheckAt: number;
  /** Rounds claimed so far, and by which instance (for the log). */
  readonly round: number;
  readonly claimedBy?: string;
  /** What the result card showed at the last successful check; missing until one succeeded. */
  readonly lastState?: WatchState;
  readonly lastCheckedAt?: string;
  /** User mode: the person was asked once to sign in again; the watch waits until they have. */
  readonly signInAsked?: boolean;
  /** A notice saved before it is posted (the outbox): posted by whoever claims the next round if this one could not. */
  readonly pending?: PendingNotice;
}

export type PendingNotice =
  | {
      readonly kind: 'change';
      readonly changes: readonly Change[];
      readonly at: string;
      /** The new state is final: the watch ends once this is posted. */
      readonly final: boolean;
    }
  | { readonly kind: 'expired' }
  | { readonly kind: 'signInAgain' };

/** The store's key for a conversation: the same for every instance, no id in clear text. */
export function conversationKey(channelId: string, conversationId: string): string {
  return createHash('sha256').update(`${channelId}\n${conversationId}`).digest('hex').slice(0, 40);
}

export function watchId(conversation: string, customerId: CustomerTenantId): string {
  return `${conversation}/${customerId}`;
}

const ID = /^[0-9a-f]{40}\/[0-9a-f-]{36}$/;

/** A record read back from the store: validated again, or undefined (it is then ignored). */
export function parseWatchRecord(value: unknown): WatchRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const customerId = typeof v.customerId === 'string' ? normaliseCustomerId(v.customerId) : undefined;
  const setBy = v.setBy as Record<string, unknown> | undefined;
  if (
    typeof v.id !== 'string' ||
    !ID.test(v.id) ||
    typeof v.conversation !== 'string' ||
    customerId === undefined ||
    v.id !== watchId(v.conversation, customerId) ||
    typeof setBy?.userId !== 'string' ||
    typeof v.locale !== 'string' ||
    typeof v.reference !== 'object' ||
    v.reference === null ||
    typeof v.createdAt !== 'string' ||
    typeof v.expiresAt !== 'string' ||
    typeof v.nextCheckAt !== 'number' ||
    typeof v.round !== 'number'
  ) {
    return undefined;
  }
  const lastState = v.lastState === undefined ? undefined : parseState(v.lastState);
  if (v.lastState !== undefined && lastState === undefined) return undefined;
  const domain = typeof v.domain === 'string' ? normaliseDomain(v.domain) : undefined;
  return {
    id: v.id,
    conversation: v.conversation,
    customerId,
    ...(typeof v.companyName === 'string' && { companyName: v.companyName.slice(0, 200) }),
    ...(domain !== undefined && { domain }),
    setBy: {
      userId: setBy.userId,
      ...(typeof setBy.aadObjectId === 'string' && { aadObjectId: setBy.aadObjectId }),
      ...(typeof setBy.name === 'string' && { name: setBy.name.slice(0, 200) }),
    },
    locale: v.locale.slice(0, 35),
    reference: v.reference as Record<string, unknown>,
    createdAt: v.createdAt,
    expiresAt: v.expiresAt,
    nextCheckAt: v.nextCheckAt,
    round: v.round,
    ...(typeof v.claimedBy === 'string' && { claimedBy: v.claimedBy }),
    ...(lastState !== undefined && { lastState }),
    ...(typeof v.lastCheckedAt === 'string' && { lastCheckedAt: v.lastCheckedAt }),
    ...(v.signInAsked === true && { signInAsked: true }),
    ...(parsePending(v.pending) !== undefined && { pending: parsePending(v.pending) }),
  };
}

function parsePending(value: unknown): PendingNotice | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const p = value as Record<string, unknown>;
  if (p.kind === 'expired' || p.kind === 'signInAgain') return { kind: p.kind };
  if (p.kind !== 'change' || !Array.isArray(p.changes) || typeof p.at !== 'string') return undefined;
  const changes = p.changes.flatMap((c): Change[] => {
    const { kind, from, to } = (c ?? {}) as Record<string, unknown>;
    const [before] = parseState(from === undefined ? [] : [from]) ?? [];
    const [after] = parseState(to === undefined ? [] : [to]) ?? [];
    if (kind === 'added' && after) return [{ kind, to: after }];
    if (kind === 'removed' && before) return [{ kind, from: before }];
    if (kind === 'changed' && before && after) return [{ kind, from: before, to: after }];
    return [];
  });
  return { kind: 'change', changes, at: p.at, final: p.final === true };
}
