import type { InvokeResponse, TurnContext } from 'botbuilder';
import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import { messagesFor } from '../cards/messages';
import type { LookupRequest } from '../lookup/lookupRequest';
import type { Asker, ExtensionAccess, RunLookup, SignIn } from './signIn';

/** App and demo mode: every lookup runs at once with the bot's own Partner Center access. */
export class BotOwnAccess implements SignIn {
  readonly signsIn = false;

  constructor(private readonly lookUp: RunLookup) {}

  async run(context: TurnContext, request: LookupRequest, asker: Asker): Promise<void> {
    await this.lookUp(context, request, asker);
  }

  async now<T>(
    _context: TurnContext,
    _request: LookupRequest,
    _asker: Asker,
    work: (asUser?: PartnerCenterTokenProvider) => Promise<T | 'signInExpired'>,
  ): Promise<T | undefined> {
    const result = await work(undefined);
    return result === 'signInExpired' ? undefined : result;
  }

  extensionAccess(): Promise<ExtensionAccess> {
    return Promise.resolve({ kind: 'ready' });
  }

  extensionSignInAgain(): Promise<InvokeResponse> {
    // The bot's own access never expires as a person's sign-in does: nothing to sign in to.
    return Promise.resolve({
      status: 200,
      body: { composeExtension: { type: 'result', attachmentLayout: 'list', attachments: [] } },
    });
  }

  async signOut(context: TurnContext, asker: Asker): Promise<void> {
    await context.sendActivity(messagesFor(asker.locale).signIn.signOutNotNeeded);
  }

  async continueSignIn(): Promise<void> {
    // Nobody signs in: a stray sign-in activity has nothing to finish.
  }

  isMagicCode(): boolean {
    return false;
  }

  async explainSsoFailure(): Promise<void> {
    // Nobody signs in: the conversation's log line is all there is to say.
  }
}
