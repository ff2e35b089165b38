import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { teamsMessage } from '../helpers/activities';
import { Azurite } from '../helpers/azurite';
import { BotConnectorStandIn, cardOf, cardText, type CapturedReply } from '../helpers/botConnector';
import { BotProcess, freePort, killAllBots, probe } from '../helpers/botProcess';
import { ChannelStandIn } from '../helpers/channelStandIn';
import type { OnBehalfOfRequest, TokenAnswer } from '../helpers/entraStandIn';
import { FakePartnerCenter } from '../helpers/fakePartnerCenter';
import { INSTANCE_HEADER, RoundRobinFront } from '../helpers/roundRobinFront';
import { TokenServiceStandIn } from '../helpers/tokenServiceStandIn';
import { APP_SECRET, CONNECTION, UserModeStandIns } from '../helpers/userModeStandIns';

/**
 * Several instances, one bot (STATE_STORAGE=blob): two real bot processes with inbound
 * authentication and user sign-in on, one Azurite (Azure Blob Storage's emulator, from
 * node_modules, data on disk so a restart keeps it as Azure does), and a round-robin front that
 * sends each request to the next instance — what App Service or a Kubernetes Service does. The
 * channel, Entra, the token service and Partner Center are the same local stand-ins as in
 * userSignIn.test.ts. Each scenario prints what it measured: token exchanges, answers, lost requests.
 */

const CUSTOMER = '00000000-0000-4000-8000-000000000001';
const CONTAINER = 'scale-out-test';
const START_TIMEOUT_MS = 60000;

interface TestUser {
  readonly name: string;
  readonly id: string;
  readonly aadObjectId: string;
  readonly userToken: string;
  readonly partnerCenterToken: string;
}

