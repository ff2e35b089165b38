import { isLoopbackHost, LOOPBACK_LISTEN_HOSTS } from '../shared/loopback';
import { GUID_PATTERN } from '../partnerCenter/customerId';
import { DEFAULTS } from './defaults';
import { BOT_FRAMEWORK_SETTINGS, type Env } from './environment';
import type { AppConfig, PartnerCenterAuthMode } from './types';

/** The checks and readings of loadConfig that look at more than one variable. */

export function parseBaseUrl(raw: string | undefined, problems: string[]): string {
  const value = raw ?? DEFAULTS.partnerCenterBaseUrl;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`PARTNER_CENTER_BASE_URL: "${value}" is not a URL`);
    return value;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    problems.push(
      'PARTNER_CENTER_BASE_URL: http:// is accepted only for loopback hosts (127.0.0.1, localhost); use https://',
    );
  } else if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push('PARTNER_CENTER_BASE_URL: must be an https:// URL');
  }
  if (url.search || url.hash || url.username || url.password) {
    problems.push('PARTNER_CENTER_BASE_URL: must not contain a query, fragment or credentials');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

export function parseAuthorityHost(raw: string | undefined, problems: string[]): string {
  const value = raw ?? DEFAULTS.authorityHost;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:') {
      problems.push('AAD_AUTHORITY_HOST: must be an https:// URL (Entra ID and MSAL require TLS)');
    } else if (url.pathname !== '/' || url.search || url.hash) {
      problems.push('AAD_AUTHORITY_HOST: must be a host only, e.g. https://login.microsoftonline.com (no path)');
    }
    return url.origin;
  } catch {
    problems.push(`AAD_AUTHORITY_HOST: "${value}" is not a URL`);
    return value;
  }
}

/**
 * ALLOWED_TENANT_IDS: comma-separated tenant GUIDs, or `*` for any tenant. Unset: only the
 * partner's own tenant (MicrosoftAppTenantId) when that is set, otherwise any tenant.
 */
export function parseAllowedTenants(
  raw: string | undefined,
  ownTenantId: string | undefined,
  problems: string[],
): Pick<AppConfig['access'], 'allowedTenantIds' | 'allowedTenantsFrom'> {
  if (raw === undefined) {
    return ownTenantId
      ? { allowedTenantIds: [ownTenantId.toLowerCase()], allowedTenantsFrom: 'MicrosoftAppTenantId' }
      : { allowedTenantsFrom: 'nothing set' };
  }
  if (raw === '*') return { allowedTenantsFrom: 'ALLOWED_TENANT_IDS' };
  const entries = raw.split(/[,;\s]+/).filter((entry) => entry !== '');
  if (entries.length === 0)
    problems.push('ALLOWED_TENANT_IDS: lists no tenant id; leave it empty for the default, or use * for any tenant');
  const bad = entries.filter((entry) => !GUID_PATTERN.test(entry));
  if (bad.length > 0) {
    problems.push(
      `ALLOWED_TENANT_IDS: ${bad.map((entry) => `"${entry.slice(0, 60)}"`).join(', ')} ` +
        `${bad.length === 1 ? 'is' : 'are'} not a tenant id (a GUID); use a comma-separated list of GUIDs, or * for ` +
        `any tenant`,
    );
  }
  return {
    allowedTenantIds: [...new Set(entries.map((entry) => entry.toLowerCase()))],
    allowedTenantsFrom: 'ALLOWED_TENANT_IDS',
  };
}

export function pickBotFrameworkSettings(source: NodeJS.ProcessEnv): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const name of BOT_FRAMEWORK_SETTINGS) {
    const value = source[name]?.trim();
    if (value) settings[name] = value;
  }
  return settings;
}

export function resolveAuthMode(env: Env, clientId: string, clientSecret: string): PartnerCenterAuthMode {
  if (env.PARTNER_CENTER_AUTH) return env.PARTNER_CENTER_AUTH;
  return clientId && clientSecret ? 'app' : 'demo';
}

