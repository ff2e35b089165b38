import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { BlobStorage, blobName } from '../../../src/state/blobStorage';
import { isStateStoreError, StateStoreError } from '../../../src/state/stateStoreError';
import { connectionStringSecrets, createStateStorage } from '../../../src/state/storage';
import { createLogger } from '../../../src/shared/logger';
import { Azurite } from '../../helpers/azurite';
import { freePort } from '../../helpers/botProcess';

/**
 * The Blob Storage state store against a real Blob Storage API (Azurite, started from
 * node_modules on 127.0.0.1): botbuilder's eTag semantics, the create-only write that
 * de-duplicates Teams' token exchanges across instances, expiry, and failures.
 */
describe('BlobStorage (state on Azure Blob Storage, against Azurite)', function () {
  this.timeout(60000);
  let azurite: Azurite;
  let service: BlobServiceClient;
  const silent = createLogger('silent');

  before(async () => {
    azurite = await Azurite.start();
    service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  });

  after(async () => {
    await azurite?.stop();
  });

  type Records = Record<string, Record<string, unknown> | undefined>;
  const records = async (store: BlobStorage, keys: string[]): Promise<Records> => store.read(keys);

  async function freshContainer(): Promise<ContainerClient> {
    const container = service.getContainerClient(`test-${randomUUID()}`);
    await container.create();
    return container;
  }

  it('reads back what it wrote, with the blob ETag as eTag; a missing key is simply absent', async () => {
    const store = new BlobStorage(await freshContainer());
    const key = 'msteams/conversations/a:1/users/29:alex';
    await store.write({ [key]: { signIn: { dialogStack: [{ id: 'partnerCenterSignIn' }] }, eTag: '*' } });
    const items = await records(store, [key, 'msteams/conversations/a:1/users/29:nobody']);
    assert.deepEqual(Object.keys(items), [key]);
    assert.deepEqual(items[key]?.signIn, { dialogStack: [{ id: 'partnerCenterSignIn' }] });
    assert.match(String(items[key]?.eTag), /^".+"$/, 'a quoted Blob Storage ETag');
  });

  it('overwrites with eTag * or none; with an eTag it handed out, only while it is current', async () => {
    const store = new BlobStorage(await freshContainer());
    await store.write({ k: { n: 1 } });
    await store.write({ k: { n: 2, eTag: '*' } });
    const first = (await records(store, ['k'])).k ?? {};
    assert.equal(first.n, 2);
    await store.write({ k: { n: 3, eTag: first.eTag } });
    await assert.rejects(store.write({ k: { n: 4, eTag: first.eTag } }), /^Error: Etag conflict/);
    assert.equal((await records(store, ['k'])).k?.n, 3);
  });

  it("takes an eTag it never handed out (the SSO middleware's exchange id) as create-only", async () => {
    const store = new BlobStorage(await freshContainer());
    const key = `msteams/a:1/${randomUUID()}`;
    await store.write({ [key]: { eTag: 'exchange-id-1' } });
    await assert.rejects(store.write({ [key]: { eTag: 'exchange-id-1' } }), (error: Error) => {
      // What TeamsSSOTokenExchangeMiddleware looks for to answer the duplicate with 200 and stop.
      assert.ok(error.message.toLowerCase().includes('etag conflict'), error.message);
      return true;
    });
  });

  it('lets exactly one of many concurrent create-only writes through, across separate clients', async () => {
    const container = await freshContainer();
    // Two "instances": their own service clients and stores on the same container.
    const other = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient(
      container.containerName,
    );
    const stores = [new BlobStorage(container), new BlobStorage(other)];
    let winners = 0;
    for (let round = 0; round < 10; round++) {
      const key = `msteams/a:1/${randomUUID()}`;
      const results = await Promise.allSettled(
        [0, 1, 2, 3].map((i) => (stores[i % 2] ?? stores[0]).write({ [key]: { eTag: key } })),
      );
      const fulfilled = results.filter((r) => r.status === 'fulfilled').length;
      assert.equal(fulfilled, 1, `round ${round}: ${fulfilled} writes succeeded`);
      for (const r of results) if (r.status === 'rejected') assert.match(String(r.reason), /Etag conflict/);
      winners += fulfilled;
    }
    assert.equal(winners, 10);
  });

  it('treats an expired record as missing and deletes it', async () => {
    const container = await freshContainer();
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new BlobStorage(container, { recordTtlMs: 60_000, now: () => now });
    await store.write({ k: { n: 1 } });
    now += 59_000;
    assert.equal((await records(store, ['k'])).k?.n, 1, 'still valid');
    now += 2_000;
    assert.deepEqual(await records(store, ['k']), {});
    const blob = container.getBlobClient(blobName('k'));
    for (let i = 0; i < 50 && (await blob.exists()); i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(await blob.exists(), false, 'the expired blob was deleted');
  });

  it('writes JSON with its expiry in the metadata', async () => {
    const container = await freshContainer();
    const now = Date.parse('2026-01-01T00:00:00Z');
    const store = new BlobStorage(container, { recordTtlMs: 24 * 3600_000, now: () => now });
    await store.write({ k: { eTag: 'id' } });
    const properties = await container.getBlobClient(blobName('k')).getProperties();
    assert.equal(properties.metadata?.expires, '2026-01-02T00:00:00.000Z');
    assert.equal(properties.contentType, 'application/json');
  });

  it('deletes records, and deleting a missing one is no error', async () => {
    const store = new BlobStorage(await freshContainer());
    await store.write({ a: { n: 1 }, b: { n: 2 } });
    await store.delete(['a', 'never-written']);
    assert.deepEqual(Object.keys(await records(store, ['a', 'b'])), ['b']);
  });

  it('makes the container again when it was deleted under the running bot', async () => {
    const container = await freshContainer();
    const store = new BlobStorage(container);
    await container.delete();
    assert.deepEqual(await records(store, ['k']), {}, 'a missing container reads as empty');
    await store.write({ k: { n: 1 } });
    assert.equal((await records(store, ['k'])).k?.n, 1);
  });

  it('ignores a blob that is not a JSON object (the next write replaces it)', async () => {
    const container = await freshContainer();
    await container.getBlockBlobClient(blobName('k')).upload('not json', 8);
    const store = new BlobStorage(container);
    assert.deepEqual(await records(store, ['k']), {});
    await store.write({ k: { n: 1 } });
    assert.equal((await records(store, ['k'])).k?.n, 1);
  });

  it('encodes keys into flat, safe blob names', () => {
    const name = blobName('msteams/conversations/19:abc@thread.v2;messageid=1/users/29:x.');
    assert.match(name, /^[A-Za-z0-9%_-]+$/);
    assert.equal(decodeURIComponent(name), 'msteams/conversations/19:abc@thread.v2;messageid=1/users/29:x.');
    assert.notEqual(blobName('a/b'), blobName('a%2Fb'));
  });

  describe('when the store cannot be reached', () => {
    let closed: string;

    before(async () => {
      const port = await freePort();
      closed = azurite.connectionString.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`);
    });

    it('throws a StateStoreError on read, write and delete, with the reason and no key or secret', async () => {
      const client = BlobServiceClient.fromConnectionString(closed, {
        retryOptions: { maxTries: 2, retryDelayInMs: 10, maxRetryDelayInMs: 20 },
      });
      const store = new BlobStorage(client.getContainerClient('unreachable'));
      for (const attempt of [
        () => store.read(['secret-key']),
        () => store.write({ 'secret-key': { n: 1 } }),
        () => store.delete(['secret-key']),
      ]) {
        await assert.rejects(attempt(), (error: unknown) => {
          assert.ok(error instanceof StateStoreError, String(error));
          assert.ok(isStateStoreError({ error }), 'also when wrapped, as botbuilder-dialogs does');
          assert.match(error.message, /ECONNREFUSED|REQUEST_SEND_ERROR/);
          assert.doesNotMatch(error.message, /secret-key|AccountKey|Eby8/);
          return true;
        });
      }
    });

    it('stops the start with a message naming the container and what to check, and no key', async () => {
      await assert.rejects(
        createStateStorage(
          { stateStorage: 'blob', blobStorage: { connectionString: closed, container: 'c1' } },
          silent,
        ),
        (error: Error) => {
          assert.match(
            error.message,
            /^STATE_STORAGE=blob: could not open the container "c1" at http:\/\/127\.0\.0\.1:/,
          );
          assert.match(error.message, /check STATE_STORAGE_CONNECTION_STRING/);
          assert.doesNotMatch(error.message, /Eby8|AccountKey/);
          return true;
        },
      );
    });

    it('refuses a connection string that is none, without quoting it', async () => {
      await assert.rejects(
        createStateStorage(
          { stateStorage: 'blob', blobStorage: { connectionString: 'Password=hunter2-secret', container: 'c1' } },
          silent,
        ),
        (error: Error) => {
          assert.match(error.message, /STATE_STORAGE_CONNECTION_STRING is not a storage connection string/);
          assert.doesNotMatch(error.message, /hunter2/);
          return true;
        },
      );
    });
  });

  it('creates its container at start when missing, and is memory without blob settings', async () => {
    const name = `created-${randomUUID()}`;
    const store = await createStateStorage(
      { stateStorage: 'blob', blobStorage: { connectionString: azurite.connectionString, container: name } },
      silent,
    );
    assert.ok(store instanceof BlobStorage);
    assert.equal(await service.getContainerClient(name).exists(), true);
    const memory = await createStateStorage({ stateStorage: 'memory' }, silent);
    assert.ok(!(memory instanceof BlobStorage));
  });

  it('knows which parts of a connection string are secret', () => {
    const secrets = connectionStringSecrets(azurite.connectionString);
    assert.ok(secrets.includes(azurite.connectionString));
    assert.ok(secrets.some((s) => s.startsWith('Eby8')));
    assert.deepEqual(connectionStringSecrets('BlobEndpoint=https://a;SharedAccessSignature=sv=1&sig=abc'), [
      'BlobEndpoint=https://a;SharedAccessSignature=sv=1&sig=abc',
      'sv=1&sig=abc',
    ]);
    assert.deepEqual(connectionStringSecrets(undefined), []);
  });
});
