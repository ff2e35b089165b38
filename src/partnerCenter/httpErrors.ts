import { PartnerCenterError, type PartnerCenterEndpoint, type PartnerCenterErrorKind } from './errors';

/** What an error body says, as far as the bot can tell. */
export interface ErrorBody {
  readonly code?: string | number;
  /** Partner Center's description, a gateway's message, a bare string, or an HTML page's title. */
  readonly description?: string;
  /**
   * Set when the body is Partner Center's own error (PartnerFD shape, api.md §2.3): a JSON object
   * with a `code` (or `errorCode`) and a `description`. A gateway's `{ statusCode, message }`, an
   * HTML page, a bare string or an empty body is not: it does not say what Partner Center found.
   */
  readonly fromPartnerCenter?: true;
}

const KIND_BY_STATUS: Readonly<Record<number, PartnerCenterErrorKind>> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
  408: 'timeout',
  429: 'throttled',
  500: 'unavailable',
  502: 'unavailable',
  503: 'unavailable',
  504: 'timeout',
};

export function kindForStatus(status: number): PartnerCenterErrorKind {
  return KIND_BY_STATUS[status] ?? (status >= 500 ? 'unavailable' : 'unexpected');
}

/** Longest description kept (Partner Center documents at most 1024 characters). */
const MAX_DESCRIPTION = 1024;

/**
 * Reads an error body: `code`/`description` from a PartnerFD body, `message` from the throttling
 * and gateway shape (`{ statusCode, message }`), the text of a bare JSON string
 * ("Customer tagging denied."), the title (or first heading) of an HTML page, or a plain-text
 * body. Malformed JSON, XML, other JSON values and an empty body give nothing. The text is returned as
 * sent (at most MAX_DESCRIPTION characters): the cards and the log sanitise it.
 */
