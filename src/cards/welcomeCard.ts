import { DEFAULTS } from '../config/defaults';
import { exampleCommands } from './actions';
import type { HelpCardOptions } from './helpCard';
import { messagesFor } from './messages';
import { commonData } from './options';
import { type AdaptiveCardJson, expandTemplate } from './templates';

/**
 * Sent once when the bot is installed or added to a chat or team: what it does, the three kinds
 * of lookup as clickable examples, the sign-in note in user mode, and "type help".
 */
export function welcomeCard(options: HelpCardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const w = m.welcome;
  return expandTemplate('welcome', {
    ...commonData(m, options, w.fallback),
    title: w.title,
    intro: w.intro,
    hasSignIn: options.signIn === true,
    signIn: w.signIn,
    examplesHeading: w.examplesHeading,
    examples: exampleCommands(m, options.examples, options.maxCustomers ?? DEFAULTS.maxCustomersPerMessage).map(
      (e) => ({
        heading: e.heading,
        command: e.command,
        tryTitle: m.help.tryExample,
      }),
    ),
    helpHint: w.helpHint,
  });
}
