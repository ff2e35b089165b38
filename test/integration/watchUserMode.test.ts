import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { teamsMessage } from '../helpers/activities';
import { cardOf, cardText, type CapturedReply } from '../helpers/botConnector';
import { BotProcess, killAllBots } from '../helpers/botProcess';
import { UserModeStandIns, oneUserOnBehalfOf } from '../helpers/userModeStandIns';
import { waitFor } from '../helpers/waitFor';

/**
 * Watching in PARTNER_CENTER_AUTH=user: the checks run as the person who set the watch, with the
 * token the Bot Framework token service keeps for them (its stand-in) exchanged on-behalf-of (the
 * Entra stand-in), without any turn. A lapsed sign-in asks once, and the watch waits.
 */

const CUSTOMER = '00000000-0000-4000-8000-000000000031';
const USER_ID = `29:watcher-${randomUUID()}`;
const USER_TOKEN = `user-token-${randomUUID()}`;
const PC_TOKEN = `pc-token-${randomUUID()}`;

describe('watching as the signed-in person (user mode, token service and Entra stand-ins)', function () {
  this.timeout(120000);

  let standIns: UserModeStandIns;
  let bot: BotProcess;
  let answer: unknown[] = [{ qualification: 'Education', vettingStatus: 'InReview' }];

  const onBehalfOf = oneUserOnBehalfOf(USER_TOKEN, PC_TOKEN);

  before(async () => {
    standIns = await UserModeStandIns.start({ onBehalfOf });
    standIns.partnerCenter.replyAlways((request) => {
      if (request.headers.authorization !== `Bearer ${PC_TOKEN}`) return { status: 401, json: { code: 900421 } };
      if (!request.url.includes('/qualification')) {
        return { json: { id: CUSTOMER, companyProfile: { tenantId: CUSTOMER, companyName: 'Watched Ltd' } } };
      }
      return { json: answer };
    });
    bot = await BotProcess.start({
      env: { ...standIns.botEnv(), WATCH_POLL_SECONDS: '1', WATCH_CALLS_PER_MINUTE: '500' },
      startTimeoutMs: 60000,
    });
  });

  after(async () => {
    await killAllBots();
    await standIns?.close();
  });

  const conv = `a:${randomUUID()}`;

  async function say(text: string): Promise<CapturedReply> {
    const message = teamsMessage(text, { serviceUrl: standIns.connector.url, conversationId: conv });
    const activity = {
      ...message,
      from: { id: USER_ID, name: 'Wanda', aadObjectId: randomUUID() },
    };
    const { status } = await standIns.post(bot.url, activity);
    assert.equal(status, 200);
    return standIns.connector.waitForReplyTo(message.id as string);
  }

  function postsIn(): CapturedReply[] {
    return standIns.connector.replies.filter((r) => r.path.includes(`/v3/conversations/${encodeURIComponent(conv)}/`));
  }

  const calls = () => standIns.partnerCenter.requests.filter((r) => r.url.includes('/qualification')).length;
  const getTokens = () =>
    standIns.tokenService.calls.filter((c) => c.operation === 'GetToken' && c.userId === USER_ID).length;
  const checks = () => bot.logRecords().filter((r) => r.event === 'watchCheck' && r.customerId === CUSTOMER);

  it(
    'runs every check with the stored token and on-behalf-of; a lapsed sign-in asks once and the ' +
      'watch waits, then carries on',
    async () => {
      // Signed in earlier (the token service holds their token): the watch is set at once, as them.
      standIns.tokenService.storeToken(USER_ID, USER_TOKEN, 'msteams');
      const set = await say(`watch ${CUSTOMER}`);
      assert.match(cardText(cardOf(set)).replace(/\s+/g, ' '), /Watched Ltd ?: Education \(In review\)/);
      const asked = new Set([set]);
      const notices = () => postsIn().filter((r) => !asked.has(r));

      await waitFor(() => checks().length >= 2, { timeoutMs: 15000, what: 'two checks' });
      const pcCalls = standIns.partnerCenter.requests.filter((r) => r.url.includes('/qualification'));
      assert.ok(
        pcCalls.every((r) => r.headers.authorization === `Bearer ${PC_TOKEN}`),
        'every call as the person',
      );
      answer = [{ qualification: 'Education', vettingStatus: 'InReview' }, { qualification: 'StateOwnedEntity' }];
      await waitFor(() => notices().length >= 1, { timeoutMs: 15000, what: 'the change notice' });
      assert.match(cardText(cardOf(notices()[0])), /added/);

      // The sign-in lapses: one message, then the watch waits (no Partner Center call without access).
      standIns.tokenService.forgetToken(USER_ID);
      await waitFor(() => notices().length >= 2, { timeoutMs: 15000, what: 'the sign-in message' });
      assert.match(String(notices()[1]?.activity.text), /sign-in has lapsed, so the watch of Watched Ltd is waiting/);
      const callsWhileWaiting = calls();
      const waitingChecks = checks().length;
      await waitFor(() => checks().length >= waitingChecks + 3, { timeoutMs: 15000, what: 'three rounds waiting' });
      assert.equal(notices().length, 2, 'asked once');
      assert.equal(calls(), callsWhileWaiting, 'no Partner Center call while the sign-in is missing');
      // (The line of the check that asked may arrive after its message: it is among these.)
      const outcomes = checks()
        .slice(waitingChecks)
        .map((r) => r.outcome);
      assert.ok(
        outcomes.every((o) => o === 'waitingForSignIn' || o === 'signInNeeded'),
        outcomes.join(),
      );
      assert.ok(outcomes.filter((o) => o === 'waitingForSignIn').length >= 2, outcomes.join());

      // Signed in again: the next change is seen and posted.
      standIns.tokenService.storeToken(USER_ID, USER_TOKEN, 'msteams');
      answer = [{ qualification: 'Education', vettingStatus: 'Approved' }, { qualification: 'StateOwnedEntity' }];
      await waitFor(() => notices().length >= 3, { timeoutMs: 15000, what: 'the Approved notice' });
      assert.match(cardText(cardOf(notices()[2])), /this watch has ended/);
      console.log(
        `      measured (user mode, stored token, lapsed sign-in): ${checks().length} rounds, ` +
          `${calls()} Partner Center ` +
          `calls, ${notices().length} notifications, ${getTokens()} token-service reads`,
      );
      assert.ok(!bot.output.includes(USER_TOKEN) && !bot.output.includes(PC_TOKEN), 'no token in the log');
    },
  );
});
