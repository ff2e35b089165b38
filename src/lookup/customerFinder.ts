import type { CompanyName } from '../partnerCenter/companyName';
import type { CustomerTenantId } from '../partnerCenter/customerId';
import type { CustomerDomain } from '../partnerCenter/domain';
import type { CustomerProfile } from '../partnerCenter/types';
import type { CustomerAnswer, SearchAnswer } from './answers';
import type { Caller } from './caller';
import type { Lookups } from './lookups';

/** What a search box asks for: tenant ids, one domain, or the start of a company name. */
export type FindRequest =
  | { readonly kind: 'ids'; readonly customerIds: readonly CustomerTenantId[] }
  | { readonly kind: 'domain'; readonly domain: CustomerDomain }
  | { readonly kind: 'name'; readonly name: CompanyName };

/**
 * Customers found, each with its qualification looked up (or why not: an answer whose lookup the
 * deadline cut short carries a `timeout` error); no customer; or the search itself failed (also
 * a sign-in problem in user mode, which is the same for every customer).
 */
export type FoundCustomers =
  | { readonly kind: 'customers'; readonly answers: readonly CustomerAnswer[] }
  | { readonly kind: 'nobody' }
  | { readonly kind: 'failed'; readonly error: unknown };

/**
 * The search box's use case (the message extension): every customer that matches, up to `max`,
 * each looked up, all within one deadline — Teams waits only a few seconds for a search, so the
 * answer is what arrived by then. Built on the chat's lookups (same audit lines, same policies).
 */
export async function findCustomers(
  lookups: Lookups,
  caller: Caller,
  request: FindRequest,
  options: { readonly deadlineAt: number; readonly max: number },
): Promise<FoundCustomers> {
  if (caller.asUser) {
    // One on-behalf-of exchange before the lookups share its cached token (as several customers do in chat).
    try {
      await caller.asUser.getToken();
    } catch (error) {
      return { kind: 'failed', error };
    }
  }
  const { deadlineAt } = options;
  const lookUp = (customerId: CustomerTenantId, known?: CustomerProfile) =>
    lookups.customer(caller, customerId, { deadlineAt, known });
  if (request.kind === 'ids') {
    return {
      kind: 'customers',
      answers: await Promise.all(request.customerIds.slice(0, options.max).map((id) => lookUp(id))),
    };
  }
  const search: SearchAnswer<{ readonly matches: readonly CustomerProfile[] }> =
    request.kind === 'domain'
      ? await lookups.domain(caller, request.domain, { deadlineAt })
      : await lookups.name(caller, request.name, { deadlineAt });
  switch (search.kind) {
    case 'found':
      return { kind: 'customers', answers: [search.answer] };
    case 'choice':
      return {
        kind: 'customers',
        answers: await Promise.all(search.search.matches.slice(0, options.max).map((match) => lookUp(match.id, match))),
      };
    case 'notFound':
      return { kind: 'nobody' };
    case 'failed':
      return { kind: 'failed', error: search.error };
  }
}
