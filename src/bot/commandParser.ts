import { normaliseCustomerId } from '../partnerCenter/customerId';

/**
 * Turns what a person typed into a command. Pure: no botbuilder, no I/O. It accepts what people
 * really type — any case, extra spaces and punctuation, a leading Teams @mention, "qualifications",
 * a GUID in braces, quotes or upper case, a trailing period — and never lets anything but a
 * canonical GUID through as a customer id.
 */
export type ParsedCommand =
  | { readonly kind: 'qualification'; readonly customerId: string }
  | { readonly kind: 'invalidCustomerId'; readonly input: string }
  | { readonly kind: 'help'; readonly reason: 'asked' | 'empty' | 'unknown' }
  /** Forget the user's Partner Center sign-in (PARTNER_CENTER_AUTH=user). */
  | { readonly kind: 'signOut' };

/** Longer messages are cut before any pattern runs: nobody types a tenant id after 2,000 characters. */
export const MAX_PARSED_LENGTH = 2000;

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const LEADING_MENTIONS = /^(\s*<at>[^<]{0,200}<\/at>)+/i;
const HELP_WORDS = new Set(['help', '?', 'hi', 'hello', 'hey', 'commands', 'start', 'menu']);
const SIGN_OUT_WORDS = new Set(['sign out', 'signout', 'sign-out', 'log out', 'logout', 'log-out', 'logoff', 'log off', 'sign off']);
const QUALIFICATION_COMMAND = /^(?:check\s+|get\s+|show\s+)?qualifications?\b\s*(?:(?:for|of)\b)?\s*[:=-]?\s*(.*)$/is;
const WRAPPING = /^[\s"'`“”‘’«»<>()[\]]+|[\s"'`“”‘’«»<>()[\].,;:!?。，]+$/g;

function clean(text: string): string {
  return text
    .slice(0, MAX_PARSED_LENGTH)
    .replace(INVISIBLE, '')
    .replace(LEADING_MENTIONS, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function stripWrapping(argument: string): string {
  return argument.replace(WRAPPING, '');
}

function qualificationCommand(argument: string): ParsedCommand {
  const customerId = normaliseCustomerId(stripWrapping(argument));
  if (customerId) return { kind: 'qualification', customerId };
  // Echo what the person typed, not our cleaned-up guess, so the explanation matches their message.
  return { kind: 'invalidCustomerId', input: argument.trim() };
}

export function parseCommand(text: string | undefined | null): ParsedCommand {
  const cleaned = clean(text ?? '');
  if (cleaned === '') return { kind: 'help', reason: 'empty' };

  const words = cleaned.replace(/^\/+/, '');
  const lowered = words.toLowerCase();
  const bare = stripWrapping(lowered);
  if (HELP_WORDS.has(lowered) || HELP_WORDS.has(bare)) return { kind: 'help', reason: 'asked' };
  if (SIGN_OUT_WORDS.has(bare)) return { kind: 'signOut' };

  const match = QUALIFICATION_COMMAND.exec(words);
  if (match) return qualificationCommand(match[1] ?? '');

  // A message that is nothing but a tenant id is a lookup too: people paste ids on their own.
  const bareId = normaliseCustomerId(stripWrapping(words));
  if (bareId) return { kind: 'qualification', customerId: bareId };

  return { kind: 'help', reason: 'unknown' };
}
