import assert from 'node:assert/strict';

export interface WaitForOptions {
  /** Fails after this long. Default 2000 ms. */
  readonly timeoutMs?: number;
  /** What is awaited, for the failure message ("a reply to …"). */
  readonly what?: string;
  /** How often to look. Default 5 ms. */
  readonly intervalMs?: number;
}

/**
 * Polls `probe` until it returns a truthy value and resolves with that value; fails the test
 * (AssertionError) if it has not within `timeoutMs`. For things that happen on their own time
 * (a request reaching a stand-in, a log line arriving from a child process); never for proving
 * that something did NOT happen.
 *
 *   await waitFor(() => pc.requests.length === 1, { what: 'the request' });
 *   const reply = await waitFor(() => connector.replies.find((r) => r.activity.replyToId === id));
 */
export async function waitFor<T>(probe: () => T, options: WaitForOptions = {}): Promise<NonNullable<T>> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline)
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'a condition'}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 5));
  }
}
