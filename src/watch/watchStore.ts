import type { WatchRecord } from './watchRecord';

/**
 * Where watches live: this process's memory (memoryWatchStore.ts) or the Blob Storage container
 * every instance shares (state/blobWatchStore.ts). Every write names the version it replaces
 * (optimistic concurrency, Blob Storage's ETag): of two instances that claim the same round of a
 * watch, exactly one succeeds — that is the lease the watcher relies on.
 */
export interface Versioned<T> {
  readonly value: T;
  /** Opaque: what a later `replace` must name. */
  readonly version: string;
}

/** One watch as the listing shows it: enough to see whether it is due, without reading it. */
export interface WatchIndexEntry {
  readonly id: string;
  readonly conversation: string;
  readonly nextCheckAt: number;
}

export interface WatchStore {
  /** True when watches outlive this process (and are shared by every instance). */
  readonly durable: boolean;
  /** Every watch, or those of one conversation. */
  index(conversation?: string): Promise<WatchIndexEntry[]>;
  read(id: string): Promise<Versioned<WatchRecord> | undefined>;
  /** Create-only: `exists` when the conversation already watches the customer. */
  create(record: WatchRecord): Promise<Versioned<WatchRecord> | 'exists'>;
  /** Only when `version` is still the current one; `conflict` otherwise (changed or removed meanwhile). */
  replace(record: WatchRecord, version: string): Promise<Versioned<WatchRecord> | 'conflict'>;
  /** With `version`: only that version. False when there was nothing (or another version) to remove. */
  remove(id: string, version?: string): Promise<boolean>;
}
