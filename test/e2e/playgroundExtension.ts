import type { Locator, Page } from 'playwright-core';
import type { PlaygroundPage, Reply } from './playgroundPage';

/**
 * The Agents Playground's message extension UI (0.2.28), driven like a user: the compose box's
 * **+** button ("Trigger Message Extension App") opens a menu with **Search Command**, **Action
 * Command** and **Link Unfurling**.
 *
 * - Search Command opens a flyout with a search box. The Playground reads no app manifest, so it
 *   does not know the command's id or parameter name: they are typed under **Specify Command ID or
 *   Parameter** (it sends no commandId otherwise, and the bot refuses an unknown command). Each
 *   change of the search box sends a `composeExtension/query`; the results (title, subtitle, text
 *   of each preview) or the response's message text are listed under it; picking a result puts
 *   its card into the compose box.
 * - Link Unfurling opens a dialog: an address typed there is sent as `composeExtension/queryLink`,
 *   the card of the answer is shown in the dialog, and **Send to Conversation** posts it.
 */

/** Each wait for the bot's answer in the Playground's UI is bounded by this (as PlaygroundPage's). */
const ANSWER_TIMEOUT_MS = 20000;

/** One result as the flyout lists it: its preview's title, subtitle and text. */
interface SearchResult {
  readonly title: string;
  readonly subtitle: string;
  readonly text: string;
}

/** What the flyout shows for a search: the results, or the response's message text. */
export interface SearchOutcome {
  readonly results: readonly SearchResult[];
  readonly message?: string;
}

export class PlaygroundExtension {
  private readonly page: Page;

  constructor(private readonly client: PlaygroundPage) {
    this.page = client.page;
  }

  /** The search flyout (a Fluent popover titled "Search-Based Message Extension"). */
  private flyout(): Locator {
    return this.page.locator('.fui-PopoverSurface', { hasText: 'Search-Based Message Extension' });
  }

  private searchBox(): Locator {
    return this.flyout().getByPlaceholder('Enter a search term');
  }

  /** The compose box's + menu, then one of its entries. */
  private async openMenu(entry: 'Search Command' | 'Link Unfurling'): Promise<void> {
    await this.page.getByRole('button', { name: 'Trigger Message Extension App', exact: true }).click();
    await this.page.getByRole('menuitem', { name: entry, exact: true }).click();
  }

  /**
   * Opens the search flyout in the conversation open now and gives it the command's id and
   * parameter name (the Playground keeps them while the page is open; they are typed each time
   * all the same).
   */
  async openSearch(commandId: string, parameterName: string): Promise<void> {
    if (!(await this.flyout().isVisible())) await this.openMenu('Search Command');
    await this.searchBox().waitFor({ state: 'visible' });
    const options = this.flyout().getByRole('button', { name: 'Specify Command ID or Parameter', exact: true });
    if ((await options.getAttribute('aria-expanded')) !== 'true') await options.click();
    await this.flyout().getByPlaceholder('Command ID').fill(commandId);
    await this.flyout().getByPlaceholder('Parameter name').fill(parameterName);
  }

  /**
   * Types `query` into the search box at once (one input event, so one query, not one per
   * keystroke) and waits for what the flyout shows for it.
   */
  async search(query: string): Promise<SearchOutcome> {
    await this.searchBox().fill(query);
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    for (;;) {
      const outcome = await this.outcome();
      if (outcome) return outcome;
      if (Date.now() > deadline) {
        const tail = (await this.client.pageText().catch(() => '')).slice(-600);
        throw new Error(
          `the search flyout showed nothing for "${query}" within ${ANSWER_TIMEOUT_MS / 1000} s; the page ends ` +
            `with (its log panel):\n…${tail}`,
        );
      }
      await this.page.waitForTimeout(100);
    }
  }

