import type { InvokeResponse, TurnContext } from 'botbuilder';
import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import type { Caller } from '../lookup/caller';
import type { LookupRequest } from '../lookup/lookupRequest';

/**
 * Whose access a lookup runs with — the one small interface the conversation calls ("run this
 * for this person, signing them in first if needed"). Two implementations: the bot's own access
 * (app and demo mode: botOwnAccess.ts) and user sign-in (PARTNER_CENTER_AUTH=user: userSignIn.ts,
 * Teams single sign-on, the Sign in card, on-behalf-of).
 */

/**
 * The message extension's access (search box, link unfurling), which has no dialog and no sign-in
 * card: Teams asks, and the answer is either the result or Teams' own sign-in response. Ready: run
 * now (app and demo mode: always, with the bot's own access). Respond: send this as the invoke's
 * answer instead — `silentAuth` (Teams then tries single sign-on and asks again with the SSO
 * token), `auth` (a sign-in link; Teams asks again with its code in `state`), 412 (the SSO token
 * could not be exchanged: Teams falls back to `auth`), or a short message when the token service
 * fails.
 */
export type ExtensionAccess =
  | { readonly kind: 'ready'; readonly asUser?: PartnerCenterTokenProvider }
  | { readonly kind: 'respond'; readonly response: InvokeResponse };

/** The person who sent the activity, as the conversation knows them (no token yet). */
export type Asker = Omit<Caller, 'asUser'>;

/** `signInExpired`: the person's sign-in turned out to be expired or revoked; nothing was sent. */
export type LookupOutcome = 'answered' | 'signInExpired';

/** Carries out a request with the given access (the conversation's; may run in a later turn, after sign-in). */
export type RunLookup = (
  context: TurnContext,
  request: LookupRequest,
  asker: Asker,
  asUser?: PartnerCenterTokenProvider,
) => Promise<LookupOutcome>;

/** When a sign-in activity arrives and none waits: what the person is told. */
export type NothingWaiting = 'signedIn' | 'noSignInWaiting' | 'didNotComplete';

export interface SignIn {
  /** True in user mode: lookups run as the person, who may have to sign in first. */
  readonly signsIn: boolean;
  /** Runs the request as the asker: at once, or once they have signed in (the request waits). */
  run(context: TurnContext, request: LookupRequest, asker: Asker): Promise<void>;
  /**
   * Runs `work` now as the asker when that is possible without a sign-in card (the Refresh
   * button). Otherwise starts the sign-in (the request then runs after it, as `run` does) and
   * answers undefined.
   */
  now<T>(
    context: TurnContext,
    request: LookupRequest,
    asker: Asker,
    work: (asUser?: PartnerCenterTokenProvider) => Promise<T | 'signInExpired'>,
  ): Promise<T | undefined>;
  /** `sign out`: forgets the person's sign-in and says so. */
  signOut(context: TurnContext, asker: Asker): Promise<void>;
  /** A sign-in activity (token exchange, magic code, verify state, the Emulator's event): finishes the sign-in. */
  continueSignIn(context: TurnContext, asker: Asker, whenNothingWaits: NothingWaiting): Promise<void>;
  /** A message that is a sign-in's magic code, not a command. */
  isMagicCode(text: string): boolean;
  /**
   * The message extension (search box, link unfurling): the asker's access now, or the invoke
   * response that signs them in (see extensionSignIn.ts).
   */
  extensionAccess(context: TurnContext, asker: Asker): Promise<ExtensionAccess>;
  /** An extension's lookup found the sign-in expired: forget it and answer with the sign-in response. */
  extensionSignInAgain(context: TurnContext, asker: Asker): Promise<InvokeResponse>;
  /** Teams could not do single sign-on (`signin/failure`, logged by the conversation): tells the person. */
  explainSsoFailure(context: TurnContext, asker: Asker, code: string): Promise<void>;
}
