import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HttpTransport, TransportError, type GetOptions } from '../../../src/partnerCenter/transport';
import { watchTimers } from '../../helpers/timers';

/**
 * HttpTransport on its own, against a raw node:http server on 127.0.0.1 that the test scripts
 * request by request: what goes out, what comes back, and every way an exchange ends.
 */

type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

interface RawServer {
  readonly url: string;
  readonly seen: http.IncomingMessage[];
  /** Sockets opened to the server so far. */
  readonly sockets: Socket[];
  handle(handler: Handler): void;
  close(): Promise<void>;
}

async function rawServer(): Promise<RawServer> {
  let handler: Handler = (_request, response) => response.end('ok');
  const seen: http.IncomingMessage[] = [];
  const sockets: Socket[] = [];
  const server = http.createServer((request, response) => {
    seen.push(request);
    handler(request, response);
  });
  server.on('connection', (socket) => sockets.push(socket));
  // Longer than any test: only the client may close an idle connection here.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    sockets,
    handle: (next) => (handler = next),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

const OPTIONS: GetOptions = { headers: { Accept: 'application/json' }, timeoutMs: 2000, maxBytes: 1000 };

async function transportError(promise: Promise<unknown>): Promise<TransportError> {
  const error = await promise.then(
    () => assert.fail('expected a TransportError'),
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof TransportError, String(error));
  assert.equal(error.name, 'TransportError');
  return error;
}

describe('HttpTransport (one GET, against a raw HTTP server)', () => {
  let server: RawServer;
  let transport: HttpTransport;

  beforeEach(async () => {
    server = await rawServer();
    transport = new HttpTransport(`${server.url}/base//`);
  });

  afterEach(async () => {
    transport.close();
    await server.close();
  });

  it('sends a GET under the base path (trailing slashes dropped) with the given headers', async () => {
    const answer = await transport.get('/v1/customers?size=1', { ...OPTIONS, headers: { 'X-Test': 'yes' } });
    assert.equal(answer.status, 200);
    assert.equal(answer.text, 'ok');
    const [request] = server.seen;
    assert.equal(request?.method, 'GET');
    assert.equal(request?.url, '/base/v1/customers?size=1');
    assert.equal(request?.headers['x-test'], 'yes');
  });

  it('reuses one keep-alive connection for requests one after the other; close() ends it', async () => {
    for (let i = 0; i < 3; i++) await transport.get('/x', OPTIONS);
    assert.equal(server.sockets.length, 1);
    const [socket] = server.sockets;
    const closed = new Promise<void>((resolve) => socket?.once('close', () => resolve()));
    transport.close();
    await closed;
    await transport.get('/x', OPTIONS);
    assert.equal(server.sockets.length, 2, 'a new connection after close()');
  });

  it('an aborted signal sends nothing: "unavailable", cancelled, with the reason as its cause', async () => {
    const controller = new AbortController();
    const reason = new Error('shutting down');
    controller.abort(reason);
    const error = await transportError(transport.get('/x', { ...OPTIONS, signal: controller.signal }));
    assert.equal(error.failure, 'unavailable');
    assert.equal(error.message, 'the request was cancelled');
    assert.equal(error.cause, reason);
    assert.equal(server.seen.length, 0);
  });

  it('a signal aborting mid-request cancels it, with its reason, and leaves no listener or timer', async () => {
    server.handle(() => undefined); // never answers
    const timers = await watchTimers();
    const controller = new AbortController();
    const pending = transportError(transport.get('/x', { ...OPTIONS, signal: controller.signal }));
    while (server.seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const reason = new Error('deadline');
    controller.abort(reason);
    const error = await pending;
    assert.equal(error.failure, 'unavailable');
    assert.equal(error.message, 'the request was cancelled');
    assert.equal(error.cause, reason);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    assert.equal(await timers.pendingAfterTick(), 0);
  });

  it('after an answer, its listener on the signal is gone', async () => {
    const controller = new AbortController();
    await transport.get('/x', { ...OPTIONS, signal: controller.signal });
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  });

  it('no answer within timeoutMs: "timeout", saying how long it waited', async () => {
    server.handle(() => undefined);
    const error = await transportError(transport.get('/x', { ...OPTIONS, timeoutMs: 50 }));
    assert.equal(error.failure, 'timeout');
    assert.equal(error.message, 'no answer within 50 ms');
  });

  it('a 200 over maxBytes is "tooLarge"; a larger error page is an answer with its status and no text', async () => {
    server.handle((_request, response) => response.end('x'.repeat(2000)));
    const error = await transportError(transport.get('/x', OPTIONS));
    assert.equal(error.failure, 'tooLarge');
    assert.equal(error.message, 'the answer is over 1000 bytes');
    server.handle((_request, response) => {
      response.statusCode = 503;
      response.end('x'.repeat(2000));
    });
    const answer = await transport.get('/x', OPTIONS);
    assert.equal(answer.status, 503);
    assert.equal(answer.text, '');
  });

  it('a connection closed in the middle of the body: "unavailable", saying so', async () => {
    server.handle((_request, response) => {
      response.writeHead(200, { 'Content-Length': '100' });
      response.write('partial');
      setTimeout(() => response.socket?.destroy(), 10);
    });
    const error = await transportError(transport.get('/x', OPTIONS));
    assert.equal(error.failure, 'unavailable');
    assert.match(
      error.message,
      /the connection (closed before the whole answer arrived|dropped while the answer arrived)/,
    );
  });

  it('a connection refused: "unavailable", "the request failed", with the system error as its cause', async () => {
    const address = server.url;
    await server.close();
    const error = await transportError(new HttpTransport(address).get('/x', OPTIONS));
    assert.equal(error.failure, 'unavailable');
    assert.equal(error.message, 'the request failed');
    assert.equal((error.cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');
    server = await rawServer();
  });

  it('reads headers in any case, the first of repeated ones, and null for missing ones', async () => {
    server.handle((_request, response) => {
      response.setHeader('Retry-After', ['7', '9']);
      response.end('{}');
    });
    const answer = await transport.get('/x', OPTIONS);
    assert.equal(answer.header('retry-after'), '7');
    assert.equal(answer.header('RETRY-AFTER'), '7');
    assert.equal(answer.header('x-missing'), null);
  });
});
