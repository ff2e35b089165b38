import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { postActivity, teamsMessage } from '../helpers/activities';
import { cardText } from '../helpers/botConnector';
import { BotProcess, killAllBots } from '../helpers/botProcess';
import type { OnBehalfOfRequest, TokenAnswer } from '../helpers/entraStandIn';
import type { FakeReply, RecordedRequest } from '../helpers/fakePartnerCenter';
import {
  APP_ID,
  APP_SECRET,
  ASSERTION_EXPIRED,
  ASSERTION_REFUSED,
  BOT_TOKEN,
  PARTNER_TENANT,
  UserModeStandIns,
  onBehalfOfGranted,
} from '../helpers/userModeStandIns';

/**
 * The message extension through the real server, inbound authentication on: Teams' invokes
 * (search, pick, pasted link) signed by the channel stand-in, the bot in app mode (its own
 * Partner Center token from the Entra stand-in) and in user mode (the token service and
 * on-behalf-of stand-ins), Partner Center played by a stand-in that answers each customer its way.
 */

const USER_SCOPE = 'https://api.partnercenter.microsoft.com/user_impersonation';
const DEADLINE_MS = 1000;

/** The partner's customers as the Partner Center stand-in knows them. */
const CUSTOMERS = [
  { id: '00000000-0000-4000-8000-00000000e001', name: 'Contoso School District', domain: 'contososchools.com' },
  { id: '00000000-0000-4000-8000-00000000e002', name: 'Contoso University', domain: 'contoso.edu' },
  { id: '00000000-0000-4000-8000-00000000e003', name: 'Fabrikam County', domain: 'shared.example' },
  { id: '00000000-0000-4000-8000-00000000e004', name: 'Fabrikam Utility', domain: 'shared.example' },
  { id: '00000000-0000-4000-8000-00000000e005', name: 'Slow Learning Trust', domain: 'slow.example' },
] as const;
const [SCHOOL, , , , SLOW] = CUSTOMERS;
/** A customer whose qualifications Partner Center refuses to show (403). */
const FORBIDDEN = '00000000-0000-4000-8000-00000000e403';

interface ExtensionAnswer {
  readonly status: number;
  readonly body?: {
    composeExtension?: {
      type: string;
      text?: string;
      attachments?: {
        content: { version: string };
        preview: { content: { title: string; subtitle: string; text: string; tap?: { value: unknown } } };
      }[];
      suggestedActions?: { actions: { type: string; value: string; title: string }[] };
    };
  };
}

