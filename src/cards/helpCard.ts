import { EXAMPLE_CUSTOMER_ID, messagesFor } from './messages';
import { type CardOptions, commonData } from './options';
import { type AdaptiveCardJson, expandTemplate } from './templates';

/** What the bot does, the command, an example, where to find the tenant id, and `help`. */
export function helpCard(options: CardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const h = m.help;
  return expandTemplate('help', {
    ...commonData(m, options, h.fallback),
    title: h.title,
    intro: h.intro,
    commandHeading: h.commandHeading,
    command: h.command,
    exampleHeading: h.exampleHeading,
    exampleCommand: h.exampleCommand(EXAMPLE_CUSTOMER_ID),
    findIdHeading: h.findIdHeading,
    findId: h.findId,
    otherCommandsHeading: h.otherCommandsHeading,
    helpCommand: h.helpCommand,
  });
}
