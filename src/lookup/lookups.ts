import type { CompanyName } from '../partnerCenter/companyName';
import type { CustomerTenantId } from '../partnerCenter/customerId';
import type { CustomerDomain } from '../partnerCenter/domain';
import { PartnerCenterError } from '../partnerCenter/errors';
import type { CallContext, CustomerProfile, CustomerSearchResult, QualificationSource } from '../partnerCenter/types';
import type {
  CustomerAnswer,
  DomainAnswer,
  NameAnswer,
  SeveralAnswer,
  SeveralTargetsAnswer,
  TargetAnswer,
} from './answers';
import { auditDomainSearch, auditLookup, auditNameSearch, failureFields } from './audit';
import { forEachBounded, untilAborted } from './bounded';
import type { Caller } from './caller';
import type { CompanyNames } from './companyNames';
import type { LookupTarget } from './lookupRequest';

/**
 * The use cases: "look up these customers for this caller" — one, several (by tenant id or domain),
 * by domain, or by company name. Each
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
export interface SeveralProgress<A = CustomerAnswer> {
  readonly started?: () => void;
  readonly answered?: (index: number, answer: A) => void;
}

/** When a several-customer command must be done, and the signal that says it is past that. */
interface SeveralDeadline {
  readonly deadlineAt: number;
  readonly signal: AbortSignal;
}

export class Lookups {
  constructor(
    private readonly source: QualificationSource,
    private readonly options: LookupsOptions,
  ) {}

  /**
   * Several customers, in the order asked. `progress.started` is called once the lookups begin,
   * `progress.answered` as each answer arrives (a progress card). User mode: one on-behalf-of
   * exchange first (the lookups then share its cached token); a sign-in problem is the same for
   * every customer, so it is one answer, not one per customer. A customer not answered by the
   * deadline gets a `timeout` error.
   */
  customers(
    caller: Caller,
    customerIds: readonly CustomerTenantId[],
    progress: SeveralProgress = {},
  ): Promise<SeveralAnswer> {
    return this.several(
      caller,
      customerIds,
      progress,
      (customerId, deadline) => this.customer(caller, customerId, deadline),
      // A lookup that succeeded stays; one the deadline cut short (or never started) timed out.
      (customerId, answer, cutShort) =>
        answer !== undefined && (answer.lookup !== undefined || !cutShort)
          ? answer
          : pastDeadline(customerId, answer, caller),
    );
  }

  /**
   * Tenant ids and domains together, in the order asked, like `customers`: each domain is first
   * searched for, and a domain that is exactly one customer's is looked up as that customer. A
   * domain no customer has, or that several share, is answered as such (the person then asks by
   * tenant id); a failed search is that domain's answer. The deadline covers the searches too.
   */
  targets(
    caller: Caller,
    targets: readonly LookupTarget[],
    progress: SeveralProgress<TargetAnswer> = {},
  ): Promise<SeveralTargetsAnswer> {
    return this.several(
      caller,
      targets,
      progress,
      (target, deadline): Promise<TargetAnswer> =>
        target.kind === 'id'
          ? this.customer(caller, target.customerId, deadline).then((answer) => ({ kind: 'customer', answer }))
          : this.resolveDomain(caller, target.domain, deadline),
      (target, answer, cutShort) => settledTarget(target, answer, cutShort, caller),
    );
  }

  /**
   * The shared part of several-customer commands. User mode: one on-behalf-of exchange first (the
   * lookups then share its cached token); a sign-in problem is the same for every customer, so it
   * is one answer, not one per customer. `settle` turns what `work` answered (undefined: it never
   * started) into the final answer, knowing whether the deadline cut it short.
   */
  private async several<T, A>(
    caller: Caller,
    items: readonly T[],
    progress: SeveralProgress<A>,
    work: (item: T, deadline: SeveralDeadline) => Promise<A>,
    settle: (item: T, answer: A | undefined, cutShort: boolean) => A,
  ): Promise<{ readonly kind: 'answers'; readonly answers: readonly A[] } | { kind: 'signInFailed'; error: unknown }> {
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
    const answers: A[] = [];
    try {
      await forEachBounded(items, this.options.concurrency, async (item, index) => {
        const answer = deadline.signal.aborted ? undefined : await work(item, { deadlineAt, signal: deadline.signal });
        const final = settle(item, answer, deadline.signal.aborted);
        answers[index] = final;
        progress.answered?.(index, final);
      });
    } finally {
      clearTimeout(timer);
    }
    return { kind: 'answers', answers };
  }

  /** One domain of a several-customer command: searched for, then its one customer looked up. Never throws. */
  private async resolveDomain(
    caller: Caller,
    domain: CustomerDomain,
    deadline: SeveralDeadline,
  ): Promise<TargetAnswer> {
    const search = await this.searchDomain(caller, domain, deadline);
    if (search.kind === 'failed') return { kind: 'domainFailed', domain, error: search.error };
    const [only] = search.result.matches;
    if (search.result.matches.length === 1 && only) {
      return { kind: 'customer', domain, answer: await this.customer(caller, only.id, { ...deadline, known: only }) };
    }
    return { kind: 'domainNotResolved', domain, matches: search.result.matches.length };
  }

