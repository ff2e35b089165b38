import { errorView, type ErrorCardContext } from './errorView';
import { renderNotice } from './notice';
import type { AdaptiveCardJson } from './templates';

/** The card for a failed lookup (what it says: errorView.ts). */
export function errorCard(error: unknown, context: ErrorCardContext): AdaptiveCardJson {
  return renderNotice(context, errorView(error, context));
}
