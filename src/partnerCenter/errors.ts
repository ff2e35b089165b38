/** The two qualification endpoints: the current collection, and the legacy single value. */
export type QualificationApi = 'qualifications' | 'qualification';

/**
 * Typed failures of a Partner Center call. Every one carries the correlation id so the user can
 * quote it to support, and the Partner Center error `code`/`description` when the body had one.
 */
export type PartnerCenterErrorKind =
  /** A 404 that Partner Center itself attributes to the customer asked for (see httpErrors.ts). */
  | 'notFound'
  /**
   * Any other 404 (a gateway's or HTML page, an empty body, a 404 on a search): Partner Center could
   * not answer that request, which says nothing about the customer. The legacy /qualification
   * route, announced retired, may answer like this.
   */
  | 'notAnswered'
  | 'unauthorized'
  | 'forbidden'
  | 'throttled'
  | 'unavailable'
  | 'timeout'
  | 'malformedResponse'
  | 'badRequest'
  | 'unexpected';

/** Which call failed: the qualification endpoint (current or legacy), a customer, or a domain search. */
export type PartnerCenterEndpoint = QualificationApi | 'customer' | 'customerSearch';

export interface PartnerCenterErrorDetails {
  readonly correlationId: string;
  readonly requestId?: string;
  readonly httpStatus?: number;
  /** Partner Center's error code: documented as a string, sent as a number in every real body. */
  readonly code?: string | number;
  readonly description?: string;
  /** Only for `throttled`: seconds to wait, from Retry-After when Partner Center sent one. */
  readonly retryAfterSeconds?: number;
  /** Set by the REST client: the call that failed. */
  readonly endpoint?: PartnerCenterEndpoint;
  readonly cause?: unknown;
}

export class PartnerCenterError extends Error {
  readonly kind: PartnerCenterErrorKind;
  readonly correlationId: string;
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly code?: string | number;
  readonly description?: string;
  readonly retryAfterSeconds?: number;
  readonly endpoint?: PartnerCenterEndpoint;

  constructor(kind: PartnerCenterErrorKind, message: string, details: PartnerCenterErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'PartnerCenterError';
    this.kind = kind;
    this.correlationId = details.correlationId;
    this.requestId = details.requestId;
    this.httpStatus = details.httpStatus;
    this.code = details.code;
    this.description = details.description;
    this.retryAfterSeconds = details.retryAfterSeconds;
    this.endpoint = details.endpoint;
  }
}

export function isPartnerCenterError(error: unknown): error is PartnerCenterError {
  return error instanceof PartnerCenterError;
}
