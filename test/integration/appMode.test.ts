import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { teamsMessage } from '../helpers/activities';
import {
  APP_MODE_ACCESS_TOKEN as ACCESS_TOKEN,
  APP_MODE_CLIENT_ID as CLIENT_ID,
  APP_MODE_CLIENT_SECRET as CLIENT_SECRET,
  AppModeStandIns,
} from '../helpers/appModeStandIns';
import { type BotConnectorStandIn, cardOf, cardText, type CapturedReply } from '../helpers/botConnector';
import { BotProcess, killAllBots } from '../helpers/botProcess';
import { CLIENT_CREDENTIALS, type EntraStandIn } from '../helpers/entraStandIn';
import { FakePartnerCenter, customerProfile, requireToken } from '../helpers/fakePartnerCenter';
import { fixtureJson } from '../helpers/fakePartnerCenterFixtures';

/**
 * The real bot as a child process in PARTNER_CENTER_AUTH=app mode: MSAL gets its token from a
 * local Entra stand-in (HTTPS, self-signed certificate trusted through NODE_EXTRA_CA_CERTS), the
 * Partner Center calls go to the fake Partner Center (which demands exactly that token), and the
 * replies go to a Bot Connector stand-in named by each activity's serviceUrl.
 */

/** Education, Approved (the documentation's example answer). */
const EDUCATION_APPROVED = '00000000-0000-4000-8000-000000000001';
const WRONG_SECRET = `wrong-secret-${randomUUID()}`;

const LOOKUPS = 1000;
const BURST = 100;
const CONCURRENCY = 50;
const TOKEN_DELAY_MS = 300;

