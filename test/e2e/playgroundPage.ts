import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';

/**
 * Headless Chromium (playwright-core) driving the Agents Playground's page like a user: pick a
 * conversation, type a message (with an @mention of the bot where Teams needs one), send it, wait
 * for the bot's Adaptive Card, read its rendered text and screenshot it.
 *
 * Everything stays on this machine: every request to a host other than 127.0.0.1/localhost is
 * aborted (the page asks a CDN for Segoe UI fonts; it falls back to local fonts), and Chromium's
 * resolver answers "not found" for every other host name (this also covers WebSockets).
 */

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Each wait for something the bot or the Playground does is bounded by this. */
const REPLY_TIMEOUT_MS = 20000;
/** The Playground's page is a 9 MB script bundle: on a busy 2-CPU machine it may take 10 s to start. */
const PAGE_LOAD_TIMEOUT_MS = 60000;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export type Scope = 'personal' | 'group' | 'channel';

interface ScopeUi {
  /** The conversation's entry in the Playground's left-hand tree. */
  readonly treeItem: RegExp;
  /** In group chats and channels the bot gets a message only when the message @mentions it (as in Teams). */
  readonly mention: boolean;
  readonly sendButton: string;
  readonly label: string;
}

export const SCOPES: Readonly<Record<Scope, ScopeUi>> = {
  personal: { treeItem: /^Personal Chat$/, mention: false, sendButton: 'Send Message', label: 'personal chat' },
  group: { treeItem: /^Group Chat$/, mention: true, sendButton: 'Send Message', label: 'group chat' },
  // A new post in the team's General channel; the bot's answer is a reply in the post's thread.
  channel: { treeItem: /General$/, mention: true, sendButton: 'Post', label: 'team channel (General)' },
};

/** What the Playground's page logs when it drops a bot reply (see PlaygroundPage.send). */
const DROPPED_REPLY = /Invalid conversation id/;

/** The Playground's own name for the bot in the @mention menu. */
const BOT_NAME = 'Test Bot';

