import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import sinon from 'sinon';
import { startApp, type RunningApp } from '../../src';
import { DEMO_TOKEN } from '../../src/demo/demoTokenProvider';
import { loadConfig } from '../../src/config';
import { captureLogs } from '../helpers/logCapture';
import { TENANT_ID, USER_AAD_ID, postActivity, teamsMessage } from '../helpers/activities';
import { BotProcess, killAllBots } from '../helpers/botProcess';
import { ChannelStandIn } from '../helpers/channelStandIn';
import { EntraStandIn } from '../helpers/entraStandIn';
import {
  FakePartnerCenter,
  customerProfile,
  requireToken,
  type FakeReply,
  type RecordedRequest,
} from '../helpers/fakePartnerCenter';
import { fixtureBytes, fixtureJson } from '../helpers/fakePartnerCenterFixtures';

/**
 * Logs: lookups run with known fake tokens and secrets, the log stream is captured, and none of
 * them may appear in it. Every line written while a request is processed carries its correlation
 * id, and every lookup writes one audit line.
 *
 * 1. In-process: the real server with a pino destination stream, at trace level, WITHOUT the
 *    value scrubbing index.ts adds (so this shows that no code path logs them in the first place).
 * 2. The real bot as a child process in app mode (Entra, Partner Center and channel stand-ins), at
 *    trace level, as shipped: everything it writes to stdout and stderr is checked.
 */

const APP_ID = '11111111-2222-4333-8444-555555555555';
const PARTNER_TENANT_ID = '7d1c3b2a-1111-4a2b-9c3d-00000000a001';
const CLIENT_ID = '5e2f4c3b-2222-4b3c-8d4e-00000000c001';
/** One customer that answers and three that fail (the demo simulator's customers in demo mode). */
const CUSTOMERS = {
  ok: '00000000-0000-4000-8000-000000000001',
  notFound: '00000000-0000-4000-8000-000000000404',
  forbidden: '00000000-0000-4000-8000-000000000403',
  throttled: '00000000-0000-4000-8000-000000000429',
};

/** What Partner Center answers for each failing customer, for any of its resources. */
const FAILURES: Readonly<Record<string, FakeReply>> = {
  [CUSTOMERS.notFound]: { status: 404, body: fixtureBytes('error-404-customer-CONSTRUCTED.json') },
  [CUSTOMERS.forbidden]: { status: 403, body: fixtureBytes('error-403-no-relationship-observed.json') },
  [CUSTOMERS.throttled]: {
    status: 429,
    headers: { 'Retry-After': '57' },
    body: fixtureBytes('error-429-throttled.json'),
  },
};

/** The child process's Partner Center (behind requireToken): the customers above. */
function partnerCenterAnswer(request: RecordedRequest): FakeReply {
  const id = /^\/v1\/customers\/([0-9a-f-]{36})/.exec(request.url)?.[1] ?? '';
  const failure = FAILURES[id];
  if (failure) return { ...failure, headers: { 'Content-Type': 'application/json', ...failure.headers } };
  if (request.url === `/v1/customers/${id}`) return customerProfile(request);
  return { json: fixtureJson('qualifications-get-approved.json') };
}
/** Lines written before any request (start-up); every other line must carry a correlation id. */
const START_UP_LINES = new Set([
  'bot listening',
  'access policy',
  'watching: one Partner Center call per watched customer per poll',
]);

function knownSecrets() {
  return {
    botSecret: `bot-secret-${randomUUID()}`,
    partnerCenterSecret: `pc-secret-${randomUUID()}`,
    fakeInboundToken: `fake-inbound-token-${randomUUID()}`,
  };
}

function parseLines(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        assert.fail(`a log line is not JSON: ${line.slice(0, 300)}`);
      }
    });
}

function assertAbsent(text: string, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    assert.ok(!text.includes(value), `${name} appears in the log`);
  }
}

function assertCorrelated(
  lines: Array<Record<string, unknown>>,
  ignore: (line: Record<string, unknown>) => boolean,
): void {
  for (const line of lines) {
    if (ignore(line)) continue;
    assert.match(
      String(line.correlationId),
      /^[0-9a-f-]{36}$/,
      `a line without a correlation id: ${JSON.stringify(line).slice(0, 300)}`,
    );
  }
}

