/**
 * A lookup someone asked for. In PARTNER_CENTER_AUTH=user mode it waits in dialog state while they
 * sign in, so it holds only ids and a domain (never a token) and is plain JSON.
 */
export type LookupRequest =
  /** One or more canonical tenant ids, in the order typed. */
  | { readonly kind: 'customers'; readonly customerIds: readonly string[] }
  /** A normalised domain, to be found among the partner's customers. */
  | { readonly kind: 'domain'; readonly domain: string };
