import { TokenAcquisitionError } from '../auth/tokenProvider';
import { isPartnerCenterError } from '../partnerCenter/errors';
import type { CompanyName } from '../partnerCenter/companyName';
import type { CustomerDomain } from '../partnerCenter/domain';
import { describeError } from '../shared/logger';
import { scrubCredentials } from '../shared/scrub';
import type { CustomerAnswer } from './answers';
import type { Caller } from './caller';

/**
 * One line per customer looked up: who asked (Entra object id), which customer, the outcome,
 * Partner Center's request id and how long it took. The caller's logger adds the correlation id.
 */
export function auditLookup(caller: Caller, answer: CustomerAnswer, started: number, profileError: unknown): void {
  caller.logger.info(
    {
      event: 'lookup',
      user: caller.userObjectId,
      customerId: answer.customerId,
      durationMs: Math.round(performance.now() - started),
      ...(answer.lookup ? { outcome: 'ok', requestId: answer.lookup.requestId } : failureFields(answer.error)),
      ...(profileError === undefined
        ? {}
        : { companyName: isPartnerCenterError(profileError) ? profileError.kind : 'error' }),
    },
    'qualification lookup',
  );
}

/** One line per search by domain, with the number of exact matches or the failure. */
export function auditDomainSearch(
  caller: Caller,
  domain: CustomerDomain,
  started: number,
  fields: Record<string, unknown>,
): void {
  caller.logger.info(
    {
      event: 'domainSearch',
      user: caller.userObjectId,
      domain,
      durationMs: Math.round(performance.now() - started),
      ...fields,
    },
    'customer search by domain',
  );
}

/** One line per search by company name, with the number of customers found or the failure. */
export function auditNameSearch(
  caller: Caller,
  name: CompanyName,
  started: number,
  fields: Record<string, unknown>,
): void {
  caller.logger.info(
    {
      event: 'nameSearch',
      user: caller.userObjectId,
      name,
      durationMs: Math.round(performance.now() - started),
      ...fields,
    },
    'customer search by company name',
  );
}

/**
 * The audit fields of a failure: never the error's message, which may hold outside text; what
 * Partner Center said (its description, or a bare-string or gateway body) without credentials.
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
  if (error instanceof TokenAcquisitionError)
    return { outcome: 'signInFailed', reason: error.reason, aadCode: error.aadCode };
  return { outcome: 'error', error: describeError(error) };
}