function assertAuditLines(
  lines: Array<Record<string, unknown>>,
  customers: readonly string[],
): Array<Record<string, unknown>> {
  const audit = lines.filter((line) => line.event === 'lookup');
  assert.deepEqual(audit.map((line) => line.customerId).sort(), [...customers].sort(), 'one audit line per lookup');
  for (const line of audit) {
    assert.equal(line.user, USER_AAD_ID, 'who asked (Entra object id)');
    assert.equal(typeof line.outcome, 'string');
    assert.equal(typeof line.durationMs, 'number');
    assert.match(String(line.correlationId), /^[0-9a-f-]{36}$/);
  }
  return audit;
}

describe('logs never contain tokens or secrets (in-process, captured pino stream)', () => {
  const secrets = knownSecrets();
  const { logger, lines: raw } = captureLogs('trace');
  let channel: ChannelStandIn;
  let app: RunningApp;
  let consoleError: sinon.SinonStub;

  before(async () => {
    channel = await ChannelStandIn.start(APP_ID);
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: secrets.botSecret,
      PARTNER_CENTER_AUTH: 'demo',
      PARTNER_CENTER_CLIENT_ID: CLIENT_ID,
      PARTNER_CENTER_CLIENT_SECRET: secrets.partnerCenterSecret,
      PARTNER_CENTER_TENANT_ID: PARTNER_TENANT_ID,
      ...channel.botFrameworkSettings(),
    });
    app = await startApp(config, logger);
    consoleError = sinon.stub(console, 'error');
  });

  after(async () => {
    consoleError?.restore();
    await app?.stop(1000);
    await channel?.close();
  });

  it('logs lookups with valid and bad tokens without any of them, each line with its correlation id', async () => {
    const serviceUrl = 'http://127.0.0.1:9/never-called';
    const used: Record<string, string> = { ...secrets, demoPartnerCenterToken: DEMO_TOKEN };
    const ask = async (customerId: string, authorization: string, expected: number) => {
      const activity = teamsMessage(`qualification for ${customerId}`, { serviceUrl, deliveryMode: 'expectReplies' });
      const { status } = await postActivity(app.host.url, activity, { Authorization: authorization });
      assert.equal(status, expected);
    };
    for (const [name, customerId] of Object.entries(CUSTOMERS)) {
      const token = channel.token({ serviceUrl });
      used[`channel token (${name})`] = token;
      await ask(customerId, `Bearer ${token}`, 200);
    }
    const forged = channel.token({ serviceUrl, key: 'forgedSameKid' });
    const expired = channel.token({ serviceUrl, expiresInSeconds: -3600 });
    Object.assign(used, { forged, expired });
    await ask(CUSTOMERS.ok, `Bearer ${forged}`, 401);
    await ask(CUSTOMERS.ok, `Bearer ${expired}`, 401);
    await ask(CUSTOMERS.ok, `Bearer ${secrets.fakeInboundToken}`, 401);
    await ask(CUSTOMERS.ok, secrets.botSecret, 401);

    const text = raw.join('');
    assert.ok(raw.length > 10, `only ${raw.length} lines were captured`);
    assertAbsent(text, used);

    const lines = parseLines(text);
    assertCorrelated(lines, (line) => START_UP_LINES.has(String(line.msg)) || String(line.msg).startsWith('DEMO MODE'));
    const audit = assertAuditLines(lines, Object.values(CUSTOMERS));
    assert.equal(audit.find((line) => line.customerId === CUSTOMERS.ok)?.outcome, 'ok');
    assert.equal(audit.find((line) => line.customerId === CUSTOMERS.notFound)?.outcome, 'notFound');
    for (const line of audit) assert.match(String(line.requestId), /^[0-9a-f-]{36}$/, 'the Partner Center request id');

    // The audit line's correlation id is the one Partner Center received (MS-CorrelationId).
    const received = new Set(app.simulator?.requests.map((r) => r.headers['ms-correlationid']));
    for (const line of audit)
      assert.ok(received.has(String(line.correlationId)), 'audit and Partner Center correlation ids differ');
    assert.equal(lines.filter((line) => line.msg === 'request rejected: no valid Bot Framework token').length, 4);
  });
});

