import { sleep } from '../../test/helpers/botProcess';
import { load } from '../load';
import type { MeasuredProcess } from '../processes';
import { LEAK_FIRST, LEAK_MAX_SECONDS, LEAK_TURNS } from '../settings';
import type { StandIns } from '../standIns';
import { oneCustomerMessage } from './messages';

export interface Leak {
  turnsAtFirst: number;
  rssAtFirstMb: number;
  turnsAtLast: number;
  rssAtLastMb: number;
  growth: number;
  errors: number;
  seconds: number;
}

/**
 * From a new bot process's first turn: RSS after LEAK_FIRST turns and after LEAK_TURNS (or
 * LEAK_MAX_SECONDS, whichever comes first) of one-customer lookups.
 */
export async function leakCheck(proc: MeasuredProcess, { connector }: StandIns): Promise<Leak> {
  const message = oneCustomerMessage(connector);
  const leakStart = Date.now();
  const first = await load(proc.port, message, LEAK_FIRST, LEAK_MAX_SECONDS * 1000);
  await sleep(300);
  const rssAtFirstMb = proc.sample() / 1024;
  const restBudget = Math.max(1000, LEAK_MAX_SECONDS * 1000 - (Date.now() - leakStart));
  const rest = await load(proc.port, message, LEAK_TURNS - first.requests, restBudget);
  await sleep(300);
  const rssAtLastMb = proc.sample() / 1024;
  const leak = {
    turnsAtFirst: first.requests,
    rssAtFirstMb,
    turnsAtLast: first.requests + rest.requests,
    rssAtLastMb,
    growth: rssAtLastMb / rssAtFirstMb - 1,
    errors: first.errors + rest.errors,
    seconds: (Date.now() - leakStart) / 1000,
  };
  console.error(`  leak check: ${leak.turnsAtLast} turns in ${leak.seconds.toFixed(1)} s`);
  return leak;
}