describe('message extension through the real server (inbound authentication on)', function () {
  this.timeout(90000);

  let standIns: UserModeStandIns;
  let appBot: BotProcess;
  let userBot: BotProcess;
  /** User tokens the token service holds → the Partner Center token Entra issues for them on-behalf-of. */
  const partnerCenterTokens = new Map<string, string>();

  function onBehalfOf(request: OnBehalfOfRequest): TokenAnswer {
    if (request.assertion.startsWith('lapsed-')) {
      return ASSERTION_EXPIRED;
    }
    const token = partnerCenterTokens.get(request.assertion);
    return token === undefined || !request.scope.split(' ').includes(USER_SCOPE)
      ? ASSERTION_REFUSED
      : onBehalfOfGranted(token, USER_SCOPE);
  }

  /** Partner Center: the bot's own token (app mode) or an on-behalf-of token (user mode); 401 otherwise. */
  function partnerCenterAnswer(request: RecordedRequest): FakeReply {
    const authorization = String(request.headers.authorization ?? '');
    const known =
      authorization === `Bearer ${BOT_TOKEN}` ||
      [...partnerCenterTokens.values()].some((t) => authorization === `Bearer ${t}`);
    if (!known)
      return { status: 401, json: { code: 900421, description: 'unauthorized', data: [], source: 'PartnerFD' } };
    const url = new URL(request.url, 'http://pc');
    const search = url.searchParams.get('filter');
    if (search !== null) {
      const filter = JSON.parse(search) as { Field: string; Value: string };
      if (filter.Value.startsWith('Forbidden')) {
        return { status: 403, json: { code: 900150, description: 'no rights', data: [], source: 'PartnerFD' } };
      }
      const items = CUSTOMERS.filter((c) =>
        (filter.Field === 'Domain' ? c.domain : c.name).toLowerCase().startsWith(filter.Value.toLowerCase()),
      ).map((c) => ({ id: c.id, companyProfile: { tenantId: c.id, companyName: c.name, domain: c.domain } }));
      return { json: { totalCount: items.length, items, attributes: { objectType: 'Collection' } } };
    }
    const id = /\/v1\/customers\/([0-9a-f-]{36})/i.exec(url.pathname)?.[1]?.toLowerCase() ?? '';
    const customer = CUSTOMERS.find((c) => c.id === id);
    if (!url.pathname.includes('/qualification')) {
      return customer
        ? { json: { id, companyProfile: { tenantId: id, companyName: customer.name, domain: customer.domain } } }
        : { status: 404, json: { code: 600026, description: 'not found', data: [], source: 'PartnerFD' } };
    }
    if (id === FORBIDDEN)
      return { status: 403, json: { code: 900150, description: 'no rights', data: [], source: 'PartnerFD' } };
    return {
      json: [{ qualification: 'Education', vettingStatus: 'Approved', vettingCreateDate: '2026-03-01T10:00:00Z' }],
      delayMs: id === SLOW.id ? 4 * DEADLINE_MS : 0,
    };
  }

  before(async () => {
    standIns = await UserModeStandIns.start({ onBehalfOf });
    standIns.partnerCenter.replyAlways(partnerCenterAnswer);
    const common = { MESSAGE_EXTENSION_DEADLINE_MS: String(DEADLINE_MS), PARTNER_CENTER_TIMEOUT_MS: '600' };
    [appBot, userBot] = await Promise.all([
      BotProcess.start({
        env: {
          ...standIns.botEnv(),
          ...common,
          PARTNER_CENTER_AUTH: 'app',
          PARTNER_CENTER_CLIENT_ID: APP_ID,
          PARTNER_CENTER_CLIENT_SECRET: APP_SECRET,
          PARTNER_CENTER_TENANT_ID: PARTNER_TENANT,
        },
      }),
      BotProcess.start({ env: { ...standIns.botEnv(), ...common } }),
    ]);
  });

  after(async () => {
    await killAllBots();
    await standIns?.close();
  });

  /** An invoke as Teams sends it from the compose box of a channel, from `userId`. */
  function invokeActivity(name: string, value: unknown, options: { userId?: string; locale?: string } = {}) {
    const base = teamsMessage('', {
      serviceUrl: standIns.connector.url,
      conversationType: 'channel',
      conversationId: `19:${randomUUID()}@thread.tacv2`,
      locale: options.locale,
    });
    const { text: _text, textFormat: _format, entities: _entities, ...rest } = base;
    const from = rest.from as Record<string, unknown>;
    return { ...rest, from: { ...from, id: options.userId ?? from.id }, type: 'invoke', name, value };
  }

  async function send(bot: BotProcess, activity: unknown, signed = true): Promise<ExtensionAnswer> {
    const { status, text } = signed ? await standIns.post(bot.url, activity) : await postActivity(bot.url, activity);
    return { status, body: text ? (JSON.parse(text) as ExtensionAnswer['body']) : undefined };
  }

  function search(bot: BotProcess, text: string, options: { userId?: string; locale?: string; extra?: object } = {}) {
    const value = { commandId: 'findCustomer', parameters: [{ name: 'query', value: text }], ...options.extra };
    return send(bot, invokeActivity('composeExtension/query', value, options));
  }

  function titles(answer: ExtensionAnswer): string[] {
    return (answer.body?.composeExtension?.attachments ?? []).map((a) => a.preview.content.title);
  }

  function link(id: string, locale = ''): string {
    return `https://partner.microsoft.com${locale}/dashboard/commerce2/customers/${id}/account`;
  }

  describe('app mode', () => {
    it("an invoke without the channel's token is refused (401), nothing looked up", async () => {
      const before = standIns.partnerCenter.requests.length;
      const answer = await send(appBot, invokeActivity('composeExtension/query', { commandId: 'findCustomer' }), false);
      assert.equal(answer.status, 401);
      assert.equal(standIns.partnerCenter.requests.length, before);
    });

    it('a tenant id: one result with the company, its qualification and the card', async () => {
      const answer = await search(appBot, SCHOOL.id.toUpperCase());
      assert.equal(answer.status, 200);
      assert.equal(answer.body?.composeExtension?.type, 'result');
      const [only, ...others] = answer.body?.composeExtension?.attachments ?? [];
      assert.equal(others.length, 0);
      assert.equal(only?.preview.content.title, SCHOOL.name);
      assert.equal(only?.preview.content.subtitle, SCHOOL.domain);
      assert.equal(only?.preview.content.text, 'Education (Approved)');
      assert.ok(cardText(only?.content).includes(SCHOOL.id));
    });

    it('a domain two customers share: both, each with its qualification', async () => {
      const answer = await search(appBot, 'shared.example');
      assert.deepEqual(titles(answer), ['Fabrikam County', 'Fabrikam Utility']);
    });

    it('a company name: the customers whose name starts with it', async () => {
      const answer = await search(appBot, 'Contoso');
      assert.deepEqual(titles(answer).sort(), ['Contoso School District', 'Contoso University']);
    });

    it('empty and too short: a hint, not an error, and no Partner Center call', async () => {
      const before = standIns.partnerCenter.requests.length;
      const empty = await search(appBot, '');
      const short = await search(appBot, 'Co', { locale: 'zh-TW' });
      assert.equal(empty.body?.composeExtension?.type, 'message');
      assert.match(empty.body?.composeExtension?.text ?? '', /Type a customer's tenant id/);
      assert.match(short.body?.composeExtension?.text ?? '', /至少輸入公司名稱的 3 個字元/);
      assert.equal(standIns.partnerCenter.requests.length, before);
    });

    it("Partner Center refuses the search: one result in the chat error card's words", async () => {
      const answer = await search(appBot, 'Forbidden Corp');
      const [only, ...others] = answer.body?.composeExtension?.attachments ?? [];
      assert.equal(others.length, 0);
      assert.ok(only);
      assert.equal(only.preview.content.subtitle, 'Forbidden Corp');
      assert.ok(cardText(only.content).includes(only.preview.content.title));
    });

    it('a slow Partner Center: "still looking" within the extension\'s deadline, well inside Teams\' 5 s', async () => {
      const started = performance.now();
      const answer = await search(appBot, SLOW.id);
      const tookMs = performance.now() - started;
      assert.equal(answer.body?.composeExtension?.type, 'message');
      assert.match(answer.body?.composeExtension?.text ?? '', /Still looking/);
      assert.ok(tookMs < DEADLINE_MS + 1500, `answered after ${Math.round(tookMs)} ms`);
      console.log(
        `      slow Partner Center: "still looking" after ${Math.round(tookMs)} ms (deadline ${DEADLINE_MS} ms)`,
      );
    });

    it('a picked result (selectItem): looked up afresh', async () => {
      const before = standIns.partnerCenter.requests.filter((r) => r.url.includes(SCHOOL.id)).length;
      const answer = await send(appBot, invokeActivity('composeExtension/selectItem', { qualificationFor: SCHOOL.id }));
      assert.deepEqual(titles(answer), [SCHOOL.name]);
      const after = standIns.partnerCenter.requests.filter((r) => r.url.includes(SCHOOL.id)).length;
      assert.ok(after > before, 'Partner Center was asked again');
    });

    it('a pasted customer link, with and without the locale: the card, at version 1.3', async () => {
      for (const url of [link(SCHOOL.id), link(SCHOOL.id, '/en-us')]) {
        const answer = await send(appBot, invokeActivity('composeExtension/queryLink', { url }));
        const [only] = answer.body?.composeExtension?.attachments ?? [];
        assert.equal(only?.content.version, '1.3', url);
        assert.ok(cardText(only?.content).includes(SCHOOL.name), url);
        assert.equal(answer.body?.composeExtension?.suggestedActions, undefined);
      }
    });

    it('a refused link: the error card, marked no-cache; another Partner Center page: nothing', async () => {
      const refused = await send(appBot, invokeActivity('composeExtension/queryLink', { url: link(FORBIDDEN) }));
      assert.equal(refused.body?.composeExtension?.attachments?.length, 1);
      assert.equal(refused.body?.composeExtension?.suggestedActions?.actions[0]?.type, 'setCachePolicy');
      const other = await send(
        appBot,
        invokeActivity('composeExtension/queryLink', { url: 'https://partner.microsoft.com/dashboard/home' }),
      );
      assert.deepEqual(other.body?.composeExtension?.attachments, []);
    });
  });

  describe('user mode: as the person who searches', () => {
    function person() {
      const userId = `29:${randomUUID()}`;
      const userToken = `user-token-${randomUUID()}`;
      const partnerCenterToken = `pc-token-${randomUUID()}`;
      partnerCenterTokens.set(userToken, partnerCenterToken);
      const callsWithTheirToken = () =>
        standIns.partnerCenter.requests.filter((r) => r.headers.authorization === `Bearer ${partnerCenterToken}`)
          .length;
      return { userId, userToken, callsWithTheirToken };
    }

    it('not signed in: silentAuth with the sign-in link (Teams tries single sign-on), nothing looked up', async () => {
      const { userId, callsWithTheirToken } = person();
      const answer = await search(userBot, SCHOOL.id, { userId });
      assert.equal(answer.status, 200);
      assert.equal(answer.body?.composeExtension?.type, 'silentAuth');
      const action = answer.body?.composeExtension?.suggestedActions?.actions[0];
      assert.equal(action?.type, 'openUrl');
      assert.ok(action?.value.startsWith(`${standIns.tokenService.url}/api/oauth/signin`));
      assert.equal(action?.title, 'Sign in to Partner Center');
      assert.equal(callsWithTheirToken(), 0);
    });

    it('Teams comes back with the SSO token: exchanged, then answered as that person', async () => {
      const { userId, userToken, callsWithTheirToken } = person();
      const sso = standIns.tokenService.ssoTokenFor(userId, userToken);
      const answer = await search(userBot, SCHOOL.id, { userId, extra: { authentication: { token: sso } } });
      assert.deepEqual(titles(answer), [SCHOOL.name]);
      assert.ok(callsWithTheirToken() >= 1, 'Partner Center was called with their on-behalf-of token');
      // Signed in now: the next search needs no sign-in at all.
      const again = await search(userBot, 'Contoso', { userId });
      assert.equal(again.body?.composeExtension?.type, 'result');
    });

    it('an SSO token the token service cannot exchange: 412, so Teams shows the sign-in link', async () => {
      const { userId } = person();
      const answer = await search(userBot, SCHOOL.id, {
        userId,
        extra: { authentication: { token: 'not-an-sso-token' } },
      });
      assert.equal(answer.status, 412);
    });

    it('after the sign-in page (auth): Teams sends its code as state, and the search is answered', async () => {
      const { userId, userToken, callsWithTheirToken } = person();
      const code = standIns.tokenService.completeSignInPage(userId, userToken);
      const answer = await search(userBot, 'Contoso', { userId, extra: { state: code } });
      assert.deepEqual(titles(answer).sort(), ['Contoso School District', 'Contoso University']);
      assert.ok(callsWithTheirToken() >= 2);
    });

    it('a stored sign-in that has lapsed: forgotten, and the sign-in response again instead of an error', async () => {
      const userId = `29:${randomUUID()}`;
      standIns.tokenService.storeToken(userId, `lapsed-${randomUUID()}`, 'msteams');
      const signOuts = standIns.tokenService.count('SignOut');
      const answer = await search(userBot, SCHOOL.id, { userId });
      assert.equal(answer.status, 200);
      assert.equal(answer.body?.composeExtension?.type, 'silentAuth');
      assert.equal(standIns.tokenService.count('SignOut'), signOuts + 1);
      assert.equal(standIns.tokenService.hasToken(userId), false);
    });

    it('a link pasted before the app is installed (anonymousQueryLink): the sign-in link, no SSO attempt', async () => {
      const answer = await send(
        userBot,
        invokeActivity('composeExtension/anonymousQueryLink', { url: link(SCHOOL.id) }),
      );
      assert.equal(answer.body?.composeExtension?.type, 'auth');
      assert.equal(answer.body?.composeExtension?.suggestedActions?.actions[0]?.title, 'Sign in to Partner Center');
    });

    it('a person signed in to the bot in chat already: answered at once, links too', async () => {
      const { userId, userToken, callsWithTheirToken } = person();
      standIns.tokenService.storeToken(userId, userToken, 'msteams');
      const answer = await send(
        userBot,
        invokeActivity('composeExtension/queryLink', { url: link(SCHOOL.id) }, { userId }),
      );
      assert.deepEqual(titles(answer), [SCHOOL.name]);
      assert.ok(callsWithTheirToken() >= 1);
    });
  });
});
