import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import type { Logger } from '../logger';
import { toTokenAcquisitionError } from './entraErrors';
import { TokenAcquisitionError, type PartnerCenterTokenProvider } from './tokenProvider';

export { toTokenAcquisitionError } from './entraErrors';

/** App-only scope for the Partner Center API (client credentials, v2 endpoint). */
export const PARTNER_CENTER_APP_SCOPE = 'https://api.partnercenter.microsoft.com/.default';

export interface AppTokenProviderOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tenantId: string;
  /** e.g. https://login.microsoftonline.com, or a sovereign cloud's host. */
  readonly authorityHost: string;
  readonly logger?: Logger;
}

/**
 * App-only tokens (client credentials) from one process-wide MSAL ConfidentialClientApplication,
 * so MSAL's token cache serves every lookup until the token nears expiry. MSAL does not merge
 * concurrent cache misses, so calls that arrive while a token request is in flight share it: a
 * burst of lookups at start-up makes exactly one request to Entra ID.
 */
export class AppTokenProvider implements PartnerCenterTokenProvider {
  private readonly msal: ConfidentialClientApplication;
  private inFlight: Promise<string> | undefined;

  constructor(options: AppTokenProviderOptions) {
    this.msal = new ConfidentialClientApplication(msalConfiguration(options));
  }

  getToken(): Promise<string> {
    this.inFlight ??= this.acquire().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async acquire(): Promise<string> {
    let result;
    try {
      result = await this.msal.acquireTokenByClientCredential({ scopes: [PARTNER_CENTER_APP_SCOPE] });
    } catch (error) {
      throw toTokenAcquisitionError(error);
    }
    if (!result?.accessToken) throw new TokenAcquisitionError('unknown', 'Entra ID returned no access token');
    return result.accessToken;
  }
}

export function msalConfiguration(options: AppTokenProviderOptions): Configuration {
  const authorityHost = new URL(options.authorityHost);
  const logger = options.logger;
  return {
    auth: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      authority: `${authorityHost.origin}/${options.tenantId}`,
      // Naming the host (with its port) as known turns off instance discovery, which only works
      // against Microsoft's public cloud: sovereign clouds and local stand-ins need this.
      knownAuthorities: [authorityHost.host],
    },
    system: {
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: LogLevel.Warning,
        loggerCallback: (level, message) => {
          if (level <= LogLevel.Warning) logger?.warn({ msal: message.slice(0, 500) }, 'msal');
        },
      },
    },
  };
}
