import { setTimeout as sleep } from 'node:timers/promises';

/** An attempt cut short by the deadline or the caller: it says nothing about Partner Center. */
export class CancelledAttemptError extends Error {
  constructor(cause?: unknown) {
    super('the Partner Center call was cancelled', cause === undefined ? undefined : { cause });
    this.name = 'CancelledAttemptError';
  }
}

/**
 * One call's deadline: `signal` aborts when `budgetMs` is spent or the caller's own signal aborts,
 * which cancels the request in flight. `race` answers CancelledAttemptError at that moment even
 * when the work does not listen (a token provider that hangs). `end` clears the timer and the
 * listener, so a finished call leaves nothing behind; it never aborts a call that returned (an
 * abort wakes every listener of the signal, work nobody needs then).
 */
export class CallDeadline {
  readonly deadlineAt: number;
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private cancelled: Promise<never> | undefined;

  constructor(
    readonly budgetMs: number,
    private readonly callerSignal?: AbortSignal,
  ) {
    this.deadlineAt = performance.now() + budgetMs;
    if (callerSignal?.aborted || budgetMs <= 0) {
      this.controller.abort();
      return;
    }
    this.timer = setTimeout(this.cancel, budgetMs);
    callerSignal?.addEventListener('abort', this.cancel, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True when the caller cancelled (not the deadline): the caller gets a cancellation, not a timeout. */
  get cancelledByCaller(): boolean {
    return this.callerSignal?.aborted === true;
  }

  /** `work`'s outcome, or CancelledAttemptError as soon as the signal aborts, whichever comes first. */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.cancelled === undefined) {
      const { signal } = this.controller;
      this.cancelled = signal.aborted
        ? Promise.reject(new CancelledAttemptError())
        : new Promise<never>((_resolve, reject) =>
            signal.addEventListener('abort', () => reject(new CancelledAttemptError()), { once: true }),
          );
      // Rejects only when the call is cut short; whoever raced it then has already been told.
      this.cancelled.catch(() => undefined);
    }
    return Promise.race([work, this.cancelled]);
  }

  /** Waits `ms` (a back-off), or rejects with CancelledAttemptError as soon as the signal aborts. */
  async pause(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: this.controller.signal });
    } catch (error) {
      throw new CancelledAttemptError(error);
    }
  }

  end(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.cancel);
  }

  private readonly cancel = (): void => this.controller.abort();
}