/**
 * Where to listen. With MicrosoftAppId every request must carry a valid Bot Framework token, so
 * HOST is used as given (unset: all interfaces). Without it (anonymous: the Emulator and the Agents
 * Playground) anyone who reaches the port is trusted, so it is loopback only (IPv4 and IPv6: clients
 * that say `localhost` may try ::1 first) unless HOST names another interface, which only demo
 * mode may do: real Partner Center data would then be open to the network.
 */
export function resolveListen(
  host: string | undefined,
  anonymous: boolean,
  auth: PartnerCenterAuthMode,
  problems: string[],
): Pick<AppConfig, 'listenHosts' | 'anonymousBeyondLoopback'> {
  const name = host?.replace(/^\[(.*)\]$/, '$1');
  if (name?.toLowerCase() === 'localhost' || (name === undefined && anonymous)) {
    return { listenHosts: LOOPBACK_LISTEN_HOSTS, anonymousBeyondLoopback: false };
  }
  if (name === undefined) return { anonymousBeyondLoopback: false };
  if (!anonymous || isLoopbackHost(name)) return { listenHosts: [name], anonymousBeyondLoopback: false };
  if (auth !== 'demo') {
    problems.push(
      `HOST: ${name.slice(0, 100)} would let anyone who can reach this machine read Partner Center data without ` +
        `signing in: set MicrosoftAppId and MicrosoftAppPassword (the Azure Bot's app) so that every request needs a ` +
        `Bot Framework token, or leave HOST empty to listen on this machine only`,
    );
  }
  return { listenHosts: [name], anonymousBeyondLoopback: true };
}

export function checkBotIdentity(env: Env, problems: string[]): void {
  const appType = env.MicrosoftAppType ?? 'MultiTenant';
  if (env.MicrosoftAppId && appType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) {
    problems.push("MicrosoftAppPassword: required when MicrosoftAppId is set (the bot's client secret)");
  }
  if (!env.MicrosoftAppId && env.MicrosoftAppPassword) {
    problems.push('MicrosoftAppId: required when MicrosoftAppPassword is set');
  }
  if (appType !== 'MultiTenant' && !env.MicrosoftAppTenantId) {
    problems.push(`MicrosoftAppTenantId: required when MicrosoftAppType is ${appType}`);
  }
}

/**
 * PARTNER_CENTER_AUTH=user: Teams issues the SSO token for the bot's own app (api://botid-<app id>),
 * so that app, with its secret, is the one that exchanges it on-behalf-of for Partner Center.
 */
export function checkUserSignIn(env: Env, tenantId: string, problems: string[]): void {
  const why = 'required for PARTNER_CENTER_AUTH=user';
  if (!env.MicrosoftAppId)
    problems.push(`MicrosoftAppId: ${why} (Teams single sign-on issues the user's token for the bot's Entra app)`);
  if ((env.MicrosoftAppType ?? 'MultiTenant') === 'UserAssignedMSI') {
    problems.push(
      'MicrosoftAppType: PARTNER_CENTER_AUTH=user needs a client secret for the on-behalf-of exchange; ' +
        'UserAssignedMSI has none',
    );
  }
  if (!env.OAUTH_CONNECTION_NAME) {
    problems.push(
      `OAUTH_CONNECTION_NAME: ${why}: the name of the OAuth connection in the Azure Bot resource (Configuration > ` +
        `OAuth Connection Settings)`,
    );
  }
  if (
    env.PARTNER_CENTER_CLIENT_ID &&
    env.MicrosoftAppId &&
    env.PARTNER_CENTER_CLIENT_ID.toLowerCase() !== env.MicrosoftAppId.toLowerCase()
  ) {
    problems.push(
      "PARTNER_CENTER_CLIENT_ID: must be empty or equal MicrosoftAppId for PARTNER_CENTER_AUTH=user (the user's " +
        "token is issued for the bot's app, and only that app can exchange it)",
    );
  }
  if (!env.PARTNER_CENTER_CLIENT_SECRET && !env.MicrosoftAppPassword) {
    problems.push(`MicrosoftAppPassword: ${why} (the bot app's client secret, used for the on-behalf-of exchange)`);
  }
  if (!tenantId)
    problems.push(`PARTNER_CENTER_TENANT_ID: ${why} (or set MicrosoftAppTenantId): your partner tenant id`);
}

