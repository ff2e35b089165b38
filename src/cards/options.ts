import type { Messages } from './messages';

/** What every card function needs besides its own data. */
export interface CardOptions {
  /**
   * BCP 47 tag of the reader (Teams `activity.locale`): zh-TW, zh-Hant, zh-HK get Traditional
   * Chinese, the rest en-US (see messages/index.ts).
   */
  locale?: string;
  /** Demo mode: every card carries a visible "not from Partner Center" label. */
  demo: boolean;
}

/** The template fields every card shares. */
export interface CommonCardData {
  readonly demo: boolean;
  readonly demoLabel: string;
  readonly fallbackText: string;
}

export function commonData(messages: Messages, options: CardOptions, fallbackText: string): CommonCardData {
  return { demo: options.demo === true, demoLabel: messages.demoLabel, fallbackText };
}
