import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import sinon from 'sinon';
import { TypingPace } from '../../../src/conversation/typingPace';

/** The typing indicator at most once every 3 seconds per conversation, on sinon's fake clock. */
describe('TypingPace', () => {
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['performance'] });
  });

  afterEach(() => clock.restore());

  /** A conversation whose bot sends what each message asks: "typing", "stream" (an informative update), "text". */
  function setup(pace = new TypingPace(), conversationId = 'convo-1') {
    const delivered: Array<Partial<Activity>> = [];
    const adapter = new TestAdapter(
      async (context) => {
        const what = context.activity.text;
        if (what === 'typing') await context.sendActivity({ type: 'typing' });
        if (what === 'stream') {
          await context.sendActivity({ type: 'typing', text: '1 of 2', entities: [{ type: 'streaminfo' }] });
        }
        if (what === 'text') await context.sendActivity('hello');
      },
      { conversation: { id: conversationId } } as ConstructorParameters<typeof TestAdapter>[1],
    );
    adapter.use(pace);
    adapter.use(async (context, next) => {
      context.onSendActivities(async (_context, activities, sendNext) => {
        delivered.push(...activities);
        return sendNext();
      });
      await next();
    });
    return { adapter, delivered };
  }

  it('drops a second indicator within 3 s, sends the next after 3 s; messages and stream updates go', async () => {
    const { adapter, delivered } = setup();
    await adapter.send('typing');
    clock.tick(1000);
    await adapter.send('typing');
    await adapter.send('stream');
    await adapter.send('text');
    clock.tick(2100);
    await adapter.send('typing');
    assert.deepEqual(
      delivered.map((a) => (a.type === 'typing' ? (a.entities ? 'stream update' : 'typing') : a.text)),
      ['typing', 'stream update', 'hello', 'typing'],
    );
  });

  it('keeps a pace per conversation', async () => {
    const pace = new TypingPace();
    const one = setup(pace, 'convo-1');
    const two = setup(pace, 'convo-2');
    await one.adapter.send('typing');
    await two.adapter.send('typing');
    clock.tick(1000);
    await two.adapter.send('typing');
    assert.equal(one.delivered.length, 1);
    assert.equal(two.delivered.length, 1, 'the other conversation has its own pace');
  });
});
