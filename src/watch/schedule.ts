import { createHash } from 'node:crypto';

/**
 * When each watch is checked. Every watch has a fixed place in the interval (a hash of its id),
 * so N watches are spread evenly over it instead of all being checked at the top of a round, and
 * every instance computes the same times without talking to the others.
 */

/** The watch's offset within each interval, in ms (0 ≤ offset < intervalMs). */
export function phaseOf(id: string, intervalMs: number): number {
  const hash = createHash('sha256').update(id).digest().readUInt32BE(0);
  return hash % Math.max(1, Math.floor(intervalMs));
}

/** The first time after `now` at the watch's place in the interval. */
export function nextCheckAfter(id: string, now: number, intervalMs: number): number {
  const phase = phaseOf(id, intervalMs);
  const roundStart = Math.floor((now - phase) / intervalMs) * intervalMs + phase;
  return roundStart + intervalMs;
}

/**
 * The Partner Center budget of one instance's watcher: checks start at least `60 000 / perMinute`
 * ms apart, so in any minute it makes at most `perMinute` calls (one per check), whatever falls
 * due at once (after an outage, or at start-up). What is not started in time waits for the next
 * tick, still due.
 */
export class Pace {
  private nextStartAt = 0;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** How long to wait before the next check may start (0: now); reserves that start. */
  reserve(): number {
    const now = this.now();
    const at = Math.max(now, this.nextStartAt);
    this.nextStartAt = at + 60_000 / this.perMinute;
    return at - now;
  }
}
