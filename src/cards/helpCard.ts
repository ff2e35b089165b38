import { DEFAULTS } from '../config/defaults';
import { type CardExamples, exampleCommands } from './actions';
import { TEXT_LIMITS, sanitizeText } from './escape';
import { messagesFor } from './messages';
import { type CardOptions, commonData } from './options';
import { line, slot } from './runs';
import { type AdaptiveCardJson, expandTemplate } from './templates';

/** What the help card needs besides the locale and demo flag. */
export interface HelpCardOptions extends CardOptions {
  /** PARTNER_CENTER_AUTH=user: the bot signs people in, so `sign out` is listed. */
  readonly signIn?: boolean;
  /** Most customers one message may ask for (the parser's limit); default 20. */
  readonly maxCustomers?: number;
  /** The ids and domain of the clickable examples (in demo mode: the simulator's customers). */
  readonly examples?: CardExamples;
  /** The message had nothing the bot could read: the card begins by saying so, quoting it. */
  readonly notUnderstood?: string;
}

/**
 * What the bot does; the lookups (one customer, several, a domain, a company name), each with its
 * command form and a clickable example; where to find the tenant id; and `help` (and `sign out` in
 * user mode). With `notUnderstood`, a first line says what the bot could not find in the message.
 */
export function helpCard(options: HelpCardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const h = m.help;
  const sections = exampleCommands(m, options.examples, options.maxCustomers ?? DEFAULTS.maxCustomersPerMessage).map(
    (e) => ({
      heading: e.heading,
      form: e.form,
      hasNote: e.note !== '',
      note: e.note,
      command: e.command,
      tryTitle: h.tryExample,
    }),
  );
  const typed = options.notUnderstood === undefined ? undefined : sanitizeText(options.notUnderstood, TEXT_LIMITS.echo);
  const notUnderstood = typed === undefined ? undefined : line(m.notUnderstood(slot(0)), [{ text: typed }]);
  return expandTemplate(
    'help',
    {
      ...commonData(m, options, notUnderstood === undefined ? h.fallback : `${notUnderstood.plain} ${h.fallback}`),
      hasNotUnderstood: notUnderstood !== undefined,
      notUnderstoodRuns: notUnderstood?.runs ?? [],
      title: h.title,
      intro: h.intro,
      sections,
      findIdHeading: h.findIdHeading,
      findId: h.findId,
      otherCommandsHeading: h.otherCommandsHeading,
      otherCommands: [h.helpCommand, ...h.watchCommands, ...(options.signIn === true ? [h.signOutCommand] : [])].map(
        (text) => ({ text }),
      ),
    },
    // What was typed is swapped out, so one kept expansion serves every message.
    typed === undefined ? [] : [typed],
  );
}
