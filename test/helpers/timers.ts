import { createHook } from 'node:async_hooks';

/**
 * Watches the timers created from now on: `pending()` counts those still scheduled that keep the
 * process alive (setTimeout/setInterval not cleared, not fired, not unref'd). Timers of other tests
 * or libraries created earlier are not counted, so the check does not depend on test order.
 *
 *   const timers = await watchTimers();
 *   await somethingThatMustCleanUp();
 *   assert.equal(await timers.pendingAfterTick(), 0);
 */
export async function watchTimers() {
  // One turn of the event loop first: mocha starts its own timer for the test just after the test begins.
  await new Promise((resolve) => setImmediate(resolve));
  const live = new Map<number, { hasRef(): boolean }>();
  const hook = createHook({
    init(asyncId, type, _triggerAsyncId, resource) {
      if (type === 'Timeout') live.set(asyncId, resource as { hasRef(): boolean });
    },
    destroy(asyncId) {
      live.delete(asyncId);
    },
  });
  hook.enable();
  return {
    /** After one turn of the event loop (so that settled work can clear its timers), then stops watching. */
    async pendingAfterTick(): Promise<number> {
      await new Promise((resolve) => setImmediate(resolve));
      hook.disable();
      return [...live.values()].filter((timer) => timer.hasRef()).length;
    },
  };
}
