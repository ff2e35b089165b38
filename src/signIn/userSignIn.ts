import type { InvokeResponse, Storage, TurnContext } from 'botbuilder';
import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import { allCatalogs, EXAMPLE_CUSTOMER_ID, messagesFor, type Messages } from '../cards/messages';
import { parseLookupRequest, type LookupRequest } from '../lookup/lookupRequest';
import { describeError } from '../shared/logger';
import { isStateStoreError } from '../state/stateStoreError';
import { ExtensionSignIn } from './extensionSignIn';
import { PendingSignIns } from './pendingSignIns';
import type { SignedInOutcome, SignInTexts } from './signInDialog';
import type { Asker, ExtensionAccess, NothingWaiting, RunLookup, SignIn } from './signIn';

/** PARTNER_CENTER_AUTH=user: what it takes to act as the person who asked. */
export interface UserSignInOptions {
  /** The Azure Bot OAuth connection that yields the Teams SSO token. */
  readonly connectionName: string;
  /** Dialog state (pending sign-ins). */
  readonly storage: Storage;
  /** Exchanges the user's token on-behalf-of for Partner Center tokens. */
  readonly onBehalfOf: { forUser(userToken: string): PartnerCenterTokenProvider };
  /** The conversation's way to carry out a request (may run in a later turn, after sign-in). */
  readonly lookUp: RunLookup;
  /** Who asks in a later turn (the sign-in's), in the language of the waiting request. */
  readonly askerOf: (context: TurnContext, locale: string) => Asker;
  /**
   * True where no sign-in card can be shown (Microsoft 365 Copilot): the person is told where to
   * sign in instead, and the request does not wait.
   */
  readonly cardless?: (context: TurnContext) => boolean;
}

/** The request that waits while the person signs in (dialog state: ids only, never tokens). */
interface PendingLookup {
  readonly request: LookupRequest;
  readonly locale: string;
}

/**
 * Lookups as the signed-in person: their token from the OAuth connection (Teams single sign-on,
 * or the Sign in card and its magic code), exchanged on-behalf-of for Partner Center. A request
 * that needs a sign-in waits in dialog state and runs as soon as they are in, without retyping.
 * When the Bot Framework token service fails, the person gets a short answer with the
 * correlation id (never the error) and the log gets the reason.
 */
export class UserSignIn implements SignIn {
  readonly signsIn = true;
  private readonly pending: PendingSignIns<PendingLookup>;
  private readonly extension: ExtensionSignIn;

  constructor(private readonly options: UserSignInOptions) {
    this.pending = new PendingSignIns<PendingLookup>({
      storage: options.storage,
      connectionName: options.connectionName,
      texts: allCatalogs().map(signInTexts),
      textsFor: (locale) => signInTexts(messagesFor(locale)),
      run: (context, userToken, pending) => this.resume(context, pending, userToken),
      cardless: options.cardless,
    });
    this.extension = new ExtensionSignIn(options);
  }

  extensionAccess(context: TurnContext, asker: Asker): Promise<ExtensionAccess> {
    return this.extension.access(context, asker);
  }

  extensionSignInAgain(context: TurnContext, asker: Asker): Promise<InvokeResponse> {
    return this.extension.signInAgain(context, asker);
  }

  isMagicCode(text: string): boolean {
    return PendingSignIns.isMagicCode(text);
  }

  async run(context: TurnContext, request: LookupRequest, asker: Asker): Promise<void> {
    await this.withTokenService(context, asker, () =>
      this.pending.runAsUser(context, pendingOf(request, asker), asker.locale, asker.logger),
    );
  }

  async now<T>(
    context: TurnContext,
    request: LookupRequest,
    asker: Asker,
    work: (asUser?: PartnerCenterTokenProvider) => Promise<T | 'signInExpired'>,
  ): Promise<T | undefined> {
    let result: T | 'signInExpired' | undefined;
    const ok = await this.withTokenService(context, asker, async () => {
      const token = await this.pending.signedInToken(context);
      if (token !== undefined) result = await work(this.options.onBehalfOf.forUser(token));
      if (result === undefined || result === 'signInExpired') {
        // Not signed in, or the sign-in expired: sign in, then the result comes as a message.
        if (result === 'signInExpired') await this.pending.signOut(context);
        await this.pending.runAsUser(context, pendingOf(request, asker), asker.locale, asker.logger);
      }
    });
    return ok && result !== undefined && result !== 'signInExpired' ? result : undefined;
  }

