import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type restify from 'restify';
import type { Logger } from '../shared/logger';

/** Where the host listens: one port, on one or several interfaces (see listenOn). */

export function urlOf(address: AddressInfo): string {
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
}

/**
 * Listens on every host given (all interfaces when none): restify's own server on the first, and
 * a plain node server for each further one that hands its requests to restify's, on the same
 * port. Returns the further servers. The first address must work; a further one the machine
 * lacks (no IPv6) is skipped with a line in the log.
 */
export async function listenOn(
  server: restify.Server,
  port: number,
  hosts: readonly string[] | undefined,
  logger: Logger,
): Promise<http.Server[]> {
  const [first, ...others] = hosts ?? [];
  // restify's own object: it re-emits its server's errors, so it must be the one listened to.
  await listen(server, port, first);
  const actualPort = (server.server.address() as AddressInfo).port;
  const extra: http.Server[] = [];
  for (const host of others) {
    const listener = http.createServer();
    listener.on('request', (req, res) => server.server.emit('request', req, res));
    listener.on('checkContinue', (req, res) => server.server.emit('checkContinue', req, res));
    try {
      await listen(listener, actualPort, host);
      extra.push(listener);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'EADDRNOTAVAIL' && code !== 'EAFNOSUPPORT') {
        await Promise.all(
          [server.server, ...extra].map((each) => new Promise<void>((resolve) => each.close(() => resolve()))),
        );
        throw error;
      }
      logger.info({ host }, 'not listening on this loopback address: the machine has no such interface');
    }
  }
  return extra;
}

interface Listenable {
  listen(port: number, host: string | undefined, callback: () => void): unknown;
  once(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  removeListener(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

function listen(server: Listenable, port: number, host: string | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => reject(listenError(error, port));
    server.once('error', fail);
    server.listen(port, host, () => {
      server.removeListener('error', fail);
      resolve();
    });
  });
}

function listenError(error: NodeJS.ErrnoException, port: number): Error {
  // Kept: listenOn tells an interface the machine lacks from a real failure by it.
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'EAFNOSUPPORT') return error;
  if (error.code === 'EADDRINUSE')
    return new Error(`port ${port} is already in use: stop the other program or set PORT to a free port`);
  if (error.code === 'EACCES')
    return new Error(`no permission to listen on port ${port}: set PORT to a port above 1023`);
  return error;
}
