import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (pino). Tokens and secrets never reach a log line: the known places they
 * could appear are redacted, and no code logs a whole request, error object from an HTTP client, or
 * configuration object.
 */
export const REDACTED_PATHS = [
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
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'qualification-bot' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** A short, safe description of any thrown value: name and message, never the object's fields. */
export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message.slice(0, 500) };
  return { name: typeof error, message: 'non-Error value thrown' };
}
