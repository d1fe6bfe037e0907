import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { PulseMetrics } from '../ops/metrics.ts';
import { sendJson, type Route } from './routes.ts';

export const METRICS_PATH = '/metrics';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** The bearer token of the request matches `token` (compared in constant time). */
function authorized(req: IncomingMessage, token: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1] !== undefined && timingSafeEqual(digest(m[1]), digest(token));
}

/**
 * `GET /metrics`: the Prometheus text format, with the process metrics. With `token`
 * (PULSE_METRICS_TOKEN) a scrape must send `Authorization: Bearer <token>`, else 401.
 */
export function metricsRoute(metrics: PulseMetrics, token: string | undefined): Route {
  metrics.withProcessMetrics();
  return {
    method: 'GET',
    path: METRICS_PATH,
    handler: async (req, res) => {
      if (token !== undefined && !authorized(req, token)) {
        res.setHeader('www-authenticate', 'Bearer realm="pulse-metrics"');
        return sendJson(res, 401, { error: 'unauthorized', message: 'send Authorization: Bearer <PULSE_METRICS_TOKEN>' });
      }
      const text = await metrics.registry.metrics();
      res.writeHead(200, { 'content-type': metrics.registry.contentType, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
      res.end(text);
    },
  };
}

/**
 * The chat platforms' routes, each request's answer counted as an ack (status, time). In HTTP
 * mode that answer is the acknowledgement Slack waits 3 s for; Teams' likewise.
 */
export function countAcks(metrics: PulseMetrics, platform: string, routes: readonly Route[]): Route[] {
  return routes.map((route) => ({
    ...route,
    handler: (req, res) => {
      const started = performance.now();
      res.once('finish', () => metrics.acked(platform, res.statusCode, (performance.now() - started) / 1000));
      return route.handler(req, res);
    },
  }));
}
