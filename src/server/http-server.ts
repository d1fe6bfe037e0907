import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createRouter, type Route } from './routes.ts';

const CLOSE_GRACE_MS = 10_000;

export interface RunningServer {
  server: Server;
  /** "http://127.0.0.1:3000" (the actual port when 0 was asked for). */
  url: string;
  port: number;
  /** Stops accepting, lets requests in flight finish, then closes idle keep-alive sockets. */
  close: () => Promise<void>;
}

export interface ServerOptions {
  port: number;
  host?: string;
  routes: readonly Route[];
  log: Logger;
}

/** The one node:http server of `pulse serve`. Resolves once it listens, rejects on EADDRINUSE and the like. */
export function startHttpServer(opts: ServerOptions): Promise<RunningServer> {
  const router = createRouter(opts.routes, (e, req) => opts.log.error({ err: e, method: req.method, url: req.url }, 'request failed'));
  const server = createServer((req, res) => {
    void router(req, res);
  });
  // Slack holds connections open between requests; a little above its idle time avoids resets.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      server.on('error', (e) => opts.log.error({ err: e }, 'HTTP server error'));
      const addr = server.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        server,
        port: addr.port,
        url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${addr.port}`,
        close: () =>
          new Promise<void>((done) => {
            // A client that keeps a request open past the grace period is cut off.
            const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
            force.unref();
            server.close(() => {
              clearTimeout(force);
              done();
            });
            server.closeIdleConnections();
          }),
      });
    });
  });
}
