import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { waitFor } from './waitFor';

/**
 * The real bot (`src/index.ts`) as a child process, started the way a user starts it, with a
 * minimal explicit environment (nothing of the developer's environment or .env leaks in).
 * Every process started here is also killed when the test process exits, whatever happens.
 * The benchmark uses it too, for the compiled bot and its baselines (`nodeArgs`, `logFile`).
 */

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface BotProcessOptions {
  /** The test's variables (PARTNER_CENTER_*, MicrosoftAppId, NODE_EXTRA_CA_CERTS, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** Default 'info'. */
  readonly logLevel?: string;
  /** How long to wait for GET /healthz to answer 200. Default 20 s. */
  readonly startTimeoutMs?: number;
  /** What node runs (flags, then the script). Default: the bot from source through tsx. */
  readonly nodeArgs?: readonly string[];
  /**
   * Write stdout and stderr to this file instead of keeping them in memory: for long runs, and so
   * that reading the output costs this process no CPU while it is being measured.
   */
  readonly logFile?: string;
}

const BOT_FROM_SOURCE = ['--require', 'tsx/cjs', 'src/index.ts'];

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** A port that was free a moment ago (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** PATH and HOME from this process, the test's variables, and the settings every test needs. */
function childEnv(port: number | string, options: BotProcessOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
  if (process.env.HOME !== undefined) env.HOME = process.env.HOME;
  return {
    ...env,
    DOTENV_DISABLED: 'true',
    LOG_LEVEL: options.logLevel ?? 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...options.env,
  };
}

export class BotProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** Resolves when the process has exited and all its output has been read (never rejects). */
  readonly exited: Promise<ExitStatus>;
  private exitStatus: ExitStatus | undefined;
  private out = '';
  private err = '';
  private readonly logFile: string | undefined;

  private constructor(child: ChildProcess, port: number, logFile: string | undefined) {
    this.child = child;
    this.port = port;
    this.logFile = logFile;
    this.url = `http://127.0.0.1:${port}`;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.out += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.err += chunk));
    // 'close', not 'exit': 'exit' can come before the last of stdout and stderr has been read.
    this.exited = new Promise<ExitStatus>((resolve) => {
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
        running.delete(child);
        this.exitStatus = { code, signal };
        resolve(this.exitStatus);
      });
    });
  }

  /** Spawns `node --require tsx/cjs src/index.ts` (or `nodeArgs`; cwd = repo root) without waiting for it. */
  static spawn(port: number | string, options: BotProcessOptions = {}): BotProcess {
    installExitHook();
    const fd = options.logFile === undefined ? undefined : openSync(options.logFile, 'w');
    try {
      const child = spawn(process.execPath, [...(options.nodeArgs ?? BOT_FROM_SOURCE)], {
        cwd: REPO_ROOT,
        env: childEnv(port, options),
        stdio: ['ignore', fd ?? 'pipe', fd ?? 'pipe'],
      });
      running.add(child);
      return new BotProcess(child, typeof port === 'number' ? port : Number(port), options.logFile);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  /**
   * Starts the bot on a free port and waits until GET /healthz answers 200. If the port was taken
   * in between (EADDRINUSE), tries again with another one.
   */
  static async start(options: BotProcessOptions = {}): Promise<BotProcess> {
    for (let attempt = 1; ; attempt++) {
      const bot = BotProcess.spawn(await freePort(), options);
      try {
        await bot.waitUntilHealthy(options.startTimeoutMs ?? 20000);
        return bot;
      } catch (error) {
        bot.kill();
        await bot.exited;
        if (attempt < 3 && bot.stderr.includes('EADDRINUSE')) continue;
        throw error;
      }
    }
  }

  /** With `logFile`, the whole file (stdout and stderr interleaved), here and in `stderr`. */
  get stdout(): string {
    return this.logFile === undefined ? this.out : this.logText();
  }

  get stderr(): string {
    return this.logFile === undefined ? this.err : this.logText();
  }

  /** Everything the process wrote, for "never logged" assertions. */
  get output(): string {
    return this.logFile === undefined ? `${this.out}\n${this.err}` : this.logText();
  }

  private outputForErrors(): string {
    if (this.logFile === undefined) return `stderr:\n${this.err}\nstdout:\n${this.out}`;
    return `output (${this.logFile}):\n${this.logText()}`;
  }

  private logText(): string {
    return this.logFile !== undefined && existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  get hasExited(): boolean {
    return this.exitStatus !== undefined;
  }

  /** stdout lines that are JSON log records (pino), parsed. */
  logRecords(): Array<Record<string, unknown>> {
    return this.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
  }

  /**
   * The first log record that matches, once it has arrived. A reply can reach the test before the
   * line the bot logged while sending it: stdout is a pipe of its own, read when it is read.
   */
  async waitForLogRecord(
    matches: (record: Record<string, unknown>) => boolean,
    what = 'the log line',
    timeoutMs = 5000,
  ): Promise<Record<string, unknown>> {
    try {
      return await waitFor(() => this.logRecords().find(matches), { what: `${what} in the bot's stdout`, timeoutMs });
    } catch (error) {
      assert.fail(`${(error as Error).message}; ${this.outputForErrors()}`);
    }
  }

  async waitUntilHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastProblem = 'no answer yet';
    while (Date.now() < deadline) {
      if (this.hasExited) {
        const exit = describeExit(this.exitStatus);
        throw new Error(`the bot exited before it was healthy (${exit}); ${this.outputForErrors()}`);
      }
      const answer = await probe('GET', `${this.url}/healthz`, undefined, 1000);
      // Other processes on this machine take free ports too: a 200 counts only from this child.
      if (answer.status === 200 && listensOn(this.child.pid, this.port)) return;
      lastProblem =
        answer.status === 200
          ? `another process answers on port ${this.port}`
          : answer.status !== undefined
            ? `HTTP ${answer.status}`
            : (answer.errorCode ?? 'error');
      await sleep(100);
    }
    throw new Error(`the bot was not healthy within ${timeoutMs} ms (${lastProblem}); ${this.outputForErrors()}`);
  }

  /** Sends `signal` and waits for the exit; SIGKILL and an error after `timeoutMs`. Returns the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15000): Promise<number | null> {
    if (!this.hasExited) this.child.kill(signal);
    const status = await this.waitForExit(timeoutMs);
    return status.code;
  }

  /** Waits for the exit; kills the process (SIGKILL) and throws if it takes longer than `timeoutMs`. */
  async waitForExit(timeoutMs: number): Promise<ExitStatus> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const result = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.kill();
      await this.exited;
      throw new Error(`the bot did not exit within ${timeoutMs} ms; killed it. ${this.outputForErrors()}`);
    }
    return result;
  }

  /** The safety net for after hooks: SIGKILL if still running. */
  kill(): void {
    if (!this.hasExited) this.child.kill('SIGKILL');
  }
}

