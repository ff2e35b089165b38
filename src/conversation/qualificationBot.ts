import {
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type SigninStateVerificationQuery,
  type Storage,
} from 'botbuilder';
import type { SignInTexts, SignedInOutcome } from '../signIn/signInDialog';
import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import {
  allCatalogs,
  EXAMPLE_CUSTOMER_ID,
  messagesFor,
  refreshActionCustomerId,
  refreshSubmitCustomerId,
  type CardExamples,
  type Messages,
} from '../cards';
import { describeError, type Logger } from '../shared/logger';
import { DEFAULT_MAX_CUSTOMERS, parseCommand } from './commandParser';
import { BulkQualificationHandler, type BulkOptions } from './handlers/bulkQualificationHandler';
import { DomainHandler } from './handlers/domainHandler';
import { HelpHandler } from './handlers/helpHandler';
import { InvalidInputHandler } from './handlers/invalidInputHandler';
import { QualificationHandler, type SingleAnswer } from './handlers/qualificationHandler';
import { cardActivity, LiveCard } from './liveCard';
import type { LookupRequest } from '../lookup/lookupRequest';
import { ProfileCache } from '../lookup/companyNames';
import { sendCard } from './sendCard';
import { turnLog } from './turnLog';
import type { LookupOutcome, QualificationSource, TurnInfo } from './types';
import { UserSignIn } from '../signIn/userSignIn';

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
  readonly request: LookupRequest;
  readonly locale: string;
}

export interface QualificationBotOptions {
  readonly source: QualificationSource;
  readonly logger: Logger;
  /** Demo mode: every card says the data is not from Partner Center. */
  readonly demo: boolean;
  /** Set in PARTNER_CENTER_AUTH=user mode; without it lookups use the bot's own access. */
  readonly userSignIn?: UserSignInSettings;
  /** Most customers one message may ask for. Default 20. */
  readonly maxCustomers?: number;
  /** Several customers in one message: how many at once, the command's deadline, progress timings. */
  readonly bulk?: Partial<BulkOptions>;
  /** The clickable examples on the help and welcome cards (demo mode: the simulator's customers). */
  readonly examples?: CardExamples;
  /** Where company names are remembered; default a new ProfileCache (15 minutes). */
  readonly profiles?: ProfileCache;
}

/** Defaults for several customers in one message (config.ts passes the configured values). */
const DEFAULT_BULK: BulkOptions = { concurrency: 5, deadlineMs: 12000 };

/** What the result card's Refresh button answers with: an invoke response holding a card or a short message. */
const CARD_RESPONSE = 'application/vnd.microsoft.card.adaptive';
const MESSAGE_RESPONSE = 'application/vnd.microsoft.activity.message';

/** The conversation: reads each message, routes it to one handler. No HTTP, no Partner Center details. */
export class QualificationBot extends TeamsActivityHandler {
  private readonly help: HelpHandler;
  private readonly invalidInput: InvalidInputHandler;
  private readonly qualification: QualificationHandler;
  private readonly bulk: BulkQualificationHandler;
  private readonly domain: DomainHandler;
  private readonly logger: Logger;
  private readonly maxCustomers: number;
  private readonly signIn?: UserSignIn<PendingLookup>;
  private readonly onBehalfOf?: (userToken: string) => PartnerCenterTokenProvider;

