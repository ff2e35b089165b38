import {
  TeamsActivityHandler,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
  type SigninStateVerificationQuery,
  type TurnContext,
} from 'botbuilder';
import type { CardExamples } from '../cards/actions';
import type { Lookups } from '../lookup/lookups';
import type { Logger } from '../shared/logger';
import type { Asker, RunLookup, SignIn } from '../signIn/signIn';
import { adaptiveCardActionProblem, refreshActionCustomerId, refreshSubmitCustomerId } from './cardActions';
import { parseCommand } from './commandParser';
import type { CardSettings } from './handlers/cardSettings';
import { CustomerHandler } from './handlers/customerHandler';
import { CustomersHandler, type ProgressTimings } from './handlers/customersHandler';
import { DomainHandler } from './handlers/domainHandler';
import { HelpHandler } from './handlers/helpHandler';
import { InvalidInputHandler } from './handlers/invalidInputHandler';
import { MessageExtensionHandler } from './handlers/messageExtensionHandler';
import { NameHandler } from './handlers/nameHandler';
import { RefreshHandler } from './handlers/refreshHandler';
import { WatchHandler } from './handlers/watchHandler';
import { isCopilot } from './surface';
import { hasText, isSharedCardOnly, messageText, turnInfo, type TurnInfo } from './turn';
import { parseWatchCommand, type WatchCommand } from './understanding/watchCommand';
import type { WatchList } from '../watch/watchList';

export interface QualificationBotOptions {
  readonly lookups: Lookups;
  readonly logger: Logger;
  readonly cards: CardSettings;
  /** Whose access lookups run with: made with the bot's way to carry out a request (see signIn/). */
  readonly signIn: (lookUp: RunLookup, askerOf: (context: TurnContext, locale: string) => Asker) => SignIn;
  /** Most customers one message may ask for. */
  readonly maxCustomers: number;
  /** The clickable examples on the help and welcome cards (demo mode: the simulator's customers). */
  readonly examples?: CardExamples;
  /** Timings of the several-customer progress card (tests shorten them). */
  readonly progress?: ProgressTimings;
  /** `watch`, `unwatch`, `watching` (src/watch/); without it those words are read as any other. */
  readonly watch?: { readonly list: WatchList; readonly intervalSeconds: number };
  /** The search message extension and link unfurling: their lookups' deadline (MESSAGE_EXTENSION_DEADLINE_MS). */
  readonly messageExtension: { readonly deadlineMs: number };
}

/**
 * The conversation: reads each activity and routes it to one handler — turn → use case (lookup/)
 * → card (cards/) → send. No HTTP, no Partner Center details, no sign-in mechanics (signIn/).
 */
export class QualificationBot extends TeamsActivityHandler {
  private readonly logger: Logger;
  private readonly maxCustomers: number;
  private readonly signIn: SignIn;
  private readonly help: HelpHandler;
  private readonly invalidInput: InvalidInputHandler;
  private readonly customer: CustomerHandler;
  private readonly customers: CustomersHandler;
  private readonly domain: DomainHandler;
  private readonly name: NameHandler;
  private readonly refresh: RefreshHandler;
  private readonly watch: WatchHandler | undefined;
  private readonly extension: MessageExtensionHandler;

