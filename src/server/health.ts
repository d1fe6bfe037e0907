import { sendJson, type Route } from './routes.ts';

export interface HealthStatus {
  ok: boolean;
  [part: string]: unknown;
}

/**
 * `GET /healthz`: 200 with the parts' status when `check` says ok, 503 otherwise. Load
 * balancers and `pulse serve` smoke tests poll it.
 */
export function healthRoute(check: () => Promise<HealthStatus>): Route {
  return {
    method: 'GET',
    path: '/healthz',
    handler: async (_req, res) => {
      let status: HealthStatus;
      try {
        status = await check();
      } catch (e) {
        status = { ok: false, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
      }
      sendJson(res, status.ok ? 200 : 503, status);
    },
  };
}
