import assert from 'node:assert/strict';
import { startApp, type RunningApp } from '../../src';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/shared/logger';
import { postActivity, teamsMessage } from '../helpers/activities';
import { BotConnectorStandIn, cardOf, cardText, type CapturedReply } from '../helpers/botConnector';

const EDUCATION = '00000000-0000-4000-8000-000000000001';
const GCC = '00000000-0000-4000-8000-000000000004';
const NOT_FOUND = '00000000-0000-4000-8000-000000000404';
const THROTTLED = '00000000-0000-4000-8000-000000000429';

/**
 * The real server (restify + CloudAdapter + bot + demo simulator) on a free port; replies go to a
 * Bot Connector stand-in named by the activity's serviceUrl, exactly as in Teams.
 */
describe('POST /api/messages (demo mode, real server)', () => {
  let app: RunningApp;
  let connector: BotConnectorStandIn;
  let botUrl: string;

  before(async () => {
    connector = new BotConnectorStandIn();
    await connector.start();
    app = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1' }), createLogger('silent'));
    botUrl = app.host.url;
  });

  after(async () => {
    await app?.stop(1000);
    await connector?.close();
  });

  async function ask(text: string, options: Partial<Parameters<typeof teamsMessage>[1]> = {}): Promise<CapturedReply> {
    const before = connector.replies.length;
    const { status } = await postActivity(botUrl, teamsMessage(text, { serviceUrl: connector.url, ...options }));
    assert.equal(status, 200);
    const replies = await connector.waitForReplies(before + 1);
    return replies[before];
  }

  function simulatorCalls(): number {
    return app.simulator?.requests.filter((r) => r.path.startsWith('/v1/')).length ?? 0;
  }

  it('answers a 1:1 lookup with the qualification card, labelled as demo data', async () => {
    const reply = await ask(`qualification for ${EDUCATION}`);
    assert.equal(reply.method, 'POST');
    assert.match(reply.path, /^\/v3\/conversations\/a%3A[^/]+\/activities\/[^/]+$/);
    const card = cardOf(reply);
    assert.ok(card, 'the reply carries an Adaptive Card');
    assert.equal(card.type, 'AdaptiveCard');
    const text = cardText(card);
    assert.match(text, /Education/);
    assert.match(text, /Approved/);
    assert.match(text, new RegExp(EDUCATION));
    assert.match(text, /Demo data — not from Partner Center/);
  });

  it('answers in a channel when the bot is @mentioned', async () => {
    const reply = await ask(`qualification for {${GCC.toUpperCase()}}.`, {
      conversationType: 'channel',
      mention: true,
      conversationId: '19:abc@thread.tacv2;messageid=1',
    });
    const text = cardText(cardOf(reply));
    assert.match(text, /Government Community Cloud/);
    assert.match(text, /State-owned entity/i);
  });

  it('tells the user when the tenant is not one of their customers', async () => {
    const text = cardText(cardOf(await ask(`qualification for ${NOT_FOUND}`)));
    assert.match(text, /isn't one of your customers/);
    assert.match(text, /[Cc]orrelation/);
  });

  it('says when to try again when Partner Center throttles', async () => {
    const text = cardText(cardOf(await ask(`qualification for ${THROTTLED}`)));
    assert.match(text, /57 seconds/);
  });

  it('answers bad input with the explanation card and no Partner Center call', async () => {
    const callsBefore = simulatorCalls();
    for (const bad of [
      'qualification for 12345',
      'qualification for ../../v1/customers',
      `qualification for ${'A/'.repeat(50 * 1024)}`,
    ]) {
      const text = cardText(cardOf(await ask(bad)));
      assert.match(text, /doesn't look like a customer tenant id/);
      assert.ok(text.length < 5000, 'the card does not echo 100 KB back');
    }
    assert.equal(simulatorCalls(), callsBefore);
  });

  it('a zh-TW user: the card in Traditional Chinese, and Partner Center asked with X-Locale zh-TW', async () => {
    const before = app.simulator?.requests.length ?? 0;
    const reply = await ask(`資格 ${GCC}`, { locale: 'zh-TW' });
    const text = cardText(cardOf(reply));
    assert.match(text, /示範資料 — 並非來自 Partner Center/);
    assert.match(text, /政府社群雲端 \(GCC\)[\s\S]*已核准/);
    assert.match(text, /在 Partner Center 中開啟/);
    const calls = (app.simulator?.requests ?? []).slice(before);
    assert.ok(calls.length >= 1);
    for (const call of calls) assert.equal(call.headers['x-locale'], 'zh-TW', call.path);
  });

  it(
    'several customers over the real server: one summary card; the unknown and the throttled one show their errors ' +
      'in their rows',
    async () => {
      const reply = await ask(`qualification for ${EDUCATION}, ${GCC}, ${NOT_FOUND}, ${THROTTLED}`);
      const text = cardText(cardOf(reply));
      assert.match(text, /4 customers, 2 couldn't be looked up/);
      assert.match(
        text,
        /Contoso School District[\s\S]*Education[\s\S]*Tailspin County Government[\s\S]*Government Community Cloud/,
      );
      assert.match(text, new RegExp(`${NOT_FOUND}\\nTry again\\nThis tenant isn't one of your customers`));
      assert.match(text, new RegExp(`${THROTTLED}\\nTry again\\nPartner Center is busy\\. Try again in 57 seconds\\.`));
    },
  );

  it("by domain over the real server: the simulator's customer search finds the customer", async () => {
    const reply = await ask('qualification for contoso.onmicrosoft.com');
    assert.match(cardText(cardOf(reply)), /The Contoso Corporation[\s\S]*Education/);
    const choice = await ask('qualification for bellowscollege.onmicrosoft.com');
    assert.match(
      cardText(cardOf(choice)),
      /Several of your customers use[\s\S]*Bellows College[\s\S]*Bellows College Alumni Foundation/,
    );
  });

  it('answers help with the help card', async () => {
    const text = cardText(cardOf(await ask('help')));
    assert.match(text, /qualification for/);
  });

  it('serves /healthz', async () => {
    const response = await fetch(`${botUrl}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', turnsInFlight: 0, mode: 'demo', inboundAuth: false });
  });

  it('rejects malformed JSON with 400 and a body that is not an activity with 400', async () => {
    assert.equal((await postActivity(botUrl, '{"type": "message", ')).status, 400);
    assert.equal((await postActivity(botUrl, {})).status, 400);
    assert.equal((await postActivity(botUrl, '[1,2]')).status, 400);
  });

  it('rejects an oversized body with 413', async () => {
    const huge = teamsMessage('x'.repeat(600 * 1024), { serviceUrl: connector.url });
    assert.equal((await postActivity(botUrl, huge)).status, 413);
  });

  it('returns replies in the HTTP body for deliveryMode expectReplies', async () => {
    const { status, text } = await postActivity(
      botUrl,
      teamsMessage(`qualification for ${EDUCATION}`, { serviceUrl: connector.url, deliveryMode: 'expectReplies' }),
    );
    assert.equal(status, 200);
    const body = JSON.parse(text) as { activities: Array<{ attachments?: Array<{ content: unknown }> }> };
    assert.match(cardText(body.activities[0]?.attachments?.[0]?.content), /Education/);
  });
});

describe('POST /api/messages with an app id (inbound authentication on)', () => {
  let app: RunningApp;
  let connector: BotConnectorStandIn;

  before(async () => {
    connector = new BotConnectorStandIn();
    await connector.start();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
      MicrosoftAppPassword: 'not-used-in-this-test',
      PARTNER_CENTER_AUTH: 'demo',
    });
    app = await startApp(config, createLogger('silent'));
  });

  after(async () => {
    await app?.stop(1000);
    await connector?.close();
  });

  it('rejects a request without a Bot Framework token with 401 and does no work', async () => {
    const { status } = await postActivity(
      app.host.url,
      teamsMessage(`qualification for ${EDUCATION}`, { serviceUrl: connector.url }),
    );
    assert.equal(status, 401);
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(connector.replies.length, 0);
    assert.equal(app.simulator?.requests.filter((r) => r.path.startsWith('/v1/')).length, 0);
  });

  it('reports inbound auth on /healthz', async () => {
    const body = (await (await fetch(`${app.host.url}/healthz`)).json()) as { inboundAuth: boolean };
    assert.equal(body.inboundAuth, true);
  });
});

describe('starting the server', () => {
  it('says clearly when the port is already taken', async () => {
    const first = await startApp(loadConfig({ PORT: '0', HOST: '127.0.0.1' }), createLogger('silent'));
    try {
      await assert.rejects(
        startApp(loadConfig({ PORT: String(first.host.port), HOST: '127.0.0.1' }), createLogger('silent')),
        new RegExp(`port ${first.host.port} is already in use: stop the other program or set PORT`),
      );
    } finally {
      await first.stop(100);
    }
  });
});
