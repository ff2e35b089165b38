import { startEchoBot } from '../bots';
import { measure, type Row } from '../measure';
import type { StandIns } from '../standIns';
import { oneCustomerMessage } from './messages';

export const ECHO_ROW = 'echo bot';

/** The minimal botbuilder echo bot on the same adapter and host: the floor of any botbuilder bot. */
export async function echoBot(standIns: StandIns): Promise<Row> {
  const proc = await startEchoBot();
  try {
    return await measure(ECHO_ROW, proc, oneCustomerMessage(standIns.connector), standIns, false);
  } finally {
    await proc.stop();
  }
}
