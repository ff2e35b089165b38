import { measure, type Row } from '../measure';
import type { MeasuredProcess } from '../processes';
import type { StandIns } from '../standIns';
import { oneCustomerMessage } from './messages';

export const LOOKUP_ROW = 'bot lookup, PC at once';

/**
 * One customer over and over: after the first turn its company name is remembered, so each
 * turn is one Partner Center call (qualifications). Partner Center answers after `delayMs`.
 */
export async function lookupSameCustomer(
  proc: MeasuredProcess,
  standIns: StandIns,
  delayMs = 0,
  name = LOOKUP_ROW,
): Promise<Row> {
  standIns.pc.delayMs = delayMs;
  try {
    return await measure(name, proc, oneCustomerMessage(standIns.connector), standIns, true);
  } finally {
    standIns.pc.delayMs = 0;
  }
}
