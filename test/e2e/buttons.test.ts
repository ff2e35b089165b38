import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/botProcess';
import { PlaygroundPage, type Reply, type Scope } from './playgroundPage';
import { e2eSuite } from './e2eSession';

/**
 * Every kind of card button, clicked in a real client: the bot (`src/index.ts`, demo mode) and the
 * Microsoft 365 Agents Playground as child processes, headless Chromium clicking in its page.
 * Try it (welcome and help cards), Check (the domain choice card and did-you-mean), Check again and
 * Try again (a row of the several-customers card) are `Action.Submit` buttons with data
 * `{ command }`: each click must bring the answer to that command. Refresh (`Action.Execute`)
 * replaces the card; Details shows the correlation id; Open in Partner Center is a link, whose URL
 * is checked without opening it.
 *
 * In the personal chat and in a team channel (General: the bot's answer to a click goes into the
 * post's thread). The Playground's own bug there: now and then its page drops a bot reply in a
 * channel ("Saga error … Invalid conversation id team-id;messageid=…" in its console, a race
 * between the reply and the answer to its own request); PlaygroundPage then clicks once more and
 * the test prints a note. Before the buttons sent plain data, every click failed in this
 * Playground (0.2.28) with "Cannot add property msTeams, object is not extensible": the page
 * checks that no click logs that.
 *
 * Screenshots of the answers: test-results/e2e-buttons/.
 */

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'e2e-buttons');
const T = '00000000-0000-4000-8000-000000000';
const DEMO_LABEL = 'Demo data — not from Partner Center';
/** What the Playground 0.2.28 logged for every Action.Submit with data.msteams (imBack). */
const MSTEAMS_CLICK_FAILURE = /Cannot add property msTeams/;

