import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/botProcess';
import { e2eSuite } from './e2eSession';
import { PlaygroundExtension } from './playgroundExtension';
import type { PlaygroundPage, Reply } from './playgroundPage';

/**
 * Issue 15 end to end: the message extension (search `findCustomer`, and Partner Center link
 * unfurling) used in the Microsoft 365 Agents Playground's page like a user does, in headless
 * Chromium, against the bot in demo mode. Screenshots: test-results/e2e-message-extension/.
 *
 * What the Playground (0.2.28) can do, and so what this file tests:
 * - the compose box's **+** → **Search Command**: a flyout with a search box; each change sends a
 *   `composeExtension/query`, the results' previews (title, subtitle, text) or the answer's
 *   message text are listed; picking a result puts its card into the compose box, and sending
 *   posts it in the conversation, where its buttons work like any card's;
 * - **+** → **Link Unfurling**: a dialog where an address is typed (not pasted into the compose
 *   box), sent as `composeExtension/queryLink`; the dialog shows the answer's card and **Send to
 *   Conversation** posts it.
 *
 * What it cannot do, so only the integration tests (test/integration/messageExtension*.test.ts,
 * Teams' invokes posted to the real server) and real Teams show it:
 * - It reads no app manifest (its README says so; its CLI has no manifest option): the command id
 *   and parameter name are typed under "Specify Command ID or Parameter", the manifest's
 *   `initialRun` is not used (it asks nothing until something is typed, so the "Type a customer's
 *   tenant id…" hint is never shown), and the Teams command box does not exist there.
 * - Pasting a link into the compose box sends nothing: only its Link Unfurling dialog asks.
 * - A result with a `tap` (the bot's "Not read in time: pick it to look again", which asks with
 *   `composeExtension/selectItem`): its log warns that tap actions are not supported, and the
 *   flyout lists none of the results but says "Unable to reach app. Please try again." It never
 *   sends `selectItem`.
 * - Sign-in responses (`auth`, `silentAuth`, PARTNER_CENTER_AUTH=user): it has no such flow and
 *   calls them an invalid response.
 * - An empty unfurl answer (a link to another Partner Center page): its page crashes ("Cannot
 *   read properties of undefined (reading 'contentType')"), so that case is not sent here.
 * - It shows the unfurled card itself, not its preview, and ignores the cache policy.
 *
 * The cards are sent in the group chat: there, as in Teams, a message that does not @mention the
 * bot does not reach it, so what is checked is the card as the others in the chat see it.
 */

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'e2e-message-extension');
const T = '00000000-0000-4000-8000-000000000';
const DEMO_LABEL = 'Demo data — not from Partner Center';
/** As in manifest/manifest.json and src/conversation/handlers/messageExtensionHandler.ts. */
const COMMAND_ID = 'findCustomer';
const PARAMETER = 'query';
const BROKEN_CARD = /couldn.t be displayed/i;