/** Fails with a clear message when Chromium is missing. */
export function assertChromiumInstalled(): void {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}. The end-to-end tests drive the Agents Playground in headless ` +
        `Chromium: ` +
        'install it (Debian/Ubuntu: `apt-get install chromium`) or set CHROMIUM_PATH to a Chromium or Chrome ' +
        'executable.',
    );
  }
}

export interface Reply {
  /** The bot's card: the `.ac-adaptiveCard` element the Playground rendered. */
  readonly card: Locator;
  /** Its rendered text (innerText), whitespace collapsed. */
  readonly text: string;
}

export class PlaygroundPage {
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Hosts the page tried to reach and was refused. */
  readonly blockedHosts = new Set<string>();
  /** Errors the page's scripts reported (console.error, uncaught), for failure reports. */
  readonly pageErrors: string[] = [];
  /** Things worth a line in the test output (e.g. a reply the Playground dropped and we sent again). */
  readonly notes: string[] = [];
  private current: Scope | undefined;
  /** How often the Playground dropped a bot reply (see send). */
  private droppedReplies = 0;
  /** Numbers the cards replies return (data-e2e-card), so a Reply keeps pointing at its own card. */
  private cardsNamed = 0;

  private constructor(browser: Browser, context: BrowserContext, page: Page) {
    this.browser = browser;
    this.context = context;
    this.page = page;
    page.on('pageerror', (error) => this.pageErrors.push(`uncaught: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const text = message.text();
      if (/Failed to load resource/.test(text)) return; // the blocked CDN fonts
      this.pageErrors.push(text.split('\n')[0] ?? text);
      if (DROPPED_REPLY.test(text)) this.droppedReplies++;
    });
  }

  /**
   * Launches Chromium (Playwright gives it a fresh temporary profile, i.e. --user-data-dir, and
   * deletes it on close) and opens the Playground's page.
   */
  static async launch(url: string, options: { deviceScaleFactor?: number } = {}): Promise<PlaygroundPage> {
    assertChromiumInstalled();
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      timeout: 30000,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
      ],
    });
    try {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 1400 },
        deviceScaleFactor: options.deviceScaleFactor ?? 1,
        locale: 'en-US',
        timezoneId: 'UTC',
        reducedMotion: 'reduce',
      });
      context.setDefaultTimeout(REPLY_TIMEOUT_MS);
      const driver = new PlaygroundPage(browser, context, await context.newPage());
      await context.route('**/*', (route) => {
        const host = new URL(route.request().url()).hostname;
        if (LOOPBACK_HOSTS.has(host)) return route.continue();
        driver.blockedHosts.add(host);
        return route.abort('blockedbyclient');
      });
      await driver.open(url);
      return driver;
    } catch (error) {
      await browser.close().catch(() => undefined);
      throw error;
    }
  }

  private async open(url: string): Promise<void> {
    await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout: PAGE_LOAD_TIMEOUT_MS });
    await this.editor().waitFor({ state: 'visible', timeout: PAGE_LOAD_TIMEOUT_MS });
    // The Playground opens on the personal chat.
    this.current = 'personal';
  }

  /** The message box: in a channel the first one is "Start a new post" (the others reply in threads). */
  private editor(): Locator {
    return this.page.locator('[data-lexical-editor="true"]').first();
  }

  /** Switches to the scope's conversation (a no-op when it is open already). */
  async openConversation(scope: Scope): Promise<void> {
    if (this.current === scope) return;
    const ui = SCOPES[scope];
    // The Playground mounts a new message box for the conversation it switches to.
    await this.page.evaluate(() =>
      document.querySelectorAll('[data-lexical-editor="true"]').forEach((el) => el.setAttribute('data-e2e-old', '')),
    );
    await this.page.getByRole('treeitem', { name: ui.treeItem }).click();
    await this.page
      .locator('[data-lexical-editor="true"]:not([data-e2e-old])')
      .first()
      .waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    await this.page.getByRole('button', { name: ui.sendButton, exact: true }).waitFor({ state: 'visible' });
    await this.page.waitForTimeout(500); // let it show the conversation's (empty) history
    this.current = scope;
  }

  /**
   * Sends `text` in the scope's conversation (opening it first) and waits for the ONE new Adaptive
   * Card the bot answers with. Throws if none arrives within REPLY_TIMEOUT_MS.
   *
   * A race in the Playground's page (0.2.28): in a channel, when the bot's reply reaches the page
   * before the answer to the page's own request that created the post, the page drops the reply
   * and logs "Saga error Error: Invalid conversation id team-id;messageid=…" (reproduced by
   * delaying that answer; it happens now and then on a busy machine). The bot did answer, so then
   * the message is sent once more, and a note says so.
   */
  async send(scope: Scope, text: string): Promise<Reply> {
    const first = await this.sendOnce(scope, text);
    if (first !== 'dropped') return first;
    this.notes.push(
      `the Playground dropped the bot's reply to "${text}" in the ${SCOPES[scope].label} (its own race, "Invalid ` +
        `conversation id"); sent the message again`,
    );
    const second = await this.sendOnce(scope, text);
    if (second !== 'dropped') return second;
    throw new Error(
      `the Playground dropped the bot's reply to "${text}" in the ${SCOPES[scope].label} twice ("Invalid ' +
        'conversation id" in the page's console)`,
    );
  }

  private async sendOnce(scope: Scope, text: string): Promise<Reply | 'dropped'> {
    await this.openConversation(scope);
    const ui = SCOPES[scope];
    const page = this.page;
    // Every card on the page now is an old one; the reply is the card without this mark.
    await this.markCardsSeen();
    const droppedBefore = this.droppedReplies;
    const editor = this.editor();
    await editor.click();
    if (ui.mention) {
      await editor.pressSequentially('@');
      await page.getByRole('menuitem', { name: BOT_NAME }).click();
      await editor.pressSequentially(' ');
    }
    await editor.pressSequentially(text);
    await page.getByRole('button', { name: ui.sendButton, exact: true }).click();
    return this.freshCard(`sending "${text}" in the ${ui.label}`, droppedBefore);
  }

  /** Marks every card on the page now as an old one (see freshCard). */
  private async markCardsSeen(): Promise<void> {
    await this.page.evaluate(() =>
      document.querySelectorAll('.ac-adaptiveCard').forEach((el) => el.setAttribute('data-e2e-seen', '')),
    );
  }

  /**
   * Waits for the one card not marked seen and gives it a number of its own, so that the Reply's
   * locator still finds it after later cards arrive. 'dropped': the Playground dropped the reply.
   */
  private async freshCard(after: string, droppedBefore: number): Promise<Reply | 'dropped'> {
    const page = this.page;
    const fresh = page.locator('.ac-adaptiveCard:not([data-e2e-seen])');
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    // A dropped activity may be the typing indicator that comes before the card: the card may
    // still arrive, so a drop counts only when no card follows within a couple of seconds.
    let droppedAt: number | undefined;
    while ((await fresh.count()) === 0) {
      if (this.droppedReplies > droppedBefore) droppedAt ??= Date.now();
      if (droppedAt !== undefined && Date.now() - droppedAt > 2000) return 'dropped';
      if (Date.now() > deadline) {
        // The end of the page is the Playground's log panel: did it deliver the message, did the bot answer?
        const tail = (await this.pageText().catch(() => '')).slice(-600);
        throw new Error(
          `no card from the bot within ${REPLY_TIMEOUT_MS / 1000} s after ${after}; the page ends with:\n…${tail}`,
        );
      }
      await page.waitForTimeout(100);
    }
    await fresh.first().waitFor({ state: 'visible' });
    await settle(page, fresh.first());
    const count = await fresh.count();
    if (count !== 1) throw new Error(`expected one new card after ${after}, got ${count}`);
    const name = String(++this.cardsNamed);
    await fresh.first().evaluate((el, n) => el.setAttribute('data-e2e-card', n), name);
    const card = page.locator(`.ac-adaptiveCard[data-e2e-card="${name}"]`);
    return { card, text: collapse(await card.innerText()) };
  }

  /**
   * Clicks the card's button `title` (the `nth` one of that name, from 0) and waits for the ONE
   * new card the bot answers with (Action.Submit: a new message). In a channel the Playground may
   * drop it (see send); then the button is clicked once more, and a note says so.
   */
  async clickForNewCard(reply: Reply, title: string, nth = 0): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      await this.markCardsSeen();
      const droppedBefore = this.droppedReplies;
      await reply.card.getByRole('button', { name: title, exact: true }).nth(nth).click();
      const answer = await this.freshCard(`clicking "${title}"`, droppedBefore);
      if (answer !== 'dropped') return answer;
      if (attempt === 2) throw new Error(`the Playground dropped the bot's answer to "${title}" twice`);
      this.notes.push(`the Playground dropped the bot's answer to "${title}" (its own race); clicked it again`);
    }
  }

  /**
   * Clicks the card's button `title` and waits for the bot's plain-text answer (a message without
   * a card) that matches `expected`; returns that message's text.
   */
  async clickForText(reply: Reply, title: string, expected: RegExp): Promise<string> {
    await reply.card.getByRole('button', { name: title, exact: true }).click();
    const message = this.page.getByText(expected).last();
    await message.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    return collapse(await message.innerText());
  }

  /** Clicks the card's "Details" toggle and returns the card's text with the small print shown. */
  async showDetails(reply: Reply, title = 'Details'): Promise<string> {
    const before = collapse(await reply.card.innerText());
    await reply.card.getByRole('button', { name: title, exact: true }).click();
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      const text = collapse(await reply.card.innerText());
      if (text !== before) return text;
      if (Date.now() > deadline) throw new Error(`"${title}" showed nothing within ${REPLY_TIMEOUT_MS / 1000} s`);
      await this.page.waitForTimeout(100);
    }
  }

  /**
   * Clicks a link button (Action.OpenUrl) and returns the URL the page tried to open. Nothing is
   * opened: window.open is replaced for the click, and a new page would be refused anyway (every
   * host but this machine's is blocked).
   */
  async urlOfLink(reply: Reply, title: string): Promise<string> {
    await this.page.evaluate(() => {
      const page = window as unknown as { e2eOpened?: string[]; open: (url?: string | URL) => null };
      page.e2eOpened = [];
      page.open = (url?: string | URL) => {
        page.e2eOpened?.push(String(url));
        return null;
      };
    });
    const popup = this.context.waitForEvent('page', { timeout: 3000 }).catch(() => undefined);
    // The Adaptive Cards renderer gives an Action.OpenUrl the role "link".
    await reply.card.getByRole('link', { name: title, exact: true }).click();
    const deadline = Date.now() + 3000;
    for (;;) {
      const opened = await this.page.evaluate(() => (window as unknown as { e2eOpened?: string[] }).e2eOpened ?? []);
      if (opened.length > 0) return opened[0] ?? '';
      if (Date.now() > deadline) break;
      await this.page.waitForTimeout(100);
    }
    const page = await popup;
    if (page) {
      const url = page.url();
      await page.close().catch(() => undefined);
      return url;
    }
    throw new Error(`clicking "${title}" opened nothing`);
  }

  /** Waits for a card (already shown, or arriving) that shows `text`. */
  async waitForCard(text: string): Promise<Reply> {
    const card = this.page.locator('.ac-adaptiveCard', { hasText: text }).last();
    await card.waitFor({ state: 'visible', timeout: REPLY_TIMEOUT_MS });
    await settle(this.page, card);
    return { card, text: collapse(await card.innerText()) };
  }

  /** How many Adaptive Cards the page shows now. */
  cardCount(): Promise<number> {
    return this.page.locator('.ac-adaptiveCard').count();
  }

  /**
   * Clicks the card's button `title` and waits until the card in its place shows something else
   * (Action.Execute: the bot answers the invoke with the card that replaces it). Returns that card
   * and how many cards the page then shows.
   */
  async clickAndWaitForChange(reply: Reply, title: string): Promise<Reply & { cardsOnPage: number }> {
    const cardsOnPage = await this.cardCount();
    const index = await reply.card.evaluate((el) => [...document.querySelectorAll('.ac-adaptiveCard')].indexOf(el));
    await reply.card.getByRole('button', { name: title, exact: true }).click();
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    const at = this.page.locator('.ac-adaptiveCard').nth(index);
    for (;;) {
      const text = collapse(await at.innerText().catch(() => ''));
      if (text !== '' && text !== reply.text) {
        await settle(this.page, at);
        return { card: at, text: collapse(await at.innerText()), cardsOnPage };
      }
      if (Date.now() > deadline)
        throw new Error(`the card did not change within ${REPLY_TIMEOUT_MS / 1000} s after clicking "${title}"`);
      await this.page.waitForTimeout(100);
    }
  }

  /** A screenshot of one card. */
  async screenshotCard(card: Locator, file: string): Promise<void> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  }

  /** The page's whole visible text (for "this card couldn't be displayed" checks). */
  async pageText(): Promise<string> {
    return collapse(await this.page.locator('body').innerText());
  }

  /**
   * Screenshot of the exchange: the user's message and the bot's card below it, cropped to the
   * conversation column (in a channel: the whole post with its thread). Throws if the user's
   * message is not right above the card, which would mean the card answers something else.
   */
  async screenshotExchange(scope: Scope, reply: Reply, sentText: string, file: string): Promise<void> {
    const page = this.page;
    await page.mouse.move(0, 0); // no hover toolbars in the picture
    let clip = await exchangeRegion(reply.card, sentText, scope === 'channel');
    if (!clip)
      throw new Error(
        `could not find the message "${sentText}" right above the bot's card in the ${SCOPES[scope].label}`,
      );
    const viewport = page.viewportSize() ?? { width: 1280, height: 1400 };
    const tall = clip.height + 200 > viewport.height;
    if (tall) {
      await page.setViewportSize({ width: viewport.width, height: Math.ceil(clip.height) + 400 });
      await settle(page, reply.card);
      clip = (await exchangeRegion(reply.card, sentText, scope === 'channel')) ?? clip;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      await page.screenshot({ path: file, clip, animations: 'disabled', caret: 'hide' });
    } finally {
      // Show again the earlier messages exchangeRegion hid.
      await page.evaluate(() =>
        document.querySelectorAll('[data-e2e-hidden]').forEach((el) => {
          (el as HTMLElement).style.visibility = '';
          el.removeAttribute('data-e2e-hidden');
        }),
      );
      if (tall) await page.setViewportSize(viewport);
    }
  }

  /** A screenshot of the whole page (for failures). Never throws. */
  async screenshotPage(file: string): Promise<void> {
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await this.page.screenshot({ path: file, timeout: 10000 });
    } catch {
      // best effort
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Waits (up to 3 s) until fonts are loaded and the element's size and position stop changing. */
async function settle(page: Page, element: Locator): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  let last = '';
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    const box = JSON.stringify(await element.boundingBox());
    if (box === last) return;
    last = box;
    await page.waitForTimeout(150);
  }
}

