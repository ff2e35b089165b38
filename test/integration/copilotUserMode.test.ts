import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { teamsMessage } from '../helpers/activities';
import { cardOf, cardText, type CapturedReply } from '../helpers/botConnector';
import { BotProcess, killAllBots } from '../helpers/botProcess';
import { UserModeStandIns, oneUserOnBehalfOf } from '../helpers/userModeStandIns';

/**
 * PARTNER_CENTER_AUTH=user in Microsoft 365 Copilot, which cannot show a sign-in card: the real bot
 * (child process, inbound authentication on) and the stand-ins for Teams' channel, Entra, the Bot
 * Framework token service, the Bot Connector and Partner Center. Someone who is not signed in gets
 * a clear message saying where to sign in (the bot's chat in Teams), in their language; someone who
 * signed in there is answered in Copilot as themselves.
 */

const CUSTOMER = '00000000-0000-4000-8000-000000000041';
const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';
const USER_TOKEN = `user-token-${randomUUID()}`;
const PC_TOKEN = `pc-token-${randomUUID()}`;

describe('user sign-in in Microsoft 365 Copilot (user mode, real bot, stand-ins)', function () {
  this.timeout(90000);

  let standIns: UserModeStandIns;
  let bot: BotProcess;

  const onBehalfOf = oneUserOnBehalfOf(USER_TOKEN, PC_TOKEN);

  before(async () => {
    standIns = await UserModeStandIns.start({ onBehalfOf });
    standIns.partnerCenter.replyAlways((request) => {
      if (request.headers.authorization !== `Bearer ${PC_TOKEN}`) return { status: 401, json: { code: 900421 } };
      if (!request.url.includes('/qualification')) {
        return { json: { id: CUSTOMER, companyProfile: { tenantId: CUSTOMER, companyName: 'Copilot School' } } };
      }
      return { json: [{ qualification: 'Education', vettingStatus: 'Approved' }] };
    });
    bot = await BotProcess.start({ env: standIns.botEnv(), startTimeoutMs: 60000 });
  });

  after(async () => {
    await killAllBots();
    await standIns?.close();
  });

  /** Sends `text` as a new user (or `userId`) and resolves with every reply, once the turn has answered. */
  async function say(
    text: string,
    options: { copilot: boolean; locale?: string; userId?: string },
  ): Promise<CapturedReply[]> {
    const message = teamsMessage(text, {
      serviceUrl: standIns.connector.url,
      copilot: options.copilot,
      locale: options.locale,
    });
    const activity = {
      ...message,
      from: { id: options.userId ?? `29:copilot-${randomUUID()}`, name: 'Cora', aadObjectId: randomUUID() },
    };
    const { status } = await standIns.post(bot.url, activity);
    assert.equal(status, 200);
    await standIns.connector.waitForReplyTo(message.id as string);
    return standIns.connector.replies.filter((reply) => reply.activity.replyToId === message.id);
  }

  const signInCards = (replies: readonly CapturedReply[]) =>
    replies.filter((reply) => reply.activity.attachments?.some((a) => a.contentType === OAUTH_CARD));
  const partnerCenterCalls = () => standIns.partnerCenter.requests.length;

  for (const [locale, command, expected] of [
    [
      'en-US',
      `qualification for ${CUSTOMER}`,
      /^I need you to sign in to Partner Center first, and Microsoft 365 Copilot can’t show the sign-in\. Open the chat with Qualification Check in Microsoft Teams.*for example qualification for 4f1c2d3e-8a7b-4c6d-9e5f-0a1b2c3d4e5f, and sign in when I ask\. Then send your request here again/,
    ],
    [
      'zh-TW',
      `資格 ${CUSTOMER}`,
      /^您需要先登入 Partner Center，但 Microsoft 365 Copilot 無法顯示登入畫面。請在 Microsoft Teams 中開啟與「資格查詢」的聊天.*例如 資格 4f1c2d3e-8a7b-4c6d-9e5f-0a1b2c3d4e5f，並在我要求時登入/,
    ],
  ] as const) {
    it(`not signed in, in Copilot (${locale}): a clear message with what to do, no sign-in card`, async () => {
      const callsBefore = partnerCenterCalls();
      const replies = await say(command, { copilot: true, locale });
      assert.equal(replies.length, 1, JSON.stringify(replies.map((r) => r.activity)));
      assert.match(String(replies[0].activity.text), expected);
      assert.deepEqual(signInCards(replies), []);
      assert.equal(partnerCenterCalls(), callsBefore, 'nothing looked up');
      // The log says the person was sent to Teams (the bot's log can arrive after its reply).
      await bot.waitForLogRecord((line) => line.event === 'signInElsewhere', 'the signInElsewhere line');
    });
  }

  it('not signed in, in a Teams 1:1 chat: the sign-in card, as before', async () => {
    const replies = await say(`qualification for ${CUSTOMER}`, { copilot: false });
    assert.equal(signInCards(replies).length, 1, JSON.stringify(replies.map((r) => r.activity.type)));
  });

  it('signed in earlier in Teams (the token service has their token): answered in Copilot, as them', async () => {
    const userId = `29:copilot-signed-in-${randomUUID()}`;
    standIns.tokenService.storeToken(userId, USER_TOKEN, 'msteams');
    const replies = await say(`qualification for ${CUSTOMER}`, { copilot: true, userId });
    assert.deepEqual(signInCards(replies), []);
    const card = replies.map(cardOf).find((c) => c !== undefined);
    assert.match(cardText(card), /Copilot School[\s\S]*Education/);
    assert.ok(
      standIns.partnerCenter.requests.every((r) => r.headers.authorization === `Bearer ${PC_TOKEN}`),
      'every Partner Center call on their behalf',
    );
  });
});
