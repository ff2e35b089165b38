import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { postActivity, teamsMessage } from '../helpers/activities';
import { BotConnectorStandIn, cardOf, cardText, type CapturedReply } from '../helpers/botConnector';
import { BotProcess, killAllBots } from '../helpers/botProcess';
import { ChannelStandIn } from '../helpers/channelStandIn';
import { EntraStandIn, JWT_BEARER, type OnBehalfOfRequest, type TokenAnswer } from '../helpers/entraStandIn';
import { FakePartnerCenter } from '../helpers/fakePartnerCenter';
import { TokenServiceStandIn } from '../helpers/tokenServiceStandIn';
import {
  APP_ID,
  PARTNER_TENANT,
  APP_SECRET,
  ASSERTION_EXPIRED,
  BOT_TOKEN,
  CONNECTION,
  UserModeStandIns,
} from '../helpers/userModeStandIns';

/**
 * PARTNER_CENTER_AUTH=user end to end: the real bot (child process) with inbound authentication ON,
 * and local stand-ins that speak the real services' HTTP:
 *
 *   channel    — signs each activity's JWT with its own RSA key, serves OpenID metadata + JWKS
 *   Entra      — TLS; client credentials for the bot's own calls, on-behalf-of for Partner Center
 *   token svc  — the Bot Framework token service (GetToken, exchange, SignOut, GetSignInResource)
 *   connector  — receives the bot's replies
 *   Partner Center — answers per user token, so each call shows on whose behalf it was made
 *
 * The test plays Teams and the user: it posts the messages, the signin/tokenExchange and
 * signin/verifyState invokes, the magic code, the Emulator's tokens/response event.
 */

const USER_SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation';

const EDUCATION = '00000000-0000-4000-8000-000000000001';
const NONPROFIT = '00000000-0000-4000-8000-000000000002';
const NO_ACCESS = '00000000-0000-4000-8000-000000000403';

/** How Entra answers the on-behalf-of exchange of a user's token (keyed by the user's name). */
type OboBehaviour = 'ok' | 'consent' | 'mfa' | 'expired';

interface TestUser {
  readonly name: string;
  /** Teams user id (`from.id`): the token service keys tokens by it. */
  readonly id: string;
  readonly aadObjectId: string;
  /** The token the OAuth connection holds for the user (the SSO token for api://botid-…). */
  readonly userToken: string;
  /** The Partner Center token Entra issues for them on-behalf-of. */
  readonly partnerCenterToken: string;
}