interface Clip {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The page region holding the user's message and the card that answers it, scrolled into view,
 * with a small margin; undefined when the message is not found right above the card.
 * - In a chat, the card's row and the nearest earlier row that shows the sent text. The rows
 *   before that are hidden (visibility only, the layout stays) until screenshotExchange shows them again.
 * - In a channel, the post (a Fluent UI card) holding both the message and its thread; the other
 *   posts are hidden likewise.
 */
async function exchangeRegion(card: Locator, sentText: string, channel: boolean): Promise<Clip | undefined> {
  // No named helper functions in here: tsx (esbuild, keepNames) would wrap them in a `__name()`
  // call that does not exist in the page.
  return card.evaluate(
    (cardElement, { sent, isChannel }) => {
      let top: Element | undefined;
      let bottom: Element = cardElement;
      if (isChannel) {
        const post = cardElement.closest('.fui-Card');
        if (post && (post as HTMLElement).innerText.replace(/\s+/g, ' ').includes(sent)) {
          top = bottom = post;
          // Hide the other posts: the edge of the next one would show below this one.
          document.querySelectorAll('.fui-Card').forEach((other) => {
            if (
              other === post ||
              other.contains(post) ||
              post.contains(other) ||
              (other as HTMLElement).style.visibility === 'hidden'
            )
              return;
            (other as HTMLElement).style.visibility = 'hidden';
            other.setAttribute('data-e2e-hidden', '');
          });
        }
      } else {
        search: for (
          let node: Element = cardElement;
          node.parentElement && node.parentElement !== document.body;
          node = node.parentElement
        ) {
          for (let sibling = node.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
            if ((sibling as HTMLElement).innerText.replace(/\s+/g, ' ').includes(sent)) {
              top = sibling;
              bottom = node;
              // Hide the earlier messages: the previous card's shadow would show above the message.
              for (let earlier = sibling.previousElementSibling; earlier; earlier = earlier.previousElementSibling) {
                if ((earlier as HTMLElement).style.visibility === 'hidden') continue;
                (earlier as HTMLElement).style.visibility = 'hidden';
                earlier.setAttribute('data-e2e-hidden', '');
              }
              break search;
            }
          }
        }
      }
      if (!top) return undefined;
      bottom.scrollIntoView({ block: 'nearest' });
      // Scroll 16 px further where possible: the card's shadow is drawn below its box, and the
      // scrolling list would cut it off if the box ended right at the list's edge.
      for (let list = bottom.parentElement; list; list = list.parentElement) {
        const overflow = getComputedStyle(list).overflowY;
        if ((overflow === 'auto' || overflow === 'scroll') && list.scrollHeight > list.clientHeight) {
          const hidden = bottom.getBoundingClientRect().bottom + 16 - list.getBoundingClientRect().bottom;
          if (hidden > 0) list.scrollTop += hidden;
          break;
        }
      }
      top.scrollIntoView({ block: 'nearest' });
      const a = top.getBoundingClientRect();
      const b = bottom.getBoundingClientRect();
      // Chat rows span the conversation column: no margin at the sides (it would show the page
      // background). A channel post is a card with a shadow: keep a little space around it.
      const side = isChannel ? 8 : 0;
      const x = Math.max(0, Math.min(a.left, b.left) - side);
      const y = Math.max(0, Math.min(a.top, b.top) - 8);
      const right = Math.min(window.innerWidth, Math.max(a.right, b.right) + side);
      const bottomEdge = Math.min(document.documentElement.clientHeight, Math.max(a.bottom, b.bottom) + 12);
      return { x, y, width: right - x, height: bottomEdge - y };
    },
    { sent: collapse(sentText), isChannel: channel },
  );
}
