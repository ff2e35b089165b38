import assert from 'node:assert/strict';
import { nextCheckAfter, Pace, phaseOf } from '../../../src/watch/schedule';

describe('watch: when each watch is checked', () => {
  it('watches are spread over the interval (each its own place), not all at the top of a round', () => {
    const intervalMs = 900_000;
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 1000; i++) {
      const phase = phaseOf(`conversation/${i}`, intervalMs);
      assert.ok(phase >= 0 && phase < intervalMs);
      buckets[Math.floor((phase / intervalMs) * 10)]++;
    }
    // 1,000 watches in tenths of the interval: about 100 each, none empty or crowded.
    for (const count of buckets) assert.ok(count > 60 && count < 140, `a tenth of the interval holds ${count}`);
  });

  it('the next check is after now, at the watch’s place, one interval after the last; every instance agrees', () => {
    const intervalMs = 1000;
    const phase = phaseOf('w', intervalMs);
    const now = 1_000_000 + phase; // exactly at its place: the next one is a whole interval on
    assert.equal(nextCheckAfter('w', now, intervalMs), now + intervalMs);
    const next = nextCheckAfter('w', now + 1, intervalMs);
    assert.equal(next, now + intervalMs);
    assert.equal(nextCheckAfter('w', next - 1, intervalMs), next);
    assert.equal(next % intervalMs, phase % intervalMs);
  });

  it('the pace: at most N check starts a minute, whatever falls due at once', () => {
    let now = 0;
    const pace = new Pace(50, () => now);
    const waits = Array.from({ length: 5 }, () => pace.reserve());
    assert.deepEqual(waits, [0, 1200, 2400, 3600, 4800]);
    now = 60_000; // a quiet minute later: the next one starts at once
    assert.equal(pace.reserve(), 0);
  });
});
