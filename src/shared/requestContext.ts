import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What belongs to the one request (one turn) being processed, wherever its async work goes: its
 * correlation id (every log line carries it, see logger.ts) and what the reply policy remembers for
 * the rest of the turn (conversation/replyConnector.ts). One AsyncLocalStorage for both: each one
 * the process has adds work to every promise it creates.
 */
export interface RequestContext {
  readonly correlationId: string;
  /** Why a reply of this request could not be delivered, once one could not (later ones are not tried). */
  replyFailure?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn(...args)` as the request `correlationId`: everything it starts sees the same context. */
export function withRequestContext<A extends unknown[], T>(
  correlationId: string,
  fn: (...args: A) => T,
  ...args: A
): T {
  return storage.run({ correlationId }, fn, ...args);
}

/** The context of the request being processed, or undefined outside one. */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
