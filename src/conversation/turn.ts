import { TurnContext } from 'botbuilder';
import type { Caller } from '../lookup/caller';
import type { Logger } from '../shared/logger';
import { turnLog } from './turnLog';

/** Per-turn facts every handler needs: who asks, in which language, and the turn's logger. */
export type TurnInfo = Omit<Caller, 'asUser'>;

export function turnInfo(context: TurnContext, logger: Logger): TurnInfo {
  const { activity } = context;
  const clientLocale: unknown = activity.entities?.find((e) => e.type === 'clientInfo')?.locale;
  const { correlationId, logger: turnLogger } = turnLog(context, logger);
  return {
    correlationId,
    logger: turnLogger,
    locale: activity.locale || (typeof clientLocale === 'string' ? clientLocale : '') || 'en-US',
    userObjectId: activity.from?.aadObjectId,
  };
}

/**
 * A message that only shares a card (one inserted with the message extension, or an unfurled
 * link, sent in a chat with the bot): an Adaptive Card attachment, and no words beyond the
 * markup Teams puts around the card (`<span class="inline-compose-card" …>`). Nothing to answer.
 */
export function isSharedCardOnly(context: TurnContext): boolean {
  const { activity } = context;
  const hasCard = (activity.attachments ?? []).some((a) => a.contentType === 'application/vnd.microsoft.card.adaptive');
  if (!hasCard) return false;
  const text = typeof activity.text === 'string' ? activity.text : '';
  // An @mention of the bot (a group chat or channel) is no words of its own either.
  const words = text
    .replace(/<at>[^<]*<\/at>/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ');
  return words.trim() === '';
}

/** The message has text of its own (not only a card button's value). */
export function hasText(context: TurnContext): boolean {
  return typeof context.activity.text === 'string' && context.activity.text.trim() !== '';
}

/**
 * The text without the @mention of this bot (Teams channels and group chats add one). A card
 * button (Action.Submit) that runs a command sends no text but `value.command` (see
 * cards/actions.ts); older cards' `msteams.imBack` buttons arrive from Teams as text.
 */
export function messageText(context: TurnContext): string {
  const { activity } = context;
  if (!hasText(context) || typeof activity.text !== 'string') {
    const command = (activity.value as { command?: unknown } | undefined)?.command;
    return typeof command === 'string' ? command.slice(0, 200) : '';
  }
  try {
    return TurnContext.removeRecipientMention(activity) ?? activity.text;
  } catch {
    // A malformed mention entity: the parser strips a leading <at>…</at> by itself.
    return activity.text;
  }
}
