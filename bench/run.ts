import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { startPartnerCenterSimulator } from '../src/demo/simulator';
import { teamsMessage } from '../test/helpers/activities';
import { freePort } from '../test/helpers/botProcess';
import { EntraStandIn } from '../test/helpers/entraStandIn';

/**
 * `npm run bench` (issue 7). Everything on 127.0.0.1:
 *   - the bot, compiled (dist/src/index.js), NODE_ENV=production, PARTNER_CENTER_AUTH=app;
 *   - an Entra stand-in (TLS, test/helpers/entraStandIn.ts) that counts token requests;
 *   - a lean Partner Center stand-in (answers what the simulator answers for one customer, at
 *     once or after a fixed delay) and a lean Bot Connector stand-in (200 {"id":"1"}, counts only);
 *   - baselines in the same run: a minimal botbuilder echo bot and a bare restify route
 *     (bench/baselines.ts, compiled by bench/tsconfig.json, run as plain node like the bot);
 *   - the load generator (bench/loadWorker.js) in a worker thread: closed loop, keep-alive;
 *   - then 20 customers in one message, 5 rounds, with Partner Center answering in 200 ms and
 *     refusing (429) more than 10 requests at once.
 * Prints a table and writes bench/results.json. CPU µs/req is the measured process's own CPU time
 * (user + system, /proc) per request: on this 2-core machine the bot's one JavaScript thread is
 * what limits its requests per second, so this is the number to profile (BENCH_ONLY=profile,
 * BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=…", BENCH_TEXT="help").
 *
 * Knobs (environment): BENCH_SECONDS (10), BENCH_CONNECTIONS (10), BENCH_LEAK_TURNS (50000),
 * BENCH_LEAK_MAX_SECONDS (150), BENCH_INFO_RUN (1; 0 skips the LOG_LEVEL=info run).
 */

const ROOT = path.resolve(__dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const LEAK_FIRST = 5_000;
const LEAK_TURNS = Number(process.env.BENCH_LEAK_TURNS ?? 50_000);
const LEAK_MAX_SECONDS = Number(process.env.BENCH_LEAK_MAX_SECONDS ?? 150);
const INFO_RUN = process.env.BENCH_INFO_RUN !== '0';
const WARMUP_MS = 2000;
const PC_DELAY_MS = 200;

const CUSTOMER = '00000000-0000-4000-8000-000000000001';
const PARTNER_TENANT_ID = '7d1c3b2a-1111-4a2b-9c3d-00000000b001';
const CLIENT_ID = '5e2f4c3b-2222-4b3c-8d4e-00000000b001';
const CLIENT_SECRET = 'bench-secret';
const ACCESS_TOKEN = 'bench-access-token';

// ---------- small servers ----------

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Bot Connector stand-in: every POST answers 200 {"id":"1"}; only counted, bodies not kept. */
class LeanConnector {
  replies = 0;
  updates = 0;
  /** When set, the body of each reply is kept here (the 20-customer run reads the final card). */
  keep: string[] | undefined;
  readonly server = http.createServer({ keepAliveTimeout: 60000 }, (req, res) => {
    const chunks: Buffer[] | undefined = this.keep ? [] : undefined;
    if (chunks) req.on('data', (chunk: Buffer) => chunks.push(chunk));
    else req.resume();
    req.on('end', () => {
      if (req.method === 'POST') this.replies++;
      if (req.method === 'PUT') this.updates++;
      if (chunks) this.keep?.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 10 });
      res.end('{"id":"1"}');
    });
  });
  connections = 0;
  url = '';
  async start() {
    this.server.on('connection', () => this.connections++);
    this.url = `http://127.0.0.1:${await listen(this.server)}`;
  }
}

/** Partner Center answers 429 when more requests than this are in flight at once (PARTNER_CENTER_MAX_CONCURRENCY's default). */
const PC_MAX_IN_FLIGHT = 10;

