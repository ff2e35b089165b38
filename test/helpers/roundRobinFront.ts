import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** The answer's header that names the instance which answered (for the tests' bookkeeping). */
export const INSTANCE_HEADER = 'x-front-instance';

/** One request the front passed on: to which instance, and what came back. */
export interface FrontRequest {
  readonly instance: number;
  readonly path: string;
  readonly status: number;
}

/**
 * A load balancer stand-in for scale-out tests (Azure App Service's front end, a Kubernetes
 * Service): each request goes to the next instance in turn, whatever it is. It passes the method,
 * the path, the body and the headers that matter to the bot (Authorization, Content-Type) through,
 * and the answer back. Listens on 127.0.0.1 only.
 */
export class RoundRobinFront {
  readonly requests: FrontRequest[] = [];
  private next = 0;
  private readonly server = http.createServer((req, res) => this.forward(req, res));

  private constructor(private readonly targets: string[]) {}

  static async start(targets: readonly string[]): Promise<RoundRobinFront> {
    const front = new RoundRobinFront([...targets]);
    await new Promise<void>((resolve) => front.server.listen(0, '127.0.0.1', resolve));
    return front;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The instance the next request goes to. */
  get nextInstance(): number {
    return this.next;
  }

  /** An instance came back at another address (a restart). */
  replace(instance: number, target: string): void {
    this.targets[instance] = target;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const instance = this.next;
    this.next = (this.next + 1) % this.targets.length;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const name of ['authorization', 'content-type']) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name] = value;
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      fetch(`${this.targets[instance]}${req.url ?? '/'}`, { method: req.method, headers, body })
        .then(async (answer) => {
          const text = await answer.text();
          this.requests.push({ instance, path: req.url ?? '/', status: answer.status });
          res.writeHead(answer.status, {
            'Content-Type': answer.headers.get('content-type') ?? 'text/plain',
            [INSTANCE_HEADER]: String(instance),
          });
          res.end(text);
        })
        .catch(() => {
          // The instance is down: what a load balancer without health checks would answer.
          this.requests.push({ instance, path: req.url ?? '/', status: 502 });
          res.writeHead(502);
          res.end();
        });
    });
  }
}
