import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { startApp, type RunningApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { postActivity, teamsMessage } from '../helpers/activities';
import { BotConnectorStandIn } from '../helpers/botConnector';

/**
 * Request bodies the real server must refuse cheaply (4xx, never 500, no turn, no reply) or
 * ignore politely (unknown activity types), in anonymous local mode.
 */
describe('POST /api/messages: malformed and unknown input (real server)', () => {
  let app: RunningApp;
  let connector: BotConnectorStandIn;
  const lines: Array<Record<string, unknown>> = [];

  before(async () => {
    connector = new BotConnectorStandIn();
    await connector.start();
    const stream = new Writable({
      write(chunk, _encoding, callback) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        callback();
      },
    });
    app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1' }), createLogger('info', stream));
  });

  after(async () => {
    await app?.stop(1000);
    await connector?.close();
  });

  const partnerCenterCalls = () => app.simulator?.requests.filter((r) => r.path.startsWith('/v1/')).length ?? 0;

  async function expectNoWork(before: { calls: number; replies: number }): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(partnerCenterCalls(), before.calls, 'Partner Center was called');
    assert.equal(connector.replies.length, before.replies, 'the bot replied');
  }

  const malformed: Array<[string, unknown, number]> = [
    ['malformed JSON', '{"type": "message", ', 400],
    ['a JSON array', '[{"type":"message"}]', 400],
    ['a JSON string', '"message"', 400],
    ['an activity with nothing but a type', { type: 'message', text: 'help' }, 400],
    ['a numeric serviceUrl (botbuilder would fail with a 500)', { type: 'message', serviceUrl: 5, conversation: { id: 'c' }, text: 'help' }, 400],
    ['a conversation without an id', { type: 'message', serviceUrl: 'http://127.0.0.1:9', conversation: {}, text: 'help' }, 400],
    ['text that is an object', { type: 'message', serviceUrl: 'http://127.0.0.1:9', conversation: { id: 'c' }, text: { $gt: '' } }, 400],
  ];
  for (const [why, body, status] of malformed) {
    it(`answers ${status} to ${why}, and does no work`, async () => {
      const before = { calls: partnerCenterCalls(), replies: connector.replies.length };
      const answer = await postActivity(app.host.url, body);
      assert.equal(answer.status, status, answer.text);
      await expectNoWork(before);
    });
  }

  for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
    it(`answers 415 to a ${contentType ?? 'missing'} content type before reading the body (only JSON is parsed)`, async () => {
      const before = { calls: partnerCenterCalls(), replies: connector.replies.length };
      const form = 'type=message&serviceUrl=http%3A%2F%2F127.0.0.1%3A9&conversation[id]=c&text=help';
      const response = await fetch(`${app.host.url}/api/messages`, {
        method: 'POST',
        headers: contentType === undefined ? {} : { 'Content-Type': contentType },
        // Bytes, not a string: fetch would label a string text/plain.
        body: new TextEncoder().encode(contentType?.startsWith('multipart') ? '--x\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhello\r\n--x--\r\n' : form),
      });
      assert.equal(response.status, 415, await response.text());
      await expectNoWork(before);
    });
  }

  it('accepts application/json with a charset', async () => {
    const activity = teamsMessage('help', { serviceUrl: connector.url, deliveryMode: 'expectReplies' });
    const response = await fetch(`${app.host.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(activity) });
    assert.equal(response.status, 200);
  });

  it('answers 413 to a body over 512 KB', async () => {
    const before = { calls: partnerCenterCalls(), replies: connector.replies.length };
    const huge = teamsMessage(`qualification for ${'x'.repeat(600 * 1024)}`, { serviceUrl: connector.url });
    assert.equal((await postActivity(app.host.url, huge)).status, 413);
    await expectNoWork(before);
  });

  it('logs a refused body as one line with a correlation id, which the answer also carries', async () => {
    const answer = await postActivity(app.host.url, { type: 'message', serviceUrl: 5, conversation: { id: 'c' } });
    const { correlationId } = JSON.parse(answer.text) as { correlationId: string };
    const line = lines.find((l) => l.correlationId === correlationId);
    assert.equal(line?.msg, 'request rejected: not a Bot Framework activity');
    assert.equal(line?.problem, '"serviceUrl" must be a non-empty string');
  });

  for (const type of ['somethingNew', 'typing', 'event', 'messageReaction', 'endOfConversation']) {
    it(`ignores an activity of type "${type}" politely: 200, no reply, no Partner Center call`, async () => {
      const before = { calls: partnerCenterCalls(), replies: connector.replies.length };
      const activity = { ...teamsMessage(`qualification for 00000000-0000-4000-8000-000000000001`, { serviceUrl: connector.url }), type };
      const answer = await postActivity(app.host.url, activity);
      assert.equal(answer.status, 200, answer.text);
      await expectNoWork(before);
    });
  }
});