  async signOut(context: TurnContext, asker: Asker): Promise<void> {
    const signedOut = await this.withTokenService(context, asker, () => this.pending.signOut(context));
    if (!signedOut) return;
    asker.logger.info({ event: 'signOut', user: asker.userObjectId }, 'user signed out');
    await context.sendActivity(messagesFor(asker.locale).signIn.signedOut);
  }

  async continueSignIn(context: TurnContext, asker: Asker, whenNothingWaits: NothingWaiting): Promise<void> {
    await this.withTokenService(context, asker, async () => {
      if (await this.pending.continueSignIn(context)) return;
      const m = messagesFor(asker.locale);
      await context.sendActivity(
        whenNothingWaits === 'signedIn'
          ? m.signIn.signedInNothingPending(m.help.exampleCommand(EXAMPLE_CUSTOMER_ID))
          : whenNothingWaits === 'noSignInWaiting'
            ? m.signIn.noSignInWaiting
            : m.signIn.didNotComplete,
      );
    });
  }

  async explainSsoFailure(context: TurnContext, asker: Asker, code: string): Promise<void> {
    const m = messagesFor(asker.locale);
    await context.sendActivity(code === 'resourcematchfailed' ? m.signIn.ssoMisconfigured : m.signIn.ssoFailed(code));
  }

  /** The waiting request, in the sign-in's turn, as the person who just signed in. */
  private async resume(context: TurnContext, pending: PendingLookup, userToken: string): Promise<SignedInOutcome> {
    // Read back from dialog state: validated again before any of it reaches Partner Center.
    const request = parseLookupRequest(pending.request);
    if (request === undefined) return 'done';
    // The request runs in a later turn (the sign-in invoke), whose activity may carry no locale.
    const asker = this.options.askerOf(context, pending.locale);
    const outcome = await this.options.lookUp(context, request, asker, this.options.onBehalfOf.forUser(userToken));
    return outcome === 'signInExpired' ? 'signInAgain' : 'done';
  }

  /**
   * Runs a step that talks to the Bot Framework token service and the state store; false (and a
   * short answer) when either fails.
   */
  private async withTokenService(context: TurnContext, asker: Asker, step: () => Promise<void>): Promise<boolean> {
    try {
      await step();
      return true;
    } catch (error) {
      const m = messagesFor(asker.locale);
      if (isStateStoreError(error)) {
        // The store where sign-ins wait (STATE_STORAGE=blob) is down: the next turn tries it again.
        asker.logger.warn({ event: 'stateStoreUnavailable', error: describeError(error) }, 'the state store failed');
        await context.sendActivity(m.signIn.stateUnavailable(asker.correlationId));
        return false;
      }
      asker.logger.warn({ event: 'signInServiceError', error: describeError(error) }, 'the sign-in service failed');
      await context.sendActivity(m.signIn.serviceUnavailable(asker.correlationId));
      return false;
    }
  }
}

function pendingOf(request: LookupRequest, asker: Asker): PendingLookup {
  return { request, locale: asker.locale };
}

/** The catalog's sign-in texts, in the shape the sign-in dialog takes. */
function signInTexts(m: Messages): SignInTexts {
  return {
    locale: m.locale,
    cardText: m.signIn.cardText,
    cardButton: m.signIn.cardButton,
    prompt: m.signIn.prompt,
    codeNotAccepted: m.signIn.codeNotAccepted,
    didNotComplete: m.signIn.didNotComplete,
    expired: m.signIn.expired,
    signInElsewhere: m.signIn.signInInTeams(m.help.exampleCommand(EXAMPLE_CUSTOMER_ID)),
  };
}
