import type { PartnerCenterTokenProvider } from './auth/tokenProvider';
import { ConfigError, loadConfig, type AppConfig } from './config';
import { DEFAULTS } from './config/defaults';
import { createConversation } from './conversation';
import type { ReplyPolicyOptions } from './conversation/replyConnector';
import type { RunningSimulator } from './demo/simulator';
import { nextStepsLine, printsNextSteps } from './host/nextSteps';
import { installProcessHandlers } from './host/processHandlers';
import { startHost, type RunningHost } from './host/server';
import { CompanyNames } from './lookup/companyNames';
import { Lookups } from './lookup/lookups';
import { PartnerCenterClient } from './partnerCenter/client';
import { PartnerCenterResilience, type ResilienceOptions } from './partnerCenter/resilience';
import { entraApp, partnerCenterAccess } from './partnerCenterAccess';
import { createLogger, describeError, routeConsoleToLogger, writeToLogStream, type Logger } from './shared/logger';
import { OnBehalfOfTokenProvider } from './signIn/onBehalfOfTokenProvider';
import { connectionStringSecrets, createStateStores } from './state/storage';
import { WatchList } from './watch/watchList';
import { Watcher } from './watch/watcher';

/**
 * The composition root: configuration → Partner Center client (under its resilience policy) →
 * lookup use cases → conversation → HTTP host. Run as a program (`node dist/src/index.js`) it
 * also reads .env, validates the configuration and stops cleanly on a signal.
 */
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

export async function startApp(config: AppConfig, logger: Logger, options: StartOptions = {}): Promise<RunningApp> {
  const pc = config.partnerCenter;
  // First: a shared store that cannot be reached stops the start, before anything else is opened.
  const { storage, watches } = await createStateStores(config, logger);
  const watchList = new WatchList(watches, config.watch);
  const access = await partnerCenterAccess(config, logger, options.tokenProvider);
  const policy = new PartnerCenterResilience({
    deadlineMs: pc.deadlineMs,
    maxConcurrency: pc.maxConcurrency,
    retryAfterCapSeconds: pc.retryAfterCapSeconds,
    breakerFailureRatio: pc.breaker.failureRatio,
    breakerSamplingMs: pc.breaker.samplingMs,
    breakerMinimumThroughput: pc.breaker.minimumThroughput,
    breakerHalfOpenAfterMs: pc.breaker.halfOpenAfterMs,
    ...options.resilience,
    logger,
  });
  const client = new PartnerCenterClient({
    baseUrl: access.baseUrl,
    tokenProvider: access.tokenProvider,
    api: pc.api,
    timeoutMs: pc.timeoutMs,
    policy,
  });
  const lookups = new Lookups(client, {
    deadlineMs: pc.deadlineMs,
    concurrency: config.lookups.concurrency,
    companyNames: new CompanyNames(DEFAULTS.companyNames),
  });
  const conversation = createConversation({
    bot: config.bot,
    access: config.access,
    logger,
    lookups,
    cards: {
      demo: pc.auth === 'demo',
      userSignIn: config.userSignIn && { adminConsentUrl: config.userSignIn.adminConsentUrl },
    },
    maxCustomers: config.lookups.maxCustomersPerMessage,
    examples: access.examples,
    userSignIn: config.userSignIn && {
      connectionName: config.userSignIn.connectionName,
      storage,
      // One MSAL app for the whole process: its cache serves each user's repeat lookups.
      onBehalfOf: new OnBehalfOfTokenProvider(entraApp(config, logger)),
    },
    replies: options.replies,
    watch: { list: watchList, intervalSeconds: config.watch.intervalMs / 1000 },
    messageExtension: { deadlineMs: pc.messageExtensionDeadlineMs },
  });
  const watcher = new Watcher({
    store: watches,
    list: watchList,
    lookups,
    access: conversation.watchAccess,
    notifier: conversation.watchNotifier,
    logger,
    intervalMs: config.watch.intervalMs,
    callsPerMinute: config.watch.callsPerMinute,
  });

  let host: RunningHost;
  try {
    host = await startHost(
      {
        processActivity: conversation.processActivity,
        logger,
        health: { mode: pc.auth, inboundAuth: Boolean(config.bot.appId) },
        maxTurnsInFlight: config.healthMaxTurnsInFlight,
        maxBodyBytes: DEFAULTS.maxRequestBodyBytes,
      },
      config.port,
      config.listenHosts,
    );
  } catch (error) {
    await access.close();
    throw error;
  }
  logStart(config, host, logger);
  watcher.start();
  logWatching(config, watches.durable, logger);
  return {
    host,
    partnerCenterUrl: access.baseUrl,
    simulator: access.simulator,
    async stop(graceMs?: number) {
      await watcher.stop();
      await host.stop(graceMs ?? config.shutdownGraceMs);
      client.close();
      await access.close();
    },
  };
}

