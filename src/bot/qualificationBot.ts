import {
  TeamsActivityHandler,
  TurnContext,
  type InvokeResponse,
  type SigninStateVerificationQuery,
  type Storage,
} from 'botbuilder';
import type { SignInTexts, SignedInOutcome } from '../auth/signInDialog';
import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import { allCatalogs, EXAMPLE_CUSTOMER_ID, messagesFor, type Messages } from '../cards';
import { describeError, type Logger } from '../logger';
import { parseCommand } from './commandParser';
import { HelpHandler } from './handlers/helpHandler';
import { InvalidInputHandler } from './handlers/invalidInputHandler';
import { QualificationHandler } from './handlers/qualificationHandler';
import { turnLog } from './turnLog';
import type { QualificationSource, TurnInfo } from './types';
import { UserSignIn } from './userSignIn';

/** PARTNER_CENTER_AUTH=user: what the bot needs to act as the person who asked. */
export interface UserSignInSettings {
  /** The Azure Bot OAuth connection that yields the Teams SSO token. */
  readonly connectionName: string;
  /** Dialog state (pending sign-ins) and the token-exchange de-duplication records. */
  readonly storage: Storage;
  /** Exchanges the user's token on-behalf-of for Partner Center tokens. */
  readonly onBehalfOf: { forUser(userToken: string): PartnerCenterTokenProvider };
  readonly adminConsentUrl: string;
}

/** The request that waits while the user signs in (kept in dialog state: ids only, never tokens). */
interface PendingLookup {
  readonly customerId: string;
  readonly locale: string;
}

export interface QualificationBotOptions {
  readonly source: QualificationSource;
  readonly logger: Logger;
  /** Demo mode: every card says the data is not from Partner Center. */
  readonly demo: boolean;
  /** Set in PARTNER_CENTER_AUTH=user mode; without it lookups use the bot's own access. */
  readonly userSignIn?: UserSignInSettings;
}

/** The conversation: reads each message, routes it to one handler. No HTTP, no Partner Center details. */
export class QualificationBot extends TeamsActivityHandler {
  private readonly help: HelpHandler;
  private readonly invalidInput: InvalidInputHandler;
  private readonly qualification: QualificationHandler;
  private readonly logger: Logger;
  private readonly signIn?: UserSignIn<PendingLookup>;

  constructor(options: QualificationBotOptions) {
    super();
    this.logger = options.logger;
    this.help = new HelpHandler(options.demo);
    this.invalidInput = new InvalidInputHandler(options.demo);
    this.qualification = new QualificationHandler(options.source, {
      demo: options.demo,
      userSignIn: options.userSignIn ? { adminConsentUrl: options.userSignIn.adminConsentUrl } : undefined,
    });
    const settings = options.userSignIn;
    if (settings) {
      this.signIn = new UserSignIn<PendingLookup>({
        storage: settings.storage,
        connectionName: settings.connectionName,
        texts: allCatalogs().map(signInTexts),
        textsFor: (locale) => signInTexts(messagesFor(locale)),
        run: (context, userToken, pending) => this.lookUpAsUser(context, pending, settings.onBehalfOf.forUser(userToken)),
      });
    }
    this.onMessage(async (context, next) => {
      await this.route(context);
      await next();
    });
    // The Bot Framework Emulator (and Web Chat) finish a sign-in with this event, not a Teams invoke.
    this.onTokenResponseEvent(async (context, next) => {
      await this.continueSignIn(context, 'signedIn');
      await next();
    });
  }

  private async route(context: TurnContext): Promise<void> {
    const turn = turnInfo(context, this.logger);
    const text = messageText(context);
    if (this.signIn && UserSignIn.isMagicCode(text)) {
      return this.continueSignIn(context, 'noSignInWaiting');
    }
    const command = parseCommand(text);
    switch (command.kind) {
      case 'signOut':
        return this.signOut(context, turn);
      case 'qualification':
        return this.lookUp(context, command.customerId, turn);
      // Interim until the bulk and domain paths are wired: the first id; a domain gets today's explanation.
      case 'bulkQualification':
        return this.lookUp(context, command.customerIds[0]!, turn);
      case 'qualificationByDomain':
        return this.invalidInput.handle(context, command.domain, turn);
      case 'tooManyCustomers':
        return this.help.handle(context, turn);
      case 'invalidCustomerId':
        return this.invalidInput.handle(context, command.input, turn);
      case 'help':
        return this.help.handle(context, turn);
    }
  }

  /** App and demo mode: at once with the bot's access. User mode: as the signed-in user. */
  private async lookUp(context: TurnContext, customerId: string, turn: TurnInfo): Promise<void> {
    if (!this.signIn) {
      await this.qualification.handle(context, customerId, turn);
      return;
    }
    await this.withSignInService(context, turn, () =>
      this.signIn!.runAsUser(context, { customerId, locale: turn.locale }, turn.locale, turn.logger),
    );
  }

  private async lookUpAsUser(context: TurnContext, pending: PendingLookup, asUser: PartnerCenterTokenProvider): Promise<SignedInOutcome> {
    // The request may run in a later turn (the sign-in invoke), whose activity may carry no locale.
    const turn = { ...turnInfo(context, this.logger), locale: pending.locale };
    const outcome = await this.qualification.handle(context, pending.customerId, turn, asUser);
    return outcome === 'signInExpired' ? 'signInAgain' : 'done';
  }