/** Kills every bot process this module started that is still running (for after hooks). */
export async function killAllBots(): Promise<void> {
  const children = [...running];
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

export interface ProbeAnswer {
  readonly status?: number;
  readonly body?: string;
  /** e.g. ECONNREFUSED, ECONNRESET, TIMEOUT. */
  readonly errorCode?: string;
}

/**
 * One HTTP request on a NEW connection (no keep-alive pool), so the answer says whether the server
 * accepts new connections right now. Never throws.
 */
export function probe(method: string, url: string, body?: unknown, timeoutMs = 2000): Promise<ProbeAnswer> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const request = http.request(
      url,
      {
        method,
        agent: false,
        headers: {
          Connection: 'close',
          ...(payload !== undefined && {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(payload),
          }),
        },
        timeout: timeoutMs,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode, body: text }));
        response.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ status: response.statusCode, errorCode: error.code ?? error.name }),
        );
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ errorCode: error.code ?? error.name }));
    request.end(payload);
  });
}

/**
 * Whether process `pid` holds the socket listening on TCP `port` (Linux: /proc/net/tcp and tcp6
 * against the process's file descriptors). Where /proc cannot tell, assumed so.
 */
function listensOn(pid: number | undefined, port: number): boolean {
  const fdDir = `/proc/${pid}/fd`;
  if (pid === undefined || !existsSync('/proc/net/tcp') || !existsSync(fdDir)) return true;
  try {
    const sockets = new Set(
      ['/proc/net/tcp', '/proc/net/tcp6']
        .filter((file) => existsSync(file))
        .flatMap((file) => readFileSync(file, 'utf8').split('\n').slice(1))
        .map((line) => line.trim().split(/\s+/))
        // local_address is ADDR:PORT in hex; state 0A is LISTEN; the inode is the tenth field.
        .filter((fields) => fields[3] === '0A' && Number.parseInt(fields[1]?.split(':')[1] ?? '', 16) === port)
        .map((fields) => `socket:[${fields[9]}]`),
    );
    return readdirSync(fdDir).some((fd) => {
      try {
        return sockets.has(readlinkSync(`${fdDir}/${fd}`));
      } catch {
        return false;
      }
    });
  } catch {
    return true;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describeExit(status: ExitStatus | undefined): string {
  if (!status) return 'still running';
  return status.signal ? `signal ${status.signal}` : `exit code ${status.code}`;
}
