import type { WatchState } from '../watch/changes';
import { messagesFor } from './messages';
import { renderNotice, type NoticeAction } from './notice';
import type { CardOptions } from './options';
import { line, ownLine, slot } from './runs';
import type { AdaptiveCardJson } from './templates';
import { customerName, stateText, utcText } from './watchText';

/** One watch of the conversation, as `watching` lists it. */
export interface WatchListEntry {
  readonly customerId: string;
  readonly companyName?: string;
  readonly state?: WatchState;
  readonly lastCheckedAt?: Date;
  readonly waitingForSignIn: boolean;
}

/** Stop buttons on the list (the rest: `unwatch <id>`). */
const MAX_STOP_BUTTONS = 5;

/** `watching`: this conversation's watches with their last known state, and a Stop watching button each. */
export function watchListCard(entries: readonly WatchListEntry[], options: CardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const paragraphs =
    entries.length === 0
      ? [ownLine(m.watch.listEmpty)]
      : entries.map((entry) => {
          const checked = entry.waitingForSignIn
            ? m.watch.waitingForSignIn
            : entry.lastCheckedAt === undefined
              ? m.watch.neverChecked
              : m.watch.lastChecked(utcText(entry.lastCheckedAt));
          return line(`${m.watch.customerState(slot(0), slot(1))} (${checked})`, [
            { text: customerName(entry) },
            { text: stateText(entry.state, m) },
          ]);
        });
  const actions: NoticeAction[] = entries.slice(0, MAX_STOP_BUTTONS).map((entry) => ({
    kind: 'command',
    title: `${m.watch.stopWatchingButton}: ${customerName(entry)}`,
    command: m.watch.commands.unwatch([entry.customerId]),
  }));
  return renderNotice(options, { title: m.watch.listTitle, titleColor: 'Default', paragraphs, details: [], actions });
}
