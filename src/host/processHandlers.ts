import { describeError, type Logger } from '../shared/logger';

/** The part of `process` the handlers use (an EventEmitter in tests). */
export interface ProcessEvents {
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
}

/** After an uncaught exception, how long the last log line may take before the process exits anyway. */
const FLUSH_TIMEOUT_MS = 2000;

/**
 * Process-wide failure handlers, installed once by src/index.ts:
 *
 * - An unhandled promise rejection is logged (error name, message and stack, with the correlation
 *   id of the turn it came from when there was one) and the bot keeps serving: one stray promise
 *   must not take every user's conversation down. (Node's default would end the process.)
 * - An uncaught exception leaves the process in an unknown state: it is logged as fatal, the log
 *   is flushed and the process exits 1, so the host (App Service, Container Apps) restarts it.
 */
export function installProcessHandlers(events: ProcessEvents, logger: Logger, exit: (code: number) => void): void {
  events.on('unhandledRejection', (reason) => {
    logger.error(
      { error: describeError(reason), stack: stackOf(reason) },
      'unhandled promise rejection (the bot keeps running)',
    );
  });
  events.on('uncaughtException', (error) => {
    logger.fatal({ error: describeError(error), stack: stackOf(error) }, 'uncaught exception: the bot stops');
    let exited = false;
    const exitOnce = () => {
      clearTimeout(timer);
      if (exited) return;
      exited = true;
      exit(1);
    };
    // If the flush never calls back, exit anyway.
    const timer = setTimeout(exitOnce, FLUSH_TIMEOUT_MS).unref();
    logger.flush(() => exitOnce());
  });
}

function stackOf(value: unknown): string | undefined {
  return value instanceof Error && typeof value.stack === 'string' ? value.stack.slice(0, 8000) : undefined;
}
