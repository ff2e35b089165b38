import { SamplingBreaker, type CircuitState, type IBreaker, type ISamplingBreakerOptions } from 'cockatiel';

/**
 * cockatiel's SamplingBreaker — opens when more than `threshold` of the calls in the last
 * `duration` failed, once there were at least `minimumRps` calls a second on average — with one
 * correction. It counts in slots (one second each, at least five) and moves on by one slot per
 * call, so after a quiet spell the counts of long ago are still there: at low traffic, failures
 * from half an hour back could still open it. After a whole window without any call this one
 * starts afresh, so nothing older than the window is ever counted after a pause.
 */
export class FailureRatioBreaker implements IBreaker {
  private inner: SamplingBreaker;
  private lastCallAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ISamplingBreakerOptions) {
    this.inner = new SamplingBreaker(options);
  }

  get state(): unknown {
    return this.inner.state;
  }

  set state(value: unknown) {
    this.inner.state = value;
  }

  success(state: CircuitState): void {
    this.forgetAfterPause();
    this.inner.success(state);
  }

  failure(state: CircuitState): boolean {
    this.forgetAfterPause();
    return this.inner.failure(state);
  }

  private forgetAfterPause(): void {
    const now = Date.now();
    if (now - this.lastCallAt >= this.options.duration) this.inner = new SamplingBreaker(this.options);
    this.lastCallAt = now;
  }
}
