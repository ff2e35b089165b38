import assert from 'node:assert/strict';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/botProcess';
import { e2eSuite } from './e2eSession';

/**
 * Watching a customer in a real client (issue 16): the bot (demo mode) and the Agents Playground
 * as child processes, headless Chromium clicking in its page. A demo customer's result card has
 * **Watch**; the click brings the watch answer; **Refresh** (Action.Execute, the card replaced)
 * and the `watching` list then offer **Stop watching**, whose click brings the unwatch answer, and
 * Refresh shows **Watch** again. The watch buttons are `Action.Submit` with data `{ command }`,
 * the kind the Playground 0.2.28 can click (not `data.msteams`: see src/cards/actions.ts).
 * Screenshots: test-results/e2e-watch/.
 */

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'e2e-watch');
const CUSTOMER = '00000000-0000-4000-8000-000000000002';
const COMPANY = 'Fabrikam University';

describe('end to end in the Agents Playground: Watch and Stop watching on the result card', function () {
  this.timeout(90000);
  this.slow(15000);

  const session = e2eSuite({
    screenshots: SCREENSHOTS,
    // The welcome card first, so that it never counts as the answer to the first message.
    ready: async (client) => void (await client.waitForCard('Check a customer’s Partner Center qualification')),
  });

  it('Watch → the watch answer; Refresh and the list show Stop watching; Stop watching → unwatched', async () => {
    const page = session.page();
    const result = await page.send('personal', `qualification for ${CUSTOMER}`);
    assert.match(result.text, new RegExp(`${COMPANY}[\\s\\S]*Education[\\s\\S]*In review`));
    assert.match(result.text, /\bWatch\b/);
    assert.doesNotMatch(result.text, /Stop watching/);

    const watched = await page.clickForNewCard(result, 'Watch');
    await page.screenshotCard(watched.card, path.join(SCREENSHOTS, 'watch-answer.png'));
    assert.match(watched.text, new RegExp(`Watching[\\s\\S]*${COMPANY}: Education \\(In review\\)`));
    assert.match(watched.text, /I'll post here when a qualification or its vetting status changes/);
    assert.match(watched.text, /memory only/, 'demo mode keeps watches in memory, and says so');

    // Refresh (Action.Execute) replaces the result card: this conversation now watches the customer.
    const refreshed = await page.clickAndWaitForChange(result, 'Refresh');
    await page.screenshotCard(refreshed.card, path.join(SCREENSHOTS, 'refreshed-stop-watching.png'));
    assert.match(refreshed.text, new RegExp(COMPANY));
    assert.match(refreshed.text, /Stop watching/);
    assert.doesNotMatch(refreshed.text, /\bWatch\b/, 'no Watch button besides');

    const list = await page.send('personal', 'watching');
    await page.screenshotCard(list.card, path.join(SCREENSHOTS, 'watching-list.png'));
    assert.match(list.text, new RegExp(`Watched in this conversation[\\s\\S]*${COMPANY}: Education \\(In review\\)`));
    assert.match(list.text, new RegExp(`Stop watching: ${COMPANY}`));

    const stopped = await page.clickForText(refreshed, 'Stop watching', new RegExp(`Stopped watching ${COMPANY}`));
    assert.equal(stopped, `Stopped watching ${COMPANY}.`);

    const again = await page.clickAndWaitForChange(refreshed, 'Refresh');
    assert.doesNotMatch(again.text, /Stop watching/);
    assert.match(again.text, /\bWatch\b/);
    const emptied = await page.send('personal', 'watching');
    assert.match(emptied.text, /Nothing is watched here/);
  });
});
