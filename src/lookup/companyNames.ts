import { LRUCache } from 'lru-cache';
import type { CustomerTenantId } from '../partnerCenter/customerId';
import type { CallContext, CustomerProfile, QualificationSource } from '../partnerCenter/types';
import type { Caller } from './caller';

/**
 * Company names and domains, remembered for a while: they rarely change, and every lookup shows
 * them, so repeat lookups of a customer (the Refresh button, a salesperson's daily list, a burst
 * of people checking the same customer) cost Partner Center one call, not two.
 *
 * Who may see a name: entries are kept per scope. App mode has one scope (every user sees what
 * the bot's app sees anyway); user mode keeps one scope per person (their Entra object id), so a
 * name read with one person's roles is never shown to another; a user mode caller without an
 * object id is not remembered at all. Concurrent asks for the same customer in one scope share
 * one request. Failures are not remembered.
 *
 * lru-cache (isaacs) gives the size bound, the expiry and the sharing of requests in flight.
 */
export interface CompanyNamesOptions {
  /** How long a name is remembered. */
  readonly ttlMs: number;
  /** Most names kept (least recently used go first). */
  readonly maxEntries: number;
}

interface FetchContext {
  readonly source: QualificationSource;
  readonly customerId: CustomerTenantId;
  readonly call: CallContext;
}

export class CompanyNames {
  private readonly cache: LRUCache<string, CustomerProfile, FetchContext>;

  constructor(options: CompanyNamesOptions) {
    this.cache = new LRUCache<string, CustomerProfile, FetchContext>({
      max: options.maxEntries,
      ttl: options.ttlMs,
      fetchMethod: async (_key, _stale, { context }) =>
        (await context.source.getCustomer(context.customerId, context.call)).customer,
    });
  }

  /** The customer's profile as the caller may see it: remembered, or read now. */
  async get(
    source: QualificationSource,
    customerId: CustomerTenantId,
    call: CallContext,
    caller: Caller,
  ): Promise<CustomerProfile> {
    const scope = scopeOf(caller);
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

/** Whose view of the company name this is: the bot's, the person's, or nobody's (not remembered). */
function scopeOf(caller: Caller): string | undefined {
  if (!caller.asUser) return 'app';
  return caller.userObjectId ? `user:${caller.userObjectId}` : undefined;
}
