import { startBot, startEchoBot } from './bots';
import { measure } from './measure';
import { ECHO_ROW } from './scenarios/echo';
import { lookupSameCustomer } from './scenarios/lookupSameCustomer';
import { oneCustomerMessage } from './scenarios/messages';
import type { StandIns } from './standIns';

/**
 * BENCH_ONLY=profile: the echo bot and one lookup run only, each in a process of its own (so
 * `--cpu-prof` writes one profile per case). No bare route, leak check or info-level run.
 */
export async function profileRuns(standIns: StandIns): Promise<void> {
  let proc = await startEchoBot();
  const echo = await measure(ECHO_ROW, proc, oneCustomerMessage(standIns.connector), standIns, false);
  await proc.stop();
  proc = await startBot('bot', standIns);
  const bot = await lookupSameCustomer(proc, standIns);
  await proc.stop();
  console.log(JSON.stringify({ echo, bot, rpsRatio: bot.rps / echo.rps }, null, 2));
}
