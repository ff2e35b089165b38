import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { CallDeadline, CancelledAttemptError } from '../../../src/partnerCenter/callDeadline';
import { watchTimers } from '../../helpers/timers';

const never = new Promise<never>(() => undefined);

describe('CallDeadline (one Partner Center call’s deadline)', () => {
  it('aborts at the deadline; race answers CancelledAttemptError even if the work hangs', async () => {
    const deadline = new CallDeadline(30);
    const started = performance.now();
    await assert.rejects(deadline.race(never), CancelledAttemptError);
    assert.ok(performance.now() - started >= 25);
    assert.equal(deadline.signal.aborted, true);
    assert.equal(deadline.cancelledByCaller, false);
    deadline.end();
  });

  it('passes on the work’s own outcome when it comes first', async () => {
    const deadline = new CallDeadline(1000);
    assert.equal(await deadline.race(Promise.resolve('answer')), 'answer');
    await assert.rejects(deadline.race(Promise.reject(new Error('own failure'))), /own failure/);
    deadline.end();
    assert.equal(deadline.signal.aborted, false, 'a finished call is never aborted');
  });

  it("the caller's signal cancels it too, and says so", async () => {
    const caller = new AbortController();
    const deadline = new CallDeadline(10_000, caller.signal);
    const racing = deadline.race(never);
    caller.abort();
    await assert.rejects(racing, CancelledAttemptError);
    assert.equal(deadline.cancelledByCaller, true);
    deadline.end();
  });

  it('starts aborted when the budget is nothing or the caller already cancelled', async () => {
    assert.equal(new CallDeadline(0).signal.aborted, true);
    const caller = new AbortController();
    caller.abort();
    const deadline = new CallDeadline(1000, caller.signal);
    assert.equal(deadline.signal.aborted, true);
    await assert.rejects(deadline.race(never), CancelledAttemptError);
  });

  it('pause waits, or ends with CancelledAttemptError at the deadline', async () => {
    const deadline = new CallDeadline(40);
    const started = performance.now();
    await deadline.pause(5);
    assert.ok(performance.now() - started >= 4);
    await assert.rejects(deadline.pause(5000), CancelledAttemptError);
    assert.ok(performance.now() - started < 1000);
    deadline.end();
  });

  it('end leaves no timer and no listener on the caller’s signal behind; a later abort changes nothing', async () => {
    const timers = await watchTimers();
    const caller = new AbortController();
    const deadline = new CallDeadline(10_000, caller.signal);
    assert.equal(getEventListeners(caller.signal, 'abort').length, 1);
    deadline.end();
    assert.equal(getEventListeners(caller.signal, 'abort').length, 0);
    assert.equal(await timers.pendingAfterTick(), 0);
    caller.abort();
    assert.equal(deadline.signal.aborted, false, 'the finished call is not cancelled afterwards');
  });

  it('its listeners go once they have fired', async () => {
    const caller = new AbortController();
    const deadline = new CallDeadline(10_000, caller.signal);
    const racing = deadline.race(never);
    assert.equal(getEventListeners(deadline.signal, 'abort').length, 1);
    caller.abort();
    await assert.rejects(racing, CancelledAttemptError);
    assert.equal(getEventListeners(caller.signal, 'abort').length, 0);
    assert.equal(getEventListeners(deadline.signal, 'abort').length, 0);
    deadline.end();
  });

  it('CancelledAttemptError says what it is, and keeps its cause when it has one', () => {
    const plain = new CancelledAttemptError();
    assert.equal(plain.name, 'CancelledAttemptError');
    assert.match(plain.message, /cancelled/);
    assert.equal('cause' in plain, false);
    const reason = new Error('aborted');
    assert.equal(new CancelledAttemptError(reason).cause, reason);
  });
});