export function parseErrorBody(text: string, contentType: string | null = null): ErrorBody {
  const trimmed = text.trim();
  if (trimmed === '') return {};
  if (isHtml(trimmed, contentType)) return described(htmlTitle(trimmed));
  let body: unknown;
  try {
    body = JSON.parse(trimmed);
  } catch {
    // Broken JSON and markup other than HTML (XML) are not quoted: they would show half a
    // structure. Other text is what was said.
    return /^[[{"<]/.test(trimmed) ? {} : described(trimmed);
  }
  if (typeof body === 'string') return described(body);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return {};
  const record = body as Record<string, unknown>;
  const code = record.code ?? record.errorCode;
  const hasCode = typeof code === 'string' || typeof code === 'number';
  const ownDescription = nonBlank(record.description);
  const description = ownDescription ?? nonBlank(record.message);
  return {
    ...(hasCode && { code }),
    ...(description !== undefined && { description: description.slice(0, MAX_DESCRIPTION) }),
    ...(hasCode && ownDescription !== undefined && { fromPartnerCenter: true as const }),
  };
}

function nonBlank(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function described(text: string | undefined): ErrorBody {
  const description = text === undefined ? undefined : nonBlank(text);
  return description === undefined ? {} : { description: description.slice(0, MAX_DESCRIPTION) };
}

function isHtml(text: string, contentType: string | null): boolean {
  return /^\s*text\/html\b/i.test(contentType ?? '') || /^<(?:!doctype\s+html|html|head|body|title|h\d)\b/i.test(text);
}

/** What an HTML error page says in one line: its <title>, else its first heading; entities decoded. */
function htmlTitle(html: string): string | undefined {
  const match = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html) ?? /<h[1-3][^>]*>([\s\S]*?)<\/h[1-3]>/i.exec(html);
  if (!match) return undefined;
  const text = match[1]
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return decodeEntities(text);
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (entity, name: string) => {
    if (name.startsWith('#')) {
      const point = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/**
 * The three HTTP-date forms (RFC 9110 §5.6.7), all in UTC: IMF-fixdate, obsolete RFC 850, asctime.
 * Anything else is not a date: Date.parse alone would read "-5" or "1.5" as days in 2001 ("retry now").
 */
const HTTP_DATE =
  /^(?:[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]{6,9}, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT|[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})$/;

/** Retry-After in either documented form: delta seconds ("57") or an HTTP date. */
export function parseRetryAfter(header: string | null, now: Date = new Date()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  if (!HTTP_DATE.test(trimmed)) return undefined;
  // asctime carries no zone; it is UTC, not the server's local time.
  const date = Date.parse(trimmed.endsWith(' GMT') ? trimmed : `${trimmed} GMT`);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

/** "Try again in 57 seconds." — the throttling body says it when the header is missing. */
function retryAfterFromMessage(description: string | undefined): number | undefined {
  const match = description?.match(/try again in (\d+) seconds?/i);
  return match ? Number(match[1]) : undefined;
}

const MESSAGES: Readonly<Record<PartnerCenterErrorKind, string>> = {
  badRequest: 'Partner Center rejected the request',
  unauthorized: 'Partner Center did not accept the credentials',
  forbidden: 'Partner Center denied access to this customer',
  notFound: 'Partner Center has no such customer',
  notAnswered: 'Partner Center could not answer the request',
  timeout: 'Partner Center did not answer in time',
  throttled: 'Partner Center is throttling requests',
  unavailable: 'Partner Center is unavailable',
  malformedResponse: 'Partner Center sent an unreadable answer',
  unexpected: 'Partner Center answered with an unexpected status',
};

/** What the client knows of the request and answer besides status and body. */
export interface ResponseContext {
  readonly correlationId: string;
  readonly requestId: string;
  /** The call that was made (see errors.ts). */
  readonly endpoint?: PartnerCenterEndpoint;
  /** The answer's Content-Type, when it had one. */
  readonly contentType?: string | null;
}

/**
 * Endpoints about one customer: there a 404 in Partner Center's own error shape means "no such
 * customer" (what Microsoft's samples read from NotFound). A search is about no customer.
 */
const CUSTOMER_ENDPOINTS: ReadonlySet<PartnerCenterEndpoint | undefined> = new Set([
  undefined,
  'qualifications',
  'qualification',
  'customer',
]);

/**
 * The error for a non-200 answer. A 404 is `notFound` only when Partner Center itself says so:
 * its own error shape (PartnerFD: `code` and `description`, whatever the code; api.md §2.3) on an
 * endpoint about one customer. Any other 404 is `notAnswered`: a gateway's
 * `{ "statusCode": 404, "message": "Resource not found" }`, an HTML page, a bare string, an empty
 * body (Partner Center documents an error message on every 4xx, so an empty one did not come
 * from its error handling: a route that is gone answers like that), or any 404 on a search.
 */
export function errorFromResponse(
  status: number,
  bodyText: string,
  retryAfterHeader: string | null,
  context: ResponseContext,
): PartnerCenterError {
  const { endpoint, contentType = null, ...ids } = context;
  const { fromPartnerCenter, ...body } = parseErrorBody(bodyText, contentType);
  const statusKind = kindForStatus(status);
  const kind =
    statusKind === 'notFound' && !(fromPartnerCenter && CUSTOMER_ENDPOINTS.has(endpoint)) ? 'notAnswered' : statusKind;
  const retryAfterSeconds =
    kind === 'throttled' ? (parseRetryAfter(retryAfterHeader) ?? retryAfterFromMessage(body.description)) : undefined;
  return new PartnerCenterError(kind, `${MESSAGES[kind]} (HTTP ${status})`, {
    ...ids,
    httpStatus: status,
    ...body,
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
    ...(endpoint !== undefined && { endpoint }),
  });
}

export function errorWithoutResponse(
  kind: 'timeout' | 'unavailable' | 'malformedResponse',
  ids: { correlationId: string; requestId: string; httpStatus?: number; endpoint?: PartnerCenterEndpoint },
  cause?: unknown,
): PartnerCenterError {
  return new PartnerCenterError(kind, MESSAGES[kind], { ...ids, cause });
}
