import { MemoryStorage, type Storage } from 'botbuilder';
import type { StateStorageKind } from '../config';

/**
 * The one place that picks where conversation state lives: pending sign-ins (dialog state) and
 * the records that let exactly one of Teams' duplicate `signin/tokenExchange` invokes through.
 * botbuilder's `Storage` (read / write with eTag / delete) is the interface, so a shared store
 * (Azure Cosmos DB via botbuilder-azure's CosmosDbPartitionedStorage, which honours eTags) can be
 * added here as one more `STATE_STORAGE` value when the bot runs as several instances. Blob
 * storage is not suitable: its eTag handling breaks the token-exchange de-duplication.
 *
 * `memory` holds the state of this process only: right for one instance. A restart forgets pending
 * sign-ins (the user sends the request again; signed-in users stay signed in, because their
 * tokens live in the Bot Framework token service, not here).
 */
export function createStateStorage(kind: StateStorageKind): Storage {
  switch (kind) {
    case 'memory':
      return new MemoryStorage();
  }
}
