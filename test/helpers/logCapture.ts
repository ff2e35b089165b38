import { Writable } from 'node:stream';
import { createLogger, type Logger, type LoggerOptions } from '../../src/shared/logger';

/** One log line, parsed. */
type LogRecord = Record<string, unknown>;

export interface CapturedLogs {
  /** A logger made the way the product makes one, writing here instead of to stdout. */
  readonly logger: Logger;
  /** Every line as it was written (JSON text ending in a newline), in order: for "never logged" checks. */
  readonly lines: string[];
  /** The same lines, parsed as they arrive. */
  readonly records: LogRecord[];
}

/**
 * A logger whose lines a test can read back, for the product's code run in this process (a bot
 * in a child process: BotProcess.logRecords). Lines are there as soon as the call that logs them
 * returns: pino writes synchronously to this stream.
 *
 *   const logs = captureLogs();
 *   await startApp(config, logs.logger);
 *   assert.ok(logs.records.some((line) => line.event === 'lookup'));
 */
export function captureLogs(level = 'info', options?: LoggerOptions): CapturedLogs {
  const lines: string[] = [];
  const records: LogRecord[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const text = String(chunk);
      lines.push(text);
      for (const line of text.split('\n')) if (line.trim() !== '') records.push(JSON.parse(line) as LogRecord);
      callback();
    },
  });
  return { logger: createLogger(level, stream, options), lines, records };
}
