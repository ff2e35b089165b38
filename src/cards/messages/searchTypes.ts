/**
 * The words of the message extension (the search box's `findCustomer` command and link
 * unfurling). What Partner Center answered is worded by the result and error texts of the chat
 * cards (same words); these are the extension's own: its hints and its sign-in.
 */
export interface SearchMessages {
  /** The box is empty (also Teams' first query, before anything is typed). */
  readonly hintEmpty: string;
  /** Fewer characters than the search needs. */
  readonly hintTooShort: (minimum: number) => string;
  /** Not a tenant id, domain or company name. */
  readonly hintNotUnderstood: string;
  /** Tenant ids and domains together: one kind at a time. */
  readonly hintOneAtATime: string;
  /** More tenant ids than one search shows. */
  readonly hintTooMany: (limit: number) => string;
  /** A domain or name no customer of the partner has (the query is outside text: a placeholder). */
  readonly nobody: (query: string) => string;
  /** Partner Center did not answer before Teams stops waiting. */
  readonly stillLooking: string;
  /** A found customer whose qualification was not read in time: picking it looks again. */
  readonly pickToLookAgain: string;
  /** Before the preview's qualification line in demo mode. */
  readonly demoTag: string;
  /** The sign-in link's title, when the extension needs the person to sign in. */
  readonly signIn: string;
  /** The Bot Framework token service failed. */
  readonly signInUnavailable: (correlationId: string) => string;
}
