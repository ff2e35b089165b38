import type { CompanyName } from '../../partnerCenter/companyName';
import type { CustomerTenantId } from '../../partnerCenter/customerId';
import type { CustomerDomain } from '../../partnerCenter/domain';
import { parseCommand } from '../commandParser';

/**
 * What someone typed in the message extension's search box (`findCustomer`): the same
 * understanding as chat, for a box that holds one customer (or a few pasted tenant ids). Typing
 * is shown as it goes, so a query that is empty, too short or not yet understood is a hint, never
 * an error.
 */
export type SearchQuery =
  | { readonly kind: 'ids'; readonly customerIds: readonly CustomerTenantId[] }
  | { readonly kind: 'domain'; readonly domain: CustomerDomain }
  | { readonly kind: 'name'; readonly name: CompanyName }
  | { readonly kind: 'hint'; readonly reason: SearchHint };

/** Why there is nothing to look up yet: what the hint says. */
export type SearchHint = 'empty' | 'tooShort' | 'notUnderstood' | 'oneAtATime' | 'tooMany';

/** Fewer characters than this would match a good part of any customer list while the person is still typing. */
export const MIN_SEARCH_QUERY_LENGTH = 3;

/** The words a search box query is read with, so that "Contoso" alone reads as a company name. */
const AS_A_LOOKUP = 'qualification for ';

export function parseSearchQuery(text: unknown, maxCustomers: number): SearchQuery {
  const query = typeof text === 'string' ? text.trim() : '';
  if (query === '') return { kind: 'hint', reason: 'empty' };
  if (Array.from(query).length < MIN_SEARCH_QUERY_LENGTH) return { kind: 'hint', reason: 'tooShort' };
  const typed = parseCommand(query, { maxCustomers });
  const command =
    typed.kind === 'help' || typed.kind === 'signOut' ? parseCommand(AS_A_LOOKUP + query, { maxCustomers }) : typed;
  switch (command.kind) {
    case 'qualification':
      return { kind: 'ids', customerIds: [command.customerId] };
    case 'bulkQualification':
      return { kind: 'ids', customerIds: command.customerIds };
    case 'qualificationByDomain':
      return { kind: 'domain', domain: command.domain };
    case 'qualificationByName':
      return { kind: 'name', name: command.name };
    case 'mixedQualification':
      return { kind: 'hint', reason: 'oneAtATime' };
    case 'tooManyCustomers':
      return { kind: 'hint', reason: 'tooMany' };
    default:
      return { kind: 'hint', reason: 'notUnderstood' };
  }
}