  constructor(options: QualificationBotOptions) {
    super();
    this.logger = options.logger;
    this.maxCustomers = options.maxCustomers ?? DEFAULT_MAX_CUSTOMERS;
    const deps = {
      source: options.source,
      profiles: options.profiles ?? new ProfileCache(),
      demo: options.demo,
      userSignIn: options.userSignIn ? { adminConsentUrl: options.userSignIn.adminConsentUrl } : undefined,
    };
    this.help = new HelpHandler({
      demo: options.demo,
      signIn: options.userSignIn !== undefined,
      maxCustomers: this.maxCustomers,
      examples: options.examples,
    });
    this.invalidInput = new InvalidInputHandler(options.demo);
    this.qualification = new QualificationHandler(deps);
    this.bulk = new BulkQualificationHandler(deps, { ...DEFAULT_BULK, ...options.bulk });
    this.domain = new DomainHandler(deps, this.qualification);
    const settings = options.userSignIn;
    if (settings) {
      const onBehalfOf = (userToken: string) => settings.onBehalfOf.forUser(userToken);
      this.onBehalfOf = onBehalfOf;
      this.signIn = new UserSignIn<PendingLookup>({
        storage: settings.storage,
        connectionName: settings.connectionName,
        texts: allCatalogs().map(signInTexts),
        textsFor: (locale) => signInTexts(messagesFor(locale)),
        run: (context, userToken, pending) => this.lookUpAsUser(context, pending, onBehalfOf(userToken)),
      });
    }
    this.onMessage(async (context, next) => {
      await this.route(context);
      await next();
    });
    // Installed, or added to a chat or team: Teams (and the Emulator) list the bot itself among
    // the members added. Members who join later get nothing, so the welcome comes once.
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      if (botId !== undefined && (context.activity.membersAdded ?? []).some((member) => member.id === botId)) {
        await this.help.welcome(context, turnInfo(context, this.logger));
      }
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
    const refreshId = refreshSubmitCustomerId(context.activity.value);
    if (refreshId !== undefined && !hasText(context)) {
      return this.refreshBySubmit(context, refreshId, turn);
    }
    const text = messageText(context);
    if (this.signIn && UserSignIn.isMagicCode(text)) {
      return this.continueSignIn(context, 'noSignInWaiting');
    }
    const command = parseCommand(text, { maxCustomers: this.maxCustomers });
    switch (command.kind) {
      case 'signOut':
        return this.signOut(context, turn);
      case 'qualification':
        return this.lookUp(context, { kind: 'customers', customerIds: [command.customerId] }, turn);
      case 'bulkQualification':
        return this.lookUp(context, { kind: 'customers', customerIds: command.customerIds }, turn);
      case 'qualificationByDomain':
        return this.lookUp(context, { kind: 'domain', domain: command.domain }, turn);
      case 'tooManyCustomers':
        return this.invalidInput.tooMany(context, command.count, command.limit, turn);
      case 'invalidCustomerId':
        return this.invalidInput.handle(context, command.input, command.invalid, turn);
      case 'help':
        return this.help.handle(context, turn);
    }
  }

  /** App and demo mode: at once with the bot's access. User mode: as the signed-in user. */
  private async lookUp(context: TurnContext, request: LookupRequest, turn: TurnInfo): Promise<void> {
    if (!this.signIn) {
      await this.carryOut(context, request, turn);
      return;
    }
    await this.withSignInService(context, turn, () =>
      this.signIn!.runAsUser(context, { request, locale: turn.locale }, turn.locale, turn.logger),
    );
  }

  /** Carries out a lookup: one customer, several, or a domain. */
  private carryOut(context: TurnContext, request: LookupRequest, turn: TurnInfo, asUser?: PartnerCenterTokenProvider): Promise<LookupOutcome> {
    if (request.kind === 'domain') return this.domain.handle(context, request.domain, turn, asUser);
    const [first, ...others] = request.customerIds;
    if (first === undefined) return Promise.resolve('answered');
    return others.length === 0
      ? this.qualification.handle(context, first, turn, asUser)
      : this.bulk.handle(context, request.customerIds, turn, asUser);
  }

  private async lookUpAsUser(context: TurnContext, pending: PendingLookup, asUser: PartnerCenterTokenProvider): Promise<SignedInOutcome> {
    // The request may run in a later turn (the sign-in invoke), whose activity may carry no locale.
    const turn = { ...turnInfo(context, this.logger), locale: pending.locale };
    const outcome = await this.carryOut(context, pending.request, turn, asUser);
    return outcome === 'signInExpired' ? 'signInAgain' : 'done';
  }

