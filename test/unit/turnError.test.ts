import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { TestAdapter, type Activity } from 'botbuilder';
import { onTurnError } from '../../src/bot/adapter';
import { createLogger } from '../../src/logger';

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(String(chunk));
      callback();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

describe('onTurnError', () => {
  it('apologises with a correlation id, logs the stack, and never sends the stack to the chat', async () => {
    const { logger, lines } = capturingLogger();
    const adapter = new TestAdapter(async () => {
      throw new Error('boom at /srv/secret/path.js:42');
    });
    adapter.onTurnError = (context, error) => onTurnError(context, error, logger);
    await adapter.send('qualification for x').assertReply((activity: Partial<Activity>) => {
      assert.match(activity.text ?? '', /^Sorry, something went wrong on our side\./);
      assert.match(activity.text ?? '', /correlation id: [0-9a-f-]{36}$/);
      assert.doesNotMatch(activity.text ?? '', /boom|secret|\.js/);
    });
    const logged = lines.join('');
    assert.match(logged, /unhandled error in turn/);
    assert.match(logged, /boom at \/srv\/secret\/path\.js:42/);
    const correlationId = /"correlationId":"([0-9a-f-]{36})"/.exec(logged)?.[1];
    assert.ok(correlationId, 'the log line carries the correlation id shown to the user');
  });

  it('stays silent in the chat for activities that are not messages', async () => {
    const { logger, lines } = capturingLogger();
    const adapter = new TestAdapter(async () => {
      throw new Error('invoke failed');
    });
    adapter.onTurnError = (context, error) => onTurnError(context, error, logger);
    await adapter.send({ type: 'event', name: 'x' }).startTest();
    assert.equal(adapter.activeQueue.length, 0);
    assert.match(lines.join(''), /invoke failed/);
  });
});
