import { isRestError } from '@azure/core-rest-pipeline';
import type { BlobRequestConditions, ContainerClient } from '@azure/storage-blob';
import type { Storage, StoreItems } from 'botbuilder';
import { DEFAULTS } from '../config/defaults';
import { StateStoreError } from './stateStoreError';

export interface BlobStorageOptions {
  /** Records older than this are treated as missing (and deleted when next read). */
  readonly recordTtlMs?: number;
  readonly now?: () => number;
}

/** Metadata on every record: when it stops counting (ISO 8601). */
const EXPIRES = 'expires';

/**
 * botbuilder's `Storage` on an Azure Blob Storage container that every instance of the bot
 * shares: one JSON blob per key. It keeps MemoryStorage's eTag semantics, which is what
 * botbuilder's TeamsSSOTokenExchangeMiddleware relies on to let exactly one of Teams' duplicate
 * `signin/tokenExchange` invokes through:
 *
 *   - no eTag, or `*`: the write replaces whatever is there (bot state is written like this);
 *   - an eTag this store handed out (Blob Storage's are quoted strings): `If-Match`, so the write
 *     fails when someone else wrote in between;
 *   - any other eTag (the middleware writes `{ eTag: <exchange id> }`): it can match nothing that
 *     exists, so the write succeeds only when nothing is there yet — an upload with
 *     `If-None-Match: *`, which Blob Storage lets through exactly once per name, whichever
 *     instance asks first.
 *
 * A conflict throws an Error whose message starts with `Etag conflict` (what the middleware and
 * botbuilder expect); anything else that fails throws a StateStoreError. (botbuilder-azure-blobs
 * sends `If-Match: <exchange id>` instead, which Blob Storage refuses for a blob that does not
 * exist, so there every first exchange is taken for a duplicate and dropped.)
 *
 * Every record carries an expiry in its metadata; an expired record is treated as missing and
 * deleted when next read. Records nobody reads again are removed by the storage account's
 * lifecycle-management rule (docs/going-live.md), not by the bot.
 */
export class BlobStorage implements Storage {
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly container: ContainerClient,
    options: BlobStorageOptions = {},
  ) {
    this.ttlMs = options.recordTtlMs ?? DEFAULTS.blobStorage.recordTtlMs;
    this.now = options.now ?? Date.now;
  }

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const item = await this.readOne(key);
        if (item !== undefined) items[key] = item;
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(([key, item]) => this.writeOne(key, item as Record<string, unknown>)),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map(async (key) => {
        try {
          await this.container.getBlobClient(blobName(key)).deleteIfExists();
        } catch (error) {
          throw storeError('delete', error);
        }
      }),
    );
  }

  private async readOne(key: string): Promise<Record<string, unknown> | undefined> {
    const blob = this.container.getBlobClient(blobName(key));
    let text: string;
    let etag: string | undefined;
    try {
      const response = await blob.download(0);
      if (this.isExpired(response.metadata?.[EXPIRES])) {
        // Lazily, and only that version: a newer write under the same key must stay.
        blob.deleteIfExists({ conditions: { ifMatch: response.etag } }).catch(() => undefined);
        return undefined;
      }
      etag = response.etag;
      text = await readText(response.readableStreamBody);
    } catch (error) {
      if (isRestError(error) && error.statusCode === 404) return undefined; // no such blob (or container)
      throw storeError('read', error);
    }
    let item: unknown;
    try {
      item = JSON.parse(text);
    } catch {
      return undefined; // not a record of ours: the next write replaces it
    }
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return undefined;
    return { ...(item as Record<string, unknown>), eTag: etag };
  }

  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag, ...data } = item;
    const body = JSON.stringify(data);
    const conditions = conditionsFor(eTag);
    const upload = () =>
      this.container.getBlockBlobClient(blobName(key)).upload(body, Buffer.byteLength(body), {
        conditions,
        metadata: { [EXPIRES]: new Date(this.now() + this.ttlMs).toISOString() },
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
    try {
      try {
        await upload();
      } catch (error) {
        // The container was deleted under the running bot: make it again, once.
        if (!isRestError(error) || error.code !== 'ContainerNotFound') throw error;
        await this.container.createIfNotExists();
        await upload();
      }
    } catch (error) {
      if (isRestError(error) && (error.statusCode === 412 || error.statusCode === 409)) {
        throw new Error(
          `Etag conflict: "${key.slice(0, 200)}" was written by someone else (${error.code ?? 'conflict'})`,
        );
      }
      throw storeError('write', error);
    }
  }

  private isExpired(expires: string | undefined): boolean {
    if (expires === undefined) return false;
    const at = Date.parse(expires);
    return Number.isFinite(at) && at <= this.now();
  }
}

function conditionsFor(eTag: unknown): BlobRequestConditions | undefined {
  if (eTag === undefined || eTag === null || eTag === '' || eTag === '*') return undefined;
  return typeof eTag === 'string' && eTag.startsWith('"') ? { ifMatch: eTag } : { ifNoneMatch: '*' };
}

/**
 * A blob name for a botbuilder key (which holds `/`, `:`, `@`, `;` and more): every character but
 * letters, digits, `-` and `_` percent-encoded, so no name ends with a dot or slash or makes
 * virtual folders. Names longer than Blob Storage's 1,024 characters would need hashing; keys are
 * channel, conversation and user ids, far shorter.
 */
export function blobName(key: string): string {
  return encodeURIComponent(key).replace(/[.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A blob's body as text. */
export async function readText(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (stream === undefined) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function storeError(operation: 'read' | 'write' | 'delete', error: unknown): StateStoreError {
  return new StateStoreError(operation, describeStoreFailure(error));
}

/** Status and code of a failed request, or the network error's code: never the request (it carries the signature). */
export function describeStoreFailure(error: unknown): string {
  if (isRestError(error)) {
    if (error.statusCode !== undefined) return `HTTP ${error.statusCode} ${error.code ?? ''}`.trim();
    return error.code ?? 'network error';
  }
  if (error instanceof Error) return (error as NodeJS.ErrnoException).code ?? error.name;
  return 'unknown error';
}
