import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { MemoryStorage, type Storage } from 'botbuilder';
import type { AppConfig } from '../config';
import { DEFAULTS } from '../config/defaults';
import type { Logger } from '../shared/logger';
import { MemoryWatchStore } from '../watch/memoryWatchStore';
import type { WatchStore } from '../watch/watchStore';
import { BlobStorage, describeStoreFailure } from './blobStorage';
import { BlobWatchStore } from './blobWatchStore';

/**
 * The one place that picks where conversation state lives: pending sign-ins (dialog state) and
 * the records that let exactly one of Teams' duplicate `signin/tokenExchange` invokes through.
 * botbuilder's `Storage` (read / write with eTag / delete) is the interface.
 *
 * `memory` holds the state of this process only: right for one instance. A restart forgets pending
 * sign-ins (the user sends the request again; signed-in users stay signed in, because their
 * tokens live in the Bot Framework token service, not here).
 *
 * `blob` keeps it in an Azure Blob Storage container every instance shares (blobStorage.ts), so a
 * sign-in started on one instance finishes on any other, or after a restart. The container is
 * made when missing, at start: a store that cannot be reached then stops the start with a
 * message that says so.
 */
export async function createStateStorage(
  config: Pick<AppConfig, 'stateStorage' | 'blobStorage'>,
  logger: Logger,
): Promise<Storage> {
  if (config.stateStorage === 'memory' || config.blobStorage === undefined) return new MemoryStorage();
  return new BlobStorage(await openContainer(config.blobStorage, logger));
}

/**
 * Both stores at once, on one container: the conversation state and the watches (src/watch/).
 * `memory`: this process's (watches die with it); `blob`: the same container, watches under
 * `watches/` (blobWatchStore.ts).
 */
export async function createStateStores(
  config: Pick<AppConfig, 'stateStorage' | 'blobStorage'>,
  logger: Logger,
): Promise<{ readonly storage: Storage; readonly watches: WatchStore }> {
  if (config.stateStorage === 'memory' || config.blobStorage === undefined) {
    return { storage: new MemoryStorage(), watches: new MemoryWatchStore() };
  }
  const container = await openContainer(config.blobStorage, logger);
  return { storage: new BlobStorage(container), watches: new BlobWatchStore(container) };
}

/** The container, made when missing; one that cannot be reached stops the start with a clear message. */
async function openContainer(
  settings: NonNullable<AppConfig['blobStorage']>,
  logger: Logger,
): Promise<ContainerClient> {
  const container = containerClient(settings);
  const where = `container "${container.containerName}" at ${publicUrl(container.url)}`;
  try {
    await container.createIfNotExists();
  } catch (error) {
    throw new Error(
      `STATE_STORAGE=blob: could not open the ${where} (${describeStoreFailure(error)}); check ` +
        `STATE_STORAGE_CONNECTION_STRING and that the storage account is reachable from here`,
    );
  }
  logger.info({ stateStorage: 'blob', container: container.containerName }, `state storage: the ${where}`);
  return container;
}

function containerClient(settings: NonNullable<AppConfig['blobStorage']>): ContainerClient {
  const { tryTimeoutMs, maxTries, retryDelayMs } = DEFAULTS.blobStorage;
  let service: BlobServiceClient;
  try {
    service = BlobServiceClient.fromConnectionString(settings.connectionString, {
      retryOptions: { maxTries, tryTimeoutInMs: tryTimeoutMs, retryDelayInMs: retryDelayMs, maxRetryDelayInMs: 1_000 },
    });
  } catch {
    // The SDK's message may quote the string (and its key): say what is wrong, not what it was.
    throw new Error(
      'STATE_STORAGE_CONNECTION_STRING is not a storage connection string (AccountName=…;AccountKey=…;' +
        'EndpointSuffix=…, BlobEndpoint=…;SharedAccessSignature=…, or UseDevelopmentStorage=true)',
    );
  }
  return service.getContainerClient(settings.container);
}

/** The container's URL without a query (a SAS connection string puts its signature there). */
function publicUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** What in a connection string must never be written: the whole string, its account key and its SAS. */
export function connectionStringSecrets(connectionString: string | undefined): string[] {
  if (connectionString === undefined) return [];
  const parts = connectionString.split(';').flatMap((part) => {
    const match = /^\s*(AccountKey|SharedAccessSignature)\s*=(.+)$/i.exec(part);
    return match?.[2] ? [match[2].trim()] : [];
  });
  return [connectionString, ...parts];
}
