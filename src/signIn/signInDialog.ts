import type { TokenResponse, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  OAuthPrompt,
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';

/** What the dialog says, in the reader's language. */
export interface SignInTexts {
  /** The catalog's own tag: one OAuth prompt exists per catalog. */
  readonly locale: string;
  readonly cardText: string;
  readonly cardButton: string;
  readonly prompt: string;
  readonly codeNotAccepted: string;
  readonly didNotComplete: string;
  readonly expired: string;
  /** Where no sign-in card can be shown: where to sign in instead. */
  readonly signInElsewhere: string;
}

/** `signInAgain`: the token turned out to be expired or revoked; sign out and ask once more. */
export type SignedInOutcome = 'done' | 'signInAgain';

/** Carries out the request that was waiting, with the user's token from the OAuth connection. */
export type RunAsUser<P> = (context: TurnContext, userToken: string, pending: P) => Promise<SignedInOutcome>;

export interface SignInDialogOptions<P> {
  /** The Azure Bot OAuth connection (its token is the Teams SSO token for api://botid-<app id>). */
  readonly connectionName: string;
  /** How long a sign-in card stays valid. */
  readonly timeoutMs: number;
  /** One entry per language the bot speaks. */
  readonly texts: readonly SignInTexts[];
  /** Picks the texts for a reader's locale. */
  readonly textsFor: (locale: string | undefined) => SignInTexts;
  readonly run: RunAsUser<P>;
}

/** What the dialog is started with. Saved in conversation state: no tokens, only the request. */
export interface SignInRequest<P> {
  readonly pending: P;
  readonly locale?: string;
  /** Set after an expired sign-in was cleared, so a second failure does not loop. */
  readonly retried?: boolean;
}

const STEPS = 'signInSteps';

/**
 * Sign in, then run the waiting request (botbuilder's OAuthPrompt in a waterfall):
 *
 *   1. OAuthPrompt: returns at once when the token service already has the user's token; otherwise
 *      sends the OAuth card (Teams tries single sign-on through its token-exchange resource; the
 *      Sign in button is the fallback) and waits for `signin/tokenExchange`, `signin/verifyState`,
 *      a 6-digit magic code, or the Emulator's `tokens/response` event.
 *   2. Runs the request the user typed before signing in, without them retyping it.
 *
 * The token is handed to `run` and never kept in dialog state.
 */
export class SignInDialog<P> extends ComponentDialog {
  static readonly ID = 'partnerCenterSignIn';
  private readonly prompts = new Map<string, OAuthPrompt>();

  constructor(private readonly options: SignInDialogOptions<P>) {
    super(SignInDialog.ID);
    for (const texts of options.texts) {
      const prompt = new OAuthPrompt(promptId(texts.locale), {
        connectionName: options.connectionName,
        title: texts.cardButton,
        text: texts.cardText,
        timeout: options.timeoutMs,
        // Only 6-digit messages reach an active prompt (see UserSignIn); a wrong one gets the retry text.
        endOnInvalidMessage: false,
      });
      this.prompts.set(texts.locale, prompt);
      this.addDialog(prompt);
    }
    this.addDialog(new WaterfallDialog(STEPS, [(step) => this.askToSignIn(step), (step) => this.afterSignIn(step)]));
    this.initialDialogId = STEPS;
  }

  /** The user's token if the token service has one (no card is sent), else undefined. */
  getUserToken(context: TurnContext): Promise<TokenResponse | undefined> {
    return this.anyPrompt().getUserToken(context);
  }

  signOut(context: TurnContext): Promise<void> {
    return this.anyPrompt().signOutUser(context);
  }

  private anyPrompt(): OAuthPrompt {
    const first = this.prompts.values().next().value;
    if (!first) throw new Error('SignInDialog needs at least one language');
    return first;
  }

  private async askToSignIn(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const request = step.options as SignInRequest<P>;
    const texts = this.options.textsFor(request.locale);
    return step.prompt(promptId(texts.locale), {
      prompt: { type: 'message', text: texts.prompt },
      retryPrompt: { type: 'message', text: texts.codeNotAccepted },
    });
  }

  private async afterSignIn(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const request = step.options as SignInRequest<P>;
    const texts = this.options.textsFor(request.locale);
    const token = step.result as TokenResponse | undefined;
    if (!token?.token) {
      await step.context.sendActivity(texts.didNotComplete);
      return step.endDialog();
    }
    const outcome = await this.options.run(step.context, token.token, request.pending);
    if (outcome === 'signInAgain' && !request.retried) {
      await this.signOut(step.context);
      await step.context.sendActivity(texts.expired);
      return step.replaceDialog(this.id, { ...request, retried: true } satisfies SignInRequest<P>);
    }
    return step.endDialog();
  }
}

function promptId(locale: string): string {
  return `oauthPrompt:${locale}`;
}
