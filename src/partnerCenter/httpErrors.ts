import { PartnerCenterError, type PartnerCenterErrorKind } from './errors';

/** What Partner Center's error bodies carry (PartnerFD shape, or the throttling shape). */
interface ErrorBody {
  readonly code?: string | number;
  readonly description?: string;
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

/** Reads `code`/`description` from a PartnerFD body, or `statusCode`/`message` from a 429 body. */
export function parseErrorBody(text: string): ErrorBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {};
  }
  if (typeof body !== 'object' || body === null) return {};
  const record = body as Record<string, unknown>;
  const code = record.code ?? record.errorCode;
  const description = record.description ?? record.message;
  return {
    ...((typeof code === 'string' || typeof code === 'number') && { code }),
    ...(typeof description === 'string' && description.trim() !== '' && { description: description.slice(0, 1024) }),
  };
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
  timeout: 'Partner Center did not answer in time',
  throttled: 'Partner Center is throttling requests',
  unavailable: 'Partner Center is unavailable',
  malformedResponse: 'Partner Center sent an unreadable answer',
  unexpected: 'Partner Center answered with an unexpected status',
};

export function errorFromResponse(
  status: number,
  bodyText: string,
  retryAfterHeader: string | null,
  ids: { correlationId: string; requestId: string },
): PartnerCenterError {
  const kind = kindForStatus(status);
  const body = parseErrorBody(bodyText);
  const retryAfterSeconds =
    kind === 'throttled' ? (parseRetryAfter(retryAfterHeader) ?? retryAfterFromMessage(body.description)) : undefined;
  return new PartnerCenterError(kind, `${MESSAGES[kind]} (HTTP ${status})`, {
    ...ids,
    httpStatus: status,
    ...body,
    ...(retryAfterSeconds !== undefined && { retryAfterSeconds }),
  });
}

export function errorWithoutResponse(
  kind: 'timeout' | 'unavailable' | 'malformedResponse',
  ids: { correlationId: string; requestId: string; httpStatus?: number },
  cause?: unknown,
): PartnerCenterError {
  return new PartnerCenterError(kind, MESSAGES[kind], { ...ids, cause });
}
