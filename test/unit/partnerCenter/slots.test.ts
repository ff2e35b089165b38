import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { Slots, SlotsFullError, UNBOUNDED_SLOTS } from '../../../src/partnerCenter/slots';

/** True once `promise` has settled (after the pending microtasks ran). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('Slots (the concurrency bound around Partner Center exchanges)', () => {
  it('grants up to max slots at once, and the next caller waits until one is released', async () => {
    const slots = new Slots(2, 10);
    const first = await slots.acquire();
    await slots.acquire();
    const third = slots.acquire();
    assert.equal(await settled(third), false);
    assert.equal(slots.inUse, 2);
    first();
    assert.equal(await settled(third), true);
    assert.equal(slots.inUse, 2, 'the freed slot went straight to the waiter');
  });

  it('hands freed slots to the waiters in the order they came', async () => {
    const slots = new Slots(1, 10);
    const release = await slots.acquire();
    const order: string[] = [];
    const a = slots.acquire().then((r) => (order.push('a'), r));
    const b = slots.acquire().then((r) => (order.push('b'), r));
    release();
    (await a)();
    (await b)();
    assert.deepEqual(order, ['a', 'b']);
    assert.equal(slots.inUse, 0);
  });

  it('refuses at once with SlotsFullError when the waiting line is full', async () => {
    const slots = new Slots(1, 1);
    await slots.acquire();
    const waiting = slots.acquire();
    await assert.rejects(slots.acquire(), (error: Error) => {
      assert.ok(error instanceof SlotsFullError);
      assert.equal(error.name, 'SlotsFullError');
      assert.match(error.message, /too many Partner Center calls are waiting/);
      return true;
    });
    assert.equal(await settled(waiting), false);
  });

  it('a release called twice frees one slot only', async () => {
    const slots = new Slots(1, 10);
    const release = await slots.acquire();
    const next = slots.acquire();
    release();
    release();
    await next;
    assert.equal(slots.inUse, 1);
    const after = slots.acquire();
    assert.equal(await settled(after), false, 'the second release gave nothing away');
  });

  it('a waiter whose signal aborts leaves the line without costing anyone behind it a slot', async () => {
    const slots = new Slots(1, 10);
    const release = await slots.acquire();
    const controller = new AbortController();
    const leaving = slots.acquire(controller.signal);
    const staying = slots.acquire();
    controller.abort();
    await assert.rejects(leaving, (error: Error) => error.name === 'AbortError');
    release();
    assert.equal(await settled(staying), true);
    assert.equal(slots.inUse, 1);
  });

  it('an aborted signal is refused without taking a slot, with an Error even for a non-Error reason', async () => {
    const slots = new Slots(1, 10);
    const controller = new AbortController();
    controller.abort('gone');
    await assert.rejects(slots.acquire(controller.signal), (error: Error) => {
      assert.ok(error instanceof Error);
      assert.equal(error.cause, 'gone');
      assert.match(error.message, /the wait for a slot was cancelled/);
      return true;
    });
    assert.equal(slots.inUse, 0);
  });

  it('leaves no listener on the signal, whether the slot came or the wait was cancelled', async () => {
    const slots = new Slots(1, 10);
    const release = await slots.acquire();
    const granted = new AbortController();
    const waiting = slots.acquire(granted.signal);
    assert.equal(getEventListeners(granted.signal, 'abort').length, 1);
    release();
    await waiting;
    assert.equal(getEventListeners(granted.signal, 'abort').length, 0, 'removed once the slot came');
    const cancelled = new AbortController();
    const leaving = slots.acquire(cancelled.signal);
    cancelled.abort();
    await assert.rejects(leaving);
    assert.equal(getEventListeners(cancelled.signal, 'abort').length, 0, 'removed once the wait was cancelled');
  });

  it('UNBOUNDED_SLOTS grants every acquire at once', async () => {
    const releases = await Promise.all(Array.from({ length: 50 }, () => UNBOUNDED_SLOTS.acquire()));
    assert.equal(releases.length, 50);
    for (const release of releases) assert.equal(release(), undefined);
  });
});
