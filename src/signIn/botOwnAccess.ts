import type { TurnContext } from 'botbuilder';
import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import { messagesFor } from '../cards/messages';
import type { LookupRequest } from '../lookup/lookupRequest';
import type { Asker, RunLookup, SignIn } from './signIn';

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