/** Where the bot listens, and who may use it; warns when real Partner Center data is open wider than it should be. */
function logStart(config: AppConfig, host: RunningHost, logger: Logger): void {
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
      'NO AUTHENTICATION ON THE NETWORK: MicrosoftAppId is empty and HOST is not a loopback address, so anyone who ' +
        'can reach this port may use the bot (demo data only). Set MicrosoftAppId, or leave HOST empty to listen on ' +
        'this machine only',
    );
  }
  const { allowedTenantIds, allowedTenantsFrom, userRateLimitPerMinute } = config.access;
  logger.info(
    { allowedTenants: allowedTenantIds ?? 'any', allowedTenantsFrom, userRateLimitPerMinute },
    'access policy',
  );
  if (allowedTenantIds === undefined && allowedTenantsFrom === 'nothing set' && config.partnerCenter.auth !== 'demo') {
    logger.warn(
      'any tenant may use the bot: set ALLOWED_TENANT_IDS (or MicrosoftAppTenantId) to limit it to your organization',
    );
  }
}

/** The watcher's Partner Center budget, in numbers (docs/operating.md). */
function logWatching(config: AppConfig, durable: boolean, logger: Logger): void {
  const { intervalMs, maxTotal, callsPerMinute, maxPerConversation, expiryMs } = config.watch;
  const atMost = (maxTotal * 60_000) / intervalMs;
  logger.info(
    {
      pollSeconds: intervalMs / 1000,
      maxWatches: maxTotal,
      maxPerConversation,
      expiryDays: expiryMs / 86_400_000,
      callsPerMinuteAtMost: Math.round(atMost * 10) / 10,
      budgetPerMinutePerInstance: callsPerMinute,
      watchesLiveIn: durable ? 'the shared Blob Storage container' : 'this process only (STATE_STORAGE=memory)',
    },
    'watching: one Partner Center call per watched customer per poll',
  );
  if (atMost > callsPerMinute) {
    logger.warn(
      { callsPerMinuteAtMost: Math.round(atMost), budgetPerMinutePerInstance: callsPerMinute },
      'WATCH_MAX_TOTAL watches every WATCH_POLL_SECONDS can need more calls than WATCH_CALLS_PER_MINUTE: when that ' +
        'many are watched, rounds take longer than the poll interval',
    );
  }
}

/** The program: read .env (local runs), validate configuration, start, and stop cleanly on a signal. */
async function main(): Promise<void> {
  if (process.env.DOTENV_DISABLED !== 'true') {
    // Variables already in the environment win over .env.
    (await import('dotenv')).config({ quiet: true });
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // The configured secrets are scrubbed from every line, whatever writes it.
  const logger = createLogger(config.logLevel, undefined, {
    scrub: [
      config.bot.appPassword,
      config.partnerCenter.clientSecret,
      ...connectionStringSecrets(config.blobStorage?.connectionString),
    ],
  });
  routeConsoleToLogger(logger);
  installProcessHandlers(process, logger, (code) => process.exit(code));

  const app = await startApp(config, logger);
  // After the JSON lines, one line for the person at the terminal; none in a log pipe.
  if (printsNextSteps(process.stdout)) {
    const line = nextStepsLine({ port: app.host.port, url: app.host.url, inboundAuth: Boolean(config.bot.appId) });
    writeToLogStream(logger, `${line}\n`);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down: finishing turns in flight');
    app
      .stop()
      .then(() => {
        logger.info('stopped');
        logger.flush(() => process.exit(0));
      })
      .catch((error: unknown) => {
        logger.error({ error: describeError(error) }, 'error while stopping');
        logger.flush(() => process.exit(1));
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    // Straight to stderr: console.error may already be routed to the logger.
    process.stderr.write(`The bot could not start: ${describeError(error).message}\n`);
    process.exit(1);
  });
}
