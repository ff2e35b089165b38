import { adminConsentUrl } from '../auth/adminConsent';
import {
  checkBotIdentity,
  checkPartnerCenterCredentials,
  checkUserSignIn,
  parseAllowedTenants,
  parseAuthorityHost,
  parseBaseUrl,
  pickBotFrameworkSettings,
  resolveBlobStorage,
  resolvePartnerCenterResource,
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

export type { AppConfig } from './types';
import type { AppConfig } from './types';

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
  const resource = resolvePartnerCenterResource(env.PARTNER_CENTER_RESOURCE, baseUrl, problems);
  const blobStorage = resolveBlobStorage(env, problems);
  const allowedTenants = parseAllowedTenants(env.ALLOWED_TENANT_IDS, env.MicrosoftAppTenantId, problems);
  const listen = resolveListen(env.HOST, !env.MicrosoftAppId, auth, problems);

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    port: env.PORT ?? DEFAULTS.port,
    ...listen,
    logLevel: env.LOG_LEVEL ?? DEFAULTS.logLevel,
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS ?? DEFAULTS.shutdownGraceMs,
    healthMaxTurnsInFlight: env.HEALTHZ_MAX_TURNS_IN_FLIGHT ?? DEFAULTS.healthMaxTurnsInFlight,
    access: {
      ...allowedTenants,
      userRateLimitPerMinute: env.USER_RATE_LIMIT_PER_MINUTE ?? DEFAULTS.userRateLimitPerMinute,
    },
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
      resource,
      timeoutMs: env.PARTNER_CENTER_TIMEOUT_MS ?? DEFAULTS.partnerCenterTimeoutMs,
      deadlineMs: env.PARTNER_CENTER_DEADLINE_MS ?? DEFAULTS.partnerCenterDeadlineMs,
      messageExtensionDeadlineMs: env.MESSAGE_EXTENSION_DEADLINE_MS ?? DEFAULTS.messageExtensionDeadlineMs,
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
        ? {
            connectionName: env.OAUTH_CONNECTION_NAME ?? '',
            adminConsentUrl: adminConsentUrl(authorityHost, tenantId, clientId),
          }
        : undefined,
    stateStorage: env.STATE_STORAGE ?? DEFAULTS.stateStorage,
    blobStorage,
    watch: {
      intervalMs: (env.WATCH_POLL_SECONDS ?? DEFAULTS.watch.pollSeconds) * 1000,
      expiryMs: Math.round((env.WATCH_EXPIRY_DAYS ?? DEFAULTS.watch.expiryDays) * 24 * 60 * 60 * 1000),
      maxPerConversation: env.WATCH_MAX_PER_CONVERSATION ?? DEFAULTS.watch.maxPerConversation,
      maxTotal: env.WATCH_MAX_TOTAL ?? DEFAULTS.watch.maxTotal,
      callsPerMinute: env.WATCH_CALLS_PER_MINUTE ?? DEFAULTS.watch.callsPerMinute,
    },
    lookups: {
      maxCustomersPerMessage: env.MAX_CUSTOMERS_PER_MESSAGE ?? DEFAULTS.maxCustomersPerMessage,
      concurrency: env.LOOKUP_CONCURRENCY ?? DEFAULTS.lookupConcurrency,
    },
  };
}