describe('logs never contain tokens or secrets (bot child process, app mode, trace level)', function () {
  this.timeout(60000);

  const secrets = knownSecrets();
  const accessToken = `stand-in-access-token-${randomUUID()}`;
  let entra: EntraStandIn;
  let channel: ChannelStandIn;
  let partnerCenter: FakePartnerCenter;

  before(async () => {
    entra = new EntraStandIn({
      tenantId: PARTNER_TENANT_ID,
      clientId: CLIENT_ID,
      clientSecret: secrets.partnerCenterSecret,
      accessToken,
    });
    await entra.start();
    channel = await ChannelStandIn.start(APP_ID);
    partnerCenter = (await FakePartnerCenter.start()).replyAlways(requireToken(accessToken, partnerCenterAnswer));
  });

  after(async () => {
    await killAllBots();
    await partnerCenter?.close();
    await channel?.close();
    await entra?.close();
  });

  it('writes only JSON lines, with correlation ids and audit lines, and none of the tokens or secrets', async () => {
    const bot = await BotProcess.start({
      logLevel: 'trace',
      env: {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: secrets.botSecret,
        PARTNER_CENTER_AUTH: 'app',
        PARTNER_CENTER_CLIENT_ID: CLIENT_ID,
        PARTNER_CENTER_CLIENT_SECRET: secrets.partnerCenterSecret,
        PARTNER_CENTER_TENANT_ID: PARTNER_TENANT_ID,
        AAD_AUTHORITY_HOST: entra.authorityHost,
        PARTNER_CENTER_BASE_URL: partnerCenter.url,
        ALLOWED_TENANT_IDS: TENANT_ID,
        NODE_EXTRA_CA_CERTS: entra.caPath,
        ...channel.botFrameworkSettings(),
      },
    });
    const serviceUrl = 'http://127.0.0.1:9/never-called';
    const used: Record<string, string> = { ...secrets, accessToken };
    const ask = async (customerId: string, authorization: string) => {
      const activity = teamsMessage(`qualification for ${customerId}`, { serviceUrl, deliveryMode: 'expectReplies' });
      return (await postActivity(bot.url, activity, { Authorization: authorization })).status;
    };
    for (const [name, customerId] of Object.entries(CUSTOMERS)) {
      const token = channel.token({ serviceUrl });
      used[`channel token (${name})`] = token;
      assert.equal(await ask(customerId, `Bearer ${token}`), 200);
    }
    const forged = channel.token({ serviceUrl, key: 'forgedSameKid' });
    const expired = channel.token({ serviceUrl, expiresInSeconds: -3600 });
    Object.assign(used, { forged, expired });
    assert.equal(await ask(CUSTOMERS.ok, `Bearer ${forged}`), 401);
    assert.equal(await ask(CUSTOMERS.ok, `Bearer ${expired}`), 401);
    assert.equal(await ask(CUSTOMERS.ok, `Bearer ${secrets.fakeInboundToken}`), 401);
    assert.equal(await bot.stop('SIGTERM'), 0);

    // The one customer that answers: its qualifications and its company name, each read with the token.
    assert.deepEqual(
      partnerCenter.requests
        .filter((r) => r.status === 200)
        .map((r) => r.url)
        .sort(),
      [`/v1/customers/${CUSTOMERS.ok}`, `/v1/customers/${CUSTOMERS.ok}/qualifications`],
      'the lookups reached Partner Center with the token',
    );
    assertAbsent(bot.output, used);
    assert.equal(bot.stderr.trim(), '', 'nothing unstructured on stderr');
    const lines = parseLines(bot.stdout);
    assertCorrelated(
      lines,
      (line) =>
        START_UP_LINES.has(String(line.msg)) ||
        /^(shutting down|stopped)/.test(String(line.msg)) ||
        (String(line.msg) === 'library console output' && /DeprecationWarning/.test(String(line.console))),
    );
    assertAuditLines(lines, Object.values(CUSTOMERS));
    // botbuilder's own console output for the expired and forged tokens arrived as structured lines of their requests.
    assert.ok(
      lines.some(
        (line) =>
          line.msg === 'library console output' &&
          /expired/.test(String(line.console)) &&
          typeof line.correlationId === 'string',
      ),
    );
  });
});

