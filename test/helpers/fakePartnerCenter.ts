import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fixtureBytes } from './fakePartnerCenterFixtures';

/**
 * A fake Partner Center for tests: a real `node:http` server on 127.0.0.1 (never any other
 * interface), port chosen by the OS. A test programs the answer to each request, then inspects
 * what arrived. `close()` ends every connection and timer it created, so nothing keeps mocha alive.
 * It is the one HTTP stand-in for Partner Center: the tests' (in this process or for a bot child
 * process) and the benchmark's (`record: false`, so 50,000 turns keep nothing per request).
 * Code that takes a QualificationSource is tested with stubSource.ts instead, without HTTP.
 *
 *   const pc = await FakePartnerCenter.start();
 *   pc.reply({ status: 200, json: [{ qualification: 'Education' }] });
 *   ... call the client with baseUrl pc.url ...
 *   assert.equal(pc.requests[0].headers['ms-correlationid'], correlationId);
 *   await pc.close();
 */

/** One request as it reached the fake. Header names are lower case (Node's `IncomingHttpHeaders`). */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  /** Header name/value pairs exactly as sent, in order. */
  readonly rawHeaders: readonly string[];
  readonly body: string;
  readonly receivedAt: Date;
  /** The status the fake answered with, once it has sent its headers. */
  status?: number;
  /** How the answer ended: 'finished' (fully sent), 'aborted' (the client went away first), or 'pending'. */
  outcome: 'pending' | 'finished' | 'aborted';
  /** Body bytes the fake wrote (for `hugeBody`, how far it got before the client gave up). */
  bodyBytesWritten: number;
}

/** How to answer one request. Every field is optional; the default is `200` with an empty body. */
export interface FakeReply {
  readonly status?: number;
  readonly headers?: Readonly<Record<string, string | number | readonly string[]>>;
  /** Raw body text or bytes, sent as is (Content-Length is set unless `chunked`). */
  readonly body?: string | Buffer;
  /** Shorthand: JSON.stringify(json) as the body, with Content-Type application/json. */
  readonly json?: unknown;
  /** Send the body with Transfer-Encoding: chunked and no Content-Length. */
  readonly chunked?: boolean;
  /** Wait this long before sending anything. */
  readonly delayMs?: number;
  /** Never answer at all (the socket stays open until the client gives up or `close()`). */
  readonly hang?: boolean;
  /** Send the status line and headers, then never send the body. */
  readonly stallAfterHeaders?: boolean;
  /** Destroy the socket before sending anything (the client sees a connection reset). */
  readonly destroyBeforeHeaders?: boolean;
  /**
   * Send the headers (Content-Length of the full body unless `chunked`) and the first N bytes of
   * the body, then destroy the socket mid-response.
   */
  readonly destroyAfterBodyBytes?: number;
  /**
   * Stream a body this many bytes long (filler of spaces inside a JSON string) in 64 KiB chunks,
   * honouring back-pressure and stopping as soon as the client goes away. `withContentLength`
   * declares the size up front; otherwise the body is chunked.
   */
  readonly hugeBody?: { readonly bytes: number; readonly withContentLength: boolean };
}

export type Responder = FakeReply | ((request: RecordedRequest, index: number) => FakeReply);

export interface FakePartnerCenterOptions {
  /**
   * Keep every request in `requests` / `profileRequests` (the default). `false` for long runs:
   * requests are only counted (`received`, `inFlight`, `maxInFlight`), so memory stays flat.
   */
  readonly record?: boolean;
  /** How long an idle keep-alive connection stays open (Node's default is 5 s). */
  readonly keepAliveTimeoutMs?: number;
}

const HUGE_CHUNK = 64 * 1024;

/** `GET /v1/customers/{id}` (a customer's profile), not its qualifications or a search. */
const PROFILE_PATH = /^\/v1\/customers\/[0-9a-f-]{36}(?:\?.*)?$/i;

