import { sleep } from '../test/helpers/botProcess';
import { load, type LoadRequest } from './load';
import { cpuSnapshot, otherLoadPct, stealPct, type MeasuredProcess } from './processes';
import { SECONDS, WARMUP_MS } from './settings';
import type { StandIns } from './standIns';

/** One row of the table: a warm-up, then SECONDS of closed-loop load on one process. */
export interface Row {
  name: string;
  requests: number;
  errors: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  peakRssMb: number;
  replies?: number;
  partnerCenterCallsPerMessage?: number;
  /** New TCP connections the process opened to the Bot Connector / Partner Center stand-ins during the run. */
  connectorConnections?: number;
  partnerCenterConnections?: number;
  /** CPU time of the measured process per request (µs), user + system. */
  cpuUsPerRequest?: number;
  /** CPU time of this process (the stand-ins and the load generator) per request (µs). */
  harnessCpuUsPerRequest?: number;
  /** Share of the machine's CPU (all cores) used during the run by processes other than these two. */
  otherLoadPct?: number;
  /** Of otherLoadPct, the share the hypervisor gave to other virtual machines (steal). */
  stealPct?: number;
  errorSamples?: Record<string, number>;
}

export async function measure(
  name: string,
  proc: MeasuredProcess,
  request: LoadRequest,
  { connector, pc }: StandIns,
  withPc: boolean,
): Promise<Row> {
  await load(proc.port, request, 10_000_000, WARMUP_MS);
  await sleep(200);
  proc.takePeakMb();
  const replies0 = connector.replies;
  const pc0 = pc.calls;
  const conn0 = connector.connections;
  const pcConn0 = pc.connections;
  const cpu0 = cpuSnapshot(proc.pid);
  const r = await load(proc.port, request, 10_000_000, SECONDS * 1000);
  const cpu1 = cpuSnapshot(proc.pid);
  await sleep(200);
  const row: Row = {
    name,
    requests: r.requests,
    errors: r.errors,
    rps: r.rps,
    p50Ms: r.p50,
    p99Ms: r.p99,
    maxMs: r.max,
    peakRssMb: proc.takePeakMb(),
    cpuUsPerRequest: ((cpu1.proc - cpu0.proc) * 1000) / r.requests,
    harnessCpuUsPerRequest: ((cpu1.harness - cpu0.harness) * 1000) / r.requests,
    otherLoadPct: otherLoadPct(cpu0, cpu1),
    stealPct: stealPct(cpu0, cpu1),
    errorSamples: r.errorSamples,
  };
  if (request.kind === 'activity') {
    row.replies = connector.replies - replies0;
    row.connectorConnections = connector.connections - conn0;
  }
  if (withPc) {
    row.partnerCenterCallsPerMessage = (pc.calls - pc0) / r.requests;
    row.partnerCenterConnections = pc.connections - pcConn0;
  }
  console.error(`  ${name}: ${r.requests} requests in ${(r.elapsedMs / 1000).toFixed(1)} s`);
  return row;
}
