import { randomUUID } from 'node:crypto';
import { BotConnectorStandIn } from './botConnector';
import { EntraStandIn } from './entraStandIn';

/** The partner's app registration in app-mode tests (PARTNER_CENTER_AUTH=app). */
const APP_MODE_TENANT_ID = '7d1c3b2a-1111-4a2b-9c3d-00000000a001';
export const APP_MODE_CLIENT_ID = '5e2f4c3b-2222-4b3c-8d4e-00000000c001';
export const APP_MODE_CLIENT_SECRET = `right-secret-${randomUUID()}`;
/** The token the Entra stand-in issues for the app: what a Partner Center stand-in should demand. */
export const APP_MODE_ACCESS_TOKEN = `stand-in-access-token-${randomUUID()}`;

/**
 * What a real bot in PARTNER_CENTER_AUTH=app mode talks to besides Partner Center, on loopback:
 * Entra ID (HTTPS, its self-signed certificate trusted through NODE_EXTRA_CA_CERTS) for the bot's
 * own Partner Center token, and the Bot Connector, where replies arrive (named by each activity's
 * serviceUrl). Each test brings its own Partner Center stand-in; `botEnv(partnerCenter)` is the
 * bot's environment for them (no inbound authentication, no per-user rate limit).
 */
export class AppModeStandIns {
  private constructor(
    readonly entra: EntraStandIn,
    readonly connector: BotConnectorStandIn,
  ) {}

  /** `tokenDelayMs`: Entra answers token requests this late (to see concurrent turns share one). */
  static async start(options: { readonly tokenDelayMs?: number } = {}): Promise<AppModeStandIns> {
    const entra = new EntraStandIn({
      tenantId: APP_MODE_TENANT_ID,
      clientId: APP_MODE_CLIENT_ID,
      clientSecret: APP_MODE_CLIENT_SECRET,
      accessToken: APP_MODE_ACCESS_TOKEN,
      ...(options.tokenDelayMs !== undefined && { tokenDelayMs: options.tokenDelayMs }),
    });
    await entra.start();
    const connector = new BotConnectorStandIn();
    await connector.start();
    return new AppModeStandIns(entra, connector);
  }

  /** The bot's settings for these stand-ins and this Partner Center; `clientSecret` to sign in with another. */
  botEnv(
    partnerCenter: { readonly url: string },
    options: { readonly clientSecret?: string } = {},
  ): Record<string, string> {
    return {
      PARTNER_CENTER_AUTH: 'app',
      PARTNER_CENTER_CLIENT_ID: APP_MODE_CLIENT_ID,
      PARTNER_CENTER_CLIENT_SECRET: options.clientSecret ?? APP_MODE_CLIENT_SECRET,
      PARTNER_CENTER_TENANT_ID: APP_MODE_TENANT_ID,
      AAD_AUTHORITY_HOST: this.entra.authorityHost,
      PARTNER_CENTER_BASE_URL: partnerCenter.url,
      NODE_EXTRA_CA_CERTS: this.entra.caPath,
      MicrosoftAppId: '',
      USER_RATE_LIMIT_PER_MINUTE: '0',
    };
  }

  async close(): Promise<void> {
    await Promise.all([this.connector.close(), this.entra.close()]);
  }
}