describe('end to end in the Agents Playground: the message extension (headless Chromium)', function () {
  this.timeout(90000);
  this.slow(10000);

  const session = e2eSuite({
    screenshots: SCREENSHOTS,
    deviceScaleFactor: 2,
    // The group chat's welcome card, once it is open: it never counts as the card looked for.
    ready: async (client) => {
      await client.openConversation('group');
      await client.waitForCard('Check a customer’s Partner Center qualification');
    },
  });
  let extension: PlaygroundExtension | undefined;

  function page(): PlaygroundPage {
    return session.page();
  }

  function ui(): PlaygroundExtension {
    extension ??= new PlaygroundExtension(page());
    return extension;
  }

  async function searchFor(query: string): ReturnType<PlaygroundExtension['search']> {
    await ui().openSearch(COMMAND_ID, PARAMETER);
    return ui().search(query);
  }

  function assertShows(reply: Reply, expected: readonly string[]): void {
    for (const text of expected) assert.ok(reply.text.includes(text), `"${text}" in:\n${reply.text}`);
    assert.doesNotMatch(reply.text, BROKEN_CARD);
  }

  afterEach(async () => {
    await ui()
      .closeSearch()
      .catch(() => undefined);
  });

  describe('search (findCustomer)', () => {
    it('"Contoso": the customers whose name starts with it: company, domain, qualification at a glance', async () => {
      const { results, message } = await searchFor('Contoso');
      await ui().screenshotFlyout(path.join(SCREENSHOTS, 'search-contoso.png'));
      assert.equal(message, undefined);
      assert.deepEqual(results, [
        {
          title: 'Contoso School District',
          subtitle: 'contososchools.onmicrosoft.com',
          text: 'Demo data · Education (Approved)',
        },
        {
          title: 'Contoso Health Partners',
          subtitle: 'contosohealth.onmicrosoft.com',
          text: 'Demo data · HealthcareProvider (Approved)',
        },
      ]);
    });

    it('a tenant id: that one customer', async () => {
      const { results } = await searchFor(`${T}004`);
      assert.deepEqual(
        results.map((r) => r.title),
        ['Tailspin County Government'],
      );
      assert.equal(results[0]?.subtitle, 'tailspincounty.onmicrosoft.com');
      assert.match(results[0]?.text ?? '', /^Demo data · Government Community Cloud/);
    });

    it('"ab": the hint, no results', async () => {
      const outcome = await searchFor('ab');
      await ui().screenshotFlyout(path.join(SCREENSHOTS, 'search-too-short.png'));
      assert.deepEqual(outcome, {
        results: [],
        message: 'Type at least 3 characters of a company name, or a tenant id or domain.',
      });
    });

    it('a name none of the customers has: says so', async () => {
      const outcome = await searchFor('Zzyzx Holdings');
      assert.equal(outcome.results.length, 0);
      assert.match(outcome.message ?? '', /^None of your customers matches .?Zzyzx Holdings/);
    });
  });

  describe('a picked result', () => {
    let sent: Reply | undefined;

    it('is put into the compose box as the qualification card', async () => {
      await searchFor('Contoso');
      const composed = await ui().pick('Contoso School District');
      await page().screenshotCard(composed.card, path.join(SCREENSHOTS, 'compose-box-card.png'));
      assertShows(composed, [DEMO_LABEL, 'Contoso School District', `${T}001`, 'Education', 'Approved', 'Fetched']);
    });

    it('once sent, shows in the conversation with company, qualification, fetch time and demo label', async () => {
      sent = await ui().sendComposed('Contoso School District');
      await page().screenshotCard(sent.card, path.join(SCREENSHOTS, 'sent-card.png'));
      assertShows(sent, [
        DEMO_LABEL,
        'Contoso School District',
        'contososchools.onmicrosoft.com',
        `${T}001`,
        'Education',
        'Approved',
        'Fetched',
        'Refresh',
      ]);
      assert.doesNotMatch(sent.text, /\{\{(DATE|TIME)\(/, 'the fetch time is shown as a date, not as the template');
    });

    it('Refresh on the sent card looks the customer up again (a new correlation id)', async () => {
      assert.ok(sent, 'the card was not sent (see the test before)');
      const correlationId = /Correlation id: ([0-9a-f-]{36})/;
      // With Details open, so that the card Refresh puts in its place (Details closed) differs
      // from it even when the fetch time shows the same minute.
      const withDetails = await page().showDetails(sent);
      const before = correlationId.exec(withDetails)?.[1];
      assert.ok(before, `no correlation id under Details:\n${withDetails}`);
      const refreshed = await page().clickAndWaitForChange({ card: sent.card, text: withDetails }, 'Refresh');
      assertShows(refreshed, [DEMO_LABEL, 'Contoso School District', 'Education', 'Approved']);
      const after = correlationId.exec(await page().showDetails(refreshed))?.[1];
      assert.ok(after, 'no correlation id under Details after Refresh');
      assert.notEqual(after, before);
    });
  });

  describe('link unfurling', () => {
    const link = `https://partner.microsoft.com/en-us/dashboard/commerce2/customers/${T}004/account`;

    it('a Partner Center customer link: the customer’s card, and posted to the conversation', async () => {
      const unfurled = await ui().unfurl(link);
      await ui().screenshotDialog(path.join(SCREENSHOTS, 'unfurled-link.png'));
      const shows = [
        DEMO_LABEL,
        'Tailspin County Government',
        `${T}004`,
        'Government Community Cloud',
        'Approved',
        'State-owned entity',
      ];
      assertShows(unfurled, shows);
      const posted = await ui().sendUnfurled('Tailspin County Government');
      await page().screenshotCard(posted.card, path.join(SCREENSHOTS, 'unfurled-card-posted.png'));
      assertShows(posted, shows);
    });
  });
});
