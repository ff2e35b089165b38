/**
 * The concurrency bound around Partner Center exchanges: at most `max` held at once, up to
 * `maxQueued` more waiting in order; beyond that `acquire` fails at once with SlotsFullError.
 *
 * Hand-written rather than cockatiel's bulkhead: that one runs the work in its own callback (a
 * layer on every request) and, in cockatiel 3.2.1, a queued call whose signal aborts loses its
 * place for everyone behind it (connor4312/cockatiel#114). Here a waiter whose signal aborts
 * simply leaves the line.
 */
export class SlotsFullError extends Error {
  constructor() {
    super('too many Partner Center calls are waiting for a slot');
    this.name = 'SlotsFullError';
  }
}

/** Gives the slot back; calling it again does nothing. */
export type ReleaseSlot = () => void;

export class Slots {
  private held = 0;
  /** Callbacks that hand a slot to a waiting caller, first come first served. */
  private readonly waiting = new Set<(release: ReleaseSlot) => void>();

  constructor(
    private readonly max: number,
    private readonly maxQueued: number,
  ) {}

  /** A slot, once one is free; rejects with `signal.reason` when the signal aborts first. */
  acquire(signal?: AbortSignal): Promise<ReleaseSlot> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.held < this.max) {
      this.held++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.size >= this.maxQueued) return Promise.reject(new SlotsFullError());
    return new Promise<ReleaseSlot>((resolve, reject) => {
      const onAbort = (): void => {
        this.waiting.delete(waiter);
        reject(abortReason(signal));
      };
      const waiter = (release: ReleaseSlot): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(release);
      };
      this.waiting.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Slots held now (for tests and diagnostics). */
  get inUse(): number {
    return this.held;
  }

  private releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.handOn();
    };
  }

  /** A freed slot goes straight to the first waiter, or back to the pool. */
  private handOn(): void {
    for (const next of this.waiting) {
      this.waiting.delete(next);
      next(this.releaser());
      return;
    }
    this.held--;
  }
}

/** Why the wait ended: the signal's reason when it is an Error (AbortSignal#abort() gives one). */
function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('the wait for a slot was cancelled', { cause: reason });
}

/** No bound: every acquire succeeds at once (the client without a policy, in unit tests). */
export const UNBOUNDED_SLOTS: Pick<Slots, 'acquire'> = {
  acquire: () => Promise.resolve(() => undefined),
};
