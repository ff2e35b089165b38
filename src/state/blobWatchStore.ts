import { isRestError } from '@azure/core-rest-pipeline';
import type { BlobRequestConditions, ContainerClient } from '@azure/storage-blob';
import { parseWatchRecord, type WatchRecord } from '../watch/watchRecord';
import type { Versioned, WatchIndexEntry, WatchStore } from '../watch/watchStore';
import { describeStoreFailure, readText } from './blobStorage';
import { StateStoreError } from './stateStoreError';

/** Where the watches are in the container: `watches/<conversation key>/<customer id>`. */
const PREFIX = 'watches/';
/** Blob metadata: when the watch is next due (epoch ms), so the listing alone says what is due. */
const NEXT_CHECK = 'nextcheck';

/**
 * Watches in the Blob Storage container every instance shares (STATE_STORAGE=blob): one JSON blob
 * per watch. The blob's ETag is the version: `replace` uploads with `If-Match`, `create` with
 * `If-None-Match: *`, so of two instances writing the same watch at once exactly one succeeds
 * (Blob Storage answers the other 412 or 409). The due time is also in the blob's metadata, so
 * each tick of the watcher is one listing request, and only due watches are downloaded.
 */
export class BlobWatchStore implements WatchStore {
  readonly durable = true;

  constructor(private readonly container: ContainerClient) {}

  async index(conversation?: string): Promise<WatchIndexEntry[]> {
    const entries: WatchIndexEntry[] = [];
    try {
      const prefix = conversation === undefined ? PREFIX : `${PREFIX}${conversation}/`;
      for await (const blob of this.container.listBlobsFlat({ prefix, includeMetadata: true })) {
        const id = blob.name.slice(PREFIX.length);
        const [key] = id.split('/');
        const nextCheckAt = Number(blob.metadata?.[NEXT_CHECK]);
        if (key !== undefined && Number.isFinite(nextCheckAt)) entries.push({ id, conversation: key, nextCheckAt });
      }
    } catch (error) {
      if (isRestError(error) && error.statusCode === 404) return entries;
      throw new StateStoreError('read', describeStoreFailure(error));
    }
    return entries;
  }

  async read(id: string): Promise<Versioned<WatchRecord> | undefined> {
    let text: string;
    let etag: string | undefined;
    try {
      const response = await this.blob(id).download(0);
      etag = response.etag;
      text = await readText(response.readableStreamBody);
    } catch (error) {
      if (isRestError(error) && error.statusCode === 404) return undefined;
      throw new StateStoreError('read', describeStoreFailure(error));
    }
    let record: WatchRecord | undefined;
    try {
      record = parseWatchRecord(JSON.parse(text));
    } catch {
      record = undefined;
    }
    // Not a watch of this bot's (or of an older shape): ignored, never checked.
    return record === undefined || etag === undefined || record.id !== id
      ? undefined
      : { value: record, version: etag };
  }

  async create(record: WatchRecord): Promise<Versioned<WatchRecord> | 'exists'> {
    const written = await this.upload(record, { ifNoneMatch: '*' });
    return written ?? 'exists';
  }

  async replace(record: WatchRecord, version: string): Promise<Versioned<WatchRecord> | 'conflict'> {
    const written = await this.upload(record, { ifMatch: version });
    return written ?? 'conflict';
  }

  async remove(id: string, version?: string): Promise<boolean> {
    try {
      const response = await this.blob(id).deleteIfExists(
        version === undefined ? {} : { conditions: { ifMatch: version } },
      );
      return response.succeeded;
    } catch (error) {
      if (isRestError(error) && (error.statusCode === 412 || error.statusCode === 404)) return false;
      throw new StateStoreError('delete', describeStoreFailure(error));
    }
  }

  private blob(id: string) {
    return this.container.getBlockBlobClient(`${PREFIX}${id}`);
  }

  /** The upload under `conditions`; undefined when Blob Storage refused it for them (412, 409, or 404 for If-Match). */
  private async upload(
    record: WatchRecord,
    conditions: BlobRequestConditions,
  ): Promise<Versioned<WatchRecord> | undefined> {
    const body = JSON.stringify(record);
    try {
      const response = await this.blob(record.id).upload(body, Buffer.byteLength(body), {
        conditions,
        metadata: { [NEXT_CHECK]: String(record.nextCheckAt) },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      if (response.etag === undefined) throw new StateStoreError('write', 'no ETag in the answer');
      return { value: record, version: response.etag };
    } catch (error) {
      if (error instanceof StateStoreError) throw error;
      if (isRestError(error) && [409, 412, 404].includes(error.statusCode ?? 0)) return undefined;
      throw new StateStoreError('write', describeStoreFailure(error));
    }
  }
}
