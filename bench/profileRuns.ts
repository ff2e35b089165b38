import { startBot, startEchoBot } from './bots';
import { measure, type Row } from './measure';
import type { MeasuredProcess } from './processes';
import { ECHO_ROW } from './scenarios/echo';
import { lookupDifferentCustomers } from './scenarios/lookupDifferentCustomers';
import { lookupSameCustomer } from './scenarios/lookupSameCustomer';
import { oneCustomerMessage } from './scenarios/messages';
import { EXTRA_NODE_ARGS } from './settings';
import type { StandIns } from './standIns';
import { ratiosToEcho } from './targets';

/**
 * BENCH_ONLY=profile: the echo bot, the one-customer lookup and the every-customer-different
 * lookup, each in a process of its own (so `--cpu-prof` writes one profile per case);
 * BENCH_ONLY=distinct: the echo bot and the every-customer-different lookup only. No bare route,
 * leak check or info-level run. Prints JSON, with each process's pid (profile file names carry it)
 * and the turns it answered in all, warm-up included (for bench/profileSummary.ts's time per turn).
 */
export async function profileRuns(standIns: StandIns, only: 'profile' | 'distinct'): Promise<void> {
  const pids: Record<string, number> = {};
  const turns: Record<string, number> = {};
  type Start = () => Promise<MeasuredProcess>;
  const once = async (name: string, start: Start, run: (proc: MeasuredProcess) => Promise<Row>) => {
    const proc = await start();
    pids[name] = proc.pid;
    const replies0 = standIns.connector.replies;
    try {
      return await run(proc);
    } finally {
      await proc.stop();
      turns[name] = standIns.connector.replies - replies0;
    }
  };
  const echoMessage = oneCustomerMessage(standIns.connector);
  const echo = await once('echo', startEchoBot, (proc) => measure(ECHO_ROW, proc, echoMessage, standIns, false));
  const bot =
    only === 'profile'
      ? await once(
          'bot',
          () => startBot('bot', standIns),
          (proc) => lookupSameCustomer(proc, standIns),
        )
      : undefined;
  const startDistinct = () => startBot('bot-distinct', standIns);
  const distinct = await once('distinct', startDistinct, (proc) => lookupDifferentCustomers(proc, standIns));
  const output = {
    echo,
    ...(bot && { bot, rpsRatio: bot.rps / echo.rps, ratiosToEcho: ratiosToEcho(bot, echo) }),
    distinct,
    distinctRatiosToEcho: ratiosToEcho(distinct, echo),
    pids,
    turns,
    ...(EXTRA_NODE_ARGS.length > 0 && { nodeArgs: EXTRA_NODE_ARGS }),
  };
  console.log(JSON.stringify(output, null, 2));
}
