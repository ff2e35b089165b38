import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import type { Logger } from '../logger';
import { TokenAcquisitionError, type PartnerCenterTokenProvider, type TokenFailureReason } from './tokenProvider';

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

const CREDENTIAL_CODES = ['AADSTS7000215', 'AADSTS7000222', 'AADSTS700016', 'AADSTS700027', 'AADSTS7000112'];
const TENANT_CODES = ['AADSTS90002', 'AADSTS900023', 'AADSTS90072', 'AADSTS50020'];
const NETWORK_CODES = ['network_error', 'endpoints_resolution_error', 'openid_config_error', 'untrusted_authority'];

/** Keeps the AADSTS code and a reason; never the raw MSAL error, which can carry request details. */
export function toTokenAcquisitionError(error: unknown): TokenAcquisitionError {
  const record = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const errorCode = typeof record.errorCode === 'string' ? record.errorCode : '';
  const text = `${errorCode} ${typeof record.errorMessage === 'string' ? record.errorMessage : ''} ${
    error instanceof Error ? error.message : ''
  }`;
  const aadCode = text.match(/AADSTS\d+/)?.[0];
  const reason: TokenFailureReason =
    (aadCode && CREDENTIAL_CODES.includes(aadCode)) || errorCode === 'invalid_client'
      ? 'invalidCredentials'
      : (aadCode && TENANT_CODES.includes(aadCode)) || errorCode === 'invalid_tenant'
        ? 'invalidTenant'
        : NETWORK_CODES.some((code) => text.includes(code))
          ? 'unreachable'
          : 'unknown';
  return new TokenAcquisitionError(reason, `Could not get a Partner Center token (${aadCode ?? (errorCode || 'unknown')})`, aadCode);
}
