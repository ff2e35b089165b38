import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A reply target (what an activity's serviceUrl names) that misbehaves on purpose, on 127.0.0.1:
 * it records every request and every connection the bot opens to it, and answers
 *
 * - `ok`: 200 with an activity id (a well-behaved Bot Connector);
 * - `500`: 500 to everything;
 * - `307` / `303`: a redirect to `/moved/…` on the same origin (a followed redirect shows up as a
 *   request to `/moved/…`, answered 200);
 * - `hang`: never answers (the request is read, no response is ever written);
 * - `stall`: sends the status line and headers, then never the body.
 */
export type ReplyTargetBehaviour = 'ok' | '500' | '307' | '303' | 'hang' | 'stall';

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
}

export class ReplyTarget {
  readonly calls: RecordedCall[] = [];
  /** Connections opened to it so far. */
  connections = 0;
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  constructor(private readonly behaviour: ReplyTargetBehaviour) {
    this.server.on('connection', () => this.connections++);
  }

  static async start(behaviour: ReplyTargetBehaviour): Promise<ReplyTarget> {
    const target = new ReplyTarget(behaviour);
    await new Promise<void>((resolve) => target.server.listen(0, '127.0.0.1', resolve));
    return target;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Connections open right now (held by the bot). */
  openConnections(): Promise<number> {
    return new Promise((resolve, reject) =>
      this.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );
  }

  /** Requests that reached a redirect's target (none may, ever). */
  get followedRedirects(): RecordedCall[] {
    return this.calls.filter((call) => call.path.startsWith('/moved/'));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = req.url ?? '';
    this.calls.push({ method: req.method ?? '', path });
    req.resume();
    req.on('end', () => {
      if (path.startsWith('/moved/') || this.behaviour === 'ok') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ id: `reply-${this.calls.length}` }));
      } else if (this.behaviour === '500') {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end('{"error":"boom"}');
      } else if (this.behaviour === '307' || this.behaviour === '303') {
        res.writeHead(Number(this.behaviour), { Location: `/moved${path}` });
        res.end();
      } else if (this.behaviour === 'stall') {
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100' });
        res.write('{"id":');
      }
      // hang: nothing, ever.
    });
  }
}
