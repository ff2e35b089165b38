import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/botProcess';
import { SCOPES, type Reply, type Scope } from './playgroundPage';
import { e2eSuite } from './e2eSession';

/**
 * End to end in a real client: the bot (`src/index.ts`, demo mode) as a child process, the
 * Microsoft 365 Agents Playground as a child process against it, and headless Chromium typing in
 * the Playground's Teams-like page — in the personal chat, a group chat and a team channel.
 * Assertions are on the card text as the page renders it.
 *
 * Run with `npm run test:e2e` (needs Chromium; CHROMIUM_PATH, default /usr/bin/chromium).
 * Screenshots of every reply: test-results/e2e/<scope>-<case>.png. With UPDATE_DOCS_SCREENSHOT=1
 * the personal-chat GCC result also becomes docs/result-card.png (the README's picture).
 */

const SCREENSHOTS = path.join(REPO_ROOT, 'test-results', 'e2e');
const DOCS_SCREENSHOT = path.join(REPO_ROOT, 'docs', 'result-card.png');
const UPDATE_DOCS = process.env.UPDATE_DOCS_SCREENSHOT === '1';

const T = '00000000-0000-4000-8000-000000000';
const DEMO_LABEL = 'Demo data — not from Partner Center';
/** Shown by the Adaptive Cards renderer instead of a card it cannot render. */
const BROKEN_CARD = /couldn.t be displayed/i;

interface Case {
  readonly name: string;
  readonly send: string;
  /** Texts the rendered card must show (case-insensitive, any apostrophe). */
  readonly shows: readonly string[];
  /** Default: every scope. */
  readonly scopes?: readonly Scope[];
}

// 19 messages and a Refresh from one user (the Playground's "Alex Wilber") in about a minute: under
// the bot's default per-user rate limit (USER_RATE_LIMIT_PER_MINUTE, 30). Over it, the bot answers
// with a short text instead of a card, and these tests would fail with "no card".
const CASES: readonly Case[] = [
  { name: 'help', send: 'help', shows: ['qualification for'] },
  {
    name: 'education-approved',
    send: `qualification for ${T}001`,
    shows: [DEMO_LABEL, `${T}001`, 'Education', 'Approved'],
  },
  {
    // Also the README's picture (docs/result-card.png).
    name: 'gcc-state-owned',
    send: `qualification for ${T}004`,
    shows: [
      DEMO_LABEL,
      'Tailspin County Government',
      `${T}004`,
      'Government Community Cloud',
      'Approved',
      'State-owned entity',
      'No vetting needed',
      'Open in Partner Center (real dashboard)',
      'Refresh',
    ],
    scopes: ['personal'],
  },
  { name: 'not-found', send: `qualification for ${T}404`, shows: [DEMO_LABEL, "isn't one of your customers"] },
  {
    name: 'invalid-id',
    send: 'qualification for 3f2b6c1e-8a4d',
    shows: ["doesn't look like a customer tenant id", '3f2b6c1e-8a4d'],
  },
  {
    name: 'several-customers',
    send: `qualification for ${T}001 ${T}004 ${T}404`,
    shows: [
      DEMO_LABEL,
      '3 customers, 1 couldn',
      'Contoso School District',
      'Tailspin County Government',
      `${T}404`,
      "isn't one of your customers",
    ],
    scopes: ['personal', 'channel'],
  },
  {
    // One slow customer: in a 1:1 chat the progress streams (informative updates, then the card as the final).
    name: 'several-streamed',
    send: `qualification for ${T}001 00000000-0000-4000-8000-000000004000`,
    shows: [DEMO_LABEL, '2 customers', 'Contoso School District', 'Alpine Ski House'],
    scopes: ['personal'],
  },
  {
    name: 'by-domain',
    send: 'qualification for contoso.onmicrosoft.com',
    shows: [
      DEMO_LABEL,
      'The Contoso Corporation',
      'contoso.onmicrosoft.com',
      'Education',
      'Approved',
      'Open in Partner Center',
      'Refresh',
    ],
    scopes: ['personal'],
  },
  {
    name: 'domain-not-found',
    send: 'qualification for contoso.com',
    shows: ['No customer with this domain', 'Did you mean', 'contososchools.onmicrosoft.com', 'Check'],
    scopes: ['personal'],
  },
  {
    name: 'chinese-command',
    send: `資格 ${T}007`,
    shows: ['Litware Community Foundation', 'Nonprofit'],
    scopes: ['personal'],
  },
];

