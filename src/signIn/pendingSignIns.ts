import { PrivateConversationState, type Storage, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import { SignInDialog, type RunAsUser, type SignInRequest, type SignInTexts } from './signInDialog';
import type { Logger } from '../shared/logger';

export interface PendingSignInsOptions<P> {
  readonly storage: Storage;
  readonly connectionName: string;
  readonly texts: readonly SignInTexts[];
  readonly textsFor: (locale: string | undefined) => SignInTexts;
  readonly run: RunAsUser<P>;
  /** True where no sign-in card can be shown (the person is told where to sign in; nothing waits). */
  readonly cardless?: (context: TurnContext) => boolean;
  /** Default 5 minutes, as Teams' own samples. */
  readonly timeoutMs?: number;
}

/** The content type of the sign-in card (botbuilder's CardFactory.contentTypes.oauthCard). */
const OAUTH_CARD = 'application/vnd.microsoft.card.oauth';

/** Marks a turn whose sign-in cards wait for the state to be saved (see dialogContext). */
const SAVES_BEFORE_CARD = Symbol('savesBeforeSignInCard');

/** Six digits, nothing else: the magic code the sign-in page shows when SSO could not be used. */
const MAGIC_CODE = /^\s*\d{6}\s*$/;

/**
 * Sign-ins that wait (PARTNER_CENTER_AUTH=user): botbuilder's OAuthPrompt dialog and where its
 * state lives. Pending sign-ins live in PrivateConversationState (per user AND conversation), so
 * in a group chat or channel one person's sign-in never answers another person's request.
 */
export class PendingSignIns<P> {
  private readonly state: PrivateConversationState;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly dialogs: DialogSet;
  private readonly dialog: SignInDialog<P>;
  private readonly run: RunAsUser<P>;
  private readonly textsFor: (locale: string | undefined) => SignInTexts;
  private readonly cardless: (context: TurnContext) => boolean;

  constructor(options: PendingSignInsOptions<P>) {
    this.run = options.run;
    this.textsFor = options.textsFor;
    this.cardless = options.cardless ?? (() => false);
    this.state = new PrivateConversationState(options.storage);
    this.dialogState = this.state.createProperty<DialogState>('signIn');
    this.dialog = new SignInDialog<P>({
      connectionName: options.connectionName,
      timeoutMs: options.timeoutMs ?? 5 * 60 * 1000,
      texts: options.texts,
      textsFor: options.textsFor,
      run: options.run,
    });
    this.dialogs = new DialogSet(this.dialogState).add(this.dialog);
  }

  static isMagicCode(text: string): boolean {
    return MAGIC_CODE.test(text);
  }

  /**
   * Runs `pending` as the signed-in user: at once when the token service has their token, else
   * after the sign-in card (the request waits in dialog state and runs as soon as they are in).
   */
  async runAsUser(context: TurnContext, pending: P, locale: string | undefined, logger: Logger): Promise<void> {
    const token = await this.dialog.getUserToken(context);
    if (token?.token) {
      const outcome = await this.run(context, token.token, pending);
      if (outcome === 'done') return;
      await this.dialog.signOut(context);
      await context.sendActivity(this.textsFor(locale).expired);
      return this.startSignIn(context, { pending, locale, retried: true }, logger);
    }
    return this.startSignIn(context, { pending, locale }, logger);
  }

  /** The user's token when the token service has one (no card is sent), else undefined. */
  async signedInToken(context: TurnContext): Promise<string | undefined> {
    const token = await this.dialog.getUserToken(context);
    return token?.token || undefined;
  }

  /**
   * Hands a sign-in activity (token exchange, magic code, verify state, the Emulator's token
   * event) to the waiting sign-in. False when none is waiting.
   */
  async continueSignIn(context: TurnContext): Promise<boolean> {
    const dc = await this.dialogContext(context);
    if (!dc.activeDialog) return false;
    const result = await dc.continueDialog();
    await this.save(context);
    return result.status !== DialogTurnStatus.empty;
  }

  /** Forgets the user's token in the token service and any sign-in that was waiting. */
  async signOut(context: TurnContext): Promise<void> {
    await this.dialog.signOut(context);
    const dc = await this.dialogContext(context);
    await dc.cancelAllDialogs();
    await this.save(context);
  }

  private async startSignIn(context: TurnContext, request: SignInRequest<P>, logger: Logger): Promise<void> {
    if (this.cardless(context)) {
      // A request waiting here could never be resumed: the sign-in happens in another conversation.
      await context.sendActivity(this.textsFor(request.locale).signInElsewhere);
      logger.info({ event: 'signInElsewhere' }, 'no sign-in card here; told where to sign in');
      return;
    }
    // Teams has no single sign-on in channels: a token-exchange resource there always fails
    // (resourcematchfailed), so channel users get the plain sign-in button.
    if (context.activity.conversation?.conversationType === 'channel') {
      context.onSendActivities(async (_context, activities, next) => {
        for (const activity of activities) {
          for (const attachment of activity.attachments ?? []) {
            const content = attachment.content as { tokenExchangeResource?: unknown } | undefined;
            if (attachment.contentType === OAUTH_CARD && content) {
              delete content.tokenExchangeResource;
            }
          }
        }
        return next();
      });
    }
    const dc = await this.dialogContext(context);
    // A new request replaces one that was waiting: the user wants the latest answer.
    await dc.cancelAllDialogs();
    await dc.beginDialog(SignInDialog.ID, request);
    await this.save(context);
    logger.info(
      { event: 'signInRequested', conversationType: context.activity.conversation?.conversationType },
      'sign-in card sent',
    );
  }

  /**
   * The dialogs of this turn. Every sign-in card it sends goes out only once the waiting request
   * is saved: with several instances, the sign-in that the card starts may reach another instance
   * within milliseconds, and must find the request there. (Saving after the send would leave that
   * instance nothing to resume.) If the save fails, the card is not sent.
   */
  private async dialogContext(context: TurnContext): Promise<DialogContext> {
    if (!context.turnState.get(SAVES_BEFORE_CARD)) {
      context.turnState.set(SAVES_BEFORE_CARD, true);
      context.onSendActivities(async (_context, activities, next) => {
        if (activities.some((activity) => activity.attachments?.some((a) => a.contentType === OAUTH_CARD))) {
          await this.save(context);
        }
        return next();
      });
    }
    return this.dialogs.createContext(context);
  }

  /**
   * Saves pending sign-ins (when they changed). botbuilder writes state with eTag `*`: the last
   * writer wins, so two quick requests from one user never fail on a conflict; the later waits.
   */
  private save(context: TurnContext): Promise<void> {
    return this.state.saveChanges(context);
  }
}
