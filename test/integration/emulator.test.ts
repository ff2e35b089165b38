import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startApp, type RunningApp } from '../../src';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/shared/logger';
import { postActivity } from '../helpers/activities';
import { BotConnectorStandIn, cardOf, cardText, type CapturedReply } from '../helpers/botConnector';

/**
 * The Bot Framework Emulator talks to the bot anonymously with `channelId: emulator`, a localhost
 * serviceUrl and no Teams channel data (no tenant, no AAD object id). The bot must answer it the
 * same way it answers Teams.
 */
function emulatorMessage(text: string, serviceUrl: string): Record<string, unknown> {
  return {
    type: 'message',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    localTimestamp: new Date().toISOString(),
    channelId: 'emulator',
    serviceUrl,
    from: { id: 'r_1234567890', name: 'User', role: 'user' },
    conversation: { id: `${randomUUID()}|livechat` },
    recipient: { id: 'bot-1', name: 'Bot', role: 'bot' },
    text,
    textFormat: 'plain',
    locale: 'en-US',
    entities: [{ type: 'ClientCapabilities', requiresBotState: true, supportsListening: true, supportsTts: true }],
    channelData: { clientActivityID: randomUUID() },
  };
}

describe('Bot Framework Emulator compatibility', () => {
  let app: RunningApp;
  let connector: BotConnectorStandIn;

  before(async () => {
    connector = new BotConnectorStandIn();
    await connector.start();
    app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1' }), createLogger('silent'));
  });

  after(async () => {
    await app?.stop(1000);
    await connector?.close();
  });

  async function ask(text: string): Promise<CapturedReply> {
    const before = connector.replies.length;
    const { status } = await postActivity(
      app.host.url,
      emulatorMessage(text, connector.url.replace('127.0.0.1', 'localhost')),
    );
    assert.equal(status, 200);
    return (await connector.waitForReplies(before + 1))[before];
  }

  const cases: Array<[string, RegExp]> = [
    ['help', /qualification for/],
    ['qualification for 00000000-0000-4000-8000-000000000001', /Education[\s\S]*Approved/],
    ['qualification for 00000000-0000-4000-8000-000000000404', /isn't one of your customers/],
    [
      'qualification for contoso.com',
      /No customer with this domain[\s\S]*Did you mean[\s\S]*contoso\.onmicrosoft\.com/,
    ],
    ['qualification for contoso.onmicrosoft.com', /The Contoso Corporation[\s\S]*Education[\s\S]*Approved/],
    ['qualification for 3f2b6c1e-8a4d', /doesn't look like a customer tenant id/],
    ['qualification for Fabrikam', /Fabrikam University[\s\S]*Education[\s\S]*In review/],
  ];
  for (const [text, expected] of cases) {
    it(`answers "${text}" as it does in Teams`, async () => {
      const reply = await ask(text);
      assert.match(reply.path, /^\/v3\/conversations\/[^/]+\/activities\/[^/]+$/);
      assert.equal(
        reply.activity.conversation && (reply.activity.conversation as { id: string }).id.endsWith('|livechat'),
        true,
      );
      assert.match(cardText(cardOf(reply)), expected);
    });
  }

  it(
    'welcomes once when the Emulator opens a conversation (the bot among the members added), not when a ' +
      'user joins',
    async () => {
      const conversation = { id: `${randomUUID()}|livechat` };
      const update = (membersAdded: Array<{ id: string }>) =>
        postActivity(app.host.url, {
          type: 'conversationUpdate',
          id: randomUUID(),
          channelId: 'emulator',
          serviceUrl: connector.url,
          from: { id: 'r_1234567890' },
          conversation,
          recipient: { id: 'bot-1' },
          membersAdded,
        });
      const before = connector.replies.length;
      assert.equal((await update([{ id: 'bot-1' }, { id: 'r_1234567890' }])).status, 200);
      const [welcome] = (await connector.waitForReplies(before + 1)).slice(before);
      assert.match(cardText(cardOf(welcome)), /Check a customer’s Partner Center qualification[\s\S]*Try it/);
      assert.equal((await update([{ id: 'r_someone-else' }])).status, 200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(connector.replies.length, before + 1, 'no second welcome for a member who joins later');
    },
  );
});
