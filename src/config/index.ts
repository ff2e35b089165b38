import { adminConsentUrl } from '../auth/adminConsent';
import {
  checkBotIdentity,
  checkPartnerCenterCredentials,
  checkUserSignIn,
  parseAllowedTenants,
  parseAuthorityHost,
  parseBaseUrl,
  pickBotFrameworkSettings,
  resolveAuthMode,
  resolveListen,
} from './checks';
import { DEFAULTS } from './defaults';
import { describeIssues, EnvSchema } from './environment';

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
    port: env.PORT ?? DEFAULTS.port,
    ...listen,
    logLevel: env.LOG_LEVEL ?? DEFAULTS.logLevel,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS ?? DEFAULTS.shutdownGraceMs,
    healthMaxTurnsInFlight: env.HEALTHZ_MAX_TURNS_IN_FLIGHT ?? DEFAULTS.healthMaxTurnsInFlight,
    access: { ...allowedTenants, userRateLimitPerMinute: env.USER_RATE_LIMIT_PER_MINUTE ?? DEFAULTS.userRateLimitPerMinute },
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
      api: env.PARTNER_CENTER_API ?? DEFAULTS.qualificationApi,
      clientId,
      clientSecret,
      tenantId,
      authorityHost,
      timeoutMs: env.PARTNER_CENTER_TIMEOUT_MS ?? DEFAULTS.partnerCenterTimeoutMs,
      deadlineMs: env.PARTNER_CENTER_DEADLINE_MS ?? DEFAULTS.partnerCenterDeadlineMs,
      maxConcurrency: env.PARTNER_CENTER_MAX_CONCURRENCY ?? DEFAULTS.partnerCenterMaxConcurrency,
      retryAfterCapSeconds: env.PARTNER_CENTER_RETRY_AFTER_CAP_SECONDS ?? DEFAULTS.retryAfterCapSeconds,
      breaker: {
        failureRatio: (env.PARTNER_CENTER_BREAKER_FAILURE_PERCENT ?? DEFAULTS.breaker.failureRatio * 100) / 100,
        samplingMs: (env.PARTNER_CENTER_BREAKER_WINDOW_SECONDS ?? DEFAULTS.breaker.samplingMs / 1000) * 1000,
        minimumThroughput: env.PARTNER_CENTER_BREAKER_MIN_CALLS ?? DEFAULTS.breaker.minimumThroughput,
        halfOpenAfterMs: (env.PARTNER_CENTER_BREAKER_BREAK_SECONDS ?? DEFAULTS.breaker.halfOpenAfterMs / 1000) * 1000,
      },
    },
    userSignIn:
      auth === 'user'
        ? { connectionName: env.OAUTH_CONNECTION_NAME ?? '', adminConsentUrl: adminConsentUrl(authorityHost, tenantId, clientId) }
        : undefined,
    stateStorage: env.STATE_STORAGE ?? DEFAULTS.stateStorage,
    lookups: {
      maxCustomersPerMessage: env.MAX_CUSTOMERS_PER_MESSAGE ?? DEFAULTS.maxCustomersPerMessage,
      concurrency: env.LOOKUP_CONCURRENCY ?? DEFAULTS.lookupConcurrency,
    },
  };
}
