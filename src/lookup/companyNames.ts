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
 * lru-cache (isaacs) gives the size bound and the expiry. What it keeps is the promise of the
 * profile, so a request in flight is shared from the moment it starts (lru-cache's own fetch()
 * does the same with an AbortController and a background-fetch record per request, which the
 * realistic worst case, a new customer every time, paid on every lookup).
 */
export interface CompanyNamesOptions {
  /** How long a name is remembered. */
  readonly ttlMs: number;
  /** Most names kept (least recently used go first). */
  readonly maxEntries: number;
}

export class CompanyNames {
  private readonly cache: LRUCache<string, Promise<CustomerProfile>>;

  constructor(options: CompanyNamesOptions) {
    this.cache = new LRUCache<string, Promise<CustomerProfile>>({ max: options.maxEntries, ttl: options.ttlMs });
  }

  /** The customer's profile as the caller may see it: remembered, or read now. */
  get(
    source: QualificationSource,
    customerId: CustomerTenantId,
    call: CallContext,
    caller: Caller,
  ): Promise<CustomerProfile> {
    const scope = scopeOf(caller);
    if (scope === undefined) return source.getCustomer(customerId, call).then((answer) => answer.customer);
    const key = `${scope}\n${customerId}`;
    const remembered = this.cache.get(key);
    if (remembered !== undefined) return remembered;
    const asked = source.getCustomer(customerId, call).then((answer) => answer.customer);
    this.cache.set(key, asked);
    // Failures are not remembered: the next lookup asks again.
    asked.catch(() => {
      if (this.cache.get(key) === asked) this.cache.delete(key);
    });
    return asked;
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