describe(
  "sign-in on the user's behalf (PARTNER_CENTER_AUTH=user, real bot, stand-ins for Teams, Entra, the token " +
    'service and Partner Center)',
  function () {
    this.timeout(60000);

    let standIns: UserModeStandIns;
    let channel: ChannelStandIn;
    let entra: EntraStandIn;
    let tokenService: TokenServiceStandIn;
    let connector: BotConnectorStandIn;
    let partnerCenter: FakePartnerCenter;
    let bot: BotProcess;
    const users = new Map<string, TestUser>();
    const oboBehaviour = new Map<string, OboBehaviour>();

    function user(name: string, behaviour: OboBehaviour = 'ok'): TestUser {
      const created: TestUser = {
        name,
        id: `29:${name}-${randomUUID()}`,
        aadObjectId: randomUUID(),
        userToken: `user-token-${name}-${randomUUID()}`,
        partnerCenterToken: `pc-token-${name}-${randomUUID()}`,
      };
      users.set(created.userToken, created);
      oboBehaviour.set(created.userToken, behaviour);
      return created;
    }

    function onBehalfOf(request: OnBehalfOfRequest): TokenAnswer {
      const owner = users.get(request.assertion);
      if (!owner || !request.scope.split(' ').includes(USER_SCOPE)) {
        return {
          status: 400,
          body: {
            error: 'invalid_grant',
            error_description: 'AADSTS50013: Assertion failed signature validation.',
            error_codes: [50013],
          },
        };
      }
      switch (oboBehaviour.get(request.assertion)) {
        case 'consent':
          return {
            status: 400,
            body: {
              error: 'invalid_grant',
              error_description:
                `AADSTS65001: The user or administrator has not consented to use the application with ` +
                `ID '${APP_ID}'.`,
              error_codes: [65001],
              suberror: 'consent_required',
            },
          };
        case 'mfa':
          return {
            status: 400,
            body: {
              error: 'interaction_required',
              error_description:
                'AADSTS50076: Due to a configuration change made by your administrator, or because you ' +
                'moved to a new ' +
                'location, you must use multi-factor authentication.',
              error_codes: [50076],
            },
          };
        case 'expired':
          return ASSERTION_EXPIRED;
        default:
          return {
            status: 200,
            body: {
              token_type: 'Bearer',
              scope: USER_SCOPE,
              expires_in: 3600,
              ext_expires_in: 3600,
              access_token: owner.partnerCenterToken,
            },
          };
      }
    }

    before(async () => {
      standIns = await UserModeStandIns.start({ onBehalfOf });
      ({ entra, channel, tokenService, connector, partnerCenter } = standIns);
      partnerCenter.replyAlways((request) =>
        partnerCenterAnswer(request.url, String(request.headers.authorization ?? '')),
      );
      bot = await BotProcess.start({ logLevel: 'debug', env: standIns.botEnv() });
    });

    after(async () => {
      await killAllBots();
      await standIns?.close();
    });

    /** Partner Center: 200 for the tokens Entra issued on-behalf-of, per customer; 401 otherwise. */
    function partnerCenterAnswer(url: string, authorization: string) {
      const owner = [...users.values()].find((u) => authorization === `Bearer ${u.partnerCenterToken}`);
      if (!owner)
        return {
          status: 401,
          json: { code: 900421, description: 'MFA is required for this request.', data: [], source: 'PartnerFD' },
        };
      if (owner.name.startsWith('no-mfa')) {
        return {
          status: 401,
          json: {
            code: 900421,
            description: 'The request does not have the MFA claim.',
            data: [],
            source: 'PartnerFD',
          },
        };
      }
      if (url.includes(NO_ACCESS)) {
        return {
          status: 403,
          json: {
            code: 900150,
            description: 'The supplied role does not have the rights to perform the requested operation',
            data: [],
            source: 'PartnerFD',
          },
        };
      }
      const profile = /\/v1\/customers\/([0-9a-f-]{36})$/i.exec(url);
      if (profile)
        return {
          status: 200,
          json: {
            id: profile[1],
            companyProfile: {
              tenantId: profile[1],
              companyName: 'Signed-in Customer Ltd',
              domain: 'signedin.onmicrosoft.com',
            },
          },
        };
      const qualification = url.includes(NONPROFIT) ? 'Nonprofit' : 'Education';
      return {
        status: 200,
        json: [{ qualification, vettingStatus: 'Approved', vettingCreateDate: '2026-01-05T10:00:00Z' }],
      };
    }

    type ConversationKind = 'personal' | 'groupChat' | 'channel';

    function conversation(kind: ConversationKind): { id: string; kind: ConversationKind } {
      const id =
        kind === 'personal'
          ? `a:${randomUUID()}`
          : kind === 'groupChat'
            ? `19:${randomUUID()}@thread.v2`
            : `19:${randomUUID()}@thread.tacv2;messageid=1`;
      return { id, kind };
    }

    function base(
      from: TestUser,
      conv: { id: string; kind: ConversationKind },
      channelId = 'msteams',
    ): Record<string, unknown> {
      const activity = teamsMessage('', {
        serviceUrl: connector.url,
        conversationType: conv.kind,
        conversationId: conv.id,
        channelId,
      });
      return { ...activity, from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId } };
    }

    function message(
      from: TestUser,
      conv: { id: string; kind: ConversationKind },
      text: string,
      channelId = 'msteams',
    ): Record<string, unknown> {
      const mention = conv.kind !== 'personal';
      const activity = teamsMessage(text, {
        serviceUrl: connector.url,
        conversationType: conv.kind,
        conversationId: conv.id,
        mention,
        channelId,
      });
      return { ...activity, from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId } };
    }

    function invoke(
      from: TestUser,
      conv: { id: string; kind: ConversationKind },
      name: string,
      value: unknown,
    ): Record<string, unknown> {
      const { text: _text, textFormat: _format, entities: _entities, ...rest } = base(from, conv);
      return { ...rest, type: 'invoke', name, value };
    }

    function auth(
      options: { key?: 'channel' | 'forgedSameKid'; expiresInSeconds?: number } = {},
    ): Record<string, string> {
      return { Authorization: `Bearer ${channel.token({ serviceUrl: connector.url, ...options })}` };
    }

    async function post(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
      const { status, text } = await postActivity(bot.url, activity, auth());
      return { status, body: text ? (JSON.parse(text) as unknown) : undefined };
    }

    function repliesIn(conv: { id: string }): CapturedReply[] {
      return connector.replies.filter((r) => r.path.includes(`/v3/conversations/${encodeURIComponent(conv.id)}/`));
    }

    function oauthCard(reply: CapturedReply | undefined): Record<string, unknown> | undefined {
      const attachment = reply?.activity.attachments?.find(
        (a) => a.contentType === 'application/vnd.microsoft.card.oauth',
      );
      return attachment?.content as Record<string, unknown> | undefined;
    }

    function oboRequests(): number {
      return entra.tokenRequests(JWT_BEARER).length;
    }

    function partnerCenterCallsBy(who: TestUser): number {
      // Qualification calls only: each lookup also reads the company name (GET /v1/customers/{id}) with the same token.
      return partnerCenter.requests.filter(
        (r) => r.url.includes('/qualification') && r.headers.authorization === `Bearer ${who.partnerCenterToken}`,
      ).length;
    }

    /** Asks for a qualification while signed out: the bot answers with the sign-in card. */
    async function askSignedOut(
      who: TestUser,
      conv: { id: string; kind: ConversationKind },
      customerId = EDUCATION,
    ): Promise<Record<string, unknown>> {
      const before = repliesIn(conv).length;
      const { status } = await post(message(who, conv, `qualification for ${customerId}`));
      assert.equal(status, 200);
      const replies = repliesIn(conv).slice(before);
      assert.equal(replies.length, 1, `expected the sign-in card alone, got ${replies.length} replies`);
      const card = oauthCard(replies[0]);
      assert.ok(card, 'the reply is an OAuth (sign-in) card');
      assert.equal(card.connectionName, CONNECTION);
      assert.match(String(replies[0]?.activity.text), /sign in/i);
      return card;
    }

    function assertResultCard(reply: CapturedReply | undefined, customerId: string, qualification = 'Education'): void {
      assert.ok(reply, 'a reply arrived');
      const card = cardOf(reply);
      assert.ok(card, 'the reply carries an Adaptive Card');
      const text = cardText(card);
      assert.ok(text.includes(customerId), 'the card names the customer');
      assert.match(text, new RegExp(qualification));
      assert.match(text, /Approved/);
    }

    it(
      '1:1 chat: sign-in card with the SSO resource, Teams exchanges the token, the waiting request is answered ' +
        'without retyping',
      async () => {
        const alex = user('alex');
        const chat = conversation('personal');
        const card = await askSignedOut(alex, chat);
        const resource = card.tokenExchangeResource as { uri?: string } | undefined;
        assert.equal(
          resource?.uri,
          `api://botid-${APP_ID}`,
          'Teams gets the token-exchange resource for single sign-on',
        );

        const exchange = await post(
          invoke(alex, chat, 'signin/tokenExchange', {
            id: randomUUID(),
            connectionName: CONNECTION,
            token: tokenService.ssoTokenFor(alex.id, alex.userToken),
          }),
        );
        assert.equal(exchange.status, 200);
        const replies = repliesIn(chat);
        assert.equal(replies.length, 2, 'the sign-in card, then the answer');
        assertResultCard(replies[1], EDUCATION);
        assert.equal(partnerCenterCallsBy(alex), 1, "Partner Center was called with the token issued on Alex's behalf");
      },
    );

    it('one on-behalf-of request for many lookups by one user, and one per user for two users', async () => {
      const bea = user('bea');
      const chris = user('chris');
      const obo0 = oboRequests();
      for (const who of [bea, chris]) {
        const chat = conversation('personal');
        await askSignedOut(who, chat);
        await post(
          invoke(who, chat, 'signin/tokenExchange', {
            id: randomUUID(),
            connectionName: CONNECTION,
            token: tokenService.ssoTokenFor(who.id, who.userToken),
          }),
        );
        for (let i = 0; i < 9; i++) {
          const { status } = await post(message(who, chat, `qualification for ${i % 2 ? NONPROFIT : EDUCATION}`));
          assert.equal(status, 200);
        }
        const replies = repliesIn(chat);
        assert.equal(replies.length, 11, 'sign-in card + 10 answers');
        // replies[1] answers the request that waited for sign-in (EDUCATION); then message i answers replies[i + 2].
        assertResultCard(replies[1], EDUCATION);
        replies
          .slice(2)
          .forEach((reply, i) =>
            assertResultCard(reply, i % 2 ? NONPROFIT : EDUCATION, i % 2 ? 'Nonprofit' : 'Education'),
          );
        assert.equal(partnerCenterCallsBy(who), 10);
      }
      const oboForTwo = entra.tokenRequests(JWT_BEARER).slice(-2);
      assert.equal(oboRequests() - obo0, 2, `on-behalf-of requests for 2 users x 10 lookups: ${oboRequests() - obo0}`);
      for (const request of oboForTwo) {
        assert.equal(request.clientId, APP_ID);
        assert.equal(request.tenant, PARTNER_TENANT);
        assert.ok(request.scope?.split(' ').includes(USER_SCOPE), `scope ${request.scope}`);
        assert.equal(request.status, 200);
      }
    });

    it('duplicate signin/tokenExchange invokes (one per Teams client) are processed once', async () => {
      const dana = user('dana');
      const chat = conversation('personal');
      await askSignedOut(dana, chat);
      const value = {
        id: randomUUID(),
        connectionName: CONNECTION,
        token: tokenService.ssoTokenFor(dana.id, dana.userToken),
      };
      const answers = await Promise.all([1, 2, 3].map(() => post(invoke(dana, chat, 'signin/tokenExchange', value))));
      for (const answer of answers) assert.equal(answer.status, 200);
      const replies = repliesIn(chat);
      assert.equal(replies.length, 2, `sign-in card + exactly one answer, got ${replies.length} replies`);
      assertResultCard(replies[1], EDUCATION);
      assert.equal(partnerCenterCallsBy(dana), 1, 'Partner Center was asked once');
    });

    it(
      'a token exchange the token service refuses answers 412, so Teams shows the Sign in ' + 'button instead',
      async () => {
        const ruth = user('ruth');
        const chat = conversation('personal');
        await askSignedOut(ruth, chat);
        const answer = await post(
          invoke(ruth, chat, 'signin/tokenExchange', {
            id: randomUUID(),
            connectionName: CONNECTION,
            token: 'not-an-sso-token-the-service-knows',
          }),
        );
        assert.equal(answer.status, 412);
        assert.match(
          String((answer.body as { failureDetail?: string } | undefined)?.failureDetail),
          /unable to exchange token/,
        );
        assert.equal(repliesIn(chat).length, 1, 'only the sign-in card: no answer, no error message');
        assert.equal(partnerCenterCallsBy(ruth), 0);

        // The Sign in button then works as usual.
        const code = tokenService.completeSignInPage(ruth.id, ruth.userToken);
        await post(invoke(ruth, chat, 'signin/verifyState', { state: code }));
        assertResultCard(repliesIn(chat)[1], EDUCATION);
      },
    );

    it(
      "group chat: single sign-on works, and one person's sign-in never answers another " + "person's request",
      async () => {
        const eve = user('eve');
        const finn = user('finn');
        const group = conversation('groupChat');
        const card = await askSignedOut(eve, group, NONPROFIT);
        assert.ok(card.tokenExchangeResource, 'group chats support SSO: the resource is kept');
        await askSignedOut(finn, group, EDUCATION);

        await post(
          invoke(finn, group, 'signin/tokenExchange', {
            id: randomUUID(),
            connectionName: CONNECTION,
            token: tokenService.ssoTokenFor(finn.id, finn.userToken),
          }),
        );
        let replies = repliesIn(group);
        assert.equal(replies.length, 3);
        assertResultCard(replies[2], EDUCATION);
        assert.equal(partnerCenterCallsBy(finn), 1);
        assert.equal(partnerCenterCallsBy(eve), 0, "Eve's request waits for Eve's own sign-in");

        await post(
          invoke(eve, group, 'signin/tokenExchange', {
            id: randomUUID(),
            connectionName: CONNECTION,
            token: tokenService.ssoTokenFor(eve.id, eve.userToken),
          }),
        );
        replies = repliesIn(group);
        assert.equal(replies.length, 4);
        assertResultCard(replies[3], NONPROFIT, 'Nonprofit');
        assert.equal(partnerCenterCallsBy(eve), 1);
      },
    );

    it('channel: no SSO resource on the card; the Sign in page and its magic code complete the request', async () => {
      const gus = user('gus');
      const teamChannel = conversation('channel');
      const card = await askSignedOut(gus, teamChannel);
      assert.equal(card.tokenExchangeResource, undefined, 'Teams has no SSO in channels: no token-exchange resource');
      const buttons = card.buttons as Array<{ type?: string; value?: string }> | undefined;
      assert.ok(buttons?.[0]?.value?.startsWith(tokenService.url), 'the card carries the sign-in link');

      // The user signs in on the page; Teams shows a code, the user sends it in the channel (with the @mention).
      const code = tokenService.completeSignInPage(gus.id, gus.userToken);
      const { status } = await post(message(gus, teamChannel, code));
      assert.equal(status, 200);
      const replies = repliesIn(teamChannel);
      assert.equal(replies.length, 2);
      assertResultCard(replies[1], EDUCATION);
      assert.ok(
        tokenService.calls.some(
          (c) => c.operation === 'GetToken' && c.withCode && c.userId === gus.id && c.status === 200,
        ),
      );
    });

    it(
      'signin/verifyState (Teams after the Sign in page) completes the request; a wrong code keeps the ' + 'card valid',
      async () => {
        const hana = user('hana');
        const chat = conversation('personal');
        await askSignedOut(hana, chat);
        await post(message(hana, chat, '000000'));
        let replies = repliesIn(chat);
        assert.equal(replies.length, 2);
        assert.match(String(replies[1]?.activity.text), /code wasn.t accepted/);

        const code = tokenService.completeSignInPage(hana.id, hana.userToken);
        const answer = await post(invoke(hana, chat, 'signin/verifyState', { state: code }));
        assert.equal(answer.status, 200);
        replies = repliesIn(chat);
        assert.equal(replies.length, 3);
        assertResultCard(replies[2], EDUCATION);
      },
    );

    it('Bot Framework Emulator: the tokens/response event completes the sign-in', async () => {
      const ivy = user('ivy');
      const chat = conversation('personal');
      const before = repliesIn(chat).length;
      await post(message(ivy, chat, `qualification for ${NONPROFIT}`, 'emulator'));
      const prompt = repliesIn(chat)[before];
      assert.ok(oauthCard(prompt), 'the Emulator gets an OAuth card');
      tokenService.storeToken(ivy.id, ivy.userToken, 'emulator');
      const event = {
        ...base(ivy, chat, 'emulator'),
        type: 'event',
        name: 'tokens/response',
        value: { connectionName: CONNECTION, token: ivy.userToken, channelId: 'emulator' },
      };
      delete (event as Record<string, unknown>).text;
      const { status } = await post(event);
      assert.equal(status, 200);
      const replies = repliesIn(chat);
      assert.equal(replies.length, 2);
      assertResultCard(replies[1], NONPROFIT, 'Nonprofit');
    });

    async function signedIn(who: TestUser): Promise<{ id: string; kind: ConversationKind }> {
      const chat = conversation('personal');
      await askSignedOut(who, chat);
      await post(
        invoke(who, chat, 'signin/tokenExchange', {
          id: randomUUID(),
          connectionName: CONNECTION,
          token: tokenService.ssoTokenFor(who.id, who.userToken),
        }),
      );
      return chat;
    }

    it(
      'consent not granted: the card says an admin must consent, with the admin-consent link ' + 'for this app',
      async () => {
        const jo = user('jo', 'consent');
        const chat = await signedIn(jo);
        const replies = repliesIn(chat);
        assert.equal(replies.length, 2);
        const card = cardOf(replies[1]);
        assert.ok(card);
        const text = cardText(card);
        assert.match(text, /hasn't been approved for this app/);
        assert.match(text, /admin of your organization must grant consent/);
        assert.match(text, /AADSTS65001/);
        const actions = card.actions as Array<{ type: string; url?: string }>;
        assert.equal(actions[0]?.type, 'Action.OpenUrl');
        assert.equal(actions[0]?.url, `${entra.authorityHost}/${PARTNER_TENANT}/adminconsent?client_id=${APP_ID}`);
        assert.equal(partnerCenterCallsBy(jo), 0);
      },
    );

    it(
      'MFA missing (Entra AADSTS50076, or Partner Center 401): the card says to sign in again with MFA and offers ' +
        'Sign out',
      async () => {
        const kim = user('kim', 'mfa');
        const noMfa = user('no-mfa-lee');
        for (const [who, expected] of [
          [kim, /Partner Center requires multi-factor authentication/],
          [noMfa, /Partner Center didn't accept your sign-in/],
        ] as const) {
          const chat = await signedIn(who);
          const card = cardOf(repliesIn(chat)[1]);
          assert.ok(card);
          const text = cardText(card);
          assert.match(text, expected);
          assert.match(text, /sign in again and complete the MFA prompt/);
          const actions = card.actions as Array<{
            type: string;
            data?: { command?: string };
          }>;
          assert.equal(actions[0]?.type, 'Action.Submit');
          assert.deepEqual(actions[0]?.data, { command: 'sign out' });
        }
      },
    );

    it('no Partner Center role or GDAP relationship for that customer (403): says so, about the user', async () => {
      const max = user('max');
      const chat = await signedIn(max);
      await post(message(max, chat, `qualification for ${NO_ACCESS}`));
      const card = cardOf(repliesIn(chat)[2]);
      assert.ok(card);
      const text = cardText(card);
      assert.match(text, /You don't have access to this customer/);
      assert.match(text, /Your Partner Center role, or your organization's GDAP relationship/);
      assert.match(text, /900150/);
    });

    it('expired or revoked sign-in: signs the user out, asks them to sign in again, then answers', async () => {
      const nia = user('nia', 'expired');
      const chat = conversation('personal');
      await askSignedOut(nia, chat);
      const signOuts = tokenService.count('SignOut');
      await post(
        invoke(nia, chat, 'signin/tokenExchange', {
          id: randomUUID(),
          connectionName: CONNECTION,
          token: tokenService.ssoTokenFor(nia.id, nia.userToken),
        }),
      );
      let replies = repliesIn(chat);
      assert.equal(replies.length, 3, 'sign-in card, "expired", a new sign-in card');
      assert.match(String(replies[1]?.activity.text), /expired or was revoked/);
      assert.ok(oauthCard(replies[2]), 'a new sign-in card');
      assert.equal(tokenService.count('SignOut'), signOuts + 1, 'the stale token was removed from the token service');
      assert.equal(tokenService.hasToken(nia.id), false);

      // The new sign-in gives a fresh token that works.
      oboBehaviour.set(nia.userToken, 'ok');
      await post(
        invoke(nia, chat, 'signin/tokenExchange', {
          id: randomUUID(),
          connectionName: CONNECTION,
          token: tokenService.ssoTokenFor(nia.id, nia.userToken),
        }),
      );
      replies = repliesIn(chat);
      assert.equal(replies.length, 4);
      assertResultCard(replies[3], EDUCATION);
    });

    it(
      'sign out (and logout) signs the user out of the connection and confirms; the next request asks ' + 'to sign in',
      async () => {
        const olu = user('olu');
        const chat = await signedIn(olu);
        assert.equal(tokenService.hasToken(olu.id), true);
        await post(message(olu, chat, 'sign out'));
        let replies = repliesIn(chat);
        assert.match(String(replies.at(-1)?.activity.text), /You're signed out/);
        assert.equal(tokenService.hasToken(olu.id), false);
        await askSignedOut(olu, chat);

        await post(
          invoke(olu, chat, 'signin/tokenExchange', {
            id: randomUUID(),
            connectionName: CONNECTION,
            token: tokenService.ssoTokenFor(olu.id, olu.userToken),
          }),
        );
        await post(message(olu, chat, 'logout'));
        replies = repliesIn(chat);
        assert.match(String(replies.at(-1)?.activity.text), /You're signed out/);
        assert.equal(tokenService.hasToken(olu.id), false);
      },
    );

    it('signin/failure (resourcematchfailed) is logged and explained, not ignored', async () => {
      const pia = user('pia');
      const chat = conversation('personal');
      await askSignedOut(pia, chat);
      const answer = await post(
        invoke(pia, chat, 'signin/failure', { code: 'resourcematchfailed', message: 'Resource match failed' }),
      );
      assert.equal(answer.status, 200);
      const replies = repliesIn(chat);
      assert.equal(replies.length, 2);
      assert.match(String(replies[1]?.activity.text), /single sign-on setup doesn't match/);
      // The bot logs before it replies, but its log (asynchronous, on its own pipe) can reach this
      // process after the reply and the invoke's answer: wait for the line rather than read stdout now.
      await bot.waitForLogRecord(
        (r) => r.event === 'signInFailure' && r.code === 'resourcematchfailed',
        'the failure code',
      );
    });

    it('a forged or expired channel token is rejected with 401 before any processing', async () => {
      const quinn = user('quinn');
      const chat = conversation('personal');
      const calls = tokenService.calls.length;
      const pcCalls = partnerCenter.requests.length;
      const replies = connector.replies.length;
      for (const headers of [auth({ key: 'forgedSameKid' }), auth({ expiresInSeconds: -600 })]) {
        for (const activity of [
          message(quinn, chat, `qualification for ${EDUCATION}`),
          invoke(quinn, chat, 'signin/tokenExchange', {
            id: randomUUID(),
            connectionName: CONNECTION,
            token: tokenService.ssoTokenFor(quinn.id, quinn.userToken),
          }),
        ]) {
          const { status } = await postActivity(bot.url, activity, headers);
          assert.equal(status, 401);
        }
      }
      assert.equal(tokenService.calls.length, calls, 'the token service was not called');
      assert.equal(partnerCenter.requests.length, pcCalls, 'Partner Center was not called');
      assert.equal(connector.replies.length, replies, 'nothing was sent');
    });

    it(
      'several customers wait for sign-in too: after it, one summary card, every customer looked up ' + 'as the user',
      async () => {
        const ivy = user('ivy');
        const chat = conversation('personal');
        const before = repliesIn(chat).length;
        await post(message(ivy, chat, `qualification for ${EDUCATION} ${NONPROFIT} ${NO_ACCESS}`));
        assert.ok(oauthCard(repliesIn(chat)[before]), 'the sign-in card');
        const obo0 = oboRequests();
        await post(
          invoke(ivy, chat, 'signin/tokenExchange', {
            id: randomUUID(),
            connectionName: CONNECTION,
            token: tokenService.ssoTokenFor(ivy.id, ivy.userToken),
          }),
        );
        const summary = repliesIn(chat)
          .slice(before + 1)
          .map(cardOf)
          .find((card) => card !== undefined);
        assert.ok(summary, 'a summary card');
        const text = cardText(summary);
        assert.match(text, /3 customers, 1 couldn't be looked up/);
        assert.match(text, new RegExp(`${EDUCATION}[\\s\\S]*Education[\\s\\S]*${NONPROFIT}[\\s\\S]*Nonprofit`));
        assert.match(
          text,
          new RegExp(`${NO_ACCESS}\\nTry again\\nYou don't have access to this customer in Partner Center`),
        );
        assert.equal(partnerCenterCallsBy(ivy), 3, "each customer asked for with Ivy's token");
        assert.equal(oboRequests() - obo0, 1, 'one on-behalf-of exchange for the whole request');
      },
    );

    it(
      'Refresh (Action.Execute) as the signed-in user answers with a new card; signed out, it asks to sign in and ' +
        'answers after',
      async () => {
        const jo = user('jo');
        const chat = conversation('personal');
        const refresh = invoke(jo, chat, 'adaptiveCard/action', {
          action: { type: 'Action.Execute', verb: 'refreshQualification', data: { customerId: EDUCATION } },
          trigger: 'manual',
        });
        const signedOut = await post(refresh);
        assert.equal(signedOut.status, 200);
        const message = signedOut.body as { statusCode: number; type: string; value: string };
        assert.equal(message.type, 'application/vnd.microsoft.activity.message');
        assert.match(message.value, /sign in/i);
        const [signInCard] = repliesIn(chat);
        assert.ok(oauthCard(signInCard), 'the sign-in card is in the chat');
        await post(
          invoke(jo, chat, 'signin/tokenExchange', {
            id: randomUUID(),
            connectionName: CONNECTION,
            token: tokenService.ssoTokenFor(jo.id, jo.userToken),
          }),
        );
        assertResultCard(repliesIn(chat)[1], EDUCATION);

        const signedIn = await post(refresh);
        const answer = signedIn.body as { statusCode: number; type: string; value: unknown };
        assert.equal(answer.statusCode, 200);
        assert.equal(answer.type, 'application/vnd.microsoft.card.adaptive');
        assert.match(cardText(answer.value), /Signed-in Customer Ltd[\s\S]*Education[\s\S]*Approved/);
        assert.equal(partnerCenterCallsBy(jo), 2);
      },
    );

    it('never writes a user token, a Partner Center token or the secret to its output', () => {
      assert.ok(bot.logRecords().length > 0, 'the bot wrote logs');
      for (const who of users.values()) {
        assert.ok(!bot.output.includes(who.userToken), `${who.name}'s user token appears in the output`);
        assert.ok(
          !bot.output.includes(who.partnerCenterToken),
          `${who.name}'s Partner Center token appears in the output`,
        );
      }
      assert.ok(!bot.output.includes(APP_SECRET));
      assert.ok(!bot.output.includes(BOT_TOKEN));
      assert.ok(!bot.output.includes('teams-sso-'), 'an SSO token appears in the output');
    });
  },
);
