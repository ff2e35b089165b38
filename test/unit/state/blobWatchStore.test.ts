import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { BlobWatchStore } from '../../../src/state/blobWatchStore';
import { conversationKey, watchId, type WatchRecord } from '../../../src/watch/watchRecord';
import { Azurite } from '../../helpers/azurite';
import { tenantId } from '../../helpers/ids';

/**
 * The watches on a real Blob Storage API (Azurite): create-only, replace only at the version read
 * (the watcher's claim of a round), the listing with each watch's due time, removal.
 */
describe('BlobWatchStore (watches on Azure Blob Storage, against Azurite)', function () {
  this.timeout(60000);
  let azurite: Azurite;
  let service: BlobServiceClient;

  before(async () => {
    azurite = await Azurite.start();
    service = BlobServiceClient.fromConnectionString(azurite.connectionString);
  });

  after(async () => {
    await azurite?.stop();
  });

  async function freshContainer(): Promise<ContainerClient> {
    const container = service.getContainerClient(`test-${randomUUID()}`);
    await container.create();
    return container;
  }

  function record(conversationId: string, customer: string, nextCheckAt = 1000): WatchRecord {
    const conversation = conversationKey('msteams', conversationId);
    const customerId = tenantId(customer);
    return {
      id: watchId(conversation, customerId),
      conversation,
      customerId,
      companyName: 'Contoso',
      setBy: { userId: '29:alex' },
      locale: 'en-US',
      reference: { conversation: { id: conversationId }, serviceUrl: 'https://smba.trafficmanager.net/amer/' },
      createdAt: '2026-05-01T00:00:00.000Z',
      expiresAt: '2026-05-31T00:00:00.000Z',
      nextCheckAt,
      round: 0,
      lastState: [{ name: 'Education', status: 'InReview' }],
    };
  }

  it('creates once, lists with the due time, reads back the same record with its ETag', async () => {
    const store = new BlobWatchStore(await freshContainer());
    const watch = record('a:1', '00000000-0000-4000-8000-000000000001', 1234);
    const created = await store.create(watch);
    assert.notEqual(created, 'exists');
    assert.equal(await store.create(watch), 'exists', 'create-only: the second is refused');
    assert.deepEqual(await store.index(), [{ id: watch.id, conversation: watch.conversation, nextCheckAt: 1234 }]);
    const read = await store.read(watch.id);
    assert.deepEqual(read?.value, watch);
    assert.match(String(read?.version), /^".+"$/);
  });

  it('two instances claim the same round at once: exactly one replace succeeds', async () => {
    const container = await freshContainer();
    const [one, two] = [new BlobWatchStore(container), new BlobWatchStore(container)];
    const watch = record('a:2', '00000000-0000-4000-8000-000000000002');
    await one.create(watch);
    for (let round = 1; round <= 5; round++) {
      const [seenByOne, seenByTwo] = await Promise.all([one.read(watch.id), two.read(watch.id)]);
      assert.ok(seenByOne && seenByTwo);
      const results = await Promise.all([
        one.replace({ ...seenByOne.value, round, claimedBy: 'one' }, seenByOne.version),
        two.replace({ ...seenByTwo.value, round, claimedBy: 'two' }, seenByTwo.version),
      ]);
      assert.equal(results.filter((r) => r !== 'conflict').length, 1, `round ${round}: one claim`);
      assert.equal((await one.read(watch.id))?.value.round, round);
    }
  });

  it('lists one conversation; removes (at a version, or any); a removed watch is gone for a replace', async () => {
    const store = new BlobWatchStore(await freshContainer());
    const first = record('a:3', '00000000-0000-4000-8000-000000000003');
    const second = record('a:3', '00000000-0000-4000-8000-000000000004');
    const elsewhere = record('a:4', '00000000-0000-4000-8000-000000000003');
    for (const watch of [first, second, elsewhere]) await store.create(watch);
    assert.equal((await store.index(first.conversation)).length, 2);
    const read = await store.read(first.id);
    assert.ok(read);
    assert.equal(await store.remove(first.id, '"0x0"'), false, 'not at another version');
    assert.equal(await store.remove(first.id, read.version), true);
    assert.equal(await store.remove(first.id), false, 'nothing left to remove');
    assert.equal(await store.replace(first, read.version), 'conflict');
    assert.equal(await store.read(first.id), undefined);
    assert.equal((await store.index()).length, 2);
  });

  it('a blob that is not a watch of this bot is ignored', async () => {
    const container = await freshContainer();
    const store = new BlobWatchStore(container);
    const watch = record('a:5', '00000000-0000-4000-8000-000000000005');
    await container.getBlockBlobClient(`watches/${watch.id}`).upload('{"not":"a watch"}', 17);
    assert.equal(await store.read(watch.id), undefined);
  });
});
