import type { Logger } from '../shared/logger';

/**
 * The logger restify itself writes with: the app's (same redaction and scrubbing, same JSON lines),
 * never more verbose than `warn`, and with serializers that keep only a request's method and path
 * and an error's name and message. Left to itself restify creates its own pino logger and, when it
 * cannot format a response, logs the whole request: the raw body, and with inbound authentication
 * on, the channel's `Authorization: Bearer …` token.
 */
export function restifyLogger(logger: Logger): Logger {
  return logger.child(
    { component: 'restify' },
    {
      level: moreSevere(logger.level, 'warn'),
      serializers: {
        req: (req: { method?: unknown; url?: unknown }) => ({
          method: short(req?.method),
          path: short((typeof req?.url === 'string' ? req.url : '').split('?')[0]),
        }),
        res: (res: { statusCode?: unknown }) => ({ statusCode: res?.statusCode }),
        err: (err: { name?: unknown; message?: unknown }) => ({ name: short(err?.name), message: short(err?.message) }),
        // "Discarded returned value from async handler": whatever a handler returned.
        value: () => '[omitted]',
        body: () => '[omitted]',
      },
    },
  );
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

function moreSevere(a: string, b: string): string {
  return LEVELS.indexOf(a) > LEVELS.indexOf(b) ? a : b;
}

function short(value: unknown): string | undefined {
  return typeof value === 'string' ? value.slice(0, 200) : undefined;
}
