import { format } from 'node:util';
import pino, { type Logger } from 'pino';
import { currentRequestContext, withRequestContext } from './requestContext';
import { REDACTED, scrubCredentials } from './scrub';

export type { Logger };

/**
 * Structured JSON logs (pino). Tokens and secrets never reach a log line: the known places they
 * could appear are redacted, no code logs a whole request, error object from an HTTP client, or
 * configuration object, and (with `scrub`, as src/index.ts sets it) the configured secrets and
 * anything shaped like a bearer token or JWT are removed from every line. Every line written while
 * a request is processed carries its correlation id (withCorrelationId).
 */
const REDACTED_PATHS = [
  'authorization',
  'Authorization',
  '*.authorization',
  '*.Authorization',
  'headers.authorization',
  'req.headers.authorization',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'clientSecret',
  '*.clientSecret',
  'appPassword',
  '*.appPassword',
  'MicrosoftAppPassword',
  'PARTNER_CENTER_CLIENT_SECRET',
  'secret',
  '*.secret',
  'password',
  '*.password',
  'client_secret',
  '*.client_secret',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'id_token',
  '*.id_token',
  'assertion',
  '*.assertion',
  'headers.cookie',
  '*.headers.cookie',
  '*.headers.authorization',
];

export interface LoggerOptions {
  /**
   * Values that must never be written (the configured client secrets). Every occurrence in a log
   * line is replaced, as are `Bearer …` credentials and JWT-shaped strings. A last line of defence
   * behind the redacted paths, for text that ends up in a message (e.g. a library's error text).
   */
  readonly scrub?: readonly string[];
}

/**
 * Runs `fn` with `correlationId` as the current correlation id: every log line written while it
 * runs — by any logger made with createLogger, in this code or in a library callback — carries it.
 */
export const withCorrelationId = withRequestContext;

export function currentCorrelationId(): string | undefined {
  return currentRequestContext()?.correlationId;
}

/** Adds the current correlation id to a line that does not carry one already. */
function correlationMixin(mergeObject: object, _level: number, instance: Logger): object {
  const correlationId = currentRequestContext()?.correlationId;
  if (correlationId === undefined || 'correlationId' in mergeObject) return {};
  if (instance.bindings().correlationId !== undefined) return {};
  return { correlationId };
}

/** Minimum length of a value to scrub: shorter ones would damage the JSON and are no real secrets. */
const MIN_SCRUB_LENGTH = 8;

/** Returns a function that removes secrets and tokens from one serialized log line. */
export function lineScrubber(secrets: readonly string[]): (line: string) => string {
  // Lines are JSON: a secret appears in its JSON-escaped form.
  const needles = [
    ...new Set(secrets.filter((s) => s.length >= MIN_SCRUB_LENGTH).map((s) => JSON.stringify(s).slice(1, -1))),
  ].sort((a, b) => b.length - a.length);
  return (line) => {
    let scrubbed = scrubCredentials(line);
    for (const needle of needles) scrubbed = scrubbed.split(needle).join(REDACTED);
    return scrubbed;
  };
}

export function createLogger(level: string, destination?: pino.DestinationStream, options: LoggerOptions = {}): Logger {
  return pino(
    {
      level,
      base: { service: 'qualification-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: REDACTED },
      formatters: { level: (label) => ({ level: label }) },
      mixin: correlationMixin,
      ...(options.scrub && { hooks: { streamWrite: lineScrubber(options.scrub) } }),
    },
    destination,
  );
}

/**
 * Sends what libraries write with console.error / console.warn (botbuilder prints token
 * validation failures that way, over several lines) to the logger as one structured line, so
 * stdout stays JSON and the line carries the correlation id. Returns a function that undoes it.
 */
export function routeConsoleToLogger(logger: Logger): () => void {
  const original = { error: console.error, warn: console.warn };
  const route = (...args: unknown[]) =>
    logger.warn({ console: format(...args).slice(0, 4000) }, 'library console output');
  console.error = route;
  console.warn = route;
  return () => {
    console.error = original.error;
    console.warn = original.warn;
  };
}

/**
 * Writes plain text (not a log line) to the logger's own stream: after every line logged before
 * it, as it joins the same queue (pino writes stdout asynchronously, so process.stdout.write
 * could overtake them).
 */
export function writeToLogStream(logger: Logger, text: string): void {
  const stream = (logger as unknown as Record<symbol, { write(chunk: string): unknown } | undefined>)[
    pino.symbols.streamSym
  ];
  if (stream) stream.write(text);
  else process.stdout.write(text);
}

/** A short, safe description of any thrown value: name and message, never the object's fields. */
export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message.slice(0, 500) };
  return { name: typeof error, message: 'non-Error value thrown' };
}
