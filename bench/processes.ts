import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BotProcess, killAllBots } from '../test/helpers/botProcess';

/**
 * The measured processes (the bot, the echo bot, the bare route), started with the tests' process
 * harness (test/helpers/botProcess.ts: free port, minimal environment, /healthz wait, killed when
 * this process exits), plus what only the benchmark needs: peak RSS sampled every 100 ms and CPU
 * time read from /proc (Linux; NaN elsewhere).
 */

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 (utime, stime) in clock ticks, 100 per second on Linux.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

interface MachineCpu {
  busy: number;
  total: number;
  /** Time a virtual machine's cores were runnable but the hypervisor ran something else. */
  steal: number;
}

/** Busy, stolen and total CPU time of the whole machine (all cores, ms), from /proc/stat. */
export function machineCpuMs(): MachineCpu {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = ticks[3] + ticks[4];
    return { busy: (total - idle) * 10, total: total * 10, steal: ticks[7] * 10 };
  } catch {
    return { busy: NaN, total: NaN, steal: NaN };
  }
}

/** This process's CPU time (ms, every thread: the stand-ins and the load generator). */
export function harnessCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export interface CpuSnapshot {
  readonly proc: number;
  readonly harness: number;
  readonly machine: MachineCpu;
}

export function cpuSnapshot(pid: number): CpuSnapshot {
  return { proc: processCpuMs(pid), harness: harnessCpuMs(), machine: machineCpuMs() };
}

/**
 * Percent of all cores busy with something other than the measured process and this one (steal
 * included: a core the hypervisor gave to another machine was not free for these two either).
 */
export function otherLoadPct(before: CpuSnapshot, after: CpuSnapshot): number {
  const total = after.machine.total - before.machine.total;
  const ours = after.proc - before.proc + (after.harness - before.harness);
  const others = after.machine.busy - before.machine.busy - ours;
  return Math.max(0, (100 * others) / total);
}

/** Percent of all cores' time stolen by the hypervisor (0 on bare metal). */
export function stealPct(before: CpuSnapshot, after: CpuSnapshot): number {
  return (100 * (after.machine.steal - before.machine.steal)) / (after.machine.total - before.machine.total);
}

function rssKb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : NaN;
  } catch {
    return NaN;
  }
}

export class MeasuredProcess {
  private peakKb = 0;
  private readonly sampler: NodeJS.Timeout;

  private constructor(
    readonly name: string,
    private readonly bot: BotProcess,
    private readonly logPath: string,
  ) {
    this.sampler = setInterval(() => this.sample(), 100);
  }

  /** `node <nodeArgs>` in the repository root with `env`, on a free port; resolves once /healthz answers 200. */
  static async start(name: string, nodeArgs: string[], env: Record<string, string>): Promise<MeasuredProcess> {
    const logPath = path.join(tmpdir(), `bench-${name}-${process.pid}.log`);
    const started = await BotProcess.start({ nodeArgs, env, logFile: logPath });
    return new MeasuredProcess(name, started, logPath);
  }

  get port(): number {
    return this.bot.port;
  }

  get pid(): number {
    return this.bot.child.pid ?? -1;
  }

  /** RSS now (kB); also updates the peak. */
  sample(): number {
    const kb = rssKb(this.pid);
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
    return this.bot.stdout.split('\n').filter(Boolean);
  }

  /** SIGTERM (so --cpu-prof writes its profile), SIGKILL after 20 s; removes the log. */
  async stop(): Promise<void> {
    clearInterval(this.sampler);
    try {
      await this.bot.stop('SIGTERM', 20000);
    } finally {
      rmSync(this.logPath, { force: true });
    }
  }
}

/** For the end of the run, whatever happened: every measured process still running, killed. */
export function killAll(): Promise<void> {
  return killAllBots();
}