describe(
  'requests the host refuses or cannot answer: clean 4xx/5xx, and no body or token in any log line (bot ' +
    'child process, inbound auth on, trace level)',
  function () {
    this.timeout(60000);

    const secrets = knownSecrets();
    let channel: ChannelStandIn;

    before(async () => {
      channel = await ChannelStandIn.start(APP_ID);
    });

    after(async () => {
      await killAllBots();
      await channel?.close();
    });

    /** POSTs `body` as it is, with the channel token. */
    async function post(
      bot: BotProcess,
      body: string,
      token: string,
      contentType = 'application/json',
    ): Promise<{ status: number; text: string }> {
      const response = await fetch(`${bot.url}/api/messages`, {
        method: 'POST',
        headers: { 'Content-Type': contentType, Authorization: `Bearer ${token}` },
        body,
      });
      return { status: response.status, text: await response.text() };
    }

    it('a deeply nested conversation (expectReplies), malformed JSON, a too-large or non-JSON body', async () => {
      const bot = await BotProcess.start({
        logLevel: 'trace',
        env: {
          MicrosoftAppId: APP_ID,
          MicrosoftAppPassword: secrets.botSecret,
          PARTNER_CENTER_AUTH: 'demo',
          ALLOWED_TENANT_IDS: '*',
          ...channel.botFrameworkSettings(),
        },
      });
      const serviceUrl = 'http://127.0.0.1:9/never-called';
      const token = channel.token({ serviceUrl });
      const marker = `BODY-MARKER-${randomUUID()}`;
      const activity = (conversationExtra: string) =>
        JSON.stringify({
          ...teamsMessage('help', { serviceUrl, deliveryMode: 'expectReplies' }),
          channelData: { marker },
        }).replace('"conversation":{', `"conversation":{${conversationExtra}`);
      const nested = (depth: number) =>
        `"deep":${'{"id":"c","inner":'.repeat(depth)}{"id":"leaf"}${'}'.repeat(depth)},`;

      // Before: restify's own logger wrote the raw body and the Authorization header in one ~260 KB
      // line, and the answer was an empty 500.
      const deep = await post(bot, activity(nested(5000)), token);
      assert.equal(deep.status, 400, deep.text);
      assert.match((JSON.parse(deep.text) as { error: string }).error, /nested more than 64 levels deep/);

      // Deep, but within what real activities could need: answered as usual.
      const fine = await post(bot, activity(nested(50)), token);
      assert.equal(fine.status, 200, fine.text);
      assert.ok(Array.isArray((JSON.parse(fine.text) as { activities?: unknown }).activities));

      const malformed = await post(bot, `{"marker":"${marker}", "type": "message",`, token);
      assert.equal(malformed.status, 400);
      const tooLarge = await post(bot, activity(`"padding":"${marker}${'x'.repeat(600 * 1024)}",`), token);
      assert.equal(tooLarge.status, 413);
      const notJson = await post(bot, `type=message&marker=${marker}`, token, 'application/x-www-form-urlencoded');
      assert.equal(notJson.status, 415);
      assert.equal(await bot.stop('SIGTERM'), 0);

      assertAbsent(bot.output, { token, marker, botSecret: secrets.botSecret });
      assert.equal(bot.stderr.trim(), '', 'nothing unstructured on stderr');
      const lines = bot.stdout.split('\n').filter((line) => line.trim() !== '');
      for (const line of lines)
        assert.ok(line.length < 8192, `a ${line.length}-character log line: ${line.slice(0, 300)}`);
      const records = parseLines(bot.stdout);
      assert.ok(
        records.some((line) => line.problem === 'objects and arrays must not be nested more than 64 levels deep'),
      );
      assert.ok(
        !records.some(
          (line) => 'req' in line && typeof line.req === 'object' && line.req !== null && '_body' in line.req,
        ),
        'restify logged a request',
      );
    });
  },
);
