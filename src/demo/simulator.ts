import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo, type Socket } from 'node:net';
import { replies, type Reply } from './responses';
import { routeRequest, type SimulatorContext } from './routes';
import { parseSampleCustomers, SAMPLE_CUSTOMERS, type SampleCustomer } from './sampleCustomers';

/**
 * The built-in Partner Center simulator: a small loopback-only HTTP server that answers the
 * customer and qualification calls the bot makes, from the sample customers (customers.json) or
 * from a list a test supplies. Demo mode points the client at it; tests use it as Partner Center.
 */
export interface SimulatorOptions {
  /** Default 127.0.0.1. Anything that is not a loopback address is refused. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /** Default: the sample customers. */
  readonly customers?: readonly SampleCustomer[];
  /** Delay of the "slow" behaviour; default 4000 ms. */
  readonly slowDelayMs?: number;
  /** When set, `Authorization: Bearer <this>` is required, otherwise any bearer token is accepted. */
  readonly requireToken?: string;
}

/** One request as the simulator saw it. The Authorization value is never kept. */
interface RecordedRequest {
  readonly method: string;
  /** Path and query exactly as received, e.g. /v1/customers/{id}/qualifications */
  readonly path: string;
  /** Lower-case names; Authorization and Proxy-Authorization removed. */
  readonly headers: Readonly<Record<string, string>>;
  readonly hasAuthorization: boolean;
  readonly receivedAt: Date;
  /** Set once the answer is sent (later for a slow request; never if close() cut it short). */
  status?: number;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  readonly url: string;
  /** Oldest first; at most MAX_RECORDED_REQUESTS entries. Tests may empty it (`requests.length = 0`). */
  readonly requests: RecordedRequest[];
  /** Stops listening, cancels slow answers and drops every connection. Safe to call twice. */
  close(): Promise<void>;
}

const DEFAULT_SLOW_DELAY_MS = 4000;
/** Keeps a long-running demo from growing the log without bound. */
const MAX_RECORDED_REQUESTS = 1000;

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization']);
/** Echoed ids must be plain printable text of reasonable length; anything else is replaced. */
const ECHOABLE = /^[\x21-\x7e]{1,128}$/;

interface SimulatorState {
  readonly requests: RecordedRequest[];
  readonly timers: Set<NodeJS.Timeout>;
  readonly sockets: Set<Socket>;
}

/** 127.0.0.0/8, ::1 (and its IPv4-mapped forms) and "localhost". */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const version = isIP(host);
  if (version === 4) return host.startsWith('127.');
  if (version !== 6) return false;
  const normalised = new URL(`http://[${host}]/`).hostname;
  return normalised === '[::1]' || normalised.startsWith('[::ffff:7f');
}

function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}

function recordRequest(request: IncomingMessage, log: RecordedRequest[]): RecordedRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!SECRET_HEADERS.has(name) && value !== undefined) headers[name] = headerText(value) ?? '';
  }
  const entry: RecordedRequest = {
    method: request.method ?? '',
    path: request.url ?? '',
    headers,
    hasAuthorization: request.headers.authorization !== undefined,
    receivedAt: new Date(),
  };
  log.push(entry);
  if (log.length > MAX_RECORDED_REQUESTS) log.splice(0, log.length - MAX_RECORDED_REQUESTS);
  return entry;
}

/** Like Partner Center: echo the caller's id, or make one up when it is missing. */
function echoedId(request: IncomingMessage, name: string): string {
  const value = headerText(request.headers[name]);
  return value !== undefined && ECHOABLE.test(value) ? value : randomUUID();
}

function safeRoute(request: IncomingMessage, context: SimulatorContext): Reply {
  try {
    return routeRequest(
      {
        method: request.method ?? '',
        target: request.url ?? '',
        authorization: request.headers.authorization,
        continuationToken: headerText(request.headers['ms-continuationtoken']),
      },
      context,
    );
  } catch {
    return replies.internalError();
  }
}

function writeReply(response: ServerResponse, reply: Reply, ids: Readonly<Record<string, string>>): void {
  const payload = JSON.stringify(reply.body);
  response.writeHead(reply.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(payload),
    ...ids,
    ...reply.headers,
  });
  response.end(payload);
}

function handle(request: IncomingMessage, response: ServerResponse, context: SimulatorContext, state: SimulatorState) {
  request.resume(); // no route reads a body; drain any so the connection stays usable
  const entry = recordRequest(request, state.requests);
  const ids = {
    'MS-CorrelationId': echoedId(request, 'ms-correlationid'),
    'MS-RequestId': echoedId(request, 'ms-requestid'),
  };
  const reply = safeRoute(request, context);
  const send = (): void => {
    writeReply(response, reply, ids);
    entry.status = reply.status;
  };
  if (!reply.delayMs) return send();
  const timer = setTimeout(() => {
    state.timers.delete(timer);
    send();
  }, reply.delayMs);
  state.timers.add(timer);
  response.once('close', () => {
    clearTimeout(timer);
    state.timers.delete(timer);
  });
}

function buildContext(options: SimulatorOptions): SimulatorContext {
  const slowDelayMs = options.slowDelayMs ?? DEFAULT_SLOW_DELAY_MS;
  if (!Number.isFinite(slowDelayMs) || slowDelayMs < 0) throw new RangeError('slowDelayMs must be a number >= 0');
  if (options.requireToken !== undefined && !/^\S+$/.test(options.requireToken)) {
    throw new TypeError('requireToken must be a non-empty token without spaces');
  }
  const customers = options.customers ? parseSampleCustomers(options.customers) : SAMPLE_CUSTOMERS;
  return {
    customers: new Map(customers.map((customer) => [customer.id, customer])),
    slowDelayMs,
    ...(options.requireToken !== undefined && { requireToken: options.requireToken }),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function urlOf(server: Server): string {
  const { address, family, port } = server.address() as AddressInfo;
  return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
}

function trackSockets(server: Server, sockets: Set<Socket>): void {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
}

function closer(server: Server, state: SimulatorState): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () =>
    (closing ??= new Promise<void>((resolve) => {
      for (const timer of state.timers) clearTimeout(timer);
      state.timers.clear();
      server.close(() => resolve());
      for (const socket of state.sockets) socket.destroy();
    }));
}

export async function startPartnerCenterSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new Error(`The Partner Center simulator only listens on a loopback address, not on "${host}"`);
  }
  const context = buildContext(options);
  const state: SimulatorState = { requests: [], timers: new Set(), sockets: new Set() };
  const server = createServer((request, response) => handle(request, response, context, state));
  trackSockets(server, state.sockets);
  await listen(server, host, options.port ?? 0);
  return { url: urlOf(server), requests: state.requests, close: closer(server, state) };
}