describe('several instances, one bot: state on Blob Storage (2 bot processes, Azurite, round-robin)', function () {
  this.timeout(180000);

  let azurite: Azurite;
  let standIns: UserModeStandIns;
  let channel: ChannelStandIn;
  let tokenService: TokenServiceStandIn;
  let connector: BotConnectorStandIn;
  let partnerCenter: FakePartnerCenter;
  let front: RoundRobinFront;
  const bots: BotProcess[] = [];
  const users = new Map<string, TestUser>();
  let env: Record<string, string>;

  function user(name: string): TestUser {
    const created: TestUser = {
      name,
      id: `29:${name}-${randomUUID()}`,
      aadObjectId: randomUUID(),
      userToken: `user-token-${name}-${randomUUID()}`,
      partnerCenterToken: `pc-token-${name}-${randomUUID()}`,
    };
    users.set(created.userToken, created);
    return created;
  }

  function onBehalfOf(request: OnBehalfOfRequest): TokenAnswer {
    const owner = users.get(request.assertion);
    if (!owner) return { status: 400, body: { error: 'invalid_grant', error_codes: [50013] } };
    return {
      status: 200,
      body: { token_type: 'Bearer', expires_in: 3600, access_token: owner.partnerCenterToken, scope: request.scope },
    };
  }

  before(async () => {
    standIns = await UserModeStandIns.start({ onBehalfOf });
    ({ channel, tokenService, connector, partnerCenter } = standIns);
    partnerCenter.replyAlways((request) => {
      const known = [...users.values()].some((u) => request.headers.authorization === `Bearer ${u.partnerCenterToken}`);
      if (!known) return { status: 401, json: { code: 900421, description: 'Unauthorized', source: 'PartnerFD' } };
      if (/\/v1\/customers\/[0-9a-f-]{36}$/i.test(request.url)) {
        return { json: { id: CUSTOMER, companyProfile: { tenantId: CUSTOMER, companyName: 'Scaled Out Ltd' } } };
      }
      return { json: [{ qualification: 'Education', vettingStatus: 'Approved', vettingCreateDate: '2026-01-05' }] };
    });
    azurite = await Azurite.start({ onDisk: true });
    env = {
      ...standIns.botEnv(),
      STATE_STORAGE: 'blob',
      STATE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      STATE_STORAGE_CONTAINER: CONTAINER,
    };
    // One after the other, with room: two processes compiling TypeScript at once on a busy machine are slow.
    for (let i = 0; i < 2; i++) bots.push(await BotProcess.start({ env, startTimeoutMs: START_TIMEOUT_MS }));
    front = await RoundRobinFront.start(bots.map((bot) => bot.url));
  });

  after(async () => {
    await killAllBots();
    await Promise.all([front?.close(), standIns?.close(), azurite?.stop()]);
  });

  function chat(): { id: string } {
    return { id: `a:${randomUUID()}` };
  }

  function message(from: TestUser, conv: { id: string }, text: string): Record<string, unknown> {
    const activity = teamsMessage(text, { serviceUrl: connector.url, conversationId: conv.id });
    return { ...activity, from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId } };
  }

  function invoke(from: TestUser, conv: { id: string }, name: string, value: unknown): Record<string, unknown> {
    const { text: _t, textFormat: _f, entities: _e, ...rest } = message(from, conv, '');
    return { ...rest, type: 'invoke', name, value };
  }

  function tokenExchange(from: TestUser, conv: { id: string }, id = randomUUID()): Record<string, unknown> {
    // The same invoke reaches the bot once per Teams client the person has open.
    return invoke(from, conv, 'signin/tokenExchange', {
      id,
      connectionName: CONNECTION,
      token: tokenService.ssoTokenFor(from.id, from.userToken),
    });
  }

  /** Through the front: the instance it went to and the status. */
  async function post(activity: Record<string, unknown>): Promise<{ instance: number; status: number }> {
    const response = await fetch(`${front.url}/api/messages`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${channel.token({ serviceUrl: connector.url })}`,
      },
      body: JSON.stringify(activity),
    });
    await response.text();
    const instance = Number(response.headers.get(INSTANCE_HEADER));
    assert.ok(instance === 0 || instance === 1, `the front passed the request on (${response.status})`);
    return { instance, status: response.status };
  }

  function repliesIn(conv: { id: string }): CapturedReply[] {
    return connector.replies.filter((r) => r.path.includes(`/v3/conversations/${encodeURIComponent(conv.id)}/`));
  }

  const isSignInCard = (reply: CapturedReply) =>
    reply.activity.attachments?.some((a) => a.contentType === 'application/vnd.microsoft.card.oauth') === true;

  /** Result cards in the conversation: the answers to the qualification request. */
  function answersIn(conv: { id: string }): number {
    return repliesIn(conv).filter((reply) => {
      const card = cardOf(reply);
      return card !== undefined && /Scaled Out Ltd[\s\S]*Education[\s\S]*Approved/.test(cardText(card));
    }).length;
  }

  function exchangesBy(who: TestUser): number {
    return tokenService.calls.filter((c) => c.operation === 'exchange' && c.userId === who.id).length;
  }

  async function askSignedOut(who: TestUser, conv: { id: string }): Promise<number> {
    const before = repliesIn(conv).length;
    const { instance, status } = await post(message(who, conv, `qualification for ${CUSTOMER}`));
    assert.equal(status, 200);
    const replies = repliesIn(conv).slice(before);
    assert.equal(replies.length, 1, `expected the sign-in card, got ${replies.length} replies`);
    assert.ok(replies[0] && isSignInCard(replies[0]), 'the reply is the sign-in card');
    return instance;
  }

  /** A request from someone else in between, so that the next request goes to `instance`. */
  async function advanceTo(instance: number): Promise<void> {
    const other = user('passer-by');
    while (front.nextInstance !== instance) await post(message(other, chat(), 'help'));
  }

  function measured(scenario: string, counts: { exchanges: number; answers: number; lost: number }): void {
    console.log(
      `      measured (${scenario}): ${counts.exchanges} token exchanges, ${counts.answers} answers, ` +
        `${counts.lost} lost requests`,
    );
  }

  it(
    "Teams' duplicate token exchanges of one sign-in reach both instances at the same moment: the request is " +
      'answered exactly once, the first exchange is never dropped',
    async () => {
      const rounds = 10;
      const answeredPerRound: number[] = [];
      let exchanges = 0;
      let extraReplies = 0;
      for (let round = 0; round < rounds; round++) {
        const dana = user(`dana${round}`);
        const conv = chat();
        await askSignedOut(dana, conv);
        const duplicate = tokenExchange(dana, conv);
        const results = await Promise.all([post(duplicate), post(duplicate)]);
        assert.deepEqual(results.map((r) => r.instance).sort(), [0, 1], 'one duplicate reached each instance');
        for (const result of results) assert.equal(result.status, 200);
        answeredPerRound.push(answersIn(conv));
        extraReplies += repliesIn(conv).length - 1 - answersIn(conv);
        exchanges += exchangesBy(dana);
      }
      const answers = answeredPerRound.reduce((a, b) => a + b, 0);
      const lost = answeredPerRound.filter((n) => n === 0).length;
      measured(`${rounds} sign-ins, duplicates on both instances`, { exchanges, answers, lost });
      assert.deepEqual(answeredPerRound, Array<number>(rounds).fill(1), 'each request answered exactly once');
      assert.equal(extraReplies, 0, 'the sign-in card and the answer, nothing else');
      // The instance that proceeds exchanges twice (the SSO middleware, then botbuilder's OAuthPrompt), the
      // duplicate's once (the middleware exchanges before it de-duplicates): Teams' token is good for all three.
      assert.equal(exchanges, 3 * rounds);
    },
  );

  it('a request asked on one instance is answered by the sign-in reaching the other, without retyping', async () => {
    // Single sign-on (token exchange)…
    const eve = user('eve');
    const sso = chat();
    const askedOn = await askSignedOut(eve, sso);
    const signIn = await post(tokenExchange(eve, sso));
    assert.notEqual(signIn.instance, askedOn, 'the sign-in went to the other instance');
    assert.equal(signIn.status, 200);
    // …and the Sign in page's magic code, typed into the chat.
    const finn = user('finn');
    const page = chat();
    const finnAskedOn = await askSignedOut(finn, page);
    const code = tokenService.completeSignInPage(finn.id, finn.userToken);
    const typed = await post(message(finn, page, code));
    assert.notEqual(typed.instance, finnAskedOn, 'the code went to the other instance');

    const answers = answersIn(sso) + answersIn(page);
    measured('asked on one instance, signed in on the other (SSO and magic code)', {
      exchanges: exchangesBy(eve) + exchangesBy(finn),
      answers,
      lost: 2 - answers,
    });
    assert.equal(answersIn(sso), 1);
    assert.equal(answersIn(page), 1);
    assert.equal(repliesIn(sso).length, 2);
    assert.equal(repliesIn(page).length, 2);
  });

  it('the instance that sent the sign-in card restarts before the sign-in: nothing is lost', async () => {
    const gus = user('gus');
    const conv = chat();
    const askedOn = await askSignedOut(gus, conv);
    const old = bots[askedOn];
    assert.ok(old);
    assert.equal(await old.stop('SIGTERM'), 0, 'stopped cleanly');
    const restarted = await BotProcess.start({ env, startTimeoutMs: START_TIMEOUT_MS });
    bots[askedOn] = restarted;
    front.replace(askedOn, restarted.url);

    await advanceTo(askedOn);
    const signIn = await post(tokenExchange(gus, conv));
    assert.equal(signIn.instance, askedOn, 'the sign-in reached the restarted instance');
    assert.equal(signIn.status, 200);
    const answers = answersIn(conv);
    measured('instance restarted between the request and the sign-in', {
      exchanges: exchangesBy(gus),
      answers,
      lost: 1 - answers,
    });
    assert.equal(answers, 1);
  });

  it('Azurite stops mid-test: clear answers with a correlation id, no crash; back up: lookups work again', async () => {
    // Before the outage: Hana is signed in, Ivo has a request waiting for his sign-in.
    const hana = user('hana');
    const hanaChat = chat();
    await askSignedOut(hana, hanaChat);
    await post(tokenExchange(hana, hanaChat));
    assert.equal(answersIn(hanaChat), 1);
    const ivo = user('ivo');
    const ivoChat = chat();
    await askSignedOut(ivo, ivoChat);

    await azurite.halt();
    const outage = { toldToRetry: 0, answers: 0, instances: new Set<number>() };
    // Someone signed out asks, on each instance: told to try again, with the correlation id.
    const jo = user('jo');
    const joChat = chat();
    for (let i = 0; i < 2; i++) {
      const before = repliesIn(joChat).length;
      const { instance, status } = await post(message(jo, joChat, `qualification for ${CUSTOMER}`));
      outage.instances.add(instance);
      assert.equal(status, 200);
      const replies = repliesIn(joChat).slice(before);
      assert.equal(replies.length, 1);
      assert.ok(replies[0] && !isSignInCard(replies[0]), 'no sign-in card that could not be completed');
      const text = String(replies[0]?.activity.text);
      assert.match(text, /couldn't reach the storage where sign-ins wait/);
      const correlationId = /correlation id: ([0-9a-f-]{36})/.exec(text)?.[1];
      assert.ok(correlationId, text);
      const bot = bots[instance];
      assert.ok(
        bot?.logRecords().some((r) => r.event === 'stateStoreUnavailable' && r.correlationId === correlationId),
        'the log line carries the same correlation id',
      );
      outage.toldToRetry++;
    }
    assert.deepEqual([...outage.instances].sort(), [0, 1], 'both instances were asked');
    // The signed-in user's lookups need no shared state: answered as usual.
    await post(message(hana, hanaChat, `qualification for ${CUSTOMER}`));
    assert.equal(answersIn(hanaChat), 2);
    outage.answers++;
    // Ivo's sign-in arrives during the outage: the invoke gets 503 and Ivo is told to send it again.
    const ivoBefore = repliesIn(ivoChat).length;
    const exchange = await post(tokenExchange(ivo, ivoChat));
    assert.equal(exchange.status, 503);
    assert.match(String(repliesIn(ivoChat).slice(ivoBefore)[0]?.activity.text), /Send your request again/);
    outage.toldToRetry++;
    for (const bot of bots) {
      assert.equal(bot.hasExited, false, 'no instance crashed');
      assert.equal((await probe('GET', `${bot.url}/healthz`)).status, 200);
    }

    await azurite.restart();
    // Ivo sends his request again: his sign-in went through, so it is answered at once.
    await post(message(ivo, ivoChat, `qualification for ${CUSTOMER}`));
    assert.equal(answersIn(ivoChat), 1);
    // Jo now gets a sign-in card again, and the sign-in completes (on either instance).
    await askSignedOut(jo, joChat);
    await post(tokenExchange(jo, joChat));
    assert.equal(answersIn(joChat), 1);
    measured('Azurite stopped, then restarted', {
      exchanges: exchangesBy(hana) + exchangesBy(ivo) + exchangesBy(jo),
      answers: outage.answers + answersIn(ivoChat) + answersIn(joChat),
      lost: 0,
    });
    console.log(
      `      during the outage: ${outage.toldToRetry} clear "try again" answers, ${outage.answers} lookup answered, ` +
        `0 crashes`,
    );
  });

  it('a store it cannot reach at start-up stops the start with one clear line', async () => {
    const closed = azurite.connectionString.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${await freePort()}`);
    const bot = BotProcess.spawn(await freePort(), { env: { ...env, STATE_STORAGE_CONNECTION_STRING: closed } });
    const status = await bot.waitForExit(START_TIMEOUT_MS);
    assert.equal(status.code, 1);
    assert.match(
      bot.stderr,
      /The bot could not start: STATE_STORAGE=blob: could not open the container "scale-out-test" at http:\/\/127\.0\.0\.1:\d+\/devstoreaccount1\/scale-out-test \(/,
    );
    assert.doesNotMatch(bot.output, /Eby8|AccountKey/, 'the account key is not printed');
  });

  it('never writes a token, the secret or the storage key to its output', () => {
    for (const bot of bots) {
      assert.ok(bot.logRecords().length > 0);
      for (const who of users.values()) {
        assert.ok(!bot.output.includes(who.userToken));
        assert.ok(!bot.output.includes(who.partnerCenterToken));
      }
      assert.ok(!bot.output.includes(APP_SECRET));
      assert.ok(!bot.output.includes('Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq'));
    }
  });
});
