import type { SearchMessages } from './searchTypes';

export const searchEnUS: SearchMessages = {
  hintEmpty: "Type a customer's tenant id, a domain such as contoso.onmicrosoft.com, or the start of a company name.",
  hintTooShort: (minimum) => `Type at least ${minimum} characters of a company name, or a tenant id or domain.`,
  hintNotUnderstood:
    "That isn't a tenant id, domain or company name. Try a tenant id, a domain such as contoso.onmicrosoft.com, " +
    'or the start of a company name.',
  hintOneAtATime: 'Search by tenant ids, by one domain or by one company name: one kind at a time.',
  hintTooMany: (limit) => `One search shows at most ${limit} customers: paste fewer tenant ids.`,
  nobody: (query) => `None of your customers matches ${query}. Check the spelling, or search by tenant id.`,
  stillLooking: 'Still looking: Partner Center is slow to answer right now. Try again in a moment.',
  pickToLookAgain: 'Not read in time: pick it to look again.',
  demoTag: 'Demo data',
  signIn: 'Sign in to Partner Center',
  signInUnavailable: (correlationId) =>
    `The sign-in service is not answering right now. Try again in a minute. Correlation id: ${correlationId}`,
};