  /**
   * The partner's customer with exactly this domain: its answer, a choice of several, or none.
   * `deadlineAt`: sooner than the command's own (the message extension's).
   */
  async domain(
    caller: Caller,
    domain: CustomerDomain,
    options: { readonly deadlineAt?: number } = {},
  ): Promise<DomainAnswer> {
    const deadlineAt = options.deadlineAt ?? this.deadlineAt();
    const search = await this.searchDomain(caller, domain, { deadlineAt });
    if (search.kind === 'failed') return search;
    const [only] = search.result.matches;
    if (search.result.matches.length === 1 && only)
      return { kind: 'found', answer: await this.customer(caller, only.id, { deadlineAt, known: only }) };
    return { kind: search.result.matches.length > 1 ? 'choice' : 'notFound', search: search.result };
  }

  /**
   * The partner's customers whose company name starts with `name`: one, its answer; several, a
   * choice; none, a notFound (with what was searched for). `deadlineAt` as for `domain`.
   */
  async name(caller: Caller, name: CompanyName, options: { readonly deadlineAt?: number } = {}): Promise<NameAnswer> {
    const started = performance.now();
    const deadlineAt = options.deadlineAt ?? this.deadlineAt();
    try {
      const search = await this.source.findCustomersByName(name, { ...this.callContext(caller), deadlineAt });
      auditNameSearch(caller, name, started, {
        outcome: 'ok',
        matches: search.matches.length,
        complete: search.complete,
        requestId: search.requestId,
      });
      const [only] = search.matches;
      if (search.matches.length === 1 && only)
        return { kind: 'found', answer: await this.customer(caller, only.id, { deadlineAt, known: only }) };
      return { kind: search.matches.length > 1 ? 'choice' : 'notFound', search };
    } catch (error) {
      auditNameSearch(caller, name, started, failureFields(error));
      return { kind: 'failed', error };
    }
  }

  /** A search by domain with its audit line; a failure is a value. */
  private async searchDomain(
    caller: Caller,
    domain: CustomerDomain,
    deadline: { readonly deadlineAt: number; readonly signal?: AbortSignal },
  ): Promise<{ kind: 'ok'; result: CustomerSearchResult } | { kind: 'failed'; error: unknown }> {
    const started = performance.now();
    try {
      const search = await this.source.findCustomersByDomain(domain, { ...this.callContext(caller), ...deadline });
      auditDomainSearch(caller, domain, started, {
        outcome: 'ok',
        matches: search.matches.length,
        complete: search.complete,
        requestId: search.requestId,
        ...(search.incompleteBecause !== undefined && { incompleteBecause: search.incompleteBecause }),
        ...(search.partialFailure !== undefined && { partialFailure: failureFields(search.partialFailure) }),
      });
      return { kind: 'ok', result: search };
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
   * One customer: its qualifications and, in parallel, its company name (`known`: already read);
   * writes the audit line. `deadlineAt`: the command's, when this customer is part of one (else
   * its own). `signal` cancels the qualification call and stops the wait for the name (which may be
   * shared with other lookups, so it is never cancelled itself). Never throws.
   */
  async customer(
    caller: Caller,
    customerId: CustomerTenantId,
    options: { readonly deadlineAt?: number; readonly known?: CustomerProfile; readonly signal?: AbortSignal } = {},
  ): Promise<CustomerAnswer> {
    const started = performance.now();
    const call: CallContext = {
      ...this.callContext(caller),
      deadlineAt: options.deadlineAt ?? this.deadlineAt(),
      signal: options.signal,
    };
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

/** A target's final answer: as answered, unless the deadline cut it short (see `customers`). */
function settledTarget(
  target: LookupTarget,
  answer: TargetAnswer | undefined,
  cutShort: boolean,
  caller: Caller,
): TargetAnswer {
  if (answer !== undefined && (!cutShort || answer.kind === 'domainNotResolved')) return answer;
  if (answer?.kind === 'customer') {
    return answer.answer.lookup !== undefined
      ? answer
      : { ...answer, answer: pastDeadline(answer.answer.customerId, answer.answer, caller) };
  }
  return target.kind === 'id'
    ? { kind: 'customer', answer: pastDeadline(target.customerId, undefined, caller) }
    : { kind: 'domainFailed', domain: target.domain, error: deadlineError(caller) };
}

function deadlineError(caller: Caller): PartnerCenterError {
  return new PartnerCenterError('timeout', 'the several-customer command reached its deadline', {
    correlationId: caller.correlationId,
  });
}

/** A customer the command's deadline cut short (or never reached): "didn't answer in time". */
function pastDeadline(
  customerId: CustomerTenantId,
  answer: CustomerAnswer | undefined,
  caller: Caller,
): CustomerAnswer {
  return {
    customerId,
    error: deadlineError(caller),
    ...(answer?.customer !== undefined && { customer: answer.customer }),
    customerUnavailable: answer?.customerUnavailable ?? false,
  };
}