/**
 * Partner Center stand-in, after `delayMs`: GET …/qualifications answers the simulator's body for
 * CUSTOMER, GET /v1/customers/{id} its customer resource (with the id asked for). More than
 * PC_MAX_IN_FLIGHT requests at once get 429 (counted): the bot must never provoke that.
 */
class LeanPartnerCenter {
  calls = 0;
  qualificationCalls = 0;
  profileCalls = 0;
  unauthorized = 0;
  throttled = 0;
  inFlight = 0;
  maxInFlight = 0;
  delayMs = 0;
  body = '';
  profileBody = '';
  contentType = 'application/json';
  readonly server = http.createServer({ keepAliveTimeout: 60000 }, (req, res) => {
    req.resume();
    this.calls++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const profile = /^\/v1\/customers\/([0-9a-f-]{36})$/.exec(req.url ?? '');
    if (profile) this.profileCalls++;
    else this.qualificationCalls++;
    const send = (status: number, body = '') => {
      this.inFlight--;
      res.writeHead(status, { 'Content-Type': this.contentType, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    const answer = () => {
      if (req.headers.authorization !== `Bearer ${ACCESS_TOKEN}`) {
        this.unauthorized++;
        return send(401);
      }
      if (this.inFlight > PC_MAX_IN_FLIGHT) {
        this.throttled++;
        return send(429, '{"code":429,"description":"Rate limit is exceeded"}');
      }
      send(200, profile ? this.profileBody.replaceAll(CUSTOMER, profile[1]!) : this.body);
    };
    if (this.delayMs > 0) setTimeout(answer, this.delayMs);
    else answer();
  });
  connections = 0;
  url = '';
  async start() {
    this.server.on('connection', () => this.connections++);
    // The answer is exactly what the built-in simulator gives for this customer.
    const simulator = await startPartnerCenterSimulator({ requireToken: ACCESS_TOKEN });
    try {
      const response = await fetch(`${simulator.url}/v1/customers/${CUSTOMER}/qualifications`, {
        headers: { Authorization: `Bearer ${ACCESS_TOKEN}` },
      });
      if (response.status !== 200) throw new Error(`simulator answered ${response.status}`);
      this.contentType = response.headers.get('content-type') ?? this.contentType;
      this.body = await response.text();
      const profile = await fetch(`${simulator.url}/v1/customers/${CUSTOMER}`, {
        headers: { Authorization: `Bearer ${ACCESS_TOKEN}` },
      });
      if (profile.status !== 200) throw new Error(`simulator answered ${profile.status} for the customer`);
      this.profileBody = await profile.text();
    } finally {
      await simulator.close();
    }
    this.url = `http://127.0.0.1:${await listen(this.server)}`;
  }
}

// ---------- processes ----------

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); NaN elsewhere. */
function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) in clock ticks, 100 per second on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** Busy and total CPU time of the whole machine (all cores, ms), from /proc/stat; NaN elsewhere. */
function machineCpuMs(): { busy: number; total: number } {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = ticks[3]! + ticks[4]!;
    return { busy: (total - idle) * 10, total: total * 10 };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/** This process's CPU time (ms, every thread: the stand-ins and the load generator). */
function harnessCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : NaN;
  } catch {
    return NaN;
  }
}

