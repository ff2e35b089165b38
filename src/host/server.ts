import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import restify, { type Request, type Response } from 'restify';
import type { Logger } from '../shared/logger';
import { listenOn, urlOf } from './listen';
import { restifyLogger } from './restifyLogger';

/**
 * The HTTP host, and nothing else: restify serving POST /api/messages and GET /healthz. It knows
 * one thing about the bot — a function that processes a request — so moving to another host (or
 * to the Microsoft 365 Agents SDK's) touches only this file.
 */
type ProcessActivity = (
  body: Record<string, unknown>,
  authorization: string,
) => Promise<{ readonly status: number; readonly body?: unknown }>;

export interface HostOptions {
  readonly processActivity: ProcessActivity;
  readonly logger: Logger;
  /** Extra fields for /healthz (e.g. the Partner Center mode). Keep them cheap and static. */
  readonly health?: Readonly<Record<string, string | boolean>>;
  /** Largest request body accepted on /api/messages. */
  readonly maxBodyBytes: number;
  /** /healthz answers 503 "degraded" while more turns than this are in flight. */
  readonly maxTurnsInFlight: number;
}

export interface RunningHost {
  readonly port: number;
  /** A URL to reach the bot with (the first address it listens on; 127.0.0.1 for "all interfaces"). */
  readonly url: string;
  /** Every address it really listens on, e.g. http://127.0.0.1:3978 and http://[::1]:3978, or http://[::]:3978 for all interfaces. */
  readonly listening: readonly string[];
  /** Stops accepting requests, lets turns in flight finish (up to `graceMs`), then closes. */
  stop(graceMs?: number): Promise<void>;
}

/** `hosts`: the interfaces to listen on, all on `port` (0 = a free one, the same for all); none = all interfaces. */
export async function startHost(options: HostOptions, port: number, hosts?: readonly string[]): Promise<RunningHost> {
  const server = restify.createServer({
    name: 'qualification-bot',
    handleUncaughtExceptions: false,
    // restify 11 logs with pino; @types/restify still describes a bunyan logger.
    log: restifyLogger(options.logger) as unknown as restify.ServerOptions['log'],
  });
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  // JSON only (what the Bot Framework sends), size-capped (413), parsed for this route only: no
  // form or multipart parsing, so nothing is written to disk for an unauthenticated request.
  // (restify passes the options on to its bodyReader, which applies maxBodySize; @types/restify omits it.)
  const jsonOptions = { maxBodySize: options.maxBodyBytes, mapParams: false };
  const readJsonBody = restify.plugins.jsonBodyParser(jsonOptions);
  const requireJson = (req: Request, res: Response, next: restify.Next) => {
    if (req.is('json')) return next();
    const correlationId = randomUUID();
    options.logger.warn(
      { correlationId, path: req.path(), status: 415, contentType: req.contentType().slice(0, 100) },
      'request rejected: not JSON',
    );
    res.send(415, {
      error: 'the body must be a Bot Framework activity in JSON (Content-Type: application/json)',
      correlationId,
    });
    return next(false);
  };

  const { maxTurnsInFlight } = options;
  server.get('/healthz', (_req: Request, res: Response, next: restify.Next) => {
    // Turns pile up when Partner Center or the reply targets are slow: a load balancer should
    // send new work elsewhere until they drain (each ends within its deadline and reply time-outs).
    const degraded = inFlight.size > maxTurnsInFlight;
    const status = stopping ? 'stopping' : degraded ? 'degraded' : 'ok';
    res.send(status === 'ok' ? 200 : 503, { status, turnsInFlight: inFlight.size, ...options.health });
    return next();
  });

  server.post('/api/messages', requireJson, readJsonBody, async (req: Request, res: Response) => {
    if (stopping) {
      res.send(503, { error: 'shutting down' });
      return;
    }
    const problem = activityProblem(req.body);
    if (problem !== undefined) {
      const correlationId = randomUUID();
      options.logger.warn(
        { correlationId, path: req.path(), status: 400, problem },
        'request rejected: not a Bot Framework activity',
      );
      res.send(400, { error: `the body must be a Bot Framework activity: ${problem}`, correlationId });
      return;
    }
    const turn = options
      .processActivity(req.body as Record<string, unknown>, req.header('authorization') ?? '')
      .then((result) => sendResult(res, result, options.logger));
    inFlight.add(turn);
    try {
      await turn;
    } finally {
      inFlight.delete(turn);
    }
  });

  server.on(
    'restifyError',
    (req: Request, _res: Response, error: Error & { statusCode?: number }, callback: () => void) => {
      // Before any activity is read (body too large, malformed JSON): no turn, so an id of its own.
      options.logger.warn(
        { correlationId: randomUUID(), path: req.path(), status: error.statusCode, error: error.name },
        'request rejected',
      );
      return callback();
    },
  );

  const listeners = await listenOn(server, port, hosts, options.logger);
  const address = server.server.address() as AddressInfo;
  const allInterfaces = address.address === '0.0.0.0' || address.address === '::';
  const url = allInterfaces ? `http://127.0.0.1:${address.port}` : urlOf(address);

  return {
    port: address.port,
    url,
    listening: [server.server, ...listeners].map((listener) => urlOf(listener.address() as AddressInfo)),
    async stop(graceMs = 10000) {
      if (stopping) return;
      stopping = true;
      const servers = [server.server, ...listeners];
      const closed = Promise.all(servers.map((each) => new Promise<void>((resolve) => each.close(() => resolve()))));
      for (const each of servers) each.closeIdleConnections();
      const unfinished = await settleWithin([...inFlight], graceMs);
      if (unfinished > 0)
        options.logger.warn(
          { unfinished, graceMs },
          'stopping: turns still running after the grace period are cut off',
        );
      for (const each of servers) each.closeAllConnections();
      await closed;
    },
  };
}