export function checkPartnerCenterCredentials(
  auth: PartnerCenterAuthMode,
  credentials: { clientId: string; clientSecret: string; tenantId: string },
  problems: string[],
): void {
  if (auth !== 'app') return;
  if (!credentials.clientId)
    problems.push('PARTNER_CENTER_CLIENT_ID: required for PARTNER_CENTER_AUTH=app (or set MicrosoftAppId)');
  if (!credentials.clientSecret) {
    problems.push('PARTNER_CENTER_CLIENT_SECRET: required for PARTNER_CENTER_AUTH=app (or set MicrosoftAppPassword)');
  }
  if (!credentials.tenantId) {
    problems.push(
      'PARTNER_CENTER_TENANT_ID: required for PARTNER_CENTER_AUTH=app (or set MicrosoftAppTenantId): your partner ' +
        'tenant id',
    );
  }
}

/**
 * The Entra resource (App ID URI) whose tokens Partner Center accepts: PARTNER_CENTER_RESOURCE when
 * set, else the one of the cloud the base URL names (21Vianet has its own), else the public one —
 * which the US Government cloud shares, and which a gateway or local stand-in in front of the
 * public Partner Center needs too. Scopes are `<resource>/.default` and `<resource>/user_impersonation`.
 */
export function resolvePartnerCenterResource(raw: string | undefined, baseUrl: string, problems: string[]): string {
  if (raw === undefined) {
    let host: string | undefined;
    try {
      host = new URL(baseUrl).hostname.toLowerCase();
    } catch {
      host = undefined; // PARTNER_CENTER_BASE_URL is reported already.
    }
    return (host && DEFAULTS.partnerCenterResourceByHost[host]) ?? DEFAULTS.partnerCenterResource;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`PARTNER_CENTER_RESOURCE: "${raw.slice(0, 100)}" is not a URL`);
    return raw;
  }
  if (url.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash || url.username) {
    problems.push(
      'PARTNER_CENTER_RESOURCE: must be an https:// origin with no path, e.g. https://api.partnercenter.microsoft.com',
    );
  }
  return url.origin;
}

/**
 * STATE_STORAGE=blob needs a connection string; a connection string with STATE_STORAGE=memory is
 * a deployment that believes its instances share state while each keeps its own, so it is refused.
 */
export function resolveBlobStorage(env: Env, problems: string[]): AppConfig['blobStorage'] {
  const kind = env.STATE_STORAGE ?? DEFAULTS.stateStorage;
  const connectionString = env.STATE_STORAGE_CONNECTION_STRING;
  if (kind !== 'blob') {
    if (connectionString !== undefined || env.STATE_STORAGE_CONTAINER !== undefined) {
      problems.push(
        'STATE_STORAGE: set it to blob to use STATE_STORAGE_CONNECTION_STRING and STATE_STORAGE_CONTAINER ' +
          '(with memory, each instance keeps its own state)',
      );
    }
    return undefined;
  }
  if (connectionString === undefined) {
    problems.push(
      'STATE_STORAGE_CONNECTION_STRING: required for STATE_STORAGE=blob (the storage account’s connection string, ' +
        'Azure portal > the storage account > Access keys; for Azurite: UseDevelopmentStorage=true)',
    );
    return undefined;
  }
  return { connectionString, container: env.STATE_STORAGE_CONTAINER ?? DEFAULTS.stateStorageContainer };
}
