import { randomUUID } from 'node:crypto';
import { TENANT_ID, postActivity } from './activities';
import { BotConnectorStandIn } from './botConnector';
import { ChannelStandIn } from './channelStandIn';
import { EntraStandIn, type OnBehalfOfRequest, type TokenAnswer } from './entraStandIn';
import { FakePartnerCenter } from './fakePartnerCenter';
import { TokenServiceStandIn } from './tokenServiceStandIn';

/** The bot's app registration and OAuth connection in user-mode tests. */
export const APP_ID = '3a0d2c5e-7b1f-4c3d-9e8f-00000000b0b1';
export const PARTNER_TENANT = '7d1c3b2a-1111-4a2b-9c3d-00000000a001';
export const APP_SECRET = `bot-secret-${randomUUID()}`;
export const BOT_TOKEN = `bot-framework-token-${randomUUID()}`;
export const CONNECTION = 'PartnerCenterSSO';

/**
 * Everything a real bot in PARTNER_CENTER_AUTH=user mode talks to, on loopback: Teams' channel
 * (signs the activities), Entra ID (the bot's own token and the on-behalf-of exchange, as
 * `onBehalfOf` answers it), the Bot Framework token service, the Bot Connector (replies) and
 * Partner Center (answer with `partnerCenter.replyAlways`). `botEnv()` is the bot's environment
 * for them, inbound authentication on.
 */
export class UserModeStandIns {
  private constructor(
    readonly entra: EntraStandIn,
    readonly channel: ChannelStandIn,
    readonly tokenService: TokenServiceStandIn,
    readonly connector: BotConnectorStandIn,
    readonly partnerCenter: FakePartnerCenter,
  ) {}

  static async start(options: {
    readonly onBehalfOf: (request: OnBehalfOfRequest) => TokenAnswer;
  }): Promise<UserModeStandIns> {
    const entra = new EntraStandIn({
      tenantId: PARTNER_TENANT,
      clientId: APP_ID,
      clientSecret: APP_SECRET,
      accessToken: BOT_TOKEN,
      onBehalfOf: options.onBehalfOf,
    });
    await entra.start();
    const channel = await ChannelStandIn.start(APP_ID);
    const tokenService = new TokenServiceStandIn({ connectionName: CONNECTION, botToken: BOT_TOKEN, appId: APP_ID });
    await tokenService.start();
    const connector = new BotConnectorStandIn();
    await connector.start();
    const partnerCenter = await FakePartnerCenter.start();
    return new UserModeStandIns(entra, channel, tokenService, connector, partnerCenter);
  }

  /** The bot's settings for these stand-ins (no rate limit; the test tenant allowed). */
  botEnv(): Record<string, string> {
    return {
      PARTNER_CENTER_AUTH: 'user',
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_SECRET,
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: PARTNER_TENANT,
      OAUTH_CONNECTION_NAME: CONNECTION,
      AAD_AUTHORITY_HOST: this.entra.authorityHost,
      PARTNER_CENTER_BASE_URL: this.partnerCenter.url,
      ALLOWED_TENANT_IDS: TENANT_ID,
      USER_RATE_LIMIT_PER_MINUTE: '0',
      NODE_EXTRA_CA_CERTS: this.entra.caPath,
      ...this.channel.botFrameworkSettings(),
      // The bot's own token (replies, token service) comes from the Entra stand-in…
      ToChannelFromBotLoginUrl: `${this.entra.authorityHost}/${PARTNER_TENANT}`,
      // …and the user tokens from the token service stand-in.
      OAuthUrl: this.tokenService.url,
    };
  }

  /** POSTs an activity to the bot signed as Teams' channel signs it; the status and body text. */
  post(botUrl: string, activity: unknown): Promise<{ status: number; text: string }> {
    return postActivity(botUrl, activity, {
      Authorization: `Bearer ${this.channel.token({ serviceUrl: this.connector.url })}`,
    });
  }

  async close(): Promise<void> {
    await Promise.all([
      this.partnerCenter.close(),
      this.connector.close(),
      this.tokenService.close(),
      this.channel.close(),
      this.entra.close(),
    ]);
  }
}

/** Entra's answer to an on-behalf-of exchange that grants `accessToken` for `scope`. */
export function onBehalfOfGranted(accessToken: string, scope: string): TokenAnswer {
  return {
    status: 200,
    body: { token_type: 'Bearer', scope, expires_in: 3600, ext_expires_in: 3600, access_token: accessToken },
  };
}

/** Entra refusing an assertion it does not know (AADSTS50013). */
export const ASSERTION_REFUSED: TokenAnswer = {
  status: 400,
  body: { error: 'invalid_grant', error_description: 'AADSTS50013', error_codes: [50013] },
};

/** Entra refusing an assertion that is past its time (AADSTS500133): the person's sign-in lapsed. */
export const ASSERTION_EXPIRED: TokenAnswer = {
  status: 400,
  body: {
    error: 'invalid_grant',
    error_description: 'AADSTS500133: Assertion is not within its valid time range.',
    error_codes: [500133],
  },
};

/** An on-behalf-of stand-in for one person: their `userToken` becomes `partnerCenterToken`; any other is refused. */
export function oneUserOnBehalfOf(
  userToken: string,
  partnerCenterToken: string,
): (request: OnBehalfOfRequest) => TokenAnswer {
  return (request) =>
    request.assertion === userToken ? onBehalfOfGranted(partnerCenterToken, request.scope) : ASSERTION_REFUSED;
}