  /**
   * What the flyout shows under the search box once the answer is in (undefined while it is still
   * loading or empty). The Playground clears it on every change of the search box, so whatever is
   * shown answers the last query.
   */
  private async outcome(): Promise<SearchOutcome | undefined> {
    // No named helper functions in here: tsx (esbuild, keepNames) would wrap them in a `__name()`
    // call that does not exist in the page.
    return this.searchBox().evaluate((input) => {
      const below: Element[] = [];
      for (let next = input.parentElement?.nextElementSibling; next; next = next.nextElementSibling) below.push(next);
      if (below.some((el) => el.querySelector('.fui-Spinner') || el.classList.contains('fui-Spinner')))
        return undefined;
      const results = below.flatMap((el) =>
        [...el.querySelectorAll('h1')].map((title) => ({
          title: (title as HTMLElement).innerText.trim(),
          subtitle: (title.parentElement?.querySelector('h2') as HTMLElement | null)?.innerText.trim() ?? '',
          text: (title.parentElement?.querySelector(':scope > span') as HTMLElement | null)?.innerText.trim() ?? '',
        })),
      );
      if (results.length > 0) return { results };
      const message = below
        .map((el) => (el as HTMLElement).innerText.replace(/\s+/g, ' ').trim())
        .filter((text) => text !== '')
        .join(' ');
      return message === '' ? undefined : { results: [], message };
    });
  }

  /** Clicks the result titled `title`; the flyout closes and its card is put into the compose box. */
  async pick(title: string): Promise<Reply> {
    await this.flyout().locator('h1', { hasText: title }).first().click();
    await this.flyout().waitFor({ state: 'hidden' });
    return this.cardInComposeBox();
  }

  /** The card the compose box holds now. */
  async cardInComposeBox(): Promise<Reply> {
    const card = this.page.locator('[data-lexical-editor="true"] .ac-adaptiveCard').first();
    await card.waitFor({ state: 'visible', timeout: ANSWER_TIMEOUT_MS });
    return { card, text: collapse(await card.innerText()) };
  }

  /** The cards in the conversation (not in a compose box, nor in the Link Unfurling dialog) that show `text`. */
  private conversationCards(text: string): Locator {
    return this.page.locator(
      '.ac-adaptiveCard:not([data-lexical-editor] .ac-adaptiveCard):not([role="dialog"] .ac-adaptiveCard)',
      { hasText: text },
    );
  }

  /**
   * Sends what the compose box holds (Send Message) and waits for one more card showing `text`
   * in the conversation: the message just sent. Returns it.
   */
  async sendComposed(text: string, sendButton = 'Send Message'): Promise<Reply> {
    const before = await this.conversationCards(text).count();
    await this.page.getByRole('button', { name: sendButton, exact: true }).click();
    return this.newConversationCard(text, before, `sending the compose box`);
  }

  private async newConversationCard(text: string, before: number, after: string): Promise<Reply> {
    const deadline = Date.now() + ANSWER_TIMEOUT_MS;
    while ((await this.conversationCards(text).count()) <= before) {
      if (Date.now() > deadline)
        throw new Error(
          `no card showing "${text}" in the conversation within ${ANSWER_TIMEOUT_MS / 1000} s of ${after}`,
        );
      await this.page.waitForTimeout(100);
    }
    const card = this.conversationCards(text).nth(before);
    await card.waitFor({ state: 'visible' });
    return { card, text: collapse(await card.innerText()) };
  }

  /**
   * Link Unfurling: types `url` into the dialog's address field and waits for the unfurled card
   * the dialog shows (it asks the bot a moment after the typing stops).
   */
  async unfurl(url: string): Promise<Reply> {
    await this.openMenu('Link Unfurling');
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('Enter an URL').fill(url);
    const card = dialog.locator('.ac-adaptiveCard').first();
    await card.waitFor({ state: 'visible', timeout: ANSWER_TIMEOUT_MS });
    return { card, text: collapse(await card.innerText()) };
  }

  /** Posts the unfurled card (Send to Conversation) and returns it as the conversation shows it. */
  async sendUnfurled(text: string): Promise<Reply> {
    const before = await this.conversationCards(text).count();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Send to Conversation', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    return this.newConversationCard(text, before, 'Send to Conversation');
  }

  /** A screenshot of the search flyout. */
  async screenshotFlyout(file: string): Promise<void> {
    await this.flyout().screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  }

  /** A screenshot of the Link Unfurling dialog. */
  async screenshotDialog(file: string): Promise<void> {
    await this.page.getByRole('dialog').screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  }

  /** Closes the search flyout if it is open. */
  async closeSearch(): Promise<void> {
    if (await this.flyout().isVisible()) {
      await this.flyout().getByRole('button', { name: 'Close', exact: true }).first().click();
      await this.flyout().waitFor({ state: 'hidden' });
    }
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
