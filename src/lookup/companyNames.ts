import { LRUCache } from 'lru-cache';
import type { CallContext, CustomerProfile } from '../partnerCenter/types';
import type { QualificationSource } from '../conversation/types';

/**
 * Company names and domains, remembered for a while: they rarely change, and every lookup shows
 * them, so repeat lookups of a customer (the Refresh button, a salesperson's daily list, a burst
 * of people checking the same customer) cost Partner Center one call, not two.
 *
 * Who may see a name: entries are kept per scope. App mode has one scope (every user sees what
 * the bot's app sees anyway); user mode keeps one scope per person (their Entra object id), so a
 * name read with one person's roles is never shown to another. Concurrent asks for the same
 * customer in one scope share one request. Failures are not remembered.
 *
 * lru-cache (isaacs) gives the size bound, the expiry and the sharing of requests in flight.
 */
export interface ProfileCacheOptions {
  /** How long a name is remembered. Default 15 minutes. */
  readonly ttlMs?: number;
  /** Most names kept (least recently used go first). Default 5000. */
  readonly maxEntries?: number;
}

interface FetchContext {
  readonly source: QualificationSource;
  readonly customerId: string;
  readonly call: CallContext;
}

export class ProfileCache {
  private readonly cache: LRUCache<string, CustomerProfile, FetchContext>;

  constructor(options: ProfileCacheOptions = {}) {
    this.cache = new LRUCache<string, CustomerProfile, FetchContext>({
      max: options.maxEntries ?? 5000,
      ttl: options.ttlMs ?? 15 * 60 * 1000,
      fetchMethod: async (_key, _stale, { context }) => (await context.source.getCustomer(context.customerId, context.call)).customer,
    });
  }

  /**
   * The customer's profile: remembered, or read now. `scope` says whose view it is ('app', or
   * 'user:<object id>'); undefined means "don't remember" (a user mode turn without an object id).
   */
  async get(source: QualificationSource, customerId: string, call: CallContext, scope: string | undefined): Promise<CustomerProfile> {
    if (scope === undefined) return (await source.getCustomer(customerId, call)).customer;
    const profile = await this.cache.fetch(`${scope}\n${customerId}`, { context: { source, customerId, call } });
    if (profile === undefined) throw new Error('the customer profile could not be read');
    return profile;
  }

  /** Names remembered now (for tests and diagnostics). */
  get size(): number {
    return this.cache.size;
  }
}
