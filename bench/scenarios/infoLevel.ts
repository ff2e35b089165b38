import { startBot } from '../bots';
import type { Row } from '../measure';
import type { StandIns } from '../standIns';
import { lookupSameCustomer } from './lookupSameCustomer';

export interface InfoLevelRun {
  row: Row;
  /** Token requests of this bot process (app mode: one expected). */
  tokenRequests: number;
}

/** The one-customer lookup in a new bot process at LOG_LEVEL=info (audit lines on, to a file). */
export async function infoLevelLookup(standIns: StandIns): Promise<InfoLevelRun> {
  const proc = await startBot('bot-info', standIns, 'info');
  try {
    const before = standIns.entra.tokenRequests().length;
    const row = await lookupSameCustomer(proc, standIns, 0, 'bot lookup, PC at once, LOG_LEVEL=info');
    return { row, tokenRequests: standIns.entra.tokenRequests().length - before };
  } finally {
    await proc.stop();
  }
}
