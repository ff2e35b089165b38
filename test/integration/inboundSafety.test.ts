import assert from 'node:assert/strict';
import { startApp, type RunningApp } from '../../src';
import { loadConfig } from '../../src/config';
import { captureLogs } from '../helpers/logCapture';
import { postActivity, teamsMessage } from '../helpers/activities';
import { BotConnectorStandIn } from '../helpers/botConnector';

/**
 * Request bodies the real server must refuse cheaply (4xx, never 500, no turn, no reply) or
 * ignore politely (unknown activity types), in anonymous local mode.
 */
describe('POST /api/messages: malformed and unknown input (real server)', () => {
  let app: RunningApp;
  let connector: BotConnectorStandIn;
  const { logger, records: lines } = captureLogs();

  before(async () => {
    connector = new BotConnectorStandIn();
    await connector.start();
    app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1' }), logger);
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
    [
      'a numeric serviceUrl (botbuilder would fail with a 500)',
      { type: 'message', serviceUrl: 5, conversation: { id: 'c' }, text: 'help' },
      400,
    ],
    [
      'a conversation without an id',
      { type: 'message', serviceUrl: 'http://127.0.0.1:9', conversation: {}, text: 'help' },
      400,
    ],
    [
      'text that is an object',
      { type: 'message', serviceUrl: 'http://127.0.0.1:9', conversation: { id: 'c' }, text: { $gt: '' } },
      400,
    ],
  ];
  for (const [why, body, status] of malformed) {
    it(`answers ${status} to ${why}, and does no work`, async () => {
      const before = { calls: partnerCenterCalls(), replies: connector.replies.length };
      const answer = await postActivity(app.host.url, body);
      assert.equal(answer.status, status, answer.text);
      await expectNoWork(before);
    });
  }

  for (const contentType of [
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    undefined,
  ]) {
    it(
      `answers 415 to a ${contentType ?? 'missing'} content type before reading the body (only JSON ` + `is parsed)`,
      async () => {
        const before = { calls: partnerCenterCalls(), replies: connector.replies.length };
        const form = 'type=message&serviceUrl=http%3A%2F%2F127.0.0.1%3A9&conversation[id]=c&text=help';
        const response = await fetch(`${app.host.url}/api/messages`, {
          method: 'POST',
          headers: contentType === undefined ? {} : { 'Content-Type': contentType },
          // Bytes, not a string: fetch would label a string text/plain.
          body: new TextEncoder().encode(
            contentType?.startsWith('multipart')
              ? '--x\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\nhello\r\n--x--\r\n'
              : form,
          ),
        });
        assert.equal(response.status, 415, await response.text());
        await expectNoWork(before);
      },
    );
  }

  it('accepts application/json with a charset', async () => {
    const activity = teamsMessage('help', { serviceUrl: connector.url, deliveryMode: 'expectReplies' });
    const response = await fetch(`${app.host.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(activity),
    });
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
      const activity = {
        ...teamsMessage(`qualification for 00000000-0000-4000-8000-000000000001`, { serviceUrl: connector.url }),
        type,
      };
      const answer = await postActivity(app.host.url, activity);
      assert.equal(answer.status, 200, answer.text);
      await expectNoWork(before);
    });
  }

  /** Posts with deliveryMode expectReplies; resolves with the status and the replies' text and cards as one string. */
  async function expectReplies(
    activity: Record<string, unknown>,
  ): Promise<{ status: number; text: string; activities: Array<Record<string, unknown>> }> {
    const answer = await postActivity(app.host.url, { ...activity, deliveryMode: 'expectReplies' });
    const activities =
      answer.status === 200
        ? ((JSON.parse(answer.text) as { activities?: Array<Record<string, unknown>> }).activities ?? [])
        : [];
    return { status: answer.status, text: answer.text, activities };
  }

  for (const locale of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
    it(
      `a locale of "${locale}" (activity or clientInfo) is just an unknown language: the English answer, no failed ` +
        `turn`,
      async () => {
        const viaActivity = { ...teamsMessage('help', { serviceUrl: connector.url }), locale };
        const viaClientInfo = teamsMessage('qualification for 00000000-0000-4000-8000-000000000001', {
          serviceUrl: connector.url,
        }) as { locale?: string; entities: Array<Record<string, unknown>> };
        delete viaClientInfo.locale;
        viaClientInfo.entities[0].locale = locale;
        for (const activity of [viaActivity, viaClientInfo]) {
          const { status, text, activities } = await expectReplies(activity);
          assert.equal(status, 200);
          assert.equal(activities.length, 1, text.slice(0, 500));
          assert.doesNotMatch(text, /something went wrong/);
          assert.match(text, /qualification for|Education/);
        }
        assert.ok(!lines.some((l) => l.msg === 'unhandled error in turn'), 'a turn failed');
      },
    );
  }

  const malformedActions: Array<[string, unknown]> = [
    ['a string value', 'refresh'],
    ['a number value', 5],
    ['a null action', { action: null }],
    ['a string action', { action: 'Action.Execute' }],
    ['an array value', [{ action: { type: 'Action.Execute' } }]],
    ['an action of another type', { action: { type: 'Action.Submit', verb: 'refreshQualification' } }],
  ];
  for (const [why, value] of malformedActions) {
    it(
      `answers an adaptiveCard/action invoke with ${why}: a 400 invoke response that says why (was ` + `a bare 501)`,
      async () => {
        const before = { calls: partnerCenterCalls(), replies: connector.replies.length };
        const activity = {
          ...teamsMessage('', { serviceUrl: connector.url }),
          type: 'invoke',
          name: 'adaptiveCard/action',
          value,
        };
        delete (activity as { text?: string }).text;
        const answer = await postActivity(app.host.url, activity);
        assert.equal(answer.status, 400, answer.text);
        const body = JSON.parse(answer.text) as {
          statusCode: number;
          type: string;
          value: { code: string; message: string };
        };
        assert.equal(body.statusCode, 400);
        assert.equal(body.type, 'application/vnd.microsoft.error');
        assert.equal(body.value.code, 'BadRequest');
        assert.match(body.value.message, /action|Action\.Execute/);
        await expectNoWork(before);
      },
    );
  }

  it(
    'a tenant id between bidi or direction marks is looked up (the card would have shown it ' + 'looking valid)',
    async () => {
      const id = '00000000-0000-4000-8000-000000000001';
      const { activities } = await expectReplies(
        teamsMessage(`qualification for \u2066\u200e${id}\u200f\u2069`, { serviceUrl: connector.url }),
      );
      assert.match(JSON.stringify(activities), /Contoso School District/);
    },
  );

  it('1,000 tenant ids in one message: "too many" counts all 1,000 (was 53), and nothing is looked up', async () => {
    const before = partnerCenterCalls();
    const ids = Array.from({ length: 1000 }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
    const { activities } = await expectReplies(
      teamsMessage(`qualification for ${ids.join(' ')}`, { serviceUrl: connector.url }),
    );
    const text = JSON.stringify(activities);
    assert.match(text, /1,?000/);
    assert.doesNotMatch(text, /\b53\b/);
    assert.equal(partnerCenterCalls(), before);
  });
});
