import { TEXT_LIMITS, sanitizeText } from './escape';
import { type Messages, messagesFor } from './messages';
import { type CardOptions, commonData } from './options';
import { type Line, line, slot, valueLine } from './runs';
import { type AdaptiveCardJson, expandTemplate } from './templates';

/** A button under a notice: open a page, or send a command as if the user typed it. */
export type NoticeAction =
  | { readonly kind: 'openUrl'; readonly title: string; readonly url: string }
  | { readonly kind: 'command'; readonly title: string; readonly command: string };

/**
 * Title colours of the error-card template. Attention (red) is for real errors; Accent for
 * guidance such as "that doesn't look like a tenant id". Warning (yellow) is not offered: Teams'
 * light theme draws it on white at about 1.5:1, unreadable.
 */
type NoticeTitleColor = 'Attention' | 'Accent' | 'Default';

/** What the error-card template (cards/error.json) shows. */
export interface NoticeContent {
  readonly title: string;
  readonly titleColor: NoticeTitleColor;
  /** Body text; outside text in it is in runs of its own (see runs.ts). */
  readonly paragraphs: readonly Line[];
  /** Sanitised (sanitizeText) customer tenant id (or domain, see subjectLabel), shown in monospace. */
  readonly customerId?: string;
  /** The label above `customerId`; default "Customer tenant id". */
  readonly subjectLabel?: string;
  /** Small print under a separator: correlation id, codes, the user's input. */
  readonly details: readonly Line[];
  readonly actions?: readonly NoticeAction[];
  /** Values that differ on every card (the correlation id): see expandTemplate. */
  readonly volatile?: readonly string[];
}

/** "Correlation id: …" (or a catalog's equivalent) with the id as a run of its own. */
export function correlationLine(format: (id: string) => string, correlationId: string): Line {
  return line(format(slot(0)), [{ text: sanitizeText(correlationId, TEXT_LIMITS.correlationId) }]);
}

/**
 * Any card in the error-card layout: coloured title, paragraphs, optional customer tenant id and
 * small print. Every paragraph and small-print line is a RichTextBlock of TextRuns, so outside
 * text in them is never read as markdown.
 */
export function renderNotice(options: CardOptions, content: NoticeContent): AdaptiveCardJson {
  const m: Messages = messagesFor(options.locale);
  const firstParagraph = content.paragraphs[0]?.plain ?? '';
  return expandTemplate(
    'error',
    {
      ...commonData(m, options, m.errors.fallback(content.title, firstParagraph)),
      title: content.title,
      titleColor: content.titleColor,
      paragraphs: content.paragraphs.map((p) => ({ runs: p.runs })),
      hasCustomer: content.customerId !== undefined,
      customerLabel: content.subjectLabel ?? m.errors.customerLabel,
      customerIdRuns:
        content.customerId === undefined ? [] : valueLine({ text: content.customerId, monospace: true }).runs,
      hasDetails: content.details.length > 0,
      details: content.details.map((d) => ({ runs: d.runs })),
      links: (content.actions ?? []).flatMap((a) => (a.kind === 'openUrl' ? [{ title: a.title, url: a.url }] : [])),
      commands: (content.actions ?? []).flatMap((a) =>
        a.kind === 'command' ? [{ title: a.title, command: a.command }] : [],
      ),
    },
    content.volatile,
  );
}
