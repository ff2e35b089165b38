import { z } from 'zod';
import { adminConsentUrl } from '../auth/adminConsent';
import { isLoopbackHost, LOOPBACK_LISTEN_HOSTS } from '../shared/loopback';
import { GUID_PATTERN } from '../partnerCenter/customerId';
import { DEFAULT_BREAKER } from '../partnerCenter/resilience';

/**
 * The one place that reads the environment. Every variable is documented in .env.example; the
 * names are part of the product's contract. `loadConfig` validates all of them at once and throws
 * a ConfigError that names each bad or missing variable, so a misconfigured bot fails at start,
 * not on the first message.
 */

export type PartnerCenterAuthMode = 'app' | 'user' | 'demo';
export type QualificationApiSetting = 'qualifications' | 'qualification';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface AppConfig {
  readonly port: number;
  /**
   * Interfaces to listen on; undefined = all interfaces (what a cloud host needs). Without
   * MicrosoftAppId (no inbound authentication) and without HOST: loopback only, IPv4 and IPv6.
   */
  readonly listenHosts?: readonly string[];
  /**
   * Demo mode without MicrosoftAppId on a HOST beyond loopback: anyone who can reach it may use
   * the bot unauthenticated (sample data only; app/user mode refuse to start like this).
   */
  readonly anonymousBeyondLoopback: boolean;
  readonly logLevel: LogLevel;
  /** How long a stop (SIGTERM/SIGINT) waits for turns in flight before closing anyway. */
  readonly shutdownGraceMs: number;
  /** /healthz says "degraded" (503) while more turns than this are in flight. */
  readonly healthMaxTurnsInFlight: number;
  /** Who may use the bot (checked on every activity before the bot sees it). */
  readonly access: {
    /**
     * Lower-case tenant ids whose users may use the bot; undefined = any tenant (and activities
     * without a tenant id, such as the Bot Framework Emulator's).
     */
    readonly allowedTenantIds?: readonly string[];
    /** Where the policy came from (`nothing set` = any tenant by default), for the start-up log. */
    readonly allowedTenantsFrom: 'ALLOWED_TENANT_IDS' | 'MicrosoftAppTenantId' | 'nothing set';
    /** Messages per user per minute; 0 = no limit. */
    readonly userRateLimitPerMinute: number;
  };
  readonly bot: {
    readonly appId: string;
    readonly appPassword: string;
    readonly appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
    readonly appTenantId: string;
    /** Settings handed to botbuilder's ConfigurationBotFrameworkAuthentication as they are. */
    readonly botFrameworkSettings: Readonly<Record<string, string>>;
  };
  readonly partnerCenter: {
    readonly auth: PartnerCenterAuthMode;
    readonly baseUrl: string;
    readonly api: QualificationApiSetting;
    readonly clientId: string;
    readonly clientSecret: string;
    readonly tenantId: string;
    readonly authorityHost: string;
    readonly timeoutMs: number;
    /** Overall time for one user command, retries and waits included. */
    readonly deadlineMs: number;
    /** Most Partner Center requests in flight at once (the rest wait their turn). */
    readonly maxConcurrency: number;
    /** A 429 is waited out and retried only when its Retry-After is at most this many seconds. */
    readonly retryAfterCapSeconds: number;
    /** When the circuit breaker opens (see src/partnerCenter/resilience.ts) and for how long. */
    readonly breaker: {
      /** Share (0-1) of the attempts in the window that must fail with Partner Center trouble. */
      readonly failureRatio: number;
      readonly samplingMs: number;
      /** Fewer attempts in the window never open it. */
      readonly minimumThroughput: number;
      readonly halfOpenAfterMs: number;
    };
  };
  /** PARTNER_CENTER_AUTH=user only: how the user signs in (Azure Bot OAuth connection + Teams SSO). */
  readonly userSignIn?: {
    /** The Azure Bot resource's OAuth connection whose token is the Teams SSO token for api://botid-<app id>. */
    readonly connectionName: string;
    /** Where a tenant admin grants the app's Partner Center permission for everyone. */
    readonly adminConsentUrl: string;
  };
  /** Where dialog state (pending sign-ins) and the sign-in de-duplication records are kept. */
  readonly stateStorage: StateStorageKind;
  /** `qualification for <id> <id> …`: how many customers one message may ask for, and how many are looked up at once. */
  readonly lookups: {
    readonly maxCustomersPerMessage: number;
    /** Customers looked up at the same time for one message (each: its qualifications and its name, in parallel). */
    readonly concurrency: number;
  };
}

/** `memory`: this process only (one instance). Shared stores plug in behind src/state/storage.ts. */
export type StateStorageKind = 'memory';