describe('app-only Partner Center sign-in (bot child process, Entra and Partner Center stand-ins)', function () {
  this.timeout(60000);

  let standIns: AppModeStandIns;
  let entra: EntraStandIn;
  let connector: BotConnectorStandIn;
  const fakes: FakePartnerCenter[] = [];

  before(async () => {
    standIns = await AppModeStandIns.start({ tokenDelayMs: TOKEN_DELAY_MS });
    ({ entra, connector } = standIns);
  });

  beforeEach(() => {
    entra.requests.length = 0;
    connector.replies.length = 0;
  });

  after(async () => {
    await killAllBots();
    await Promise.all(fakes.map((fake) => fake.close()));
    await standIns?.close();
  });

  /** Partner Center for the one customer: its company name and its qualification, for the stand-in's token only. */
  async function startPartnerCenter(): Promise<FakePartnerCenter> {
    const fake = await FakePartnerCenter.start();
    fakes.push(fake);
    const qualifications = fixtureJson('qualifications-get-approved.json');
    return fake.replyAlways(
      requireToken(ACCESS_TOKEN, (request) =>
        request.url === `/v1/customers/${EDUCATION_APPROVED}` ? customerProfile(request) : { json: qualifications },
      ),
    );
  }

  function startBot(partnerCenter: FakePartnerCenter, secret: string, logLevel: string): Promise<BotProcess> {
    return BotProcess.start({
      logLevel,
      env: {
        // 1,000 lookups come from one test user: the stand-ins' environment has no per-user rate limit.
        ...standIns.botEnv(partnerCenter, { clientSecret: secret }),
        // This test is about sharing one token: once it arrives, the whole burst's requests go out
        // together, not 10 at a time (the outbound bound is tested in faultInjection.test.ts).
        PARTNER_CENTER_MAX_CONCURRENCY: String(BURST),
      },
    });
  }

  /** POSTs one lookup; resolves with the activity id once the bot has answered the HTTP request. */
  async function postLookup(bot: BotProcess, customerId: string): Promise<string> {
    const activity = teamsMessage(`qualification for ${customerId}`, { serviceUrl: connector.url });
    const response = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(activity),
    });
    await response.arrayBuffer();
    assert.equal(response.status, 200, `POST /api/messages answered ${response.status}`);
    return activity.id as string;
  }

  it(`makes ONE token request for ${LOOKUPS} concurrent lookups, and every lookup carries that token`, async () => {
    const partnerCenter = await startPartnerCenter();
    const bot = await startBot(partnerCenter, CLIENT_SECRET, 'info');

    // 1. A burst posted all at once: every turn asks for a token before the first (300 ms late) arrives.
    const postedIds = await Promise.all(Array.from({ length: BURST }, () => postLookup(bot, EDUCATION_APPROVED)));
    // 2. The rest, CONCURRENCY at a time.
    let remaining = LOOKUPS - BURST;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (remaining > 0) {
          remaining--;
          postedIds.push(await postLookup(bot, EDUCATION_APPROVED));
        }
      }),
    );
    const replies = await connector.waitForReplies(LOOKUPS, 20000);
    const partnerCenterCalls = partnerCenter.requests;

    // Entra: one discovery document, exactly ONE token request, answered 200.
    const tokenRequests = entra.tokenRequests();
    assert.equal(tokenRequests.length, 1, `token requests for ${LOOKUPS} lookups: ${tokenRequests.length}`);
    assert.equal(tokenRequests[0]?.grantType, CLIENT_CREDENTIALS);
    assert.equal(tokenRequests[0]?.clientId, CLIENT_ID);
    assert.equal(tokenRequests[0]?.scope, 'https://api.partnercenter.microsoft.com/.default');
    assert.equal(tokenRequests[0]?.status, 200);
    assert.equal(entra.requests.filter((r) => r.kind === 'openid-configuration').length, 1);

    // The burst really overlapped the token request: all of its lookups waited for that one token.
    const tokenAnsweredAt = tokenRequests[0]?.answeredAt ?? Infinity;
    const burstCalls = partnerCenterCalls.slice(0, BURST);
    assert.ok(
      burstCalls.every((call) => call.receivedAt.getTime() >= tokenAnsweredAt - 5),
      'no lookup of the burst reached Partner Center before the token was issued',
    );
    const waitedForToken = burstCalls.filter((call) => call.receivedAt.getTime() - tokenAnsweredAt < 3000).length;
    assert.ok(
      waitedForToken >= BURST / 2,
      `only ${waitedForToken} of the first ${BURST} lookups were waiting for the token`,
    );

    // Partner Center: one qualification call per lookup, and the company name read once (the
    // lookups share one request in flight, then the remembered name); each call accepted (the
    // fake demands the stand-in's token).
    const withToken = `Bearer ${ACCESS_TOKEN}`;
    const profileCalls = partnerCenterCalls.filter((call) => call.url === `/v1/customers/${EDUCATION_APPROVED}`);
    assert.equal(profileCalls.length, 1, `company-name calls: ${profileCalls.length}`);
    assert.ok(profileCalls.every((call) => call.headers.authorization === withToken && call.status === 200));
    const qualificationCalls = partnerCenterCalls.filter((call) => !profileCalls.includes(call));
    assert.equal(qualificationCalls.length, LOOKUPS, `Partner Center calls: ${qualificationCalls.length}`);
    for (const call of qualificationCalls) {
      assert.equal(call.method, 'GET');
      assert.equal(call.url, `/v1/customers/${EDUCATION_APPROVED}/qualifications`);
      assert.equal(call.headers.authorization, withToken);
      assert.equal(
        call.status,
        200,
        `a Partner Center call was answered ${call.status} (wrong or missing bearer token?)`,
      );
    }

    // Replies: exactly one Adaptive Card per posted activity, with the qualification, not demo-labelled.
    assert.equal(replies.length, LOOKUPS);
    assert.equal(connector.replies.length, LOOKUPS, 'no extra replies');
    assert.deepEqual(new Set(replies.map((r) => r.activity.replyToId)), new Set(postedIds));
    for (const reply of replies) assertQualificationCard(reply);

    assert.ok(!bot.output.includes(CLIENT_SECRET), 'the client secret appears in the bot output');
    assert.ok(!bot.output.includes(ACCESS_TOKEN), 'the access token appears in the bot output');
    assert.equal(await bot.stop('SIGTERM'), 0);
    // How fast is the bench's business (npm run bench), not this test's.
  });

  it(
    'answers with a sign-in error card when the client secret is wrong, without calling Partner Center or logging ' +
      'the secret',
    async () => {
      const partnerCenter = await startPartnerCenter();
      // trace: the most verbose level, so anything that could leak would be written.
      const bot = await startBot(partnerCenter, WRONG_SECRET, 'trace');

      await postLookup(bot, EDUCATION_APPROVED);
      const [reply] = await connector.waitForReplies(1, 10000);
      assert.ok(reply);
      const card = cardOf(reply);
      assert.ok(card, 'the reply carries an Adaptive Card');
      const text = cardText(card);
      assert.match(text, /The bot couldn.t sign in to Partner Center/);
      assert.match(text, /client id and client secret/);
      assert.match(text, /AADSTS7000215/);
      assert.doesNotMatch(text, /Approved|Demo data/);

      const tokenRequests = entra.tokenRequests();
      assert.ok(tokenRequests.length >= 1, 'the bot asked Entra for a token');
      for (const request of tokenRequests) {
        assert.equal(request.clientId, CLIENT_ID);
        assert.equal(request.status, 401);
      }
      assert.deepEqual(partnerCenter.requests, [], 'Partner Center was called without a token');

      assert.equal(await bot.stop('SIGTERM'), 0);
      assert.ok(bot.stdout.length > 0, 'the bot wrote logs (trace level)');
      for (const secret of [WRONG_SECRET, CLIENT_SECRET]) {
        assert.ok(!bot.output.includes(secret), 'a client secret appears in the bot output');
      }
    },
  );
});

function assertQualificationCard(reply: CapturedReply): void {
  const card = cardOf(reply);
  assert.ok(card, 'the reply carries an Adaptive Card');
  assert.equal(card.type, 'AdaptiveCard');
  const text = cardText(card);
  assert.match(text, /Education/);
  assert.match(text, /Approved/);
  assert.ok(text.includes(EDUCATION_APPROVED), 'the card names the customer');
  assert.doesNotMatch(text, /Demo data/);
  assert.doesNotMatch(text, /couldn.t|went wrong/);
}
