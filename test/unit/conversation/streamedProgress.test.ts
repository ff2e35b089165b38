import assert from 'node:assert/strict';
import type { Activity, ResourceResponse, TurnContext } from 'botbuilder';
import sinon from 'sinon';
import { StreamedProgress } from '../../../src/conversation/streamedProgress';
import { createLogger } from '../../../src/shared/logger';

/**
 * The stream's pace and its ways out, on sinon's fake clock: the first informative update after a
 * quarter of a second, then at most one message a second; the card only in the final message; the
 * card alone when there is no stream to end.
 */

type Sent = { readonly at: number; readonly activity: Partial<Activity> };

/** A turn whose sends are recorded (at the fake clock's time); `answer` decides each send's outcome. */
function fakeTurn(clock: sinon.SinonFakeTimers, answer: (activity: Partial<Activity>, index: number) => unknown) {
  const sent: Sent[] = [];
  const context = {
    sendActivity: async (activity: Partial<Activity>): Promise<ResourceResponse | undefined> => {
      const index = sent.length;
      sent.push({ at: clock.now, activity });
      const outcome = answer(activity, index);
      if (outcome instanceof Error) throw outcome;
      return outcome as ResourceResponse | undefined;
    },
  } as unknown as TurnContext;
  return { context, sent };
}

/** Teams: the first informative update answers with the stream's id, every other message with its own. */
const teams = (_activity: Partial<Activity>, index: number) => ({ id: index === 0 ? 'stream-7' : `reply-${index}` });

const streamInfo = (sent: Sent) => sent.activity.entities?.[0] as Record<string, unknown> | undefined;
const hasCard = (sent: Sent) => (sent.activity.attachments ?? []).length > 0;

describe('StreamedProgress (fake clock)', () => {
  let clock: sinon.SinonFakeTimers;
  let done = 0;
  const CARD = { type: 'AdaptiveCard', body: [] };
  const logger = createLogger('silent');

  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    done = 0;
  });

  afterEach(() => clock.restore());

  function progress(context: TurnContext, options: { streamForMs?: number } = {}) {
    return new StreamedProgress(
      context,
      () => `${done} done`,
      () => CARD,
      { logger, ...options },
    );
  }

  it('work done within a quarter of a second: the card alone, no stream', async () => {
    const { context, sent } = fakeTurn(clock, teams);
    const live = progress(context);
    live.start();
    await clock.tickAsync(200);
    live.changed();
    await live.finish();
    assert.equal(sent.length, 1);
    assert.ok(hasCard(sent[0]));
    assert.equal(sent[0].activity.entities, undefined);
    assert.equal(clock.countTimers(), 0, 'no timer left');
  });

  it('longer work: informative updates from 1, at most one a second, then the final with the card', async () => {
    const { context, sent } = fakeTurn(clock, teams);
    const live = progress(context);
    live.start();
    await clock.tickAsync(250);
    // Three answers within 100 ms, then one more after two seconds.
    for (let i = 0; i < 3; i++) {
      done++;
      live.changed();
      await clock.tickAsync(50);
    }
    await clock.tickAsync(2000);
    done++;
    live.changed();
    await clock.tickAsync(100);
    const finished = live.finish();
    await clock.tickAsync(1000);
    await finished;

    assert.deepEqual(
      sent.map((s) => [s.at, s.activity.type, streamInfo(s)?.streamSequence, s.activity.text]),
      [
        [250, 'typing', 1, '0 done'],
        // The first answers came within the second: one update for all three, a second after the first.
        [1250, 'typing', 2, '3 done'],
        [2400, 'typing', 3, '4 done'],
        // The final waits for its second too.
        [3400, 'message', undefined, undefined],
      ],
    );
    assert.deepEqual(streamInfo(sent[0]), { type: 'streaminfo', streamType: 'informative', streamSequence: 1 });
    for (const later of sent.slice(1, 3)) assert.equal(streamInfo(later)?.streamId, 'stream-7');
    assert.deepEqual(streamInfo(sent[3]), { type: 'streaminfo', streamType: 'final', streamId: 'stream-7' });
    assert.deepEqual(sent[3].activity.channelData, { streamType: 'final', streamId: 'stream-7' });
    assert.deepEqual(sent.map(hasCard), [false, false, false, true], 'the card only in the final');
    assert.equal(clock.countTimers(), 0, 'no timer left');
  });

  it('no update after the stream’s time is up; the final still ends it', async () => {
    const { context, sent } = fakeTurn(clock, teams);
    const live = progress(context, { streamForMs: 5000 });
    live.start();
    await clock.tickAsync(250);
    await clock.tickAsync(6000);
    done++;
    live.changed();
    await clock.tickAsync(2000);
    await live.finish();
    assert.deepEqual(
      sent.map((s) => streamInfo(s)?.streamType),
      ['informative', 'final'],
    );
  });

  it('Teams gives no stream id: no more updates, and the card comes as a plain message', async () => {
    const { context, sent } = fakeTurn(clock, () => ({}));
    const live = progress(context);
    live.start();
    await clock.tickAsync(250);
    done++;
    live.changed();
    await clock.tickAsync(3000);
    await live.finish();
    assert.deepEqual(
      sent.map((s) => [s.activity.type, streamInfo(s)?.streamType]),
      [
        ['typing', 'informative'],
        ['message', undefined],
      ],
    );
    assert.ok(hasCard(sent[1]));
  });

  it('the stream could not be started (a send failed): the card as a plain message', async () => {
    const { context, sent } = fakeTurn(clock, (_a, index) => (index === 0 ? new Error('403 Forbidden') : {}));
    const live = progress(context);
    live.start();
    await clock.tickAsync(250);
    done++;
    live.changed();
    await clock.tickAsync(3000);
    await live.finish();
    assert.deepEqual(
      sent.map((s) => streamInfo(s)?.streamType),
      ['informative', undefined],
    );
  });

  it('a later update fails: no more updates, the final still goes in the stream', async () => {
    const { context, sent } = fakeTurn(clock, (a, index) => (index === 1 ? new Error('429') : teams(a, index)));
    const live = progress(context);
    live.start();
    await clock.tickAsync(250);
    done++;
    live.changed();
    await clock.tickAsync(1500);
    done++;
    live.changed();
    await clock.tickAsync(1500);
    await live.finish();
    assert.deepEqual(
      sent.map((s) => [streamInfo(s)?.streamType, streamInfo(s)?.streamSequence]),
      [
        ['informative', 1],
        ['informative', 2],
        ['final', undefined],
      ],
    );
  });

  it('the final is refused (e.g. the stream timed out in Teams): the card as a new plain message', async () => {
    const { context, sent } = fakeTurn(clock, (a, index) =>
      a.type === 'message' && index < 2 ? new Error('ContentStreamNotAllowed') : teams(a, index),
    );
    const live = progress(context);
    live.start();
    await clock.tickAsync(250);
    const finished = live.finish();
    await clock.tickAsync(1000);
    await finished;
    assert.deepEqual(
      sent.map((s) => [s.activity.type, streamInfo(s)?.streamType]),
      [
        ['typing', 'informative'],
        ['message', 'final'],
        ['message', undefined],
      ],
    );
    assert.ok(hasCard(sent[2]));
  });
});
