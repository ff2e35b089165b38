import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './botProcess';

/**
 * Azurite's Blob service (npm `azurite`, from node_modules) as a child process on 127.0.0.1, for
 * tests that need a real Azure Blob Storage API. `--disableTelemetry` keeps it off the network;
 * `--skipApiVersionCheck` lets a newer @azure/storage-blob talk to it. Data lives in memory, or in
 * a temporary folder (`onDisk`) so that a restart keeps it, as Azure does. Every process started
 * here is killed when the test process exits.
 */

/** Azurite's published development account: a well-known test key, not a secret. */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const MAIN = path.join(REPO_ROOT, 'node_modules', 'azurite', 'dist', 'src', 'blob', 'main.js');

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export interface AzuriteOptions {
  /** Keep data in a temporary folder (kept across restart(), removed by stop()). Default: in memory. */
  readonly onDisk?: boolean;
}

export class Azurite {
  private child: ChildProcess | undefined;
  private readonly location: string | undefined;

  private constructor(
    private port: number,
    options: AzuriteOptions,
  ) {
    this.location = options.onDisk ? mkdtempSync(path.join(tmpdir(), 'azurite-')) : undefined;
  }

  /** Starts Azurite on a free port (the one it reports) and resolves once it listens. */
  static async start(options: AzuriteOptions = {}): Promise<Azurite> {
    const azurite = new Azurite(0, options);
    await azurite.launch();
    return azurite;
  }

  get blobEndpoint(): string {
    return `http://127.0.0.1:${this.port}/${ACCOUNT}`;
  }

  /** What STATE_STORAGE_CONNECTION_STRING takes. */
  get connectionString(): string {
    return (
      `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};` +
      `BlobEndpoint=${this.blobEndpoint};`
    );
  }

  get isRunning(): boolean {
    return this.child !== undefined;
  }

  /** Stops the process (data on disk stays for restart()). */
  async halt(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Starts it again on the same port. */
  async restart(): Promise<void> {
    await this.halt();
    await this.launch();
  }

  /** Stops it for good and removes its data. */
  async stop(): Promise<void> {
    await this.halt();
    if (this.location) rmSync(this.location, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const child of running) child.kill('SIGKILL');
      });
    }
    const args = [
      MAIN,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(this.port),
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--silent',
      ...(this.location ? ['--location', this.location] : ['--inMemoryPersistence', '--extentMemoryLimit', '64']),
    ];
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    child.once('exit', () => running.delete(child));
    this.port = await new Promise<number>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error(`Azurite did not start within 60 s: ${output}`)), 60000);
      const fail = (error: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(error);
      };
      child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const match = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      child.once('exit', (code) => fail(new Error(`Azurite exited (${code}) before it listened: ${output}`)));
    });
    this.child = child;
  }
}
