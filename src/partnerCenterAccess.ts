import { AppTokenProvider, type AppTokenProviderOptions } from './auth/appTokenProvider';
import { TokenAcquisitionError, type PartnerCenterTokenProvider } from './auth/tokenProvider';
import type { CardExamples } from './cards/actions';
import type { AppConfig } from './config';
import type { RunningSimulator } from './demo/simulator';
import type { Logger } from './shared/logger';

/**
 * Where Partner Center calls go and whose token they carry, by PARTNER_CENTER_AUTH: app (the
 * bot's own Entra app, client credentials), user (each call carries the signed-in person's), or
 * demo (the built-in simulator, loaded only then: it is not part of the production path).
 */
export interface PartnerCenterAccess {
  readonly baseUrl: string;
  readonly tokenProvider: PartnerCenterTokenProvider;
  /** Demo mode: the simulator (its request log shows what reached "Partner Center"). */
  readonly simulator?: RunningSimulator;
  /** Demo mode: the help and welcome cards' examples are sample customers, so a click answers. */
  readonly examples?: CardExamples;
  close(): Promise<void>;
}

export async function partnerCenterAccess(
  config: AppConfig,
  logger: Logger,
  tokenProvider?: PartnerCenterTokenProvider,
): Promise<PartnerCenterAccess> {
  const pc = config.partnerCenter;
  const noClose = (): Promise<void> => Promise.resolve();
  if (tokenProvider && pc.auth !== 'demo') return { baseUrl: pc.baseUrl, tokenProvider, close: noClose };
  if (pc.auth === 'demo') {
    // Loaded here, not imported at the top: outside demo mode the simulator is never loaded. (require:
    // a dynamic import() would go through Node's ES module loader, which tsx's test hook does not serve.)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const demo = require('./demo') as typeof import('./demo');
    const { simulator, tokenProvider: demoToken, examples } = await demo.startDemo();
    logger.warn(
      { simulator: simulator.url },
      'DEMO MODE: answers come from the built-in Partner Center simulator, not from Partner Center',
    );
    return {
      baseUrl: simulator.url,
      simulator,
      examples,
      tokenProvider: demoToken,
      close: () => simulator.close(),
    };
  }
  if (pc.auth === 'user') {
    // Every call carries the signed-in user's provider (CallContext.tokenProvider); a call without
    // one is a bug, and must not fall back to some other identity.
    const noUser: PartnerCenterTokenProvider = {
      getToken: () =>
        Promise.reject(new TokenAcquisitionError('unknown', 'no signed-in user for this Partner Center call')),
    };
    return { baseUrl: pc.baseUrl, tokenProvider: noUser, close: noClose };
  }
  return { baseUrl: pc.baseUrl, tokenProvider: new AppTokenProvider(entraApp(config, logger)), close: noClose };
}

/** The Entra app that calls Partner Center (app-only, and the on-behalf-of exchange in user mode). */
export function entraApp(config: AppConfig, logger: Logger): AppTokenProviderOptions {
  const pc = config.partnerCenter;
  return {
    clientId: pc.clientId,
    clientSecret: pc.clientSecret,
    tenantId: pc.tenantId,
    authorityHost: pc.authorityHost,
    resource: pc.resource,
    logger,
  };
}