/** The correlation id in a card's small print. */
function correlationIdOf(text: string): string {
  const match = /Correlation id: ([0-9a-f-]{36})/i.exec(text);
  assert.ok(match, `no correlation id in:\n${text}`);
  return match[1];
}

/** Lower case, one kind of apostrophe and quote, so wording tweaks in typography don't break tests. */
function comparable(text: string): string {
  return text.toLowerCase().replace(/[‘’ʼ]/g, "'").replace(/[“”]/g, '"');
}

describe('end to end in the Microsoft 365 Agents Playground (headless Chromium)', function () {
  this.timeout(60000);
  this.slow(10000);

  const session = e2eSuite({ screenshots: SCREENSHOTS, deviceScaleFactor: 2 });

  it(
    'welcomes the user once when the Playground installs the bot (personal chat), with ' + 'clickable examples',
    async () => {
      const client = session.page();
      const welcome = await client.waitForCard('Check a customer’s Partner Center qualification');
      assert.match(welcome.text, /Try it/);
      await client.screenshotCard(welcome.card, path.join(SCREENSHOTS, 'personal-welcome.png'));
    },
  );

  it('Refresh on a result card (Action.Execute) replaces the card with a new answer', async () => {
    const client = session.page();
    const reply = await client.send('personal', `qualification for ${T}002`);
    // The correlation id is small print behind the card's Details button.
    const detailed = await client.showDetails(reply);
    const before = correlationIdOf(detailed);
    const refreshed = await client.clickAndWaitForChange({ ...reply, text: detailed }, 'Refresh');
    assert.match(refreshed.text, /Fabrikam University[\s\S]*Education[\s\S]*In review/i);
    assert.notEqual(correlationIdOf(await client.showDetails(refreshed)), before, 'the card shows the new lookup');
    assert.equal(await client.cardCount(), refreshed.cardsOnPage, 'the card was replaced, not added');
    await client.screenshotCard(refreshed.card, path.join(SCREENSHOTS, 'personal-refreshed.png'));
  });

  for (const scope of Object.keys(SCOPES) as Scope[]) {
    describe(`in a ${SCOPES[scope].label}${SCOPES[scope].mention ? ', @mentioning the bot' : ''}`, () => {
      for (const testCase of CASES.filter((c) => !c.scopes || c.scopes.includes(scope))) {
        it(`${testCase.name}: "${testCase.send}"`, async () => {
          const client = session.page();
          const reply: Reply = await client.send(scope, testCase.send);
          const screenshot = path.join(SCREENSHOTS, `${scope}-${testCase.name}.png`);
          await client.screenshotExchange(scope, reply, testCase.send, screenshot);

          const shown = comparable(reply.text);
          for (const expected of testCase.shows) {
            assert.ok(
              shown.includes(comparable(expected)),
              `the card should show "${expected}"; it shows:\n${reply.text}\n(screenshot: ${screenshot})`,
            );
          }
          assert.doesNotMatch(reply.text, /\$\{|\{\{/, `the card shows unbound template markup:\n${reply.text}`);
          assert.doesNotMatch(
            await client.pageText(),
            BROKEN_CARD,
            `the page shows a card that couldn't be displayed (screenshot: ${screenshot})`,
          );

          if (UPDATE_DOCS && scope === 'personal' && testCase.name === 'gcc-state-owned') {
            fs.mkdirSync(path.dirname(DOCS_SCREENSHOT), { recursive: true });
            fs.copyFileSync(screenshot, DOCS_SCREENSHOT);
          }
        });
      }
    });
  }
});
