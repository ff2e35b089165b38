import type { Change } from '../watch/changes';
import { TEXT_LIMITS, sanitizeText } from './escape';
import { messagesFor } from './messages';
import { renderNotice, type NoticeAction } from './notice';
import type { CardOptions } from './options';
import { ownLine, valueLine } from './runs';
import type { AdaptiveCardJson } from './templates';
import { changeLine, customerName, utcText } from './watchText';

export interface WatchChangeView {
  readonly customerId: string;
  readonly companyName?: string;
  readonly changes: readonly Change[];
  readonly at: Date;
  /** Vetting is over: the watch has ended with this card. */
  readonly final: boolean;
}

/**
 * The watcher's proactive card: the customer, what changed from → to, when it was seen, and a
 * Refresh button (a new result card); Stop watching while the watch goes on.
 */
export function watchChangeCard(view: WatchChangeView, options: CardOptions): AdaptiveCardJson {
  const m = messagesFor(options.locale);
  const customerId = sanitizeText(view.customerId, TEXT_LIMITS.id);
  const name = customerName(view);
  const actions: NoticeAction[] = [
    { kind: 'command', title: m.result.refresh, command: m.commands.qualification([customerId]) },
    ...(view.final
      ? [{ kind: 'command' as const, title: m.watch.watchButton, command: m.watch.commands.watch([customerId]) }]
      : [
          {
            kind: 'command' as const,
            title: m.watch.stopWatchingButton,
            command: m.watch.commands.unwatch([customerId]),
          },
        ]),
  ];
  return renderNotice(options, {
    // The title is markdown: the company name (outside text) goes in a run of its own below.
    title: m.watch.changeTitle,
    titleColor: 'Accent',
    customerId,
    paragraphs: [
      ...(name === customerId ? [] : [valueLine({ text: name })]),
      ...view.changes.map((change) => changeLine(change, m)),
      ownLine(m.watch.seenAt(utcText(view.at))),
      ownLine(view.final ? m.watch.ended : m.watch.continues),
    ],
    details: [],
    actions,
  });
}
