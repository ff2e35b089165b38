import assert from 'node:assert/strict';
import sinon from 'sinon';
import { startApp, type RunningApp } from '../../src';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/shared/logger';
import { captureLogs } from '../helpers/logCapture';
import { TENANT_ID, postActivity, teamsMessage } from '../helpers/activities';
import { BotConnectorStandIn, cardText } from '../helpers/botConnector';
import { ChannelStandIn } from '../helpers/channelStandIn';

/**
 * Inbound authentication of the real server (restify + CloudAdapter + access gate + bot + demo
 * simulator) against a local stand-in of the Bot Framework channel's OpenID metadata and signing
 * keys (test/helpers/channelStandIn.ts). A valid channel token is accepted; every kind of bad
 * token gets 401 before any turn runs: no reply, no Partner Center call.
 */

const APP_ID = '11111111-2222-4333-8444-555555555555';
const OTHER_APP_ID = '99999999-2222-4333-8444-555555555555';
const OTHER_TENANT = '99999999-8888-4777-8666-555555555555';
const EDUCATION = '00000000-0000-4000-8000-000000000001';

describe('inbound authentication with a local Bot Framework channel stand-in', () => {
  let channel: ChannelStandIn;
  let connector: BotConnectorStandIn;
  let app: RunningApp;
  const { logger, lines: logLines } = captureLogs();
  let consoleError: sinon.SinonStub;

  before(async () => {
    channel = await ChannelStandIn.start(APP_ID);
    connector = new BotConnectorStandIn();
    await connector.start();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'bot-secret-not-used-here',
      PARTNER_CENTER_AUTH: 'demo',
      ALLOWED_TENANT_IDS: TENANT_ID,
      ...channel.botFrameworkSettings(),
    });
    app = await startApp(config, logger);
  });

  beforeEach(() => {
    // botbuilder console.error()s some failures (index.ts routes that into the log); keep the test output clean.
    consoleError = sinon.stub(console, 'error');
  });

  afterEach(() => {
    consoleError.restore();
  });

  after(async () => {
    await app?.stop(1000);
    await connector?.close();
    await channel?.close();
  });

  function partnerCenterCalls(): number {
    // Qualification calls (each lookup also reads the company name, remembered afterwards).
    return (
      app.simulator?.requests.filter((r) => r.path.startsWith('/v1/') && r.path.endsWith('/qualifications')).length ?? 0
    );
  }

  /** A lookup as Teams sends it; replies would go to the connector stand-in. */
  function lookup(options: { channelId?: string; expectReplies?: boolean } = {}): Record<string, unknown> {
    return teamsMessage(`qualification for ${EDUCATION}`, {
      serviceUrl: connector.url,
      channelId: options.channelId,
      ...(options.expectReplies && { deliveryMode: 'expectReplies' as const }),
    });
  }

  it('accepts a valid channel token and answers (expectReplies: the reply comes back in the HTTP body)', async () => {
    const before = partnerCenterCalls();
    const activity = lookup({ expectReplies: true });
    const { status, text } = await postActivity(app.host.url, activity, {
      Authorization: `Bearer ${channel.token({ serviceUrl: connector.url })}`,
    });
    assert.equal(status, 200, text);
    const body = JSON.parse(text) as { activities: Array<{ attachments?: Array<{ content: unknown }> }> };
    assert.equal(body.activities.length, 1);
    assert.match(cardText(body.activities[0]?.attachments?.[0]?.content), /Education/);
    assert.equal(partnerCenterCalls(), before + 1);
    assert.ok(channel.requests.includes('/v1/.well-known/openidconfiguration'), 'the keys came from the stand-in');
    assert.ok(channel.requests.includes('/v1/.well-known/keys'));
  });

  const badTokens: Array<[string, (serviceUrl: string) => string | undefined, { channelId?: string }?]> = [
    ['no Authorization header', () => undefined],
    ['an empty bearer token', () => 'Bearer '],
    ['a token that is not a JWT', () => 'Bearer not-a-jwt'],
    ['another scheme', (serviceUrl) => `Basic ${channel.token({ serviceUrl })}`],
    [
      'a forged token (right kid, signed with another key)',
      (serviceUrl) => `Bearer ${channel.token({ serviceUrl, key: 'forgedSameKid' })}`,
    ],
    [
      'a forged token (unknown key)',
      (serviceUrl) => `Bearer ${channel.token({ serviceUrl, key: 'forgedUnknownKid' })}`,
    ],
    ['an expired token', (serviceUrl) => `Bearer ${channel.token({ serviceUrl, expiresInSeconds: -3600 })}`],
    [
      'a token for another bot (wrong audience)',
      (serviceUrl) => `Bearer ${channel.token({ serviceUrl, audience: OTHER_APP_ID })}`,
    ],
    [
      'a token from another issuer',
      (serviceUrl) => `Bearer ${channel.token({ serviceUrl, issuer: 'https://evil.example' })}`,
    ],
    [
      'a token signed by a key not endorsed for msteams',
      (serviceUrl) => `Bearer ${channel.token({ serviceUrl, key: 'webchatOnly' })}`,
    ],
    [
      'a valid msteams key used for another channel',
      (serviceUrl) => `Bearer ${channel.token({ serviceUrl })}`,
      { channelId: 'webchat' },
    ],
    ['an unsigned token (alg: none, real kid)', (serviceUrl) => `Bearer ${channel.unsignedToken({ serviceUrl })}`],
    [
      'a token for another serviceUrl',
      () => `Bearer ${channel.token({ serviceUrl: 'https://smba.trafficmanager.net/emea/' })}`,
    ],
  ];
  for (const [why, authorization, options] of badTokens) {
    it(`answers 401 to ${why}, with no reply and no Partner Center call`, async () => {
      const before = partnerCenterCalls();
      const repliesBefore = connector.replies.length;
      const linesBefore = logLines.length;
      const header = authorization(connector.url);
      const { status, text } = await postActivity(
        app.host.url,
        lookup(options),
        header === undefined ? {} : { Authorization: header },
      );
      assert.equal(status, 401, text);
      assert.deepEqual(JSON.parse(text), { error: 'Unauthorized' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(partnerCenterCalls(), before, 'Partner Center was called');
      assert.equal(connector.replies.length, repliesBefore, 'the bot replied');
      const lines = logLines.slice(linesBefore).map((line) => JSON.parse(line) as Record<string, unknown>);
      const rejected = lines.find((l) => l.msg === 'request rejected: no valid Bot Framework token');
      assert.ok(rejected, 'the rejection is logged as one structured line');
      assert.match(String(rejected.correlationId), /^[0-9a-f-]{36}$/);
      if (header) assert.ok(!logLines.join('').includes(header.split(' ')[1] || '\u0000'), 'the token was logged');
    });
  }

  it('refuses a validly signed message from a tenant that is not allowed, without calling Partner Center', async () => {
    const before = partnerCenterCalls();
    const activity = lookup({ expectReplies: true });
    (activity.conversation as Record<string, unknown>).tenantId = OTHER_TENANT;
    activity.channelData = { tenant: { id: OTHER_TENANT } };
    const { status, text } = await postActivity(app.host.url, activity, {
      Authorization: `Bearer ${channel.token({ serviceUrl: connector.url })}`,
    });
    assert.equal(status, 200);
    const body = JSON.parse(text) as { activities: Array<{ text?: string; attachments?: unknown[] }> };
    assert.equal(body.activities.length, 1);
    assert.match(
      body.activities[0]?.text ?? '',
      /isn't available to your organization.*correlation id: [0-9a-f-]{36}$/,
    );
    assert.equal(body.activities[0]?.attachments, undefined);
    assert.equal(partnerCenterCalls(), before);
  });

  it('answers 503 (and does no work) when the signing keys cannot be loaded', async () => {
    const gone = await ChannelStandIn.start(APP_ID);
    const settings = gone.botFrameworkSettings();
    const serviceUrl = connector.url;
    const token = gone.token({ serviceUrl });
    await gone.close();
    const offline = await startApp(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'x',
        PARTNER_CENTER_AUTH: 'demo',
        ...settings,
      }),
      createLogger('silent'),
    );
    try {
      const { status } = await postActivity(offline.host.url, lookup(), { Authorization: `Bearer ${token}` });
      assert.equal(status, 503);
      assert.equal(offline.simulator?.requests.length, 0);
    } finally {
      await offline.stop(500);
    }
  });
});
