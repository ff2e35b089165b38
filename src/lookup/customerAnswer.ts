import { TokenAcquisitionError, type PartnerCenterTokenProvider } from '../auth/tokenProvider';
import { describeError } from '../shared/logger';
import { scrubCredentials } from '../shared/scrub';
import { isPartnerCenterError } from '../partnerCenter/errors';
import type { CallContext, CustomerProfile, QualificationLookup } from '../partnerCenter/types';
import type { LookupDeps, TurnInfo } from '../conversation/types';

/** Everything the bot learned about one customer: its qualifications or why not, and its name. */
export interface CustomerAnswer {
  readonly customerId: string;
  /** Set when the qualification lookup succeeded. */
  readonly lookup?: QualificationLookup;
  /** Set when it failed (a PartnerCenterError, a TokenAcquisitionError, …). */
  readonly error?: unknown;
  /** Company name and domain, when known (given, or read in parallel); its failure never hides the rest. */
  readonly customer?: CustomerProfile;
  /** The company name was asked for and could not be read. */
  readonly customerUnavailable: boolean;
}

export interface AnswerOptions {
  /** PARTNER_CENTER_AUTH=user: the signed-in user's token provider. */
  readonly asUser?: PartnerCenterTokenProvider;
  /** Already known (e.g. from a search by domain): not asked for again. */
  readonly known?: CustomerProfile;
  /** Cancels the qualification call (e.g. a several-customer command's own deadline). */
  readonly signal?: AbortSignal;
}

/**
 * Asks Partner Center for a customer's qualifications and, in parallel, its company name and
 * domain (GET /v1/customers/{id}, remembered for a while: see ProfileCache), and writes the audit
 * line. `signal` cancels the qualification call, and stops the wait for the company name. Never throws: a failure is in `error`.
 */
export async function answerFor(deps: LookupDeps, customerId: string, turn: TurnInfo, options: AnswerOptions = {}): Promise<CustomerAnswer> {
  const started = performance.now();
  const context: CallContext = {
    correlationId: turn.correlationId,
    locale: turn.locale,
    tokenProvider: options.asUser,
    signal: options.signal,
  };
  // The lookup starts first: after a circuit-breaker pause, its call is the one trial call.
  const qualifications = deps.source.getQualifications(customerId, context);
  // The company-name call may be shared with other lookups, so it is never cancelled; a command
  // whose deadline passes stops waiting for it instead.
  const profile = options.known
    ? Promise.resolve(options.known)
    : untilAborted(deps.profiles.get(deps.source, customerId, { ...context, signal: undefined }, profileScope(turn, options.asUser)), options.signal);
  const [lookup, customer] = await Promise.allSettled([qualifications, profile]);
  const answer: CustomerAnswer = {
    customerId,
    ...(lookup.status === 'fulfilled' ? { lookup: lookup.value } : { error: lookup.reason as unknown }),
    ...(customer.status === 'fulfilled' ? { customer: customer.value } : {}),
    customerUnavailable: customer.status === 'rejected',
  };
  audit(turn, answer, started, customer.status === 'rejected' ? customer.reason : undefined);
  return answer;
}

/** `promise`, or a rejection as soon as `signal` aborts (the promise itself runs on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new Error('cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Whose view of the company name this is (see ProfileCache): the bot's in app and demo mode, the
 * person's in user mode; undefined (not remembered) when a user mode turn names no person.
 */
function profileScope(turn: TurnInfo, asUser: PartnerCenterTokenProvider | undefined): string | undefined {
  if (!asUser) return 'app';
  return turn.userObjectId ? `user:${turn.userObjectId}` : undefined;
}

/**
 * One line per customer looked up: who asked (Entra object id), which customer, the outcome,
 * Partner Center's request id and how long it took. The turn's logger adds the correlation id.
 */
function audit(turn: TurnInfo, answer: CustomerAnswer, started: number, profileError: unknown): void {
  turn.logger.info(
    {
      event: 'lookup',
      user: turn.userObjectId,
      customerId: answer.customerId,
      durationMs: Math.round(performance.now() - started),
      ...(answer.lookup ? { outcome: 'ok', requestId: answer.lookup.requestId } : failureFields(answer.error)),
      ...(profileError === undefined ? {} : { companyName: isPartnerCenterError(profileError) ? profileError.kind : 'error' }),
    },
    'qualification lookup',
  );
}

/**
 * The audit fields of a failure: never the error's message, which may hold outside text; what
 * Partner Center said (its description, or a bare-string or gateway body) only cleaned as the
 * cards show it.
 */
export function failureFields(error: unknown): Record<string, unknown> {
  if (isPartnerCenterError(error)) {
    return {
      outcome: error.kind,
      httpStatus: error.httpStatus,
      partnerCenterCode: error.code,
      // The whole description is for support, here only (cards show it without URLs): capped
      // when it was read, and without credentials whatever the logger's own scrubbing.
      partnerCenterSaid: error.description === undefined ? undefined : scrubCredentials(error.description),
      endpoint: error.endpoint,
      requestId: error.requestId,
    };
  }
  if (error instanceof TokenAcquisitionError) return { outcome: 'signInFailed', reason: error.reason, aadCode: error.aadCode };
  return { outcome: 'error', error: describeError(error) };
}

/** The signed-in user's sign-in turned out to be expired or revoked (sign in again). */
export function isExpiredSignIn(error: unknown): boolean {
  return error instanceof TokenAcquisitionError && error.reason === 'signInExpired';
}

/**
 * Runs `work` for every item, at most `concurrency` at a time, in the order of the list; resolves
 * when all are done. `work` must not throw (answerFor does not).
 */
export async function forEachBounded<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
}
