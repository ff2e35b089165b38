import type { WatchState } from '../watch/changes';
import type { Messages } from './messages';
import { messagesFor } from './messages';
import { renderNotice, type NoticeAction } from './notice';
import type { CardOptions } from './options';
import { type Line, line, ownLine, slot } from './runs';
import type { AdaptiveCardJson } from './templates';
import { customerName, customerStateLine, stateText } from './watchText';

/** What became of one customer of a `watch` command. */
export type WatchSetResult =
  | {
      readonly kind: 'added' | 'already';
      readonly customerId: string;
      readonly companyName?: string;
      readonly state?: WatchState;
    }
  | { readonly kind: 'conversationLimit' | 'totalLimit'; readonly limit: number }
  | { readonly kind: 'domainNotOne'; readonly domain: string }
  | { readonly kind: 'lookupFailed'; readonly customer: string };

export interface WatchSetView {
  readonly results: readonly WatchSetResult[];
  readonly intervalSeconds: number;
  readonly expiryDays: number;
  /** False with STATE_STORAGE=memory: the card says watches die with the process. */
  readonly durable: boolean;
}

/** At most this many "Stop watching" buttons (Teams shows few actions on a card). */
const MAX_STOP_BUTTONS = 3;

/** The answer to `watch …`: each customer and its current state, how watching works, Stop watching buttons. */
export function watchSetCard(view: WatchSetView, options: CardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const paragraphs = view.results.map((result) => resultLine(result, m));
  if (view.results.some((r) => r.kind === 'added')) {
    paragraphs.push(ownLine(m.watch.newlyWatched(m.watch.every(view.intervalSeconds), m.watch.days(view.expiryDays))));
  }
  if (!view.durable) paragraphs.push(ownLine(m.watch.memoryOnly));
  const watched = view.results.flatMap((r) => (r.kind === 'added' || r.kind === 'already' ? [r] : []));
  const actions: NoticeAction[] = [
    ...watched.slice(0, MAX_STOP_BUTTONS).map((r) => ({
      kind: 'command' as const,
      title: watched.length === 1 ? m.watch.stopWatchingButton : `${m.watch.stopWatchingButton}: ${customerName(r)}`,
      command: m.watch.commands.unwatch([r.customerId]),
    })),
    { kind: 'command', title: m.watch.listButton, command: m.watch.commands.watching },
  ];
  return renderNotice(options, {
    title: m.watch.setTitle,
    titleColor: 'Accent',
    paragraphs,
    details: [],
    actions,
  });
}

function resultLine(result: WatchSetResult, m: Messages): Line {
  switch (result.kind) {
    case 'added':
      return customerStateLine(customerName(result), stateText(result.state, m), m);
    case 'already':
      return line(m.watch.alreadyWatched(slot(0)), [{ text: customerName(result) }]);
    case 'conversationLimit':
      return ownLine(m.watch.conversationLimit(result.limit));
    case 'totalLimit':
      return ownLine(m.watch.totalLimit(result.limit));
    case 'domainNotOne':
      return line(m.watch.domainNotOne(slot(0)), [{ text: result.domain }]);
    case 'lookupFailed':
      return line(m.watch.lookupFailed(slot(0)), [{ text: result.customer }]);
  }
}
