import type { InvokeResponse, TurnContext } from 'botbuilder';
import type { UserTokenClient } from 'botframework-connector';
import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import { messagesFor } from '../cards/messages';
import { describeError } from '../shared/logger';
import type { Asker, ExtensionAccess } from './signIn';

/** PARTNER_CENTER_AUTH=user: the message extension's sign-in (the answers are described at ExtensionAccess). */
export interface ExtensionSignInOptions {
  readonly connectionName: string;
  readonly onBehalfOf: { forUser(userToken: string): PartnerCenterTokenProvider };
}

/** What Teams sends with a query once the person signed in (SSO token or the sign-in page's code). */
interface SignedInQuery {
  readonly authentication?: { readonly token?: unknown };
  readonly state?: unknown;
}

/** A sign-in page's code, as the token service issues it; anything else is not passed on. */
const STATE_CODE = /^[\w-]{1,128}$/;

/** PARTNER_CENTER_AUTH=user: the person who searches, through the OAuth connection's token. */
export class ExtensionSignIn {
  constructor(private readonly options: ExtensionSignInOptions) {}

  async access(context: TurnContext, asker: Asker): Promise<ExtensionAccess> {
    const { activity } = context;
    const userId = activity.from?.id ?? '';
    const query = (activity.value ?? {}) as SignedInQuery;
    const { connectionName } = this.options;
    let client: UserTokenClient;
    try {
      client = tokenClientOf(context);
    } catch (error) {
      return this.serviceFailed(asker, error);
    }
    if (activity.name === 'composeExtension/anonymousQueryLink') {
      // Zero-install unfurling: Teams says nothing of who pasted the link, so there is no token to
      // look for; the sign-in link (`auth`) is the one answer Teams takes there.
      return this.respondWithSignIn(context, client, asker, false);
    }
    const ssoToken = query.authentication?.token;
    if (typeof ssoToken === 'string' && ssoToken !== '') {
      const exchanged = await client
        .exchangeToken(userId, connectionName, activity.channelId, { token: ssoToken })
        .catch((error: unknown) => {
          asker.logger.warn(
            { event: 'extensionTokenExchangeFailed', error: describeError(error) },
            'SSO exchange failed',
          );
          return undefined;
        });
      // 412: Teams shows the sign-in link instead (the same query comes back with `state`).
      return exchanged?.token ? this.ready(exchanged.token) : { kind: 'respond', response: { status: 412 } };
    }
    try {
      const code = typeof query.state === 'string' && STATE_CODE.test(query.state) ? query.state : undefined;
      const token = await client.getUserToken(userId, connectionName, activity.channelId, code as string);
      if (token?.token) return this.ready(token.token);
    } catch (error) {
      return this.serviceFailed(asker, error);
    }
    return this.respondWithSignIn(context, client, asker, true);
  }

  private async respondWithSignIn(
    context: TurnContext,
    client: UserTokenClient,
    asker: Asker,
    trySso: boolean,
  ): Promise<ExtensionAccess> {
    try {
      return { kind: 'respond', response: await this.signInResponse(context, client, asker, trySso) };
    } catch (error) {
      return this.serviceFailed(asker, error);
    }
  }

  /** The person's sign-in turned out expired or revoked: forget it, and answer with the sign-in again. */
  async signInAgain(context: TurnContext, asker: Asker): Promise<InvokeResponse> {
    try {
      const client = tokenClientOf(context);
      await client.signOutUser(
        context.activity.from?.id ?? '',
        this.options.connectionName,
        context.activity.channelId,
      );
      return await this.signInResponse(context, client, asker, true);
    } catch (error) {
      return this.serviceFailed(asker, error).response;
    }
  }

  private ready(userToken: string): ExtensionAccess {
    return { kind: 'ready', asUser: this.options.onBehalfOf.forUser(userToken) };
  }

  /** Teams' sign-in response: single sign-on first where Teams has it, else the sign-in link. */
  private async signInResponse(
    context: TurnContext,
    client: UserTokenClient,
    asker: Asker,
    trySso: boolean,
  ): Promise<InvokeResponse> {
    const resource = await client.getSignInResource(this.options.connectionName, context.activity, '');
    const sso = trySso && context.activity.channelId === 'msteams' && resource.tokenExchangeResource?.uri !== undefined;
    asker.logger.info({ event: 'extensionSignIn', sso }, 'the message extension asks the person to sign in');
    return {
      status: 200,
      body: {
        composeExtension: {
          type: sso ? 'silentAuth' : 'auth',
          suggestedActions: {
            actions: [{ type: 'openUrl', value: resource.signInLink, title: messagesFor(asker.locale).search.signIn }],
          },
        },
      },
    };
  }

  private serviceFailed(asker: Asker, error: unknown): { kind: 'respond'; response: InvokeResponse } {
    asker.logger.warn({ event: 'signInServiceError', error: describeError(error) }, 'the sign-in service failed');
    const text = messagesFor(asker.locale).search.signInUnavailable(asker.correlationId);
    return { kind: 'respond', response: { status: 200, body: { composeExtension: { type: 'message', text } } } };
  }
}

function tokenClientOf(context: TurnContext): UserTokenClient {
  const adapter = context.adapter as TurnContext['adapter'] & { readonly UserTokenClientKey?: symbol };
  const client =
    adapter.UserTokenClientKey === undefined
      ? undefined
      : context.turnState.get<UserTokenClient>(adapter.UserTokenClientKey);
  if (client === undefined) throw new Error('no user token client in this turn (the adapter is not a CloudAdapter)');
  return client;
}