export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    // One problem: one line (what to set, straight away); several: one line each.
    super(
      problems.length === 1
        ? `Invalid configuration: ${problems[0]} (see .env.example for every variable)`
        : `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export const DEFAULT_PARTNER_CENTER_BASE_URL = 'https://api.partnercenter.microsoft.com';
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/** botbuilder settings a deployment (sovereign cloud) or a test (local stand-ins) may override. */
const BOT_FRAMEWORK_SETTINGS = [
  'ChannelService',
  'OAuthUrl',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ToBotFromChannelTokenIssuer',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'CallerId',
  'ValidateAuthority',
] as const;

const GUID = GUID_PATTERN;

/** Empty or blank values count as "not set", as in most .env tooling. */
function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());
}
const optionalText = optional(z.string().trim());

const EnvSchema = z.object({
  PORT: optional(z.coerce.number().int('must be a whole number').min(0, 'must be 0-65535 (0 = any free port)').max(65535, 'must be 0-65535 (0 = any free port)')),
  HOST: optionalText,
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  MicrosoftAppId: optional(z.string().regex(GUID, 'must be a GUID (the bot\'s Entra app id)')),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: optional(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI'])),
  MicrosoftAppTenantId: optional(z.string().regex(GUID, 'must be a GUID (your Entra tenant id)')),
  PARTNER_CENTER_BASE_URL: optionalText,
  PARTNER_CENTER_AUTH: optional(z.enum(['app', 'user', 'demo'])),
  PARTNER_CENTER_API: optional(z.enum(['qualifications', 'qualification'])),
  PARTNER_CENTER_CLIENT_ID: optional(z.string().regex(GUID, 'must be a GUID (an Entra app id)')),
  PARTNER_CENTER_CLIENT_SECRET: optionalText,
  PARTNER_CENTER_TENANT_ID: optional(z.string().regex(GUID, 'must be a GUID (the partner tenant id, not a domain or "common")')),
  PARTNER_CENTER_TIMEOUT_MS: optional(z.coerce.number().int('must be a whole number').min(100, 'must be at least 100').max(120000, 'must be at most 120000')),
  PARTNER_CENTER_DEADLINE_MS: optional(z.coerce.number().int('must be a whole number').min(100, 'must be at least 100').max(120000, 'must be at most 120000')),
  PARTNER_CENTER_MAX_CONCURRENCY: optional(z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(1000, 'must be at most 1000')),
  PARTNER_CENTER_RETRY_AFTER_CAP_SECONDS: optional(z.coerce.number().int('must be a whole number').min(0, 'must be 0-60 (0 = never wait)').max(60, 'must be 0-60 (0 = never wait)')),
  PARTNER_CENTER_BREAKER_FAILURE_PERCENT: optional(z.coerce.number().int('must be a whole number').min(1, 'must be 1-99').max(99, 'must be 1-99')),
  PARTNER_CENTER_BREAKER_WINDOW_SECONDS: optional(z.coerce.number().int('must be a whole number').min(1, 'must be 1-3600').max(3600, 'must be 1-3600')),
  PARTNER_CENTER_BREAKER_MIN_CALLS: optional(z.coerce.number().int('must be a whole number').min(1, 'must be 1-100000').max(100000, 'must be 1-100000')),
  PARTNER_CENTER_BREAKER_BREAK_SECONDS: optional(z.coerce.number().int('must be a whole number').min(1, 'must be 1-3600').max(3600, 'must be 1-3600')),
  AAD_AUTHORITY_HOST: optionalText,
  ALLOWED_TENANT_IDS: optionalText,
  USER_RATE_LIMIT_PER_MINUTE: optional(z.coerce.number().int('must be a whole number').min(0, 'must be 0-10000 (0 = no limit)').max(10000, 'must be 0-10000 (0 = no limit)')),
  OAUTH_CONNECTION_NAME: optional(z.string().trim().max(200, 'must be at most 200 characters').regex(/^[^\s/?#%]+$/, 'must be the OAuth connection name from the Azure Bot resource (no spaces or /?#%)')),
  STATE_STORAGE: optional(z.enum(['memory'])),
  MAX_CUSTOMERS_PER_MESSAGE: optional(z.coerce.number().int('must be a whole number').min(1, 'must be 1-100').max(100, 'must be 1-100')),
  LOOKUP_CONCURRENCY: optional(z.coerce.number().int('must be a whole number').min(1, 'must be 1-20').max(20, 'must be 1-20')),
  HEALTHZ_MAX_TURNS_IN_FLIGHT: optional(z.coerce.number().int('must be a whole number').min(1, 'must be 1-100000').max(100000, 'must be 1-100000')),
  SHUTDOWN_GRACE_MS: optional(z.coerce.number().int('must be a whole number').min(0, 'must be 0-600000').max(600000, 'must be 0-600000')),
});

type Env = z.infer<typeof EnvSchema>;

function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? 'environment');
    const message = issue.code === 'invalid_value' ? `must be one of ${issue.values.join(', ')}` : issue.message;
    return `${variable}: ${message}`;
  });
}

function parseBaseUrl(raw: string | undefined, problems: string[]): string {
  const value = raw ?? DEFAULT_PARTNER_CENTER_BASE_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`PARTNER_CENTER_BASE_URL: "${value}" is not a URL`);
    return value;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    problems.push('PARTNER_CENTER_BASE_URL: http:// is accepted only for loopback hosts (127.0.0.1, localhost); use https://');
  } else if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    problems.push('PARTNER_CENTER_BASE_URL: must be an https:// URL');
  }
  if (url.search || url.hash || url.username || url.password) {
    problems.push('PARTNER_CENTER_BASE_URL: must not contain a query, fragment or credentials');
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function parseAuthorityHost(raw: string | undefined, problems: string[]): string {
  const value = raw ?? DEFAULT_AUTHORITY_HOST;
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
function parseAllowedTenants(raw: string | undefined, ownTenantId: string | undefined, problems: string[]): Pick<AppConfig['access'], 'allowedTenantIds' | 'allowedTenantsFrom'> {
  if (raw === undefined) {
    return ownTenantId
      ? { allowedTenantIds: [ownTenantId.toLowerCase()], allowedTenantsFrom: 'MicrosoftAppTenantId' }
      : { allowedTenantsFrom: 'nothing set' };
  }
  if (raw === '*') return { allowedTenantsFrom: 'ALLOWED_TENANT_IDS' };
  const entries = raw.split(/[,;\s]+/).filter((entry) => entry !== '');
  if (entries.length === 0) problems.push('ALLOWED_TENANT_IDS: lists no tenant id; leave it empty for the default, or use * for any tenant');
  const bad = entries.filter((entry) => !GUID.test(entry));
  if (bad.length > 0) {
    problems.push(`ALLOWED_TENANT_IDS: ${bad.map((entry) => `"${entry.slice(0, 60)}"`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not a tenant id (a GUID); use a comma-separated list of GUIDs, or * for any tenant`);
  }
  return { allowedTenantIds: [...new Set(entries.map((entry) => entry.toLowerCase()))], allowedTenantsFrom: 'ALLOWED_TENANT_IDS' };
}

function pickBotFrameworkSettings(source: NodeJS.ProcessEnv): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const name of BOT_FRAMEWORK_SETTINGS) {
    const value = source[name]?.trim();
    if (value) settings[name] = value;
  }
  return settings;
}

function resolveAuthMode(env: Env, clientId: string, clientSecret: string): PartnerCenterAuthMode {
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
function resolveListen(
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
      `HOST: ${name.slice(0, 100)} would let anyone who can reach this machine read Partner Center data without signing in: set MicrosoftAppId and MicrosoftAppPassword (the Azure Bot's app) so that every request needs a Bot Framework token, or leave HOST empty to listen on this machine only`,
    );
  }
  return { listenHosts: [name], anonymousBeyondLoopback: true };
}

function checkBotIdentity(env: Env, problems: string[]): void {
  const appType = env.MicrosoftAppType ?? 'MultiTenant';
  if (env.MicrosoftAppId && appType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword) {
    problems.push('MicrosoftAppPassword: required when MicrosoftAppId is set (the bot\'s client secret)');
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
function checkUserSignIn(env: Env, tenantId: string, problems: string[]): void {
  const why = 'required for PARTNER_CENTER_AUTH=user';
  if (!env.MicrosoftAppId) problems.push(`MicrosoftAppId: ${why} (Teams single sign-on issues the user's token for the bot's Entra app)`);
  if ((env.MicrosoftAppType ?? 'MultiTenant') === 'UserAssignedMSI') {
    problems.push('MicrosoftAppType: PARTNER_CENTER_AUTH=user needs a client secret for the on-behalf-of exchange; UserAssignedMSI has none');
  }
  if (!env.OAUTH_CONNECTION_NAME) {
    problems.push(`OAUTH_CONNECTION_NAME: ${why}: the name of the OAuth connection in the Azure Bot resource (Configuration > OAuth Connection Settings)`);
  }
  if (env.PARTNER_CENTER_CLIENT_ID && env.MicrosoftAppId && env.PARTNER_CENTER_CLIENT_ID.toLowerCase() !== env.MicrosoftAppId.toLowerCase()) {
    problems.push(
      "PARTNER_CENTER_CLIENT_ID: must be empty or equal MicrosoftAppId for PARTNER_CENTER_AUTH=user (the user's token is issued for the bot's app, and only that app can exchange it)",
    );
  }
  if (!env.PARTNER_CENTER_CLIENT_SECRET && !env.MicrosoftAppPassword) {
    problems.push(`MicrosoftAppPassword: ${why} (the bot app's client secret, used for the on-behalf-of exchange)`);
  }
  if (!tenantId) problems.push(`PARTNER_CENTER_TENANT_ID: ${why} (or set MicrosoftAppTenantId): your partner tenant id`);
}

function checkPartnerCenterCredentials(
  auth: PartnerCenterAuthMode,
  credentials: { clientId: string; clientSecret: string; tenantId: string },
  problems: string[],
): void {
  if (auth !== 'app') return;
  if (!credentials.clientId) problems.push('PARTNER_CENTER_CLIENT_ID: required for PARTNER_CENTER_AUTH=app (or set MicrosoftAppId)');
  if (!credentials.clientSecret) {
    problems.push('PARTNER_CENTER_CLIENT_SECRET: required for PARTNER_CENTER_AUTH=app (or set MicrosoftAppPassword)');
  }
  if (!credentials.tenantId) {
    problems.push('PARTNER_CENTER_TENANT_ID: required for PARTNER_CENTER_AUTH=app (or set MicrosoftAppTenantId): your partner tenant id');
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError(describeIssues(parsed.error));
  const env = parsed.data;
  const problems: string[] = [];

  checkBotIdentity(env, problems);
  const clientId = env.PARTNER_CENTER_CLIENT_ID ?? env.MicrosoftAppId ?? '';
  const clientSecret = env.PARTNER_CENTER_CLIENT_SECRET ?? env.MicrosoftAppPassword ?? '';
  const tenantId = env.PARTNER_CENTER_TENANT_ID ?? env.MicrosoftAppTenantId ?? '';
  const auth = resolveAuthMode(env, clientId, clientSecret);
  checkPartnerCenterCredentials(auth, { clientId, clientSecret, tenantId }, problems);
  if (auth === 'user') checkUserSignIn(env, tenantId, problems);
  const baseUrl = parseBaseUrl(env.PARTNER_CENTER_BASE_URL, problems);
  const authorityHost = parseAuthorityHost(env.AAD_AUTHORITY_HOST, problems);
  const allowedTenants = parseAllowedTenants(env.ALLOWED_TENANT_IDS, env.MicrosoftAppTenantId, problems);
  const listen = resolveListen(env.HOST, !env.MicrosoftAppId, auth, problems);

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: env.PORT ?? 3978,
    ...listen,
    logLevel: env.LOG_LEVEL ?? 'info',
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS ?? 15000,
    healthMaxTurnsInFlight: env.HEALTHZ_MAX_TURNS_IN_FLIGHT ?? 100,
    access: { ...allowedTenants, userRateLimitPerMinute: env.USER_RATE_LIMIT_PER_MINUTE ?? 30 },
    bot: {
      appId: env.MicrosoftAppId ?? '',
      appPassword: env.MicrosoftAppPassword ?? '',
      appType: env.MicrosoftAppType ?? 'MultiTenant',
      appTenantId: env.MicrosoftAppTenantId ?? '',
      botFrameworkSettings: pickBotFrameworkSettings(source),
    },
    partnerCenter: {
      auth,
      baseUrl,
      api: env.PARTNER_CENTER_API ?? 'qualifications',
      clientId,
      clientSecret,
      tenantId,
      authorityHost,
      timeoutMs: env.PARTNER_CENTER_TIMEOUT_MS ?? 5000,
      deadlineMs: env.PARTNER_CENTER_DEADLINE_MS ?? 12000,
      maxConcurrency: env.PARTNER_CENTER_MAX_CONCURRENCY ?? 10,
      retryAfterCapSeconds: env.PARTNER_CENTER_RETRY_AFTER_CAP_SECONDS ?? 5,
      breaker: {
        failureRatio: (env.PARTNER_CENTER_BREAKER_FAILURE_PERCENT ?? DEFAULT_BREAKER.failureRatio * 100) / 100,
        samplingMs: (env.PARTNER_CENTER_BREAKER_WINDOW_SECONDS ?? DEFAULT_BREAKER.samplingMs / 1000) * 1000,
        minimumThroughput: env.PARTNER_CENTER_BREAKER_MIN_CALLS ?? DEFAULT_BREAKER.minimumThroughput,
        halfOpenAfterMs: (env.PARTNER_CENTER_BREAKER_BREAK_SECONDS ?? DEFAULT_BREAKER.halfOpenAfterMs / 1000) * 1000,
      },
    },
    userSignIn:
      auth === 'user'
        ? { connectionName: env.OAUTH_CONNECTION_NAME ?? '', adminConsentUrl: adminConsentUrl(authorityHost, tenantId, clientId) }
        : undefined,
    stateStorage: env.STATE_STORAGE ?? 'memory',
    lookups: {
      maxCustomersPerMessage: env.MAX_CUSTOMERS_PER_MESSAGE ?? 20,
      concurrency: env.LOOKUP_CONCURRENCY ?? 5,
    },
  };
}
