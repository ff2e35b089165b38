import { DEFAULTS } from '../../src/config/defaults';
import type { CardExamples } from '../../src/cards/actions';
import type { ProgressTimings } from '../../src/conversation/handlers/customersHandler';
import { QualificationBot } from '../../src/conversation/qualificationBot';
import { CompanyNames } from '../../src/lookup/companyNames';
import { Lookups } from '../../src/lookup/lookups';
import type { QualificationSource } from '../../src/partnerCenter/types';
import { createLogger, type Logger } from '../../src/shared/logger';
import { BotOwnAccess } from '../../src/signIn/botOwnAccess';
import type { WatchList } from '../../src/watch/watchList';

/** What a bot-level test (TestAdapter) may change; everything else is production's default. */
export interface TestBotOptions {
  readonly logger?: Logger;
  readonly demo?: boolean;
  readonly maxCustomers?: number;
  readonly examples?: CardExamples;
  /** Several customers: how many at once, the command's deadline and the progress card's timings. */
  readonly bulk?: { readonly concurrency?: number; readonly deadlineMs?: number; readonly progress?: ProgressTimings };
  readonly companyNames?: CompanyNames;
  /** The message extension's deadline (MESSAGE_EXTENSION_DEADLINE_MS). */
  readonly messageExtensionDeadlineMs?: number;
  /** `watch`, `unwatch`, `watching` and the result card's watch button over this list (else not offered). */
  readonly watch?: WatchList;
}

/** The bot with its lookups over `source`, in app mode (the bot's own access), as the composition root builds it. */
export function testBot(source: QualificationSource, options: TestBotOptions = {}): QualificationBot {
  const lookups = new Lookups(source, {
    deadlineMs: options.bulk?.deadlineMs ?? DEFAULTS.partnerCenterDeadlineMs,
    concurrency: options.bulk?.concurrency ?? DEFAULTS.lookupConcurrency,
    companyNames: options.companyNames ?? new CompanyNames(DEFAULTS.companyNames),
  });
  return new QualificationBot({
    lookups,
    logger: options.logger ?? createLogger('silent'),
    cards: { demo: options.demo ?? false },
    maxCustomers: options.maxCustomers ?? DEFAULTS.maxCustomersPerMessage,
    examples: options.examples,
    progress: options.bulk?.progress,
    ...(options.watch && { watch: { list: options.watch, intervalSeconds: DEFAULTS.watch.pollSeconds } }),
    signIn: (lookUp) => new BotOwnAccess(lookUp),
    messageExtension: { deadlineMs: options.messageExtensionDeadlineMs ?? DEFAULTS.messageExtensionDeadlineMs },
  });
}
