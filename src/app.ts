import { TeamsSSOTokenExchangeMiddleware } from 'botbuilder';
import { AppTokenProvider, type AppTokenProviderOptions } from './auth/appTokenProvider';
import { DEMO_TOKEN, DemoTokenProvider } from './demo/demoTokenProvider';
import { OnBehalfOfTokenProvider } from './signIn/onBehalfOfTokenProvider';
import { TokenAcquisitionError, type PartnerCenterTokenProvider } from './auth/tokenProvider';
import { createActivityProcessor } from './conversation/activityProcessor';
import { AccessGate } from './conversation/accessGate';
import { createAdapter } from './conversation/adapter';
import type { ReplyPolicyOptions } from './conversation/replyConnector';
import { QualificationBot, type UserSignInSettings } from './conversation/qualificationBot';
import type { AppConfig } from './config';
import { startHost, type RunningHost } from './host/server';
import type { Logger } from './shared/logger';
import { PartnerCenterClient } from './partnerCenter/client';
import { PartnerCenterResilience, ResilientQualificationSource, type ResilienceOptions } from './partnerCenter/resilience';
import { DEMO_EXAMPLES } from './demo/sampleCustomers';
import { startPartnerCenterSimulator, type RunningSimulator } from './demo/simulator';
import { createStateStorage } from './state/storage';

/** Composition: configuration → Partner Center access → bot → HTTP host. */
export interface RunningApp {
  readonly host: RunningHost;
  /** Where Partner Center calls go (the simulator's address in demo mode). */
  readonly partnerCenterUrl: string;
  /** Demo mode only: the built-in simulator (its request log shows what reached "Partner Center"). */
  readonly simulator?: RunningSimulator;
  stop(graceMs?: number): Promise<void>;
}

/** Seams for tests; production passes none. */
export interface StartOptions {
  /** Instead of Entra (PARTNER_CENTER_AUTH=app): e.g. a stub that lets a local Partner Center stand-in be called. */
  readonly tokenProvider?: PartnerCenterTokenProvider;
  /** Shorter back-off, breaker and Retry-After timings than production's. */
  readonly resilience?: Partial<Omit<ResilienceOptions, 'logger'>>;
  /** Shorter reply time-outs and back-off than production's (see src/conversation/replyConnector.ts). */
  readonly replies?: ReplyPolicyOptions;
}

interface PartnerCenterAccess {
  readonly baseUrl: string;
  readonly simulator?: RunningSimulator;
  readonly tokenProvider: PartnerCenterTokenProvider;
  close(): Promise<void>;
}

async function partnerCenterAccess(config: AppConfig, logger: Logger, options: StartOptions): Promise<PartnerCenterAccess> {
  const pc = config.partnerCenter;
  if (options.tokenProvider && pc.auth !== 'demo') {
    return { baseUrl: pc.baseUrl, tokenProvider: options.tokenProvider, close: async () => undefined };
  }
  if (pc.auth === 'demo') {
    const simulator = await startPartnerCenterSimulator({ requireToken: DEMO_TOKEN });
    logger.warn({ simulator: simulator.url }, 'DEMO MODE: answers come from the built-in Partner Center simulator, not from Partner Center');
    return { baseUrl: simulator.url, simulator, tokenProvider: new DemoTokenProvider(), close: () => simulator.close() };
  }
  if (pc.auth === 'user') {
    // Every call carries the signed-in user's provider (CallContext.tokenProvider); a call without
    // one is a bug, and must not fall back to some other identity.
    const noUser: PartnerCenterTokenProvider = {
      getToken: () => Promise.reject(new TokenAcquisitionError('unknown', 'no signed-in user for this Partner Center call')),
    };
    return { baseUrl: pc.baseUrl, tokenProvider: noUser, close: async () => undefined };
  }
  return { baseUrl: pc.baseUrl, tokenProvider: new AppTokenProvider(entraApp(config, logger)), close: async () => undefined };
}

function entraApp(config: AppConfig, logger: Logger): AppTokenProviderOptions {
  const pc = config.partnerCenter;
  return { clientId: pc.clientId, clientSecret: pc.clientSecret, tenantId: pc.tenantId, authorityHost: pc.authorityHost, logger };
}

