import type { Messages } from './messages';

/** What every card function needs besides its own data. */
export interface CardOptions {
  /** BCP47tagofthereader(Teams`activity.locale`):zh-TW,zh-Hant,zh-HKgetTraditionalChinese,theresten-US(see
   * messages/index.ts).*/
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
