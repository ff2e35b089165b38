import type { InvokeResponse } from 'botbuilder';
import type { SearchPreview } from '../../cards/searchResults';
import type { AdaptiveCardJson } from '../../cards/templates';

/**
 * Teams' answers to a message extension's invoke (search, pick, link), as plain JSON: a list of
 * results, or a line of text in the search flyout. A result is the card Teams inserts and the
 * thumbnail preview it lists; a preview with `pickValue` is picked through `composeExtension/selectItem`
 * (a fresh lookup), one without inserts its card as it is.
 */
export interface ExtensionResult {
  readonly card: AdaptiveCardJson;
  readonly preview: SearchPreview;
  readonly pickValue?: object;
}

/** Teams caches an unfurled link's card for 30 minutes unless told not to (a failure must not stick). */
const NO_CACHE = {
  actions: [{ type: 'setCachePolicy', title: 'no-cache', value: JSON.stringify({ type: 'no-cache' }) }],
};

export function resultsResponse(
  results: readonly ExtensionResult[],
  options: { noCache?: boolean } = {},
): InvokeResponse {
  return {
    status: 200,
    body: {
      composeExtension: {
        type: 'result',
        attachmentLayout: 'list',
        attachments: results.map(attachmentOf),
        ...(options.noCache && { suggestedActions: NO_CACHE }),
      },
    },
  };
}

/** A line of text instead of results (hints, "still looking"): nothing to insert. */
export function messageResponse(text: string): InvokeResponse {
  return { status: 200, body: { composeExtension: { type: 'message', text } } };
}

/** An invoke the bot cannot read (Teams never sends one): 400 with Teams' error shape. */
export function badRequest(message: string): InvokeResponse {
  return { status: 400, body: { code: 'BadRequest', message } };
}

function attachmentOf(result: ExtensionResult): object {
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: result.card,
    preview: {
      contentType: 'application/vnd.microsoft.card.thumbnail',
      content: {
        title: result.preview.title,
        subtitle: result.preview.subtitle,
        text: result.preview.text,
        ...(result.pickValue && { tap: { type: 'invoke', value: result.pickValue } }),
      },
    },
  };
}
