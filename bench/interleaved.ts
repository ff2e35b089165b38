import { startBot, startEchoBot } from './bots';
import { load, type LoadRequest } from './load';
import { processCpuMs, type MeasuredProcess } from './processes';
import { everyCustomerDifferentMessage, oneCustomerMessage } from './scenarios/messages';
import { INTERLEAVED_CYCLES, WARMUP_MS } from './settings';
import type { StandIns } from './standIns';

/**
 * BENCH_ONLY=interleaved: the echo bot, the one-customer lookup and the every-customer-different
 * lookup compared under the same conditions on a machine other work shares. All three processes
 * run at once; after a warm-up each, the load goes to one at a time for 1 s, in turn, for
 * BENCH_INTERLEAVED_CYCLES cycles (order reversed every other cycle), so a change in the
 * machine's load falls on all three alike. (The full run measures each for 10 s, one after the
 * other: on a busy machine the one measured while the others' work peaked looks slower.) Prints
 * JSON: each one's requests per second and CPU time per turn over its slices, and the ratios to
 * the echo bot.
 */
const SLICE_MS = 1000;

interface Contender {
  readonly name: string;
  readonly start: () => Promise<MeasuredProcess>;
  readonly request: LoadRequest;
}

export async function interleavedRuns(standIns: StandIns): Promise<void> {
  standIns.pc.delayMs = 0;
  const contenders: Contender[] = [
    { name: 'echo', start: startEchoBot, request: oneCustomerMessage(standIns.connector) },
    { name: 'bot', start: () => startBot('bot', standIns), request: oneCustomerMessage(standIns.connector) },
    {
      name: 'distinct',
      start: () => startBot('bot-distinct', standIns),
      request: everyCustomerDifferentMessage(standIns.connector),
    },
  ];
  const procs: MeasuredProcess[] = [];
  try {
    for (const c of contenders) procs.push(await c.start());
    for (const [i, c] of contenders.entries()) await load(procs[i].port, c.request, 10_000_000, WARMUP_MS);
    const totals = contenders.map(() => ({ requests: 0, errors: 0, ms: 0, cpuMs: 0 }));
    for (let cycle = 0; cycle < INTERLEAVED_CYCLES; cycle++) {
      const order = [...contenders.keys()];
      if (cycle % 2 === 1) order.reverse();
      for (const i of order) {
        const cpu0 = processCpuMs(procs[i].pid);
        const r = await load(procs[i].port, contenders[i].request, 10_000_000, SLICE_MS);
        totals[i].cpuMs += processCpuMs(procs[i].pid) - cpu0;
        totals[i].requests += r.requests;
        totals[i].errors += r.errors;
        totals[i].ms += r.elapsedMs;
      }
    }
    const rows = contenders.map((c, i) => ({
      name: c.name,
      requests: totals[i].requests,
      errors: totals[i].errors,
      rps: totals[i].requests / (totals[i].ms / 1000),
      cpuUsPerRequest: (totals[i].cpuMs * 1000) / totals[i].requests,
    }));
    const [echo] = rows;
    const ratios = Object.fromEntries(
      rows
        .slice(1)
        .map((r) => [r.name, { rps: r.rps / echo.rps, cpuPerTurn: echo.cpuUsPerRequest / r.cpuUsPerRequest }]),
    );
    console.log(JSON.stringify({ cycles: INTERLEAVED_CYCLES, sliceMs: SLICE_MS, rows, ratiosToEcho: ratios }, null, 2));
  } finally {
    for (const proc of procs) await proc.stop();
  }
}
