import type { CustomerTenantId } from '../partnerCenter/customerId';
import type { CustomerDomain } from '../partnerCenter/domain';
import type { WatchState } from './changes';
import { nextCheckAfter } from './schedule';
import { watchId, type WatchRecord } from './watchRecord';
import type { WatchStore } from './watchStore';

/** The limits and timings a watch is set with (config/: WATCH_*). */
export interface WatchSettings {
  readonly intervalMs: number;
  readonly expiryMs: number;
  readonly maxPerConversation: number;
  readonly maxTotal: number;
}

/** A watch to set: the conversation, who asks, and what the bot saw when it was set. */
export interface NewWatch {
  readonly conversation: string;
  readonly reference: Readonly<Record<string, unknown>>;
  readonly setBy: WatchRecord['setBy'];
  readonly locale: string;
  readonly customerId: CustomerTenantId;
  readonly companyName?: string;
  readonly domain?: CustomerDomain;
  /** Missing when the first lookup failed: the first successful check sets it (without a notice). */
  readonly state?: WatchState;
}

export type AddOutcome =
  | { readonly kind: 'added'; readonly watch: WatchRecord }
  | { readonly kind: 'already'; readonly watch: WatchRecord }
  | { readonly kind: 'conversationLimit'; readonly limit: number }
  | { readonly kind: 'totalLimit'; readonly limit: number };

/**
 * The watch commands' use cases: set, stop and list the watches of a conversation, within the
 * limits. (The limits are counted from the store's listing: two instances setting the last free
 * watch at the same moment may both succeed; the limit is a guard, not an invoice.)
 */
export class WatchList {
  constructor(
    private readonly store: WatchStore,
    private readonly settings: WatchSettings,
    private readonly now: () => number = Date.now,
  ) {}

  get durable(): boolean {
    return this.store.durable;
  }

  get expiryMs(): number {
    return this.settings.expiryMs;
  }

  async add(watch: NewWatch): Promise<AddOutcome> {
    const id = watchId(watch.conversation, watch.customerId);
    const existing = await this.store.read(id);
    if (existing) return { kind: 'already', watch: existing.value };
    const all = await this.store.index();
    if (all.filter((entry) => entry.conversation === watch.conversation).length >= this.settings.maxPerConversation) {
      return { kind: 'conversationLimit', limit: this.settings.maxPerConversation };
    }
    if (all.length >= this.settings.maxTotal) return { kind: 'totalLimit', limit: this.settings.maxTotal };
    const now = this.now();
    const record: WatchRecord = {
      id,
      conversation: watch.conversation,
      customerId: watch.customerId,
      ...(watch.companyName !== undefined && { companyName: watch.companyName }),
      ...(watch.domain !== undefined && { domain: watch.domain }),
      setBy: watch.setBy,
      locale: watch.locale,
      reference: watch.reference,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + this.settings.expiryMs).toISOString(),
      nextCheckAt: nextCheckAfter(id, now, this.settings.intervalMs),
      round: 0,
      ...(watch.state !== undefined && { lastState: watch.state, lastCheckedAt: new Date(now).toISOString() }),
    };
    const created = await this.store.create(record);
    if (created === 'exists') {
      const raced = await this.store.read(id);
      return { kind: 'already', watch: raced?.value ?? record };
    }
    return { kind: 'added', watch: created.value };
  }

  /** The conversation's watches of these customers (by tenant id or domain), removed; what was removed. */
  async remove(
    conversation: string,
    targets: readonly ({ kind: 'id'; customerId: CustomerTenantId } | { kind: 'domain'; domain: CustomerDomain })[],
  ): Promise<{ readonly removed: readonly WatchRecord[]; readonly notWatched: readonly string[] }> {
    const watches = await this.list(conversation);
    const removed: WatchRecord[] = [];
    const notWatched: string[] = [];
    for (const target of targets) {
      const matches = watches.filter((w) =>
        target.kind === 'id' ? w.customerId === target.customerId : w.domain === target.domain,
      );
      if (matches.length === 0) notWatched.push(target.kind === 'id' ? target.customerId : target.domain);
      for (const watch of matches) {
        if (await this.store.remove(watch.id)) removed.push(watch);
      }
    }
    return { removed, notWatched };
  }

  /** Whether the conversation watches the customer (the result card then offers Stop watching, not Watch). */
  async watches(conversation: string, customerId: CustomerTenantId): Promise<boolean> {
    return (await this.store.read(watchId(conversation, customerId))) !== undefined;
  }

  /** The conversation's watches, oldest first. */
  async list(conversation: string): Promise<WatchRecord[]> {
    const entries = await this.store.index(conversation);
    const read = await Promise.all(entries.map((entry) => this.store.read(entry.id)));
    return read.flatMap((entry) => (entry ? [entry.value] : [])).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Every watch of a conversation Teams says is gone: removed; how many. */
  async dropConversation(conversation: string): Promise<number> {
    const entries = await this.store.index(conversation);
    const removed = await Promise.all(entries.map((entry) => this.store.remove(entry.id)));
    return removed.filter(Boolean).length;
  }
}
