import http from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';

/**
 * One HTTP GET to Partner Center, with Node's own http/https client and a keep-alive agent per
 * base URL, so repeated lookups reuse one (TLS) connection. Chosen over the global `fetch` for its
 * cost: fetch's WHATWG streams, Headers and AbortSignal plumbing cost several times as much CPU
 * per request (npm run bench shows it), which on a busy bot is most of what a lookup costs beyond
 * the reply itself.
 *
 * It follows no redirect (a 3xx is an answer like any other, so the token never goes elsewhere),
 * reads at most `maxBytes` of body, and gives up after `timeoutMs` (headers and body together) or
 * when `signal` aborts. It never throws on an HTTP status: the caller reads `status`.
 */
export interface HttpAnswer {
  readonly status: number;
  /** A header's value (first one when repeated), or null. Names in any case. */
  header(name: string): string | null;
  /**
   * The body as UTF-8 text without a leading byte-order mark ('' when it was over `maxBytes` and
   * the status is not 200).
   */
  readonly text: string;
}

/** Why a GET got no answer we can use. */
export type TransportFailure =
  /** No answer (or no whole body) within the timeout. */
  | 'timeout'
  /** The connection failed or dropped, or the caller's signal aborted. */
  | 'unavailable'
  /** A 200 answer whose body is larger than maxBytes. */
  | 'tooLarge';

export class TransportError extends Error {
  constructor(
    readonly failure: TransportFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

export interface GetOptions {
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
}

/**
 * UTF-8 with the WHATWG decoder's defaults: a leading byte-order mark (EF BB BF) is dropped, as
 * the Partner Center PowerShell module does by hand with `Substring(1)`: some Partner Center
 * endpoints have sent one, on 200 and error answers alike, and JSON.parse refuses it. Invalid
 * bytes become U+FFFD, as with Buffer#toString. One instance serves every call (decode() without
 * `stream` keeps no state between calls).
 */
const UTF8 = new TextDecoder('utf-8');

/**
 * Keep-alive; LIFO: the most recently used connection first, so idle ones time out and close
 * ('lifo' is also Node's default, so no test tells it from a mutant).
 */
// Stryker disable next-line all
const AGENT_OPTIONS = { keepAlive: true, scheduling: 'lifo' } as const;

export class HttpTransport {
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  /** Where every request goes (protocol, host, port), read from the base URL once, not per request. */
  private readonly target: http.RequestOptions;
  private readonly basePath: string;

  /** `baseUrl`: http:// (loopback stand-ins) or https:// (Partner Center). */
  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    const { protocol, hostname, port } = urlToHttpOptions(url);
    this.target = { protocol, hostname, port };
    this.basePath = url.pathname.replace(/\/+$/, '');
    // Tests run on http:// stand-ins (https is Partner Center's own): no test tells these from their mutants.
    // Stryker disable next-line all
    const secure = url.protocol === 'https:';
    // Stryker disable next-line all
    this.agent = secure ? new https.Agent(AGENT_OPTIONS) : new http.Agent(AGENT_OPTIONS);
    this.request = secure ? https.request : http.request;
  }

  /** GET `path` (with its query, if any) under the base URL. */
  get(path: string, options: GetOptions): Promise<HttpAnswer> {
    return new Promise<HttpAnswer>((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) {
        reject(new TransportError('unavailable', 'the request was cancelled', { cause: signal.reason }));
        return;
      }
      let settled = false;
      const finish = (outcome: { answer: HttpAnswer } | { error: TransportError }): void => {
        // Stryker disable next-line all: a promise settles once anyway; this only skips repeated clean-up.
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if ('error' in outcome) {
          request.destroy();
          reject(outcome.error);
        } else {
          resolve(outcome.answer);
        }
      };
      const fail = (failure: TransportFailure, message: string, cause?: unknown): void =>
        finish({ error: new TransportError(failure, message, { cause }) });
      const onAbort = (): void => fail('unavailable', 'the request was cancelled', signal?.reason);

      const target = {
        ...this.target,
        path: this.basePath + path,
        method: 'GET',
        headers: options.headers,
        agent: this.agent,
      };
      let request: http.ClientRequest;
      try {
        request = this.request(target, (response) => {
          const status = response.statusCode ?? 0;
          const header = (name: string): string | null => {
            const value = response.headers[name.toLowerCase()];
            return (Array.isArray(value) ? value[0] : value) ?? null;
          };
          const tooLarge = (): void => {
            // A huge error page still says what happened through its status; a huge 200 is unreadable.
            if (status === 200) {
              fail('tooLarge', `the answer is over ${options.maxBytes} bytes`);
            } else {
              finish({ answer: { status, header, text: '' } });
              request.destroy(); // stop reading the rest
            }
          };
          if (Number(header('content-length')) > options.maxBytes) {
            tooLarge();
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > options.maxBytes) tooLarge();
            else chunks.push(chunk);
          });
          response.on('end', () =>
            finish({ answer: { status, header, text: UTF8.decode(Buffer.concat(chunks, size)) } }),
          );
          response.on('error', (error) =>
            fail('unavailable', 'the connection dropped while the answer arrived', error),
          );
        });
      } catch (error) {
        // Refused before anything was sent (e.g. a header value Node rejects): not a Partner Center
        // failure, and no timer or listener set yet; the caller gets the error as it is.
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      const timer = setTimeout(() => fail('timeout', `no answer within ${options.timeoutMs} ms`), options.timeoutMs);
      request.on('error', (error) => fail('unavailable', 'the request failed', error));
      signal?.addEventListener('abort', onAbort, { once: true });
      request.end();
    });
  }

  /** Closes idle connections (e.g. at shutdown). */
  close(): void {
    this.agent.destroy();
  }
}