  private async signOut(context: TurnContext, turn: TurnInfo): Promise<void> {
    const m = messagesFor(turn.locale);
    if (!this.signIn) {
      await context.sendActivity(m.signIn.signOutNotNeeded);
      return;
    }
    const signedOut = await this.withSignInService(context, turn, () => this.signIn!.signOut(context));
    if (signedOut) {
      turn.logger.info({ event: 'signOut', user: turn.userObjectId }, 'user signed out');
      await context.sendActivity(m.signIn.signedOut);
    }
  }

  /**
   * Hands a sign-in activity to the waiting sign-in. When none waits, says what happened:
   * `signedIn` (the token service has the token now: send the request again) or
   * `noSignInWaiting` (a code or state that nothing will redeem).
   */
  private async continueSignIn(context: TurnContext, whenNothingWaits: 'signedIn' | 'noSignInWaiting' | 'didNotComplete'): Promise<void> {
    if (!this.signIn) return;
    const turn = turnInfo(context, this.logger);
    await this.withSignInService(context, turn, async () => {
      if (await this.signIn!.continueSignIn(context)) return;
      const m = messagesFor(turn.locale);
      await context.sendActivity(
        whenNothingWaits === 'signedIn'
          ? m.signIn.signedInNothingPending(m.help.exampleCommand(EXAMPLE_CUSTOMER_ID))
          : whenNothingWaits === 'noSignInWaiting'
            ? m.signIn.noSignInWaiting
            : m.signIn.didNotComplete,
      );
    });
  }

  /**
   * Runs a step that talks to the Bot Framework token service. If the service fails, the user gets
   * a short plain answer with the correlation id (never the error) and the log gets the reason.
   */
  private async withSignInService(context: TurnContext, turn: TurnInfo, step: () => Promise<void>): Promise<boolean> {
    try {
      await step();
      return true;
    } catch (error) {
      turn.logger.warn({ event: 'signInServiceError', error: describeError(error) }, 'the sign-in service failed');
      await context.sendActivity(messagesFor(turn.locale).signIn.serviceUnavailable(turn.correlationId));
      return false;
    }
  }

  /** Teams single sign-on: the token was exchanged (TeamsSSOTokenExchangeMiddleware ran first). */
  protected override async handleTeamsSigninTokenExchange(context: TurnContext, _query: SigninStateVerificationQuery): Promise<void> {
    if (!this.signIn) return super.handleTeamsSigninTokenExchange(context, _query);
    await this.continueSignIn(context, 'signedIn');
  }

  /** The Sign in button's page finished (or the user typed the code into Teams' own prompt). */
  protected override async handleTeamsSigninVerifyState(context: TurnContext, _query: SigninStateVerificationQuery): Promise<void> {
    if (!this.signIn) return super.handleTeamsSigninVerifyState(context, _query);
    await this.continueSignIn(context, 'didNotComplete');
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'signin/failure') {
      await this.onSignInFailure(context);
      return { status: 200 };
    }
    return super.onInvokeActivity(context);
  }

  /**
   * Teams could not do single sign-on (e.g. `resourcematchfailed`: the app's "Expose an API" or
   * webApplicationInfo doesn't match the OAuth connection's Token Exchange URL). botbuilder 4.23
   * has no handler for it; without one the user would see nothing. Log the code, tell the user.
   */
  private async onSignInFailure(context: TurnContext): Promise<void> {
    const turn = turnInfo(context, this.logger);
    const value = (context.activity.value ?? {}) as { code?: unknown; message?: unknown };
    const code = typeof value.code === 'string' && /^[\w.-]{1,64}$/.test(value.code) ? value.code : 'unknown';
    turn.logger.warn(
      { event: 'signInFailure', code, message: typeof value.message === 'string' ? value.message.slice(0, 300) : undefined },
      'Teams reported a single sign-on failure',
    );
    if (!this.signIn) return;
    const m = messagesFor(turn.locale);
    await context.sendActivity(code === 'resourcematchfailed' ? m.signIn.ssoMisconfigured : m.signIn.ssoFailed(code));
  }
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
  };
}

/**
 * The text without the @mention of this bot (Teams channels and group chats add one). A card
 * button (Action.Submit) that sends a command carries it as `value.command` when the client does
 * not turn it into text itself (Teams does, through `msteams.imBack`).
 */
function messageText(context: TurnContext): string {
  const { activity } = context;
  if (typeof activity.text !== 'string' || activity.text.trim() === '') {
    const command = (activity.value as { command?: unknown } | undefined)?.command;
    return typeof command === 'string' ? command.slice(0, 200) : '';
  }
  try {
    return TurnContext.removeRecipientMention(activity) ?? activity.text;
  } catch {
    // A malformed mention entity: the parser strips a leading <at>…</at> by itself.
    return activity.text;
  }
}

function turnInfo(context: TurnContext, logger: Logger): TurnInfo {
  const { activity } = context;
  const clientLocale = activity.entities?.find((e) => e.type === 'clientInfo')?.locale;
  const { correlationId, logger: turnLogger } = turnLog(context, logger);
  return {
    correlationId,
    logger: turnLogger,
    locale: activity.locale || (typeof clientLocale === 'string' ? clientLocale : '') || 'en-US',
    userObjectId: activity.from?.aadObjectId,
  };
}
