import type { IncomingMessage, ServerResponse } from 'node:http';

// One HTTP server for every inbound integration: Slack at /slack/events, the Teams adapter at
// /api/messages, the import webhook at /ingest/<entity>. Each mounts as a route here; none of
// them needs a server of its own.

export type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** An exact path, or a prefix ending in "/" when `prefix` is set ("/ingest/"). */
  path: string;
  prefix?: boolean;
  handler: Handler;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const matches = (route: Route, path: string): boolean => (route.prefix ? path.startsWith(route.path) : path === route.path);

/**
 * The request listener for a route table: 404 for an unknown path, 405 (with Allow) for a known
 * path and another method, 500 — logged by `onError`, never a crash — when a handler throws.
 */
export function createRouter(routes: readonly Route[], onError: (e: unknown, req: IncomingMessage) => void): Handler {
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const forPath = routes.filter((r) => matches(r, path));
    const route = forPath.find((r) => r.method === method) ?? (method === 'HEAD' ? forPath.find((r) => r.method === 'GET') : undefined);
    if (!route) {
      if (forPath.length === 0) return sendJson(res, 404, { error: 'not_found' });
      res.setHeader('allow', [...new Set(forPath.map((r) => r.method))].join(', '));
      return sendJson(res, 405, { error: 'method_not_allowed' });
    }
    try {
      await route.handler(req, res);
    } catch (e) {
      onError(e, req);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
      else res.end();
    }
  };
}