class Proc {
  peakKb = 0;
  private sampler: NodeJS.Timeout;
  private exited = false;
  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly port: number,
    readonly logPath: string,
  ) {
    child.once('exit', () => {
      this.exited = true;
      children.delete(child);
    });
    this.sampler = setInterval(() => this.sample(), 100);
  }

  static async start(name: string, args: string[], env: Record<string, string>): Promise<Proc> {
    const port = await freePort();
    const logPath = path.join(tmpdir(), `bench-${name}-${process.pid}.log`);
    const fd = openSync(logPath, 'w');
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        HOST: '127.0.0.1',
        PORT: String(port),
        ...env,
      },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    children.add(child);
    const proc = new Proc(name, child, port, logPath);
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      if (proc.exited) throw new Error(`${name} exited at start:\n${readFileSync(logPath, 'utf8').slice(0, 4000)}`);
      if ((await probe(port, '/healthz')) === 200) return proc;
      await sleep(100);
    }
    await proc.stop();
    throw new Error(`${name} was not healthy within 20 s`);
  }

  sample(): number {
    const kb = rssKb(this.child.pid ?? -1);
    if (kb > this.peakKb) this.peakKb = kb;
    return kb;
  }

  /** Peak RSS (MB) since the last call, then resets it to the current value. */
  takePeakMb(): number {
    this.sample();
    const peak = this.peakKb / 1024;
    this.peakKb = this.sample();
    return peak;
  }

  logLines(): string[] {
    return existsSync(this.logPath) ? readFileSync(this.logPath, 'utf8').split('\n').filter(Boolean) : [];
  }

  async stop(): Promise<void> {
    clearInterval(this.sampler);
    if (!this.exited) {
      const gone = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 20000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(this.logPath, { force: true });
  }
}

function probe(port: number, urlPath: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, timeout: 1000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}

// ---------- load ----------

interface LoadResult {
  requests: number;
  errors: number;
  errorSamples: Record<string, number>;
  elapsedMs: number;
  rps: number;
  p50: number;
  p99: number;
  max: number;
}

function load(
  port: number,
  kind: 'get' | 'activity',
  maxRequests: number,
  durationMs: number,
  connector?: LeanConnector,
): Promise<LoadResult> {
  let bodyTemplate: [string, string] | undefined;
  if (kind === 'activity') {
    // BENCH_TEXT: another message for profiling (e.g. "help": no Partner Center call).
    const activity = teamsMessage(process.env.BENCH_TEXT ?? `qualification for ${CUSTOMER}`, {
      serviceUrl: connector!.url,
    });
    activity.id = '__ID__';
    const [before, after] = JSON.stringify(activity).split('"__ID__"');
    bodyTemplate = [`${before}"bench-`, `"${after}`];
  }
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'loadWorker.js'), {
      workerData: {
        port,
        method: kind === 'get' ? 'GET' : 'POST',
        path: kind === 'get' ? '/ping' : '/api/messages',
        bodyTemplate,
        connections: CONNECTIONS,
        maxRequests,
        durationMs,
      },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

interface Row {
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
  errorSamples?: Record<string, number>;
}

type CpuSnapshot = { proc: number; harness: number; machine: { busy: number; total: number } };

/** Percent of all cores busy with something other than the measured process and this one. */
function otherLoad(before: CpuSnapshot, after: CpuSnapshot): number {
  const total = after.machine.total - before.machine.total;
  const others =
    after.machine.busy - before.machine.busy - (after.proc - before.proc) - (after.harness - before.harness);
  return Math.max(0, (100 * others) / total);
}

async function measure(
  name: string,
  proc: Proc,
  kind: 'get' | 'activity',
  counters: { connector: LeanConnector; pc: LeanPartnerCenter },
  withPc: boolean,
): Promise<Row> {
  await load(proc.port, kind, 10_000_000, WARMUP_MS, counters.connector);
  await sleep(200);
  proc.takePeakMb();
  const replies0 = counters.connector.replies;
  const pc0 = counters.pc.calls;
  const conn0 = counters.connector.connections;
  const pcConn0 = counters.pc.connections;
  const pid = proc.child.pid ?? -1;
  const cpu0 = { proc: processCpuMs(pid), harness: harnessCpuMs(), machine: machineCpuMs() };
  const r = await load(proc.port, kind, 10_000_000, SECONDS * 1000, counters.connector);
  const cpu1 = { proc: processCpuMs(pid), harness: harnessCpuMs(), machine: machineCpuMs() };
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
    otherLoadPct: otherLoad(cpu0, cpu1),
    errorSamples: r.errorSamples,
  };
  if (kind === 'activity') {
    row.replies = counters.connector.replies - replies0;
    row.connectorConnections = counters.connector.connections - conn0;
  }
  if (withPc) {
    row.partnerCenterCallsPerMessage = (counters.pc.calls - pc0) / r.requests;
    row.partnerCenterConnections = counters.pc.connections - pcConn0;
  }
  console.error(`  ${name}: ${r.requests} requests in ${(r.elapsedMs / 1000).toFixed(1)} s`);
  return row;
}

