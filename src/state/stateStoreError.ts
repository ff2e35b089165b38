/**
 * The shared state store (STATE_STORAGE=blob) could not be read or written: unreachable, refusing
 * the credentials, or failing. The conversation tells the user to try again and logs it with the
 * turn's correlation id; the next turn tries the store again. Carries the operation and a short
 * reason (HTTP status and code, or the network error's code), never a request or a key.
 */
export class StateStoreError extends Error {
  constructor(
    readonly operation: 'read' | 'write' | 'delete',
    readonly reason: string,
  ) {
    super(`the state store failed to ${operation}: ${reason}`);
    this.name = 'StateStoreError';
  }
}

/** True for a StateStoreError, also wrapped (botbuilder-dialogs' DialogContextError keeps it as `error`). */
export function isStateStoreError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === 'object'; depth++) {
    if (current instanceof StateStoreError) return true;
    const wrapper = current as { error?: unknown; cause?: unknown };
    current = wrapper.error ?? wrapper.cause;
  }
  return false;
}
