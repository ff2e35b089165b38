import { AppTokenProvider } from './auth/appTokenProvider';
import { DEMO_TOKEN, DemoTokenProvider } from './auth/demoTokenProvider';
import type { PartnerCenterTokenProvider } from './auth/tokenProvider';
import { createActivityProcessor } from './bot/activityProcessor';
import { createAdapter } from './bot/adapter';
import { QualificationBot } from './bot/qualificationBot';
import type { AppConfig } from './config';
import { startHost, type RunningHost } from './http/server';
import type { Logger } from './logger';
import { PartnerCenterClient } from './partnerCenter/client';
import { startPartnerCenterSimulator, type RunningSimulator } from './partnerCenter/simulator/server';

/** Composition: configuration → Partner Center access → bot → HTTP host. */
export interface RunningApp {
  readonly host: RunningHost;
  /** Where Partner Center calls go (the simulator's address in demo mode). */
  readonly partnerCenterUrl: string;
  /** Demo mode only: the built-in simulator (its request log shows what reached "Partner Center"). */
  readonly simulator?: RunningSimulator;
  stop(graceMs?: number): Promise<void>;
}

interface PartnerCenterAccess {
  readonly baseUrl: string;
  readonly simulator?: RunningSimulator;
  readonly tokenProvider: PartnerCenterTokenProvider;
  close(): Promise<void>;
}

async function partnerCenterAccess(config: AppConfig, logger: Logger): Promise<PartnerCenterAccess> {
  const pc = config.partnerCenter;
  if (pc.auth === 'demo') {
    const simulator = await startPartnerCenterSimulator({ requireToken: DEMO_TOKEN });
    logger.warn({ simulator: simulator.url }, 'DEMO MODE: answers come from the built-in Partner Center simulator, not from Partner Center');
    return { baseUrl: simulator.url, simulator, tokenProvider: new DemoTokenProvider(), close: () => simulator.close() };
  }
  const tokenProvider = new AppTokenProvider({
    clientId: pc.clientId,
    clientSecret: pc.clientSecret,
    tenantId: pc.tenantId,
    authorityHost: pc.authorityHost,
    logger,
  });
  return { baseUrl: pc.baseUrl, tokenProvider, close: async () => undefined };
}

export async function startApp(config: AppConfig, logger: Logger): Promise<RunningApp> {
  const partnerCenter = await partnerCenterAccess(config, logger);
  const client = new PartnerCenterClient({
    baseUrl: partnerCenter.baseUrl,
    tokenProvider: partnerCenter.tokenProvider,
    api: config.partnerCenter.api,
    timeoutMs: config.partnerCenter.timeoutMs,
  });
  const demo = config.partnerCenter.auth === 'demo';
  const bot = new QualificationBot({ source: client, logger, demo });
  const adapter = createAdapter(config.bot, logger);
  const processActivity = createActivityProcessor(adapter, bot, logger);

  let host: RunningHost;
  try {
    host = await startHost(
      { processActivity, logger, health: { mode: config.partnerCenter.auth, inboundAuth: Boolean(config.bot.appId) } },
      config.port,
      config.host,
    );
  } catch (error) {
    await partnerCenter.close();
    throw error;
  }
  logger.info(
    { url: `${host.url}/api/messages`, partnerCenterMode: config.partnerCenter.auth, inboundAuth: Boolean(config.bot.appId) },
    'bot listening',
  );

  return {
    host,
    partnerCenterUrl: partnerCenter.baseUrl,
    simulator: partnerCenter.simulator,
    async stop(graceMs?: number) {
      await host.stop(graceMs);
      await partnerCenter.close();
    },
  };
}