  /**
   * The result card's Refresh button (Universal Actions): answered with a new result card, which
   * Teams shows in place of the old one. In user mode without a valid sign-in, the sign-in card
   * is sent and the refreshed result follows as a new message once the user is signed in.
   */
  protected override async onAdaptiveCardInvoke(context: TurnContext, invokeValue: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const turn = turnInfo(context, this.logger);
    const customerId = refreshActionCustomerId(invokeValue?.action);
    if (customerId === undefined) {
      turn.logger.warn({ event: 'unknownCardAction' }, 'an Adaptive Card action the bot does not know');
      return { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: 'Unknown action' } };
    }
    const card = await this.refreshedCard(context, customerId, turn);
    if (card) return { statusCode: 200, type: CARD_RESPONSE, value: card as Record<string, unknown> };
    // A message response carries a string (Universal Actions); botbuilder's type only allows objects.
    const message: unknown = messagesFor(turn.locale).signIn.prompt;
    return { statusCode: 200, type: MESSAGE_RESPONSE, value: message as Record<string, unknown> };
  }

  /** Clients without Universal Actions: the fallback Action.Submit. The card is updated in place where the channel allows. */
  private async refreshBySubmit(context: TurnContext, customerId: string, turn: TurnInfo): Promise<void> {
    const card = await this.refreshedCard(context, customerId, turn);
    if (!card) return;
    const replyToId = context.activity.replyToId;
    if (replyToId && LiveCard.canUpdate(context)) {
      try {
        await context.updateActivity({ ...cardActivity(card), id: replyToId });
        return;
      } catch (error) {
        turn.logger.warn({ event: 'cardUpdateFailed', error: describeError(error) }, 'could not update the card; sending a new one');
      }
    }
    await sendCard(context, card);
  }

  /**
   * A new result card for the customer; undefined when, in user mode, the user must sign in first
   * (the sign-in card has then been sent, and the result follows after sign-in).
   */
  private async refreshedCard(context: TurnContext, customerId: string, turn: TurnInfo): Promise<object | undefined> {
    if (!this.signIn) {
      const answer = await this.qualification.card(customerId, turn);
      return answer.outcome === 'answered' ? answer.card : undefined;
    }
    const { signIn, onBehalfOf } = this;
    if (!onBehalfOf) return undefined;
    const request: LookupRequest = { kind: 'customers', customerIds: [customerId] };
    let answer: SingleAnswer | undefined;
    const ok = await this.withSignInService(context, turn, async () => {
      const token = await signIn.signedInToken(context);
      if (token !== undefined) answer = await this.qualification.card(customerId, turn, onBehalfOf(token));
      if (answer?.outcome !== 'answered') {
        // Not signed in, or the sign-in expired: sign in, then the refreshed result comes as a message.
        if (answer?.outcome === 'signInExpired') await signIn.signOut(context);
        await signIn.runAsUser(context, { request, locale: turn.locale }, turn.locale, turn.logger);
      }
    });
    return ok && answer?.outcome === 'answered' ? answer.card : undefined;
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
    if (context.activity.name === 'adaptiveCard/action') {
      // botbuilder reads value.action.type without a check: a string value or a null action
      // throws inside it, and the client gets a bare 501.
      const problem = adaptiveCardActionProblem(context.activity.value);
      if (problem !== undefined) {
        turnInfo(context, this.logger).logger.warn({ event: 'malformedCardAction', problem }, 'an adaptiveCard/action invoke the bot cannot read');
        return { status: 400, body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: problem } } };
      }
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

/** Why an adaptiveCard/action invoke's `value` is not one (Universal Actions: `{ action: { type: 'Action.Execute', … } }`), or undefined. */
function adaptiveCardActionProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the invoke value must be an object with an "action"';
  const { action } = value as { action?: unknown };
  if (typeof action !== 'object' || action === null || Array.isArray(action)) return 'the invoke value\'s "action" must be an object';
  if ((action as { type?: unknown }).type !== 'Action.Execute') return 'only Action.Execute actions are supported';
  return undefined;
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

/** The message has text of its own (not only a card button's value). */
function hasText(context: TurnContext): boolean {
  return typeof context.activity.text === 'string' && context.activity.text.trim() !== '';
}

/**
 * The text without the @mention of this bot (Teams channels and group chats add one). A card
 * button (Action.Submit) that sends a command carries it as `value.command` when the client does
 * not turn it into text itself (Teams does, through `msteams.imBack`).
 */
function messageText(context: TurnContext): string {
  const { activity } = context;
  if (!hasText(context) || typeof activity.text !== 'string') {
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
