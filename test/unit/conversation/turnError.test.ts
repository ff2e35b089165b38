import assert from 'node:assert/strict';
import { TestAdapter, type Activity } from 'botbuilder';
import { onTurnError } from '../../../src/conversation/adapter';
import { ReplyDeliveryError } from '../../../src/conversation/replyConnector';
import { withCorrelationId } from '../../../src/shared/logger';
import { captureLogs } from '../../helpers/logCapture';

describe('onTurnError', () => {
  it('apologises with a correlation id, logs the stack, and never sends the stack to the chat', async () => {
    const { logger, lines } = captureLogs();
    const adapter = new TestAdapter(async () => {
      throw new Error('boom at /srv/secret/path.js:42');
    });
    adapter.onTurnError = (context, error) => onTurnError(context, error, logger);
    let shown: string | undefined;
    await adapter.send('qualification for x').assertReply((activity: Partial<Activity>) => {
      assert.match(activity.text ?? '', /^Sorry, something went wrong on our side\./);
      shown = /correlation id: ([0-9a-f-]{36})$/.exec(activity.text ?? '')?.[1];
      assert.ok(shown, 'the apology ends with a correlation id');
      assert.doesNotMatch(activity.text ?? '', /boom|secret|\.js|at /);
    });
    const logged = lines.join('');
    assert.match(logged, /unhandled error in turn/);
    assert.match(logged, /boom at \/srv\/secret\/path\.js:42/);
    const record = JSON.parse(lines[0] ?? '{}') as { correlationId?: string; stack?: string };
    assert.equal(record.correlationId, shown, 'the log line carries the correlation id shown to the user');
    assert.match(record.stack ?? '', /^Error: boom at .*\n\s+at /, 'the stack is logged');
    assert.equal((logged.match(/"correlationId"/g) ?? []).length, 1, 'the id is written once per line');
  });

  it("uses the request's correlation id when there is one, so every line of the request matches", async () => {
    const { logger, lines } = captureLogs();
    const adapter = new TestAdapter(async () => {
      throw new Error('boom');
    });
    adapter.onTurnError = (context, error) => onTurnError(context, error, logger);
    await withCorrelationId('11111111-2222-4333-8444-555555555555', () =>
      adapter.send('hi').assertReply((activity: Partial<Activity>) => {
        assert.match(activity.text ?? '', /11111111-2222-4333-8444-555555555555$/);
      }),
    );
    assert.match(lines.join(''), /"correlationId":"11111111-2222-4333-8444-555555555555"/);
  });

  it('stays silent in the chat for activities that are not messages', async () => {
    const { logger, lines } = captureLogs();
    const adapter = new TestAdapter(async () => {
      throw new Error('invoke failed');
    });
    adapter.onTurnError = (context, error) => onTurnError(context, error, logger);
    await adapter.send({ type: 'event', name: 'x' }).startTest();
    assert.equal(adapter.activeQueue.length, 0);
    assert.match(lines.join(''), /invoke failed/);
  });

  it(
    'sends nothing when the reply itself could not be delivered (it would go the same way), and logs a warning ' +
      'without a stack',
    async () => {
      const { logger, lines } = captureLogs();
      const adapter = new TestAdapter(async () => {
        throw new ReplyDeliveryError('the reply could not be delivered: HTTP 500', { statusCode: 500 });
      });
      adapter.onTurnError = (context, error) => onTurnError(context, error, logger);
      await adapter.send('help').startTest();
      assert.equal(adapter.activeQueue.length, 0, 'an error reply was sent');
      const record = JSON.parse(lines[0] ?? '{}') as {
        level?: string;
        event?: string;
        statusCode?: number;
        stack?: string;
      };
      assert.equal(record.level, 'warn');
      assert.equal(record.event, 'replyFailed');
      assert.equal(record.statusCode, 500);
      assert.equal(record.stack, undefined);
    },
  );
});