/**
 * The turn's answer, serialised here rather than by restify's formatter: a body that cannot be
 * serialised (e.g. `expectReplies` replies that copy a pathologically nested object) gets a short
 * JSON 500 and one log line, not restify's formatter error.
 */
function sendResult(res: Response, result: { readonly status: number; readonly body?: unknown }, logger: Logger): void {
  if (result.body === undefined) {
    res.send(result.status);
    return;
  }
  let payload: string;
  try {
    payload = JSON.stringify(result.body);
  } catch (error) {
    const correlationId = randomUUID();
    logger.error(
      { correlationId, status: 500, error: { name: (error as Error)?.name } },
      'the answer to the request could not be serialised',
    );
    res.sendRaw(500, JSON.stringify({ error: 'Internal error', correlationId }), {
      'Content-Type': 'application/json',
    });
    return;
  }
  res.sendRaw(result.status, payload, { 'Content-Type': 'application/json' });
}

const STRING_FIELDS = [
  'id',
  'channelId',
  'serviceUrl',
  'text',
  'locale',
  'deliveryMode',
  'name',
  'replyToId',
  'timestamp',
  'localTimestamp',
] as const;
const ACCOUNT_FIELDS = ['from', 'recipient'] as const;

/**
 * Why a parsed body is not an activity the bot can process, or undefined when it is. Only the
 * shape botbuilder relies on is checked (a wrong type there would fail deep inside botbuilder as
 * a 500): a non-empty `type`, a `conversation` with an `id`, a `serviceUrl` to answer to, and
 * the usual fields with the usual types when present. Everything else passes through.
 */
export function activityProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'expected a JSON object';
  const activity = body as Record<string, unknown>;
  if (typeof activity.type !== 'string' || activity.type.trim() === '') return '"type" must be a non-empty string';
  if (typeof activity.serviceUrl !== 'string' || activity.serviceUrl === '')
    return '"serviceUrl" must be a non-empty string';
  if (!isObjectWithId(activity.conversation)) return '"conversation" must be an object with a string "id"';
  for (const field of STRING_FIELDS) {
    if (activity[field] !== undefined && activity[field] !== null && typeof activity[field] !== 'string')
      return `"${field}" must be a string`;
  }
  for (const field of ACCOUNT_FIELDS) {
    if (activity[field] !== undefined && !isObjectWithId(activity[field]))
      return `"${field}" must be an object with a string "id"`;
  }
  for (const field of ['entities', 'attachments', 'membersAdded', 'membersRemoved'] as const) {
    if (activity[field] !== undefined && activity[field] !== null && !Array.isArray(activity[field]))
      return `"${field}" must be an array`;
  }
  if (nestedDeeperThan(activity, MAX_ACTIVITY_DEPTH))
    return `objects and arrays must not be nested more than ${MAX_ACTIVITY_DEPTH} levels deep`;
  return undefined;
}

/**
 * Real activities nest a handful of levels (card data and channel data included). Much deeper
 * ones are an attack on whatever walks them: botbuilder copies parts of the activity into every
 * reply, and thousands of levels make a reply impossible to serialise.
 */
export const MAX_ACTIVITY_DEPTH = 64;

/** True when `value` has objects or arrays nested more than `limit` levels deep. Iterative: no recursion to exhaust. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ readonly node: unknown; readonly depth: number }> = [{ node: value, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push({ node: child, depth: depth + 1 });
    }
  }
  return false;
}

function isObjectWithId(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string';
}

/** Waits for the turns or the grace period, whichever ends first; returns how many were still running. */
async function settleWithin(turns: Promise<void>[], graceMs: number): Promise<number> {
  let finished = 0;
  for (const turn of turns) void turn.finally(() => finished++).catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, graceMs);
  });
  await Promise.race([Promise.allSettled(turns), deadline]);
  clearTimeout(timer);
  return turns.length - finished;
}
