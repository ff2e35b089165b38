import {
  ActivityTypes,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type TurnContext,
} from 'botbuilder';
import type { ClaimsIdentity, UserTokenClient } from 'botframework-connector';
import { LRUCache } from 'lru-cache';
import { messagesFor } from '../cards/messages';
import type { AppConfig } from '../config';
import { describeError, type Logger } from '../shared/logger';
import { isStateStoreError } from '../state/stateStoreError';
import { createHostNeutralAdapter } from './activityProcessor';
import { botCredentialsFactory } from './botCredentials';
import { appIdOf } from './claims';
import { isReplyDeliveryError, type ReplyPolicyOptions } from './replyConnector';
import { turnLog } from './turnLog';

/**
 * botbuilder makes a UserTokenClient (an HTTP client of the Bot Framework token service, with its
 * own pipeline and credentials) for every turn, whether the turn signs anyone in or not. Nothing in
 * one is about a turn: one per app serves every turn of the process.
 */
class SharedUserTokenClients extends ConfigurationBotFrameworkAuthentication {
  private readonly userTokenClients = new LRUCache<string, Promise<UserTokenClient>>({ max: 16 });

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const appId = appIdOf(claimsIdentity);
    let client = this.userTokenClients.get(appId);
    if (client === undefined) {
      const made = super.createUserTokenClient(claimsIdentity);
      made.catch(() => {
        if (this.userTokenClients.get(appId) === made) this.userTokenClients.delete(appId);
      });
      this.userTokenClients.set(appId, made);
      client = made;
    }
    return client;
  }
}

/**
 * botbuilder's CloudAdapter. With MicrosoftAppId empty it accepts anonymous local traffic (Bot
 * Framework Emulator, Agents Playground); with it set, every request must carry a valid Bot
 * Framework JWT or it is rejected with 401 before the bot sees it.
 */
export function createAdapter(bot: AppConfig['bot'], logger: Logger, replyPolicy: ReplyPolicyOptions = {}) {
  const settings: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: bot.appId,
    MicrosoftAppPassword: bot.appPassword,
    MicrosoftAppType: bot.appType,
    MicrosoftAppTenantId: bot.appTenantId,
    ...bot.botFrameworkSettings,
  };
  const adapter = createHostNeutralAdapter(
    new SharedUserTokenClients(settings, botCredentialsFactory(bot)),
    replyPolicy,
  );
  adapter.onTurnError = (context, error) => onTurnError(context, error, logger);
  return adapter;
}

/**
 * Last resort: log the error and its stack with the turn's correlation id, tell the user briefly
 * with that id, never show the stack or the message in the chat.
 */
export async function onTurnError(context: TurnContext, error: Error, logger: Logger): Promise<void> {
  const turn = turnLog(context, logger);
  if (isReplyDeliveryError(error)) {
    // The reply target failed, not the bot: no stack, and no error reply (it would go the same way).
    turn.logger.warn(
      {
        event: 'replyFailed',
        error: describeError(error),
        statusCode: error.statusCode,
        activityType: context.activity?.type,
      },
      'the turn ended: its reply could not be delivered to the serviceUrl',
    );
    return;
  }
  if (isStateStoreError(error)) {
    // The shared store failed outside the sign-in steps that answer it themselves: while Teams'
    // token exchange was being de-duplicated. The person's token is in the token service by then,
    // so their next request runs without the store. Say so, answer the invoke, no stack.
    turn.logger.warn(
      { event: 'stateStoreUnavailable', error: describeError(error), activityType: context.activity?.type },
      'the turn ended: the state store failed',
    );
    try {
      if (context.activity?.type === 'invoke') {
        await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 503 } });
      }
      await context.sendActivity(messagesFor(context.activity?.locale).signIn.stateUnavailable(turn.correlationId));
    } catch (sendError) {
      turn.logger.error({ error: describeError(sendError) }, 'could not send the error reply');
    }
    return;
  }
  turn.logger.error(
    {
      error: describeError(error),
      stack: typeof error?.stack === 'string' ? error.stack : undefined,
      activityType: context.activity?.type,
    },
    'unhandled error in turn',
  );
  if (context.activity?.type !== 'message') return;
  try {
    await context.sendActivity(messagesFor(context.activity.locale).turnError(turn.correlationId));
  } catch (sendError) {
    turn.logger.error({ error: describeError(sendError) }, 'could not send the error reply');
  }
}
