import type { CustomerTenantId } from '../partnerCenter/customerId';
import type { CustomerDomain } from '../partnerCenter/domain';
import { PartnerCenterError } from '../partnerCenter/errors';
import type { CallContext, CustomerProfile, QualificationSource } from '../partnerCenter/types';
import type { CustomerAnswer, DomainAnswer, SeveralAnswer } from './answers';
import { auditDomainSearch, auditLookup, failureFields } from './audit';
import { forEachBounded, untilAborted } from './bounded';
import type { Caller } from './caller';
import type { CompanyNames } from './companyNames';

/**
 * The use cases: "look up these customers for this caller" — one, several, or by domain. Each
 * command is answered within `deadlineMs` (the deadline covers every Partner Center request it
 * makes), several customers are looked up `concurrency` at a time, company names come from the
 * cache, and every customer and search writes its audit line. Nothing here knows about Teams:
 * the conversation turns the answers into cards.
 */
export interface LookupsOptions {
  readonly deadlineMs: number;
  /** Customers of one command looked up at the same time (each: qualifications and name in parallel). */
  readonly concurrency: number;
  readonly companyNames: CompanyNames;
}

/** Hears how a several-customer lookup goes. */
export interface SeveralProgress {
  readonly started?: () => void;
  readonly answered?: (index: number, answer: CustomerAnswer) => void;
}

export class Lookups {
  constructor(
    private readonly source: QualificationSource,
    private readonly options: LookupsOptions,
  ) {}

  /** One customer: its qualifications and, in parallel, its company name (`known`: already read). */
  customer(caller: Caller, customerId: CustomerTenantId, known?: CustomerProfile): Promise<CustomerAnswer> {
    return this.answer(caller, customerId, { deadlineAt: this.deadlineAt(), known });
  }

  /**
   * Several customers, in the order asked. `progress.started` is called once the lookups begin,
   * `progress.answered` as each answer arrives (a progress card). User mode: one on-behalf-of
   * exchange first (the lookups then share its cached token); a sign-in problem is the same for
   * every customer, so it is one answer, not one per customer. A customer not answered by the
   * deadline gets a `timeout` error.
   */
  async customers(
    caller: Caller,
    customerIds: readonly CustomerTenantId[],
    progress: SeveralProgress = {},
  ): Promise<SeveralAnswer> {
    if (caller.asUser) {
      try {
        await caller.asUser.getToken();
      } catch (error) {
        return { kind: 'signInFailed', error };
      }
    }
    progress.started?.();
    const deadlineAt = this.deadlineAt();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), Math.max(0, deadlineAt - performance.now()));
    const answers: CustomerAnswer[] = [];
    try {
      await forEachBounded(customerIds, this.options.concurrency, async (customerId, index) => {
        const answer = deadline.signal.aborted
          ? undefined
          : await this.answer(caller, customerId, { deadlineAt, signal: deadline.signal });
        // A lookup that succeeded stays; one the deadline cut short (or never started) timed out.
        const final =
          answer !== undefined && (answer.lookup !== undefined || !deadline.signal.aborted)
            ? answer
            : pastDeadline(customerId, answer, caller);
        answers[index] = final;
        progress.answered?.(index, final);
      });
    } finally {
      clearTimeout(timer);
    }
    return { kind: 'answers', answers };
  }

  /** The partner's customer with exactly this domain: its answer, a choice of several, or none. */
  async domain(caller: Caller, domain: CustomerDomain): Promise<DomainAnswer> {
    const started = performance.now();
    const deadlineAt = this.deadlineAt();
    try {
      const search = await this.source.findCustomersByDomain(domain, { ...this.callContext(caller), deadlineAt });
      auditDomainSearch(caller, domain, started, {
        outcome: 'ok',
        matches: search.matches.length,
        complete: search.complete,
        requestId: search.requestId,
        ...(search.incompleteBecause !== undefined && { incompleteBecause: search.incompleteBecause }),
        ...(search.partialFailure !== undefined && { partialFailure: failureFields(search.partialFailure) }),
      });
      const [only] = search.matches;
      if (search.matches.length === 1 && only)
        return { kind: 'found', answer: await this.answer(caller, only.id, { deadlineAt, known: only }) };
      return { kind: search.matches.length > 1 ? 'choice' : 'notFound', search };
    } catch (error) {
      auditDomainSearch(caller, domain, started, failureFields(error));
      return { kind: 'failed', error };
    }
  }

  /** Every command's own deadline: no request of it runs past this. */
  private deadlineAt(): number {
    return performance.now() + this.options.deadlineMs;
  }

  private callContext(caller: Caller): CallContext {
    return { correlationId: caller.correlationId, locale: caller.locale, tokenProvider: caller.asUser };
  }

  /**
   * Asks for a customer's qualifications and, in parallel, its company name; writes the audit
   * line. `signal` cancels the qualification call and stops the wait for the name (which may be
   * shared with other lookups, so it is never cancelled itself). Never throws.
   */
  private async answer(
    caller: Caller,
    customerId: CustomerTenantId,
    options: { readonly deadlineAt: number; readonly known?: CustomerProfile; readonly signal?: AbortSignal },
  ): Promise<CustomerAnswer> {
    const started = performance.now();
    const call: CallContext = { ...this.callContext(caller), deadlineAt: options.deadlineAt, signal: options.signal };
    // The lookup starts first: after a circuit-breaker pause, its call is the one trial call.
    const qualifications = this.source.getQualifications(customerId, call);
    const profile = options.known
      ? Promise.resolve(options.known)
      : untilAborted(
          this.options.companyNames.get(this.source, customerId, { ...call, signal: undefined }, caller),
          options.signal,
        );
    const [lookup, customer] = await Promise.allSettled([qualifications, profile]);
    const answer: CustomerAnswer = {
      customerId,
      ...(lookup.status === 'fulfilled' ? { lookup: lookup.value } : { error: lookup.reason as unknown }),
      ...(customer.status === 'fulfilled' ? { customer: customer.value } : {}),
      customerUnavailable: customer.status === 'rejected',
    };
    auditLookup(caller, answer, started, customer.status === 'rejected' ? customer.reason : undefined);
    return answer;
  }
}

/** A customer the command's deadline cut short (or never reached): "didn't answer in time". */
function pastDeadline(
  customerId: CustomerTenantId,
  answer: CustomerAnswer | undefined,
  caller: Caller,
): CustomerAnswer {
  return {
    customerId,
    error: new PartnerCenterError('timeout', 'the several-customer command reached its deadline', {
      correlationId: caller.correlationId,
    }),
    ...(answer?.customer !== undefined && { customer: answer.customer }),
    customerUnavailable: answer?.customerUnavailable ?? false,
  };
}