// ---------- 20 customers in one message ----------

const BULK_CUSTOMERS = 20;
const BULK_ROUNDS = 5;

interface BulkRun {
  customers: number;
  rounds: number;
  partnerCenterDelayMs: number;
  /** Time from posting the message to the end of the turn (the summary card sent), per round. */
  secondsPerRound: number[];
  maxSeconds: number;
  partnerCenterCallsPerMessage: number;
  maxInFlightAtPartnerCenter: number;
  throttledByPartnerCenter: number;
  repliesPerMessage: number;
  updatesPerMessage: number;
  /** Every round's last reply is the summary card with all 20 customers answered. */
  allAnswered: boolean;
}

/** POSTs one activity and resolves when the bot has answered the HTTP request (the turn is over). */
function postOnce(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/messages',
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * `qualification for <20 tenant ids>` with Partner Center answering each request in
 * PC_DELAY_MS: each round asks for 20 customers the bot has not seen (so their company names
 * are read too: 40 requests), and the stand-in refuses (429) beyond PC_MAX_IN_FLIGHT at once.
 */
async function bulkRun(proc: Proc, connector: LeanConnector, pc: LeanPartnerCenter): Promise<BulkRun> {
  pc.delayMs = PC_DELAY_MS;
  const seconds: number[] = [];
  const calls0 = pc.calls;
  const throttled0 = pc.throttled;
  const replies0 = connector.replies;
  const updates0 = connector.updates;
  pc.maxInFlight = 0;
  let allAnswered = true;
  for (let round = 0; round < BULK_ROUNDS; round++) {
    const ids = Array.from(
      { length: BULK_CUSTOMERS },
      (_, i) => `00000000-0000-4000-9${String(round).padStart(3, '0')}-${String(i).padStart(12, '0')}`,
    );
    const activity = teamsMessage(`qualification for ${ids.join(' ')}`, { serviceUrl: connector.url });
    connector.keep = [];
    const started = performance.now();
    const status = await postOnce(proc.port, JSON.stringify(activity));
    seconds.push((performance.now() - started) / 1000);
    const last = connector.keep.at(-1) ?? '';
    connector.keep = undefined;
    allAnswered &&=
      status === 200 &&
      last.includes(`${BULK_CUSTOMERS} customers`) &&
      !last.includes("couldn't be looked up") &&
      ids.every((id) => last.includes(id));
    await sleep(300);
  }
  pc.delayMs = 0;
  return {
    customers: BULK_CUSTOMERS,
    rounds: BULK_ROUNDS,
    partnerCenterDelayMs: PC_DELAY_MS,
    secondsPerRound: seconds,
    maxSeconds: Math.max(...seconds),
    partnerCenterCallsPerMessage: (pc.calls - calls0) / BULK_ROUNDS,
    maxInFlightAtPartnerCenter: pc.maxInFlight,
    throttledByPartnerCenter: pc.throttled - throttled0,
    repliesPerMessage: (connector.replies - replies0) / BULK_ROUNDS,
    updatesPerMessage: (connector.updates - updates0) / BULK_ROUNDS,
    allAnswered,
  };
}

// ---------- main ----------

async function main() {
  for (const file of ['dist/src/index.js', 'bench/dist/baselines.js']) {
    if (!existsSync(path.join(ROOT, file)))
      throw new Error(`${file} is missing: run npm run build and tsc -p bench/tsconfig.json (npm run bench does both)`);
  }
  const connector = new LeanConnector();
  const pc = new LeanPartnerCenter();
  const entra = new EntraStandIn({
    tenantId: PARTNER_TENANT_ID,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    accessToken: ACCESS_TOKEN,
  });
  await Promise.all([connector.start(), pc.start(), entra.start()]);
  const counters = { connector, pc };
  const rows: Row[] = [];
  const started = Date.now();
  console.error(
    `bench: ${CONNECTIONS} connections, ${SECONDS} s per phase (after ${WARMUP_MS / 1000} s warm-up), node ${process.version}`,
  );

  const botEnv = (logLevel: string): Record<string, string> => ({
    NODE_ENV: 'production',
    DOTENV_DISABLED: 'true',
    LOG_LEVEL: logLevel,
    PARTNER_CENTER_AUTH: 'app',
    PARTNER_CENTER_CLIENT_ID: CLIENT_ID,
    PARTNER_CENTER_CLIENT_SECRET: CLIENT_SECRET,
    PARTNER_CENTER_TENANT_ID: PARTNER_TENANT_ID,
    AAD_AUTHORITY_HOST: entra.authorityHost,
    PARTNER_CENTER_BASE_URL: pc.url,
    NODE_EXTRA_CA_CERTS: entra.caPath,
    USER_RATE_LIMIT_PER_MINUTE: '0',
    ALLOWED_TENANT_IDS: '*',
    MicrosoftAppId: '',
  });
  // BENCH_NODE_ARGS: extra node flags for the bot and echo processes (e.g. --cpu-prof --cpu-prof-dir=/tmp/prof).
  const extraNodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const botArgs = [...extraNodeArgs, '--no-deprecation', 'dist/src/index.js'];
  // BENCH_ONLY=profile: echo bot and one lookup run only (no bare route, leak check or info run).
  const profileOnly = process.env.BENCH_ONLY === 'profile';

  try {
    // 1. Bare restify route.
    let proc: Proc;
    if (profileOnly) {
      proc = await Proc.start('echo', [...extraNodeArgs, 'bench/dist/baselines.js', 'echo'], {
        NODE_ENV: 'production',
      });
      const echoRow = await measure('echo bot', proc, 'activity', counters, false);
      await proc.stop();
      proc = await Proc.start('bot', botArgs, botEnv('warn'));
      const botRow = await measure('bot lookup, PC at once', proc, 'activity', counters, true);
      await proc.stop();
      console.log(JSON.stringify({ echo: echoRow, bot: botRow, rpsRatio: botRow.rps / echoRow.rps }, null, 2));
      return;
    }
    proc = await Proc.start('bare', ['bench/dist/baselines.js', 'bare'], { NODE_ENV: 'production' });
    rows.push(await measure('bare restify GET', proc, 'get', counters, false));
    await proc.stop();

    // 2. Minimal botbuilder echo bot.
    proc = await Proc.start('echo', ['bench/dist/baselines.js', 'echo'], { NODE_ENV: 'production' });
    rows.push(await measure('echo bot', proc, 'activity', counters, false));
    await proc.stop();

    // 3. The bot (one process: leak check from its first turn, then the timed phases).
    proc = await Proc.start('bot', botArgs, botEnv('warn'));
    const leakStart = Date.now();
    const first = await load(proc.port, 'activity', LEAK_FIRST, LEAK_MAX_SECONDS * 1000, connector);
    await sleep(300);
    const rssAtFirstMb = proc.sample() / 1024;
    const restBudget = Math.max(1000, LEAK_MAX_SECONDS * 1000 - (Date.now() - leakStart));
    const rest = await load(proc.port, 'activity', LEAK_TURNS - first.requests, restBudget, connector);
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
    pc.delayMs = 0;
    rows.push(await measure('bot lookup, PC at once', proc, 'activity', counters, true));
    pc.delayMs = PC_DELAY_MS;
    rows.push(await measure(`bot lookup, PC +${PC_DELAY_MS} ms`, proc, 'activity', counters, true));
    pc.delayMs = 0;
    const bulk = await bulkRun(proc, connector, pc);
    console.error(`  20 customers: ${bulk.secondsPerRound.map((x) => x.toFixed(2)).join(', ')} s`);
    const botLogLines = proc.logLines();
    await proc.stop();
    const tokenRequestsMain = entra.tokenRequests().length;

    // 4. The same at LOG_LEVEL=info (audit lines on), to a file.
    let infoTokenRequests: number | undefined;
    if (INFO_RUN) {
      proc = await Proc.start('bot-info', botArgs, botEnv('info'));
      const before = entra.tokenRequests().length;
      rows.push(await measure('bot lookup, PC at once, LOG_LEVEL=info', proc, 'activity', counters, true));
      infoTokenRequests = entra.tokenRequests().length - before;
      await proc.stop();
    }

    // ---------- report ----------
    const echo = rows.find((r) => r.name === 'echo bot')!;
    const lookup = rows.find((r) => r.name === 'bot lookup, PC at once')!;
    const rpsRatio = lookup.rps / echo.rps;
    const p99Ratio = lookup.p99Ms / echo.p99Ms;
    // The bot's one JavaScript thread limits its requests per second on this machine, so the
    // ratio of CPU time per turn says the same as the rps ratio, and does not change when
    // something else on the machine takes CPU during one of the two runs (otherLoadPct).
    const cpuRatio = (echo.cpuUsPerRequest ?? NaN) / (lookup.cpuUsPerRequest ?? NaN);
    const disturbed = rows
      .filter((r) => (r.otherLoadPct ?? 0) > 10)
      .map((r) => `${r.name} (${(r.otherLoadPct ?? 0).toFixed(0)}% of the CPU used by other processes)`);
    const targets = [
      {
        target: 'lookup rps >= 0.8x echo bot',
        value: `${rpsRatio.toFixed(2)}x by requests per second, ${cpuRatio.toFixed(2)}x by CPU time per turn (${lookup.cpuUsPerRequest?.toFixed(0)} vs ${echo.cpuUsPerRequest?.toFixed(0)} µs)`,
        met: rpsRatio >= 0.8 && cpuRatio >= 0.8,
      },
      { target: 'lookup p99 <= 2x echo bot p99', value: `${p99Ratio.toFixed(2)}x`, met: p99Ratio <= 2 },
      {
        target: 'one token request for the whole run (app mode)',
        value: `${tokenRequestsMain} (bot process of ${leak.turnsAtLast + lookup.requests} + turns)`,
        met: tokenRequestsMain === 1,
      },
      {
        target: `RSS after ${LEAK_TURNS} turns within 10% of RSS after ${LEAK_FIRST}`,
        value: `${leak.rssAtFirstMb.toFixed(1)} MB @ ${leak.turnsAtFirst} -> ${leak.rssAtLastMb.toFixed(1)} MB @ ${leak.turnsAtLast} (${(leak.growth * 100).toFixed(1)}%${leak.growth < 0 ? ': it fell, memory was given back' : ''})`,
        // A leak is growth; RSS that falls (V8 returning heap it grew early on) is not one.
        met: leak.growth <= 0.1 && leak.turnsAtLast >= LEAK_TURNS,
      },
      {
        target: `20 customers in one message, Partner Center ${PC_DELAY_MS} ms each, at most 5 in flight: <= 1.0 s, no 429`,
        value: `max ${bulk.maxSeconds.toFixed(2)} s over ${bulk.rounds} rounds (floor ${((BULK_CUSTOMERS / 5) * PC_DELAY_MS) / 1000} s), ${bulk.partnerCenterCallsPerMessage} Partner Center calls per message, at most ${bulk.maxInFlightAtPartnerCenter} in flight, ${bulk.throttledByPartnerCenter} throttled${bulk.allAnswered ? '' : ', NOT all answered'}`,
        met: bulk.maxSeconds <= 1.0 && bulk.throttledByPartnerCenter === 0 && bulk.allAnswered,
      },
    ];

    const fmt = (n: number | undefined, d = 1) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(d));
    const header = [
      'run',
      'req',
      'err',
      'req/s',
      'p50 ms',
      'p99 ms',
      'max ms',
      'peak RSS MB',
      'CPU µs/req',
      'replies',
      'PC calls/msg',
      'rps vs echo',
      'p99 vs echo',
    ];
    const lines = rows.map((r) => [
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
      r.name.startsWith('bot') ? `${(r.rps / echo.rps).toFixed(2)}x` : '-',
      r.name.startsWith('bot') ? `${(r.p99Ms / echo.p99Ms).toFixed(2)}x` : '-',
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
    const show = (cells: string[]) =>
      cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
    console.log(
      `\nbench — ${CONNECTIONS} keep-alive connections, ${SECONDS} s per run after ${WARMUP_MS / 1000} s warm-up, Node ${process.version}, 127.0.0.1`,
    );
    console.log(show(header));
    console.log(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const l of lines) console.log(show(l));
    console.log(
      `\nEntra token requests: ${tokenRequestsMain} for the main bot process (leak check + both lookup runs)${infoTokenRequests === undefined ? '' : `, ${infoTokenRequests} for the info-level bot process`}`,
    );
    console.log(
      `Partner Center stand-in: ${pc.calls} calls in all (${pc.qualificationCalls} qualifications, ${pc.profileCalls} company names), ${pc.unauthorized} without the right token, ${pc.throttled} throttled`,
    );
    console.log(
      `20 customers in one message: ${bulk.secondsPerRound.map((x) => x.toFixed(2)).join(' s, ')} s; ${bulk.repliesPerMessage} replies and ${bulk.updatesPerMessage} updates per message`,
    );
    console.log(`Leak check: ${leak.turnsAtLast} turns in ${leak.seconds.toFixed(1)} s, ${leak.errors} errors`);
    const badLines = botLogLines.filter((l) => /"level":(50|60)/.test(l));
    console.log(
      `Bot log (LOG_LEVEL=warn) lines: ${botLogLines.length}, of them error/fatal: ${badLines.length}${badLines[0] ? `; first: ${badLines[0].slice(0, 300)}` : ''}`,
    );
    for (const r of rows) {
      if (r.connectorConnections !== undefined) {
        console.log(
          `  ${r.name}: new TCP connections to the Bot Connector stand-in ${r.connectorConnections}${r.partnerCenterConnections === undefined ? '' : `, to the Partner Center stand-in ${r.partnerCenterConnections}`}`,
        );
      }
    }
    for (const r of rows) if (r.errors > 0) console.log(`  ${r.name} errors: ${JSON.stringify(r.errorSamples)}`);
    if (disturbed.length > 0) {
      console.log(
        `\nWARNING: the machine was busy during ${disturbed.join(', ')}: requests per second are not comparable; run again on a quiet machine (the CPU ratio still holds).`,
      );
    }
    console.log('\nTargets:');
    for (const t of targets)
      console.log(`  ${t.met === null ? 'n/a ' : t.met ? 'MET ' : 'MISS'}  ${t.target}: ${t.value}`);

    const results = {
      when: new Date().toISOString(),
      node: process.version,
      connections: CONNECTIONS,
      secondsPerRun: SECONDS,
      warmupSeconds: WARMUP_MS / 1000,
      partnerCenterDelayMs: PC_DELAY_MS,
      loadGenerator: 'bench/loadWorker.js (node:http keep-alive agent, closed loop, worker thread)',
      runs: rows,
      tokenRequests: { mainBotProcess: tokenRequestsMain, infoBotProcess: infoTokenRequests },
      ratiosToEcho: { rps: rpsRatio, cpuPerTurn: cpuRatio, p99: p99Ratio },
      disturbed,
      leak,
      bulk,
      targets,
      totalSeconds: (Date.now() - started) / 1000,
    };
    writeFileSync(path.join(__dirname, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    console.log(`\nWrote bench/results.json (${results.totalSeconds.toFixed(0)} s in all).`);
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all([closeServer(connector.server), closeServer(pc.server), entra.close()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
