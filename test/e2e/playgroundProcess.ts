import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, probe, sleep } from '../helpers/botProcess';

/**
 * The Microsoft 365 Agents Playground (`agentsplayground start`, package
 * @microsoft/m365agentsplayground) as a child process, pointed at the bot under test.
 *
 * - It runs in a fresh temporary directory (its cwd and HOME): its `devTools/` log folder and any
 *   `.m365agentsplayground.yml` lookup stay out of the repository; the directory is removed on stop.
 * - It listens on 127.0.0.1 only (test/e2e/loopbackOnly.cjs) and tells the bot to reply to
 *   http://127.0.0.1:<port>/_connector, so nothing is reachable from other machines.
 * - TEAMSAPPTESTER_BROWSER=none: it must not try to open a browser itself; telemetry is off.
 * - Killed (SIGKILL) when the test process exits, whatever happens.
 */

const CLI = require.resolve('@microsoft/m365agentsplayground/cli.js');
const LOOPBACK_ONLY = path.join(__dirname, 'loopbackOnly.cjs');

const running = new Set<ChildProcess>();
const tempDirs = new Set<string>();
let exitHookInstalled = false;

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:1234/api/messages. */
  readonly appEndpoint: string;
  /** How long to wait until the Playground's page answers 200. Default 30 s. */
  readonly startTimeoutMs?: number;
}

export class PlaygroundProcess {
  readonly child: ChildProcess;
  readonly port: number;
  /** The page to open, e.g. http://127.0.0.1:1234/ */
  readonly url: string;
  readonly dir: string;
  private readonly exited: Promise<void>;
  private hasExited = false;
  private out = '';

  private constructor(child: ChildProcess, port: number, dir: string) {
    this.child = child;
    this.port = port;
    this.url = `http://127.0.0.1:${port}/`;
    this.dir = dir;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.out += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.out += chunk));
    this.exited = new Promise<void>((resolve) => {
      child.once('exit', () => {
        running.delete(child);
        this.hasExited = true;
        resolve();
      });
    });
  }

  /** Starts the Playground on a free port and waits until its page answers 200. */
  static async start(options: PlaygroundOptions): Promise<PlaygroundProcess> {
    for (let attempt = 1; ; attempt++) {
      const playground = PlaygroundProcess.spawn(await freePort(), options.appEndpoint);
      try {
        await playground.waitUntilReady(options.startTimeoutMs ?? 30000);
        return playground;
      } catch (error) {
        await playground.stop();
        // The port was taken in between (the Playground then picks another one, which would not
        // match the service URL we gave it): try again with a new port.
        if (attempt < 3 && error instanceof PortTakenError) continue;
        throw error;
      }
    }
  }

  private static spawn(port: number, appEndpoint: string): PlaygroundProcess {
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const child of running) child.kill('SIGKILL');
        for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
      });
      // Node ends the process on SIGTERM/SIGHUP without running 'exit' hooks: leave through
      // process.exit instead, so this hook, botProcess's and Playwright's (the browser) all run.
      // (Mocha handles SIGINT itself: it stops the run and the after hooks clean up.)
      process.once('SIGTERM', () => process.exit(143));
      process.once('SIGHUP', () => process.exit(129));
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qualification-bot-e2e-playground-'));
    tempDirs.add(dir);
    const env: NodeJS.ProcessEnv = {
      HOME: dir,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_LOGFILE: logFileIn(dir),
    };
    if (process.env.PATH !== undefined) env.PATH = process.env.PATH;
    const child = spawn(
      process.execPath,
      [
        '--no-deprecation',
        '--require',
        LOOPBACK_ONLY,
        CLI,
        'start',
        '--app-endpoint',
        appEndpoint,
        '--channel-id',
        'msteams',
        '--port',
        String(port),
        '--service-url',
        `http://127.0.0.1:${port}/_connector`,
        '--disable-telemetry',
      ],
      { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    running.add(child);
    return new PlaygroundProcess(child, port, dir);
  }

  /** Everything the Playground printed. */
  get output(): string {
    return this.out;
  }

  private async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let lastProblem = 'no "Listening on" line yet';
    while (Date.now() < deadline) {
      if (this.hasExited) throw new Error(`the Agents Playground exited before it was ready; output:\n${this.out}`);
      const listening = /Listening on (\d+)/.exec(this.out);
      if (listening) {
        if (Number(listening[1]) !== this.port)
          throw new PortTakenError(`the Agents Playground took port ${listening[1]} instead of ${this.port}`);
        const answer = await probe('GET', this.url, undefined, 2000);
        if (answer.status === 200) return;
        lastProblem = answer.status !== undefined ? `HTTP ${answer.status}` : (answer.errorCode ?? 'error');
      }
      await sleep(100);
    }
    throw new Error(
      `the Agents Playground was not ready within ${timeoutMs} ms (${lastProblem}); output:\n${this.out}`,
    );
  }

  /**
   * SIGTERM, SIGKILL after 5 s; waits for the exit and removes the temporary directory. With
   * `keepLogIn`, first copies the Playground's own log file there.
   */
  async stop(keepLogIn?: string): Promise<void> {
    if (!this.hasExited) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
      await this.exited;
      clearTimeout(timer);
    }
    if (keepLogIn !== undefined && fs.existsSync(this.logFile)) {
      fs.mkdirSync(keepLogIn, { recursive: true });
      fs.copyFileSync(this.logFile, path.join(keepLogIn, 'm365agentsplayground.log'));
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
    tempDirs.delete(this.dir);
  }

  get logFile(): string {
    return logFileIn(this.dir);
  }
}

class PortTakenError extends Error {}

function logFileIn(dir: string): string {
  return path.join(dir, 'm365agentsplayground.log');
}