describe('end to end in the Agents Playground: every kind of button, clicked (headless Chromium)', function () {
  this.timeout(90000);
  this.slow(15000);

  // About 40 messages and clicks from one user in two minutes: over the default per-user rate
  // limit (30 a minute), which is not what this file tests.
  const session = e2eSuite({
    screenshots: SCREENSHOTS,
    botEnv: { USER_RATE_LIMIT_PER_MINUTE: '0' },
    deviceScaleFactor: 2,
  });

  function page(): PlaygroundPage {
    return session.page();
  }

  /** Clicks the button and checks the answer shows every text; screenshots it. */
  async function clickAndExpect(
    on: Reply,
    title: string,
    shows: readonly (string | RegExp)[],
    screenshot: string,
    nth = 0,
  ): Promise<Reply> {
    const errorsBefore = page().pageErrors.length;
    const answer = await page().clickForNewCard(on, title, nth);
    await page().screenshotCard(answer.card, path.join(SCREENSHOTS, `${screenshot}.png`));
    for (const expected of shows) {
      if (typeof expected === 'string') assert.ok(answer.text.includes(expected), `"${expected}" in:\n${answer.text}`);
      else assert.match(answer.text, expected);
    }
    const newErrors = page().pageErrors.slice(errorsBefore);
    assert.ok(!newErrors.some((e) => MSTEAMS_CLICK_FAILURE.test(e)), newErrors.join('\n'));
    return answer;
  }

  describe('in the personal chat', () => {
    it('Try it on the welcome card: each of the four examples answers', async () => {
      const welcome = await page().waitForCard('Check a customer’s Partner Center qualification');
      assert.equal((welcome.text.match(/Try it/g) ?? []).length, 4);
      await clickAndExpect(
        welcome,
        'Try it',
        [DEMO_LABEL, 'Contoso School District', `${T}001`, 'Education', 'Approved'],
        'welcome-one',
      );
      await clickAndExpect(
        welcome,
        'Try it',
        [DEMO_LABEL, '2 customers', 'Contoso School District', 'Tailspin County Government'],
        'welcome-several',
        1,
      );
      await clickAndExpect(
        welcome,
        'Try it',
        [DEMO_LABEL, 'The Contoso Corporation', 'contoso.onmicrosoft.com', 'Education'],
        'welcome-domain',
        2,
      );
      await clickAndExpect(welcome, 'Try it', [DEMO_LABEL, 'Fabrikam University'], 'welcome-name', 3);
    });

    it('Try it on the help card', async () => {
      const help = await page().send('personal', 'help');
      await clickAndExpect(help, 'Try it', [DEMO_LABEL, 'Contoso School District', `${T}001`], 'help-one');
    });

    it('Check on the domain choice card: the customer picked', async () => {
      const choice = await page().send('personal', 'qualification for bellowscollege.onmicrosoft.com');
      assert.match(choice.text, /Several of your customers use bellowscollege\.onmicrosoft\.com/);
      await clickAndExpect(
        choice,
        'Check',
        [DEMO_LABEL, 'Bellows College Alumni Foundation', `${T}014`, 'Nonprofit', 'No vetting status given'],
        'choice-check',
        1,
      );
    });

    it('Check on did-you-mean: the customer suggested', async () => {
      const notFound = await page().send('personal', 'qualification for contoso.com');
      assert.match(notFound.text, /Did you mean/);
      // The first customer whose domain starts like contoso: contososchools.onmicrosoft.com.
      await clickAndExpect(
        notFound,
        'Check',
        [DEMO_LABEL, 'Contoso School District', 'contososchools.onmicrosoft.com', `${T}001`],
        'did-you-mean',
      );
    });

    it("Check again and Try again on the several-customers card: that customer's own card", async () => {
      const summary = await page().send('personal', `qualification for ${T}005 ${T}404`);
      assert.match(summary.text, /2 customers, 1 couldn.t be looked up/);
      assert.match(summary.text, /Woodgrove State Power Utility[\s\S]*State-owned entity · No vetting needed/);
      assert.match(summary.text, /Fetched /);
      await clickAndExpect(summary, 'Check again', ['Woodgrove State Power Utility', 'Refresh'], 'row-check-again');
      await clickAndExpect(summary, 'Try again', ["isn't one of your customers", `${T}404`], 'row-try-again');
    });

    it('Refresh replaces the card; Details shows the correlation id; Open in Partner Center links to it', async () => {
      const result = await page().send('personal', `qualification for ${T}004`);
      assert.doesNotMatch(result.text, /Correlation id/, 'small print hidden until Details');
      const detailed = await page().showDetails(result);
      assert.match(detailed, /Correlation id: [0-9a-f-]{36}/);
      const url = await page().urlOfLink(result, 'Open in Partner Center (real dashboard)');
      assert.equal(url, `https://partner.microsoft.com/dashboard/commerce2/customers/${T}004/account`);
      const refreshed = await page().clickAndWaitForChange({ ...result, text: detailed }, 'Refresh');
      assert.match(refreshed.text, /Tailspin County Government[\s\S]*Government Community Cloud/);
      assert.equal(await page().cardCount(), refreshed.cardsOnPage, 'replaced, not added');
    });
  });

  describe('in a team channel (General), @mentioning the bot to start', () => {
    const scope: Scope = 'channel';

    it('Try it on the help card: the answer comes in the thread', async () => {
      const help = await page().send(scope, 'help');
      await clickAndExpect(help, 'Try it', [DEMO_LABEL, 'Contoso School District', `${T}001`], 'channel-help-one');
    });

    it('Check on did-you-mean', async () => {
      const notFound = await page().send(scope, 'qualification for contoso.com');
      await clickAndExpect(notFound, 'Check', ['Contoso School District', `${T}001`], 'channel-did-you-mean');
    });

    it('Try again on a row of the several-customers card', async () => {
      const summary = await page().send(scope, `qualification for ${T}001 ${T}404`);
      await clickAndExpect(summary, 'Try again', ["isn't one of your customers"], 'channel-row-try-again');
    });
  });
});
