import type { AddressInfo } from 'node:net';
import restify, { type Request, type Response } from 'restify';
import type { Logger } from '../logger';

/**
 * The HTTP host, and nothing else: restify serving POST /api/messages and GET /healthz. It knows
 * one thing about the bot — a function that processes a request — so moving to another host (or
 * to the Microsoft 365 Agents SDK's) touches only this file.
 */
export type ProcessActivity = (
  body: Record<string, unknown>,
  authorization: string,
) => Promise<{ readonly status: number; readonly body?: unknown }>;

export interface HostOptions {
  readonly processActivity: ProcessActivity;
  readonly logger: Logger;
  /** Extra fields for /healthz (e.g. the Partner Center mode). Keep them cheap and static. */
  readonly health?: Readonly<Record<string, string | boolean>>;
  /** Largest request body accepted on /api/messages. */
  readonly maxBodyBytes?: number;
}

export interface RunningHost {
  readonly port: number;
  readonly url: string;
  /** Stops accepting requests, lets turns in flight finish (up to `graceMs`), then closes. */
  stop(graceMs?: number): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 512 * 1024;

export async function startHost(options: HostOptions, port: number, host?: string): Promise<RunningHost> {
  const server = restify.createServer({ name: 'qualification-bot', handleUncaughtExceptions: false });
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  server.use(restify.plugins.bodyParser({ maxBodySize: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, mapParams: false }));

  server.get('/healthz', (_req: Request, res: Response, next: restify.Next) => {
    res.send(stopping ? 503 : 200, { status: stopping ? 'stopping' : 'ok', ...options.health });
    return next();
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    if (stopping) {
      res.send(503, { error: 'shutting down' });
      return;
    }
    if (!looksLikeActivity(req.body)) {
      res.send(400, { error: 'the body must be a Bot Framework activity (JSON object with a "type")' });
      return;
    }
    const turn = options.processActivity(req.body, req.header('authorization') ?? '').then((result) => {
      if (result.body === undefined) res.send(result.status);
      else res.send(result.status, result.body);
    });
    inFlight.add(turn);
    try {
      await turn;
    } finally {
      inFlight.delete(turn);
    }
  });

  server.on('restifyError', (req: Request, _res: Response, error: Error & { statusCode?: number }, callback: () => void) => {
    options.logger.warn({ path: req.path(), status: error.statusCode, error: error.name }, 'request rejected');
    return callback();
  });

  await new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(listenError(error, port));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.removeListener('error', fail);
      resolve();
    });
  });
  const address = server.server.address() as AddressInfo;
  const url = `http://${host && host !== '0.0.0.0' && host !== '::' ? host : '127.0.0.1'}:${address.port}`;

  return {
    port: address.port,
    url,
    async stop(graceMs = 10000) {
      if (stopping) return;
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.server.closeIdleConnections();
      await settleWithin([...inFlight], graceMs);
      server.server.closeAllConnections();
      await closed;
    },
  };
}

function listenError(error: NodeJS.ErrnoException, port: number): Error {
  if (error.code === 'EADDRINUSE') return new Error(`port ${port} is already in use: stop the other program or set PORT to a free port`);
  if (error.code === 'EACCES') return new Error(`no permission to listen on port ${port}: set PORT to a port above 1023`);
  return error;
}

function looksLikeActivity(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && typeof (body as { type?: unknown }).type === 'string';
}

async function settleWithin(turns: Promise<void>[], graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([Promise.allSettled(turns), deadline]);
  clearTimeout(timer);
}