export class FakePartnerCenter {
  /** Every request received, in arrival order (without the profile requests answered by `answerProfiles`). */
  readonly requests: RecordedRequest[] = [];
  /** The profile requests answered by `answerProfiles`, in arrival order. */
  readonly profileRequests: RecordedRequest[] = [];
  /** Requests received so far, recorded or not. */
  received = 0;
  /** Requests whose answer has not finished (or been abandoned) yet. */
  inFlight = 0;
  /** The most requests in flight at once (a test may reset it to 0). */
  maxInFlight = 0;
  /** TCP connections opened to the fake so far. */
  connections = 0;
  private readonly queue: Responder[] = [];
  private fallback: Responder | undefined;
  private profileResponder: Responder | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  private constructor(
    private readonly server: http.Server,
    private readonly record: boolean,
  ) {}

  /** Starts a fake listening on 127.0.0.1 only, on a free port. */
  static async start(options: FakePartnerCenterOptions = {}): Promise<FakePartnerCenter> {
    const server = http.createServer(
      options.keepAliveTimeoutMs === undefined ? {} : { keepAliveTimeout: options.keepAliveTimeoutMs },
    );
    const fake = new FakePartnerCenter(server, options.record ?? true);
    server.on('request', (req, res) => fake.handle(req, res));
    server.on('connection', (socket: Socket) => {
      fake.connections++;
      fake.sockets.add(socket);
      socket.on('close', () => fake.sockets.delete(socket));
    });
    // The client may reset connections on purpose; that must not surface as an unhandled error.
    server.on('clientError', (_error, socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    if (address.address !== '127.0.0.1') {
      server.close();
      throw new Error(`the fake Partner Center must listen on 127.0.0.1 only, got ${address.address}`);
    }
    return fake;
  }

  /** e.g. http://127.0.0.1:54321 (no trailing slash). */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The address the server is bound to (always 127.0.0.1). */
  get address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  /** Queues the answer for the next request that has none yet (first in, first out). */
  reply(...responders: Responder[]): this {
    this.queue.push(...responders);
    return this;
  }

  /**
   * Answers every `GET /v1/customers/{id}` (the company-name call the bot makes beside each
   * lookup) with `responder`, by default a customer named "Fake Customer {first 8 of the id}",
   * outside the queue: so tests that program qualification answers stay as they are. Those
   * requests are recorded in `profileRequests`, not `requests`.
   */
  answerProfiles(responder: Responder = customerProfile): this {
    this.profileResponder = responder;
    return this;
  }

  /** The answer for every request once the queue is empty. */
  replyAlways(responder: Responder): this {
    this.fallback = responder;
    return this;
  }

  /** Ends every connection (including hanging answers) and stops listening. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closing;
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action();
    }, ms);
    this.timers.add(timer);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        rawHeaders: [...req.rawHeaders],
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: new Date(),
        outcome: 'pending',
        bodyBytesWritten: 0,
      };
      const isProfile = this.profileResponder !== undefined && req.method === 'GET' && PROFILE_PATH.test(recorded.url);
      const index = this.keep(isProfile ? this.profileRequests : this.requests, recorded);
      this.received++;
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.on('finish', () => {
        recorded.outcome = 'finished';
      });
      // 'close' follows 'finish', or comes alone when the answer was abandoned.
      res.on('close', () => {
        this.inFlight--;
        if (recorded.outcome === 'pending') recorded.outcome = 'aborted';
      });
      const responder = isProfile ? this.profileResponder : (this.queue.shift() ?? this.fallback);
      const reply: FakeReply =
        responder === undefined
          ? { status: 599, json: { code: 'fake', description: 'the test programmed no reply for this request' } }
          : typeof responder === 'function'
            ? responder(recorded, index)
            : responder;
      const send = () => this.send(reply, req, res, recorded);
      if (reply.delayMs) this.later(reply.delayMs, send);
      else send();
    });
  }

  /**
   * Records `request` in `list` and returns its index there; with recording off, returns its index
   * among all requests received.
   */
  private keep(list: RecordedRequest[], request: RecordedRequest): number {
    return this.record ? list.push(request) - 1 : this.received;
  }

  private send(reply: FakeReply, req: http.IncomingMessage, res: http.ServerResponse, recorded: RecordedRequest): void {
    if (res.destroyed) return;
    if (reply.hang) return;
    if (reply.destroyBeforeHeaders) {
      req.socket.destroy();
      return;
    }
    const status = reply.status ?? 200;
    const headers: Record<string, string | number | readonly string[]> = {};
    let body: Buffer;
    if (reply.json !== undefined) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
      body = Buffer.from(JSON.stringify(reply.json), 'utf8');
    } else {
      body = typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : (reply.body ?? Buffer.alloc(0));
    }
    Object.assign(headers, reply.headers);

    if (reply.hugeBody) {
      this.sendHuge(reply.hugeBody, status, headers, res, recorded);
      return;
    }
    if (!reply.chunked && !hasHeader(headers, 'content-length')) headers['Content-Length'] = body.length;
    recorded.status = status;
    res.writeHead(status, headers as http.OutgoingHttpHeaders);
    if (reply.stallAfterHeaders) {
      res.flushHeaders();
      return;
    }
    if (reply.destroyAfterBodyBytes !== undefined) {
      const part = body.subarray(0, reply.destroyAfterBodyBytes);
      recorded.bodyBytesWritten = part.length;
      res.write(part, () => res.socket?.destroy());
      return;
    }
    recorded.bodyBytesWritten = body.length;
    res.end(body);
  }

  private sendHuge(
    huge: { readonly bytes: number; readonly withContentLength: boolean },
    status: number,
    headers: Record<string, string | number | readonly string[]>,
    res: http.ServerResponse,
    recorded: RecordedRequest,
  ): void {
    const prefix = Buffer.from('[{"qualification":"Education","vettingReason":"');
    const suffix = Buffer.from('"}]');
    const fillerBytes = Math.max(0, huge.bytes - prefix.length - suffix.length);
    if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
    if (huge.withContentLength) headers['Content-Length'] = prefix.length + fillerBytes + suffix.length;
    recorded.status = status;
    res.writeHead(status, headers as http.OutgoingHttpHeaders);
    const filler = Buffer.alloc(HUGE_CHUNK, 0x20);
    let remaining = fillerBytes;
    const write = (chunk: Buffer): boolean => {
      recorded.bodyBytesWritten += chunk.length;
      return res.write(chunk);
    };
    write(prefix);
    const pump = (): void => {
      while (remaining > 0) {
        if (res.destroyed || this.closed) return;
        const chunk = remaining >= HUGE_CHUNK ? filler : filler.subarray(0, remaining);
        remaining -= chunk.length;
        if (!write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) {
        recorded.bodyBytesWritten += suffix.length;
        res.end(suffix);
      }
    };
    pump();
  }
}

/** A Customer resource for the id in the request's path ("Fake Customer {first 8 of the id}"). */
export function customerProfile(request: RecordedRequest): FakeReply {
  const id = (/\/v1\/customers\/([0-9a-f-]{36})/i.exec(request.url)?.[1] ?? '').toLowerCase();
  return {
    json: {
      id,
      companyProfile: {
        tenantId: id,
        companyName: `Fake Customer ${id.slice(0, 8)}`,
        domain: `fake-${id.slice(0, 8)}.onmicrosoft.com`,
      },
    },
  };
}

/**
 * `responder` for requests that carry exactly `Bearer <token>`, Partner Center's 401 for any other:
 * for a bot (child process) that must present the token its Entra stand-in issued.
 */
export function requireToken(token: string, responder: Responder): Responder {
  return (request, index) => {
    if (request.headers.authorization !== `Bearer ${token}`) {
      return { status: 401, headers: JSON_TYPE, body: fixtureBytes('error-401-CONSTRUCTED.json') };
    }
    return typeof responder === 'function' ? responder(request, index) : responder;
  };
}

const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };

function hasHeader(headers: Record<string, unknown>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/**
 * The environment for the real bot in app mode with its Partner Center calls going to `baseUrl`
 * (a FakePartnerCenter): for startApp with a stub token provider, so the secret is never used.
 * Loopback only, no per-user rate limit; `env` adds or overrides settings.
 */
export function appModeEnv(baseUrl: string, env: Readonly<Record<string, string>> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    PARTNER_CENTER_AUTH: 'app',
    PARTNER_CENTER_CLIENT_ID: '5e2f4c3b-2222-4b3c-8d4e-00000000c001',
    PARTNER_CENTER_CLIENT_SECRET: 'not-used-the-token-provider-is-a-stub',
    PARTNER_CENTER_TENANT_ID: '7d1c3b2a-1111-4a2b-9c3d-00000000a001',
    PARTNER_CENTER_BASE_URL: baseUrl,
    USER_RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  };
}

/** A TCP port on 127.0.0.1 with nothing listening on it (for "connection refused"). */
export async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
