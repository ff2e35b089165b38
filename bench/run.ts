import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../test/helpers/botProcess';
import { startBot } from './bots';
import { interleavedRuns } from './interleaved';
import { killAll } from './processes';
import { profileRuns } from './profileRuns';
import { report } from './report';
import { bareRoute } from './scenarios/bare';
import { ECHO_ROW, echoBot } from './scenarios/echo';
import { infoLevelLookup } from './scenarios/infoLevel';
import { leakCheck } from './scenarios/leakCheck';
import { DISTINCT_ROW, lookupDifferentCustomers } from './scenarios/lookupDifferentCustomers';
import { LOOKUP_ROW, lookupSameCustomer } from './scenarios/lookupSameCustomer';
import { twentyCustomers } from './scenarios/twentyCustomers';
import { CONNECTIONS, INFO_RUN, ONLY, PC_DELAY_MS, SECONDS, WARMUP_MS } from './settings';
import { closeStandIns, startStandIns, type StandIns } from './standIns';

/**
 * `npm run bench` (issue 7). Everything on 127.0.0.1:
 *   - the bot, compiled (dist/src/index.js), NODE_ENV=production, PARTNER_CENTER_AUTH=app, against
 *     Entra, Partner Center and Bot Connector stand-ins (bench/standIns.ts);
 *   - baselines in the same run: a minimal botbuilder echo bot and a bare restify route
 *     (bench/baselines.ts);
 *   - the load generator (bench/loadWorker.js, driven by bench/load.ts) in a worker thread;
 *   - the scenarios in bench/scenarios/: one customer over and over (its company name remembered:
 *     one Partner Center call per turn), every customer different (two calls per turn), Partner
 *     Center answering in 200 ms, a leak check, 20 customers in one message, LOG_LEVEL=info.
 * Prints a table and the targets, and writes bench/results.json (bench/report.ts). CPU µs/req is
 * the measured process's own CPU time (user + system, /proc) per request: on this 2-core machine
 * the bot's one JavaScript thread is what limits its requests per second, so this is the number
 * to profile (BENCH_ONLY=profile or distinct, BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=…"); on a
 * busy machine, compare with BENCH_ONLY=interleaved (bench/interleaved.ts).
 * Knobs: bench/settings.ts.
 */

/** The main bot process: the leak check from its first turn, then the timed lookups and 20 customers. */
async function mainBotProcess(standIns: StandIns) {
  const proc = await startBot('bot', standIns);
  try {
    const leak = await leakCheck(proc, standIns);
    const rows = [
      await lookupSameCustomer(proc, standIns),
      await lookupDifferentCustomers(proc, standIns),
      await lookupSameCustomer(proc, standIns, PC_DELAY_MS, `bot lookup, PC +${PC_DELAY_MS} ms`),
    ];
    const bulk = await twentyCustomers(proc, standIns);
    const botLogLines = proc.logLines();
    return { leak, rows, bulk, botLogLines, turns: leak.turnsAtLast + rows[0].requests + rows[1].requests };
  } finally {
    await proc.stop();
  }
}

async function main() {
  for (const file of ['dist/src/index.js', 'bench/dist/baselines.js']) {
    if (!existsSync(path.join(REPO_ROOT, file))) {
      throw new Error(`${file} is missing: run npm run build and tsc -p bench/tsconfig.json (npm run bench does both)`);
    }
  }
  if (ONLY !== undefined && ONLY !== 'profile' && ONLY !== 'distinct' && ONLY !== 'interleaved') {
    throw new Error(`BENCH_ONLY=${ONLY}: use profile, distinct or interleaved`);
  }
  const standIns = await startStandIns();
  const startedAt = Date.now();
  const phases = `${SECONDS} s per phase (after ${WARMUP_MS / 1000} s warm-up)`;
  console.error(`bench: ${CONNECTIONS} connections, ${phases}, node ${process.version}`);
  try {
    if (ONLY === 'interleaved') return await interleavedRuns(standIns);
    if (ONLY !== undefined) return await profileRuns(standIns, ONLY);
    const rows = [await bareRoute(standIns), await echoBot(standIns)];
    const bot = await mainBotProcess(standIns);
    rows.push(...bot.rows);
    const tokenRequestsMain = standIns.entra.tokenRequests().length;
    const info = INFO_RUN ? await infoLevelLookup(standIns) : undefined;
    if (info) rows.push(info.row);
    const byName = (name: string) => rows.find((r) => r.name === name)!;
    report({
      rows,
      echo: byName(ECHO_ROW),
      lookup: byName(LOOKUP_ROW),
      distinct: byName(DISTINCT_ROW),
      tokenRequests: { main: tokenRequestsMain, info: info?.tokenRequests },
      mainTurns: bot.turns,
      leak: bot.leak,
      bulk: bot.bulk,
      botLogLines: bot.botLogLines,
      pc: standIns.pc,
      startedAt,
    });
  } finally {
    await killAll();
    await closeStandIns(standIns);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