  constructor(options: QualificationBotOptions) {
    super();
    this.logger = options.logger;
    this.maxCustomers = options.maxCustomers;
    this.signIn = options.signIn(this.carryOut, (context, locale) => ({ ...turnInfo(context, this.logger), locale }));
    this.help = new HelpHandler({
      demo: options.cards.demo,
      signIn: this.signIn.signsIn,
      maxCustomers: this.maxCustomers,
      examples: options.examples,
    });
    this.invalidInput = new InvalidInputHandler(options.cards.demo);
    this.customer = new CustomerHandler(options.lookups, options.cards, options.watch?.list);
    this.customers = new CustomersHandler(options.lookups, options.cards, options.progress);
    this.domain = new DomainHandler(options.lookups, options.cards, this.customer);
    this.name = new NameHandler(options.lookups, options.cards, this.customer);
    this.refresh = new RefreshHandler(this.signIn, this.customer);
    this.extension = new MessageExtensionHandler({
      lookups: options.lookups,
      cards: options.cards,
      signIn: this.signIn,
      customer: this.customer,
      deadlineMs: options.messageExtension.deadlineMs,
      maxCustomers: this.maxCustomers,
    });
    this.watch =
      options.watch &&
      new WatchHandler(options.watch.list, options.lookups, {
        ...options.cards,
        intervalSeconds: options.watch.intervalSeconds,
      });

    // Installed, or added to a chat or team: Teams (and the Emulator) list the bot itself among
    // the members added. Members who join later get nothing, so the welcome comes once. Copilot
    // shows the manifest's prompt starters instead.
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const botAdded = botId !== undefined && (context.activity.membersAdded ?? []).some((m) => m.id === botId);
      if (botAdded && !isCopilot(context.activity)) {
        await this.help.welcome(context, turnInfo(context, this.logger));
      }
      await next();
    });
    // The Bot Framework Emulator (and Web Chat) finish a sign-in with this event, not a Teams invoke.
    this.onTokenResponseEvent(async (context, next) => {
      await this.signIn.continueSignIn(context, turnInfo(context, this.logger), 'signedIn');
      await next();
    });
  }

  /** Every message: a command, a Refresh button's submit, or a sign-in's magic code (routed, not handled, here). */
  protected override async onMessageActivity(context: TurnContext): Promise<void> {
    const turn = turnInfo(context, this.logger);
    const refreshId = refreshSubmitCustomerId(context.activity.value);
    if (refreshId !== undefined && !hasText(context)) return this.refresh.submit(context, refreshId, turn);
    if (isSharedCardOnly(context)) {
      turn.logger.debug({ event: 'sharedCardIgnored' }, 'a message that only shares a card: not answered');
      return;
    }
    const text = messageText(context);
    if (this.signIn.isMagicCode(text)) return this.signIn.continueSignIn(context, turn, 'noSignInWaiting');
    const watchCommand = this.watch && parseWatchCommand(text, this.maxCustomers);
    if (watchCommand) return this.onWatchCommand(context, watchCommand, turn);
    const command = parseCommand(text, { maxCustomers: this.maxCustomers });
    switch (command.kind) {
      case 'signOut':
        return this.signIn.signOut(context, turn);
      case 'qualification':
        return this.signIn.run(context, { kind: 'customers', customerIds: [command.customerId] }, turn);
      case 'bulkQualification':
        return this.signIn.run(context, { kind: 'customers', customerIds: command.customerIds }, turn);
      case 'qualificationByDomain':
        return this.signIn.run(context, { kind: 'domain', domain: command.domain }, turn);
      case 'mixedQualification':
        return this.signIn.run(context, { kind: 'targets', targets: command.targets }, turn);
      case 'qualificationByName':
        return this.signIn.run(context, { kind: 'name', name: command.name }, turn);
      case 'tooManyCustomers':
        return this.invalidInput.tooMany(context, command.count, command.limit, turn);
      case 'invalidCustomerId':
        // "You typed:" shows the whole message as typed (without the @mention), not the parser's cut of it.
        return this.invalidInput.handle(context, text, command.invalid, turn);
      case 'help':
        return this.help.handle(context, turn, command.reason === 'unknown' ? command.typed : undefined);
    }
  }

  /**
   * Carries out a lookup with the given access: one customer, several, a domain, or a company name.
   * An arrow property, so sign-in can call it as it is (no wrapper on every lookup's path).
   */
  private readonly carryOut: RunLookup = (context, request, asker, asUser) => {
    const caller = { ...asker, asUser };
    if (request.kind === 'watch')
      return this.watch?.watch(context, caller, request.targets) ?? Promise.resolve('answered');
    if (request.kind === 'domain') return this.domain.handle(context, caller, request.domain);
    if (request.kind === 'name') return this.name.handle(context, caller, request.name);
    if (request.kind === 'targets') return this.customers.handleTargets(context, caller, request.targets);
    const [only, ...others] = request.customerIds;
    if (only === undefined) return Promise.resolve('answered');
    return others.length === 0
      ? this.customer.handle(context, caller, only)
      : this.customers.handle(context, caller, request.customerIds);
  };

  /** `watch` runs as the person (user mode: after sign-in, like a lookup); the others need no Partner Center. */
  private async onWatchCommand(context: TurnContext, command: WatchCommand, turn: TurnInfo): Promise<void> {
    if (this.watch === undefined) return;
    // Copilot cannot show a message posted later: watching is set up in Teams instead.
    if (isCopilot(context.activity)) return this.watch.notInCopilot(context, turn);
    switch (command.kind) {
      case 'watch':
        return this.signIn.run(context, { kind: 'watch', targets: command.targets }, turn);
      case 'unwatch':
        return this.watch.unwatch(context, turn, command.targets);
      case 'watching':
        return this.watch.watching(context, turn);
      case 'watchWhat':
        return this.watch.what(context, turn, command.verb);
      case 'tooManyToWatch':
        return this.invalidInput.tooMany(context, command.count, command.limit, turn);
    }
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const turn = turnInfo(context, this.logger);
    const customerId = refreshActionCustomerId(invokeValue?.action);
    if (customerId === undefined) {
      turn.logger.warn({ event: 'unknownCardAction' }, 'an Adaptive Card action the bot does not know');
      return {
        statusCode: 400,
        type: 'application/vnd.microsoft.error',
        value: { code: 'BadRequest', message: 'Unknown action' },
      };
    }
    return this.refresh.invoke(context, customerId, turn);
  }

  /** Teams single sign-on: the token was exchanged (TeamsSSOTokenExchangeMiddleware ran first). */
  protected override async handleTeamsSigninTokenExchange(
    context: TurnContext,
    query: SigninStateVerificationQuery,
  ): Promise<void> {
    if (!this.signIn.signsIn) return super.handleTeamsSigninTokenExchange(context, query);
    await this.signIn.continueSignIn(context, turnInfo(context, this.logger), 'signedIn');
  }

  /** The Sign in button's page finished (or the user typed the code into Teams' own prompt). */
  protected override async handleTeamsSigninVerifyState(
    context: TurnContext,
    query: SigninStateVerificationQuery,
  ): Promise<void> {
    if (!this.signIn.signsIn) return super.handleTeamsSigninVerifyState(context, query);
    await this.signIn.continueSignIn(context, turnInfo(context, this.logger), 'didNotComplete');
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    // The message extension answers these itself: its sign-in needs a bare 412, which botbuilder's
    // handlers cannot return.
    switch (context.activity.name) {
      case 'composeExtension/query':
        return this.extension.query(context, turnInfo(context, this.logger));
      case 'composeExtension/selectItem':
        return this.extension.selectItem(context, turnInfo(context, this.logger));
      case 'composeExtension/queryLink':
      case 'composeExtension/anonymousQueryLink':
        return this.extension.queryLink(context, turnInfo(context, this.logger));
    }
    if (context.activity.name === 'signin/failure') {
      await this.onSignInFailure(context);
      return { status: 200 };
    }
    if (context.activity.name === 'adaptiveCard/action') {
      // botbuilder reads value.action.type without a check: a string value or a null action
      // throws inside it, and the client gets a bare 501.
      const problem = adaptiveCardActionProblem(context.activity.value);
      if (problem !== undefined) {
        turnInfo(context, this.logger).logger.warn(
          { event: 'malformedCardAction', problem },
          'an adaptiveCard/action invoke the bot cannot read',
        );
        return {
          status: 400,
          body: {
            statusCode: 400,
            type: 'application/vnd.microsoft.error',
            value: { code: 'BadRequest', message: problem },
          },
        };
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
      {
        event: 'signInFailure',
        code,
        message: typeof value.message === 'string' ? value.message.slice(0, 300) : undefined,
      },
      'Teams reported a single sign-on failure',
    );
    await this.signIn.explainSsoFailure(context, turn, code);
  }
}
