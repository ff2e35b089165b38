import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Row } from './measure';
import { CONNECTIONS, PC_DELAY_MS, SECONDS, WARMUP_MS } from './settings';
import { BUSY_PCT, ratiosToEcho, targets, type Findings } from './targets';

/** The printed table, details, warnings and targets, and bench/results.json. */

const fmt = (n: number | undefined, d = 1) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(d));

const HEADER = [
  ...['run', 'req', 'err', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'peak RSS MB', 'CPU µs/req', 'replies'],
  ...['PC calls/msg', 'rps vs echo', 'by CPU', 'p99 vs echo'],
];

function cells(r: Row, echo: Row): string[] {
  const ratios = ratiosToEcho(r, echo);
  const bot = r.name.startsWith('bot');
  const ratio = (x: number) => (bot ? `${x.toFixed(2)}x` : '-');
  return [
    r.name,
    String(r.requests),
    String(r.errors),
    fmt(r.rps, 0),
    fmt(r.p50Ms, 2),
    fmt(r.p99Ms, 2),
    fmt(r.maxMs, 1),
    fmt(r.peakRssMb, 1),
    fmt(r.cpuUsPerRequest, 0),
    r.replies === undefined ? '-' : String(r.replies),
    fmt(r.partnerCenterCallsPerMessage, 2),
    ratio(ratios.rps),
    ratio(ratios.cpuPerTurn),
    ratio(ratios.p99),
  ];
}

function printTable(rows: Row[], echo: Row): void {
  const lines = rows.map((r) => cells(r, echo));
  const widths = HEADER.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const pad = (c: string, i: number) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]));
  const show = (row: string[]) => row.map(pad).join('  ');
  const warmup = WARMUP_MS / 1000;
  console.log(
    `\nbench — ${CONNECTIONS} keep-alive connections, ${SECONDS} s per run after ${warmup} s warm-up, ` +
      `Node ${process.version}, 127.0.0.1`,
  );
  console.log(show(HEADER));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(show(l));
  console.log(`("by CPU": the echo bot's CPU time per turn / this run's, the rps ratio the CPU cost alone predicts)`);
}

function printDetails(f: Findings): void {
  const { rows, leak, bulk, pc, botLogLines } = f;
  const info = f.tokenRequests.info === undefined ? '' : `, ${f.tokenRequests.info} for the info-level bot process`;
  const main = `${f.tokenRequests.main} for the main bot process (leak check + its lookup runs)`;
  console.log(`\nEntra token requests: ${main}${info}`);
  console.log(
    `Partner Center stand-in: ${pc.calls} calls in all (${pc.qualificationCalls} qualifications, ` +
      `${pc.profileCalls} company names), ${pc.unauthorized} without the right token, ${pc.throttled} throttled`,
  );
  const perRound = bulk.secondsPerRound.map((x) => x.toFixed(2)).join(' s, ');
  const perMessage = `${bulk.repliesPerMessage} replies and ${bulk.updatesPerMessage} updates per message`;
  console.log(`20 customers in one message: ${perRound} s; ${perMessage}`);
  console.log(`Leak check: ${leak.turnsAtLast} turns in ${leak.seconds.toFixed(1)} s, ${leak.errors} errors`);
  const badLines = botLogLines.filter((l) => /"level":(50|60)/.test(l));
  const firstBad = badLines[0] ? `; first: ${badLines[0].slice(0, 300)}` : '';
  const lines = `${botLogLines.length}, of them error/fatal: ${badLines.length}`;
  console.log(`Bot log (LOG_LEVEL=warn) lines: ${lines}${firstBad}`);
  for (const r of rows) {
    if (r.connectorConnections === undefined) continue;
    const pcConnections = r.partnerCenterConnections;
    const toPc = pcConnections === undefined ? '' : `, to the Partner Center stand-in ${pcConnections}`;
    console.log(`  ${r.name}: new TCP connections to the Bot Connector stand-in ${r.connectorConnections}${toPc}`);
  }
  for (const r of rows) if (r.errors > 0) console.log(`  ${r.name} errors: ${JSON.stringify(r.errorSamples)}`);
}

function printWarnings(f: Findings, disturbed: string[]): void {
  const distinctCalls = f.distinct.partnerCenterCallsPerMessage ?? 0;
  if (distinctCalls < 1.95) {
    console.log(
      `\nWARNING: "${f.distinct.name}" made ${fmt(distinctCalls, 2)} Partner Center calls per message, not 2: ` +
        'it did not measure the uncached case.',
    );
  }
  if (disturbed.length > 0) {
    console.log(
      `\nWARNING: the machine was busy during ${disturbed.join(', ')}: requests per second are not comparable, ` +
        'and under sustained load the CPU time per turn drifts too; run again on a quiet machine.',
    );
  }
}

/** Prints the table, the details and the targets, and writes bench/results.json. */
export function report(f: Findings): void {
  const steal = (r: Row) =>
    (r.stealPct ?? 0) >= 1 ? `, ${r.stealPct!.toFixed(0)}% of it stolen by the hypervisor` : '';
  const disturbed = f.rows
    .filter((r) => (r.otherLoadPct ?? 0) > BUSY_PCT)
    .map((r) => `${r.name} (${(r.otherLoadPct ?? 0).toFixed(0)}% of the CPU used by other processes${steal(r)})`);
  const checked = targets(f);
  printTable(f.rows, f.echo);
  printDetails(f);
  printWarnings(f, disturbed);
  console.log('\nTargets:');
  for (const t of checked) {
    const caveat = t.busyMachine ? ' (busy machine: not a verdict)' : '';
    console.log(`  ${t.met ? 'MET ' : 'MISS'}  ${t.target}: ${t.value}${caveat}`);
  }

  const results = {
    when: new Date().toISOString(),
    node: process.version,
    connections: CONNECTIONS,
    secondsPerRun: SECONDS,
    warmupSeconds: WARMUP_MS / 1000,
    partnerCenterDelayMs: PC_DELAY_MS,
    loadGenerator: 'bench/loadWorker.js (node:http keep-alive agent, closed loop, worker thread)',
    runs: f.rows,
    tokenRequests: { mainBotProcess: f.tokenRequests.main, infoBotProcess: f.tokenRequests.info },
    ratiosToEcho: {
      ...ratiosToEcho(f.lookup, f.echo),
      everyCustomerDifferent: ratiosToEcho(f.distinct, f.echo),
    },
    disturbed,
    leak: f.leak,
    bulk: f.bulk,
    targets: checked,
    totalSeconds: (Date.now() - f.startedAt) / 1000,
  };
  writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWrote bench/results.json (${results.totalSeconds.toFixed(0)} s in all).`);
}