export async function startApp(config: AppConfig, logger: Logger, options: StartOptions = {}): Promise<RunningApp> {
  const partnerCenter = await partnerCenterAccess(config, logger, options);
  // Retries, circuit breaker, concurrency bound and the per-command deadline (the simulator gets them too).
  const resilience = new PartnerCenterResilience({
    deadlineMs: config.partnerCenter.deadlineMs,
    maxConcurrency: config.partnerCenter.maxConcurrency,
    retryAfterCapSeconds: config.partnerCenter.retryAfterCapSeconds,
    breakerFailureRatio: config.partnerCenter.breaker.failureRatio,
    breakerSamplingMs: config.partnerCenter.breaker.samplingMs,
    breakerMinimumThroughput: config.partnerCenter.breaker.minimumThroughput,
    breakerHalfOpenAfterMs: config.partnerCenter.breaker.halfOpenAfterMs,
    ...options.resilience,
    logger,
  });
  const client = new PartnerCenterClient({
    baseUrl: partnerCenter.baseUrl,
    tokenProvider: partnerCenter.tokenProvider,
    api: config.partnerCenter.api,
    timeoutMs: config.partnerCenter.timeoutMs,
    outbound: resilience.outbound,
  });
  const source = new ResilientQualificationSource(client, resilience);
  const demo = config.partnerCenter.auth === 'demo';
  const storage = createStateStorage(config.stateStorage);
  let userSignIn: UserSignInSettings | undefined;
  if (config.userSignIn) {
    userSignIn = {
      connectionName: config.userSignIn.connectionName,
      storage,
      // One MSAL app for the whole process: its cache serves each user's repeat lookups.
      onBehalfOf: new OnBehalfOfTokenProvider(entraApp(config, logger)),
      adminConsentUrl: config.userSignIn.adminConsentUrl,
    };
  }
  const bot = new QualificationBot({
    source,
    logger,
    demo,
    userSignIn,
    maxCustomers: config.lookups.maxCustomersPerMessage,
    bulk: { concurrency: config.lookups.concurrency, deadlineMs: config.partnerCenter.deadlineMs },
    // In demo mode the help and welcome cards' examples are sample customers, so a click answers.
    examples: demo ? DEMO_EXAMPLES : undefined,
  });
  const adapter = createAdapter(config.bot, logger, options.replies);
  // Tenant allow-list and per-user rate limit, before the bot sees the activity.
  adapter.use(new AccessGate({ ...config.access, inboundAuth: Boolean(config.bot.appId), logger }));
  if (config.userSignIn) {
    // Exchanges Teams' SSO token with the token service, and lets exactly one of the duplicate
    // signin/tokenExchange invokes (one per Teams client the user has open) reach the bot.
    adapter.use(new TeamsSSOTokenExchangeMiddleware(storage, config.userSignIn.connectionName));
  }
  const processActivity = createActivityProcessor(adapter, bot, logger, { anonymous: !config.bot.appId });

  let host: RunningHost;
  try {
    host = await startHost(
      {
        processActivity,
        logger,
        health: { mode: config.partnerCenter.auth, inboundAuth: Boolean(config.bot.appId) },
        maxTurnsInFlight: config.healthMaxTurnsInFlight,
      },
      config.port,
      config.listenHosts,
    );
  } catch (error) {
    await partnerCenter.close();
    throw error;
  }
  logger.info(
    {
      url: `${host.url}/api/messages`,
      listening: host.listening.map((address) => `${address}/api/messages`),
      partnerCenterMode: config.partnerCenter.auth,
      inboundAuth: Boolean(config.bot.appId),
    },
    'bot listening',
  );
  if (config.anonymousBeyondLoopback) {
    logger.warn(
      { listening: host.listening },
      'NO AUTHENTICATION ON THE NETWORK: MicrosoftAppId is empty and HOST is not a loopback address, so anyone who can reach this port may use the bot (demo data only). Set MicrosoftAppId, or leave HOST empty to listen on this machine only',
    );
  }
  logAccessPolicy(config, logger);

  return {
    host,
    partnerCenterUrl: partnerCenter.baseUrl,
    simulator: partnerCenter.simulator,
    async stop(graceMs?: number) {
      await host.stop(graceMs ?? config.shutdownGraceMs);
      client.close();
      await partnerCenter.close();
    },
  };
}

/** Says at start who may use the bot; warns when real Partner Center data is open to any tenant. */
function logAccessPolicy(config: AppConfig, logger: Logger): void {
  const { allowedTenantIds, allowedTenantsFrom, userRateLimitPerMinute } = config.access;
  logger.info({ allowedTenants: allowedTenantIds ?? 'any', allowedTenantsFrom, userRateLimitPerMinute }, 'access policy');
  if (allowedTenantIds === undefined && allowedTenantsFrom === 'nothing set' && config.partnerCenter.auth !== 'demo') {
    logger.warn('any tenant may use the bot: set ALLOWED_TENANT_IDS (or MicrosoftAppTenantId) to limit it to your organization');
  }
}
