import { startBareRoute } from '../bots';
import { measure, type Row } from '../measure';
import type { StandIns } from '../standIns';
import { GET_PING } from './messages';

/** restify 11, GET /ping: the floor of the host. */
export async function bareRoute(standIns: StandIns): Promise<Row> {
  const proc = await startBareRoute();
  try {
    return await measure('bare restify GET', proc, GET_PING, standIns, false);
  } finally {
    await proc.stop();
  }
}
