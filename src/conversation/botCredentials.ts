import { ConfidentialClientApplication } from '@azure/msal-node';
import { MsalServiceClientCredentialsFactory, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { AppConfig } from '../config';

/**
 * The credentials the bot uses for its own calls to the Bot Framework (replies to the connector,
 * the user token service), when `ToChannelFromBotLoginUrl` is set — a sovereign cloud, or a local
 * stand-in in tests. botbuilder's default credentials build an MSAL app with only an authority, so
 * MSAL asks Microsoft's instance-discovery endpoint about that host, which only works for the
 * public cloud. Here one MSAL app names the login host as known (no discovery), and botbuilder
 * uses it through its MsalServiceClientCredentialsFactory. Without the setting: botbuilder's
 * defaults (undefined).
 */
export function botCredentialsFactory(bot: AppConfig['bot']): ServiceClientCredentialsFactory | undefined {
  const loginUrl = bot.botFrameworkSettings.ToChannelFromBotLoginUrl;
  if (!bot.appId || !bot.appPassword || !loginUrl) return undefined;
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: bot.appId,
      clientSecret: bot.appPassword,
      authority: loginUrl,
      knownAuthorities: [new URL(loginUrl).host],
    },
  });
  // botframework-connector is typed against its own (older) msal-node; it only calls
  // acquireTokenByClientCredential, which both versions have with the same shape.
  return new MsalServiceClientCredentialsFactory(
    bot.appId,
    app as unknown as ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1],
  );
}
