import { measure, type Row } from '../measure';
import type { MeasuredProcess } from '../processes';
import type { StandIns } from '../standIns';
import { everyCustomerDifferentMessage } from './messages';

export const DISTINCT_ROW = 'bot lookup, every customer different';

/**
 * The realistic worst case: every message names a customer the bot has not seen, so no company
 * name is remembered and each turn is two Partner Center calls (qualifications and the customer).
 * Partner Center answers at once.
 */
export function lookupDifferentCustomers(proc: MeasuredProcess, standIns: StandIns): Promise<Row> {
  standIns.pc.delayMs = 0;
  return measure(DISTINCT_ROW, proc, everyCustomerDifferentMessage(standIns.connector), standIns, true);
}
