import type { Row } from './measure';
import type { Leak } from './scenarios/leakCheck';
import { BULK_CUSTOMERS, type BulkRun } from './scenarios/twentyCustomers';
import { LEAK_FIRST, LEAK_MAX_SECONDS, LEAK_TURNS, PC_DELAY_MS } from './settings';
import type { LeanPartnerCenter } from './standIns';

/** The targets the printed summary checks (MET or MISS), from what one full run found. */

/** Everything one full run found, for the printed table, the targets and bench/results.json. */
export interface Findings {
  rows: Row[];
  echo: Row;
  lookup: Row;
  distinct: Row;
  /** Token requests of the main bot process (leak check and its timed lookups) and of the info-level one. */
  tokenRequests: { main: number; info: number | undefined };
  /** Turns the main bot process answered. */
  mainTurns: number;
  leak: Leak;
  bulk: BulkRun;
  botLogLines: string[];
  pc: LeanPartnerCenter;
  startedAt: number;
}

export interface Ratios {
  rps: number;
  /** The echo bot's CPU time per turn / this one's: the rps ratio the CPU cost alone predicts. */
  cpuPerTurn: number;
  p99: number;
}

export function ratiosToEcho(row: Row, echo: Row): Ratios {
  const cpuPerTurn = (echo.cpuUsPerRequest ?? NaN) / (row.cpuUsPerRequest ?? NaN);
  return { rps: row.rps / echo.rps, cpuPerTurn, p99: row.p99Ms / echo.p99Ms };
}

export interface Target {
  target: string;
  value: string;
  met: boolean;
  /** A throughput target measured while other processes used the CPU: its verdict is not one. */
  busyMachine?: boolean;
}

/** Other processes' share of the CPU (otherLoadPct) above which a run's timings are not comparable. */
export const BUSY_PCT = 10;

const busy = (row: Row) => (row.otherLoadPct ?? 0) > BUSY_PCT;

function throughput(row: Row, echo: Row): { value: string; atLeast: (ratio: number) => boolean; busy: boolean } {
  const r = ratiosToEcho(row, echo);
  const us = (x: Row) => x.cpuUsPerRequest?.toFixed(0);
  return {
    value:
      `${r.rps.toFixed(2)}x by requests per second, ${r.cpuPerTurn.toFixed(2)}x by CPU time per turn ` +
      `(${us(row)} vs ${us(echo)} µs)`,
    // The bot's one JavaScript thread limits its requests per second on this machine, so the
    // ratio of CPU time per turn says the same as the rps ratio, and it is steadier when
    // something else takes CPU for a moment; under sustained load both drift (busyMachine).
    atLeast: (ratio) => r.rps >= ratio && r.cpuPerTurn >= ratio,
    busy: busy(row) || busy(echo),
  };
}

function leakTarget(leak: Leak): Target {
  const fell = leak.growth < 0 ? ': it fell, memory was given back' : '';
  const short = leak.turnsAtLast < LEAK_TURNS ? `; stopped after ${LEAK_MAX_SECONDS} s (BENCH_LEAK_MAX_SECONDS)` : '';
  return {
    target: `RSS after ${LEAK_TURNS} turns within 10% of RSS after ${LEAK_FIRST}`,
    value:
      `${leak.rssAtFirstMb.toFixed(1)} MB @ ${leak.turnsAtFirst} -> ${leak.rssAtLastMb.toFixed(1)} MB @ ` +
      `${leak.turnsAtLast} (${(leak.growth * 100).toFixed(1)}%${fell})${short}`,
    // A leak is growth; RSS that falls (V8 returning heap it grew early on) is not one.
    met: leak.growth <= 0.1 && leak.turnsAtLast >= LEAK_TURNS,
  };
}

function bulkTarget(bulk: BulkRun): Target {
  // At most 5 customers at once, each waiting PC_DELAY_MS.
  const floorSeconds = ((BULK_CUSTOMERS / 5) * PC_DELAY_MS) / 1000;
  return {
    target: `20 customers in one message, Partner Center ${PC_DELAY_MS} ms each, at most 5 in flight: <= 1.0 s, no 429`,
    value:
      `max ${bulk.maxSeconds.toFixed(2)} s over ${bulk.rounds} rounds (floor ${floorSeconds} s), ` +
      `${bulk.partnerCenterCallsPerMessage} Partner Center calls per message, ` +
      `at most ${bulk.maxInFlightAtPartnerCenter} ` +
      `in flight, ${bulk.throttledByPartnerCenter} throttled${bulk.allAnswered ? '' : ', NOT all answered'}`,
    met: bulk.maxSeconds <= 1.0 && bulk.throttledByPartnerCenter === 0 && bulk.allAnswered,
  };
}

export function targets(f: Findings): Target[] {
  const lookup = throughput(f.lookup, f.echo);
  const distinct = throughput(f.distinct, f.echo);
  const p99Ratio = ratiosToEcho(f.lookup, f.echo).p99;
  const distinctCalls = f.distinct.partnerCenterCallsPerMessage?.toFixed(2);
  return [
    { target: 'lookup rps >= 0.8x echo bot', value: lookup.value, met: lookup.atLeast(0.8), busyMachine: lookup.busy },
    {
      target: 'lookup, every customer different (2 Partner Center calls per turn): rps >= 0.6x echo bot',
      value: `${distinct.value}, ${distinctCalls} Partner Center calls per message`,
      met: distinct.atLeast(0.6),
      busyMachine: distinct.busy,
    },
    {
      target: 'lookup p99 <= 2x echo bot p99',
      value: `${p99Ratio.toFixed(2)}x`,
      met: p99Ratio <= 2,
      busyMachine: lookup.busy,
    },
    {
      target: 'one token request for the whole run (app mode)',
      value: `${f.tokenRequests.main} (bot process of ${f.mainTurns} + turns)`,
      met: f.tokenRequests.main === 1,
    },
    leakTarget(f.leak),
    bulkTarget(f.bulk),
  ];
}
