import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import { DEFAULTS } from '../config/defaults';
import type { Logger } from '../shared/logger';
import { toTokenAcquisitionError } from './entraErrors';
import { TokenAcquisitionError, type PartnerCenterTokenProvider } from './tokenProvider';

export { toTokenAcquisitionError } from './entraErrors';

/** App-only scope for the Partner Center API (client credentials, v2 endpoint) of a cloud's resource. */
function partnerCenterAppScope(resource: string): string {
  return `${resource}/.default`;
}

/** The public cloud's (and the US Government cloud's) app-only scope. */
export const PARTNER_CENTER_APP_SCOPE = partnerCenterAppScope(DEFAULTS.partnerCenterResource);

export interface AppTokenProviderOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tenantId: string;
  /** e.g. https://login.microsoftonline.com, or a sovereign cloud's host. */
  readonly authorityHost: string;
  /**
   * The Partner Center API's Entra resource in that cloud (config: PARTNER_CENTER_RESOURCE, or
   * derived from the base URL). Default: the public cloud's.
   */
  readonly resource?: string;
  readonly logger?: Logger;
}

/** A token is used until this long before it expires; then the next call asks MSAL for a new one. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60 * 1000;

/**
 * App-only tokens (client credentials) from one process-wide MSAL ConfidentialClientApplication.
 * The token is kept here until five minutes before it expires, so a lookup does not pay for
 * MSAL's cache lookup (authority and cache-key work: about a tenth of a millisecond, measured
 * with npm run bench); after that MSAL is asked again (its cache, then Entra ID). Calls that
 * arrive while a request is in flight share it: a burst at start-up makes exactly one request.
 */
export class AppTokenProvider implements PartnerCenterTokenProvider {
  private readonly msal: ConfidentialClientApplication;
  private readonly now: () => number;
  private readonly scope: string;
  private inFlight: Promise<string> | undefined;
  private cached: { readonly token: string; readonly refreshAt: number } | undefined;

  constructor(options: AppTokenProviderOptions & { readonly now?: () => number }) {
    this.msal = new ConfidentialClientApplication(msalConfiguration(options));
    this.now = options.now ?? Date.now;
    this.scope = partnerCenterAppScope(options.resource ?? DEFAULTS.partnerCenterResource);
  }

  getToken(): Promise<string> {
    const cached = this.cached;
    if (cached !== undefined && this.now() < cached.refreshAt) return Promise.resolve(cached.token);
    this.inFlight ??= this.acquire().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async acquire(): Promise<string> {
    let result;
    try {
      result = await this.msal.acquireTokenByClientCredential({ scopes: [this.scope] });
    } catch (error) {
      this.cached = undefined;
      throw toTokenAcquisitionError(error);
    }
    if (!result?.accessToken) throw new TokenAcquisitionError('unknown', 'Entra ID returned no access token');
    const expiresAt = result.expiresOn instanceof Date ? result.expiresOn.getTime() : NaN;
    // Without a usable expiry, keep nothing: MSAL decides every time.
    this.cached = Number.isFinite(expiresAt)
      ? { token: result.accessToken, refreshAt: expiresAt - REFRESH_BEFORE_EXPIRY_MS }
      : undefined;
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
