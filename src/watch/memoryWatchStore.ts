import type { WatchRecord } from './watchRecord';
import type { Versioned, WatchIndexEntry, WatchStore } from './watchStore';

/**
 * STATE_STORAGE=memory: watches in this process only. They die with it (the `watch` answer says
 * so), and another instance never sees them. Same version rules as the blob store.
 */
export class MemoryWatchStore implements WatchStore {
  readonly durable = false;
  private readonly records = new Map<string, Versioned<WatchRecord>>();
  private nextVersion = 0;

  index(conversation?: string): Promise<WatchIndexEntry[]> {
    const entries = [...this.records.values()]
      .map(({ value }) => ({ id: value.id, conversation: value.conversation, nextCheckAt: value.nextCheckAt }))
      .filter((entry) => conversation === undefined || entry.conversation === conversation);
    return Promise.resolve(entries);
  }

  read(id: string): Promise<Versioned<WatchRecord> | undefined> {
    return Promise.resolve(this.records.get(id));
  }

  create(record: WatchRecord): Promise<Versioned<WatchRecord> | 'exists'> {
    if (this.records.has(record.id)) return Promise.resolve('exists');
    return Promise.resolve(this.put(record));
  }

  replace(record: WatchRecord, version: string): Promise<Versioned<WatchRecord> | 'conflict'> {
    if (this.records.get(record.id)?.version !== version) return Promise.resolve('conflict');
    return Promise.resolve(this.put(record));
  }

  remove(id: string, version?: string): Promise<boolean> {
    const current = this.records.get(id);
    if (current === undefined || (version !== undefined && current.version !== version)) return Promise.resolve(false);
    this.records.delete(id);
    return Promise.resolve(true);
  }

  private put(record: WatchRecord): Versioned<WatchRecord> {
    // A copy: a caller that changes its object later must not change the stored one.
    const stored = { value: structuredClone(record), version: String(++this.nextVersion) };
    this.records.set(record.id, stored);
    return stored;
  }
}
