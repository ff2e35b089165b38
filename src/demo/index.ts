import type { PartnerCenterTokenProvider } from '../auth/tokenProvider';
import type { CardExamples } from '../cards/actions';
import { DEMO_TOKEN, DemoTokenProvider } from './demoTokenProvider';
import { DEMO_EXAMPLES } from './sampleCustomers';
import { startPartnerCenterSimulator, type RunningSimulator } from './simulator';

/** Demo mode: the built-in Partner Center simulator, its token, and example lookups that answer. */
interface Demo {
  readonly simulator: RunningSimulator;
  readonly tokenProvider: PartnerCenterTokenProvider;
  /** The help and welcome cards' examples: sample customers, so a click answers. */
  readonly examples: CardExamples;
}

/**
 * Starts the simulator. Loaded with require() by partnerCenterAccess.ts in demo mode only, which
 * knip cannot follow: hence the tag.
 * @public
 */
export async function startDemo(): Promise<Demo> {
  const simulator = await startPartnerCenterSimulator({ requireToken: DEMO_TOKEN });
  return { simulator, tokenProvider: new DemoTokenProvider(), examples: DEMO_EXAMPLES };
}
