import { DEFAULT_MIGRATION_TABLE, sql } from 'kysely';
import type { ServerResponse } from 'node:http';
import type { Db } from '../../db/connect.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { describeError } from '../errors.ts';
import type { Route } from './routes.ts';

/** `detail` is a short note a ready instance adds to its answer ("replica lag 0.4 s"). */
export type Readiness = { ok: true; detail?: string } | { ok: false; reason: string };

/** One more condition of readiness besides the database's (draining on shutdown, the replica). */
export type ReadinessCheck = () => Readiness | Promise<Readiness>;

/**
 * Ready to take traffic: the database answers and every migration this build knows is applied
 * (an instance started against a database another version migrated, or one whose migration
 * failed, is not). `/healthz` stays the liveness check.
 */
export async function checkReadiness(db: Db): Promise<Readiness> {
  let applied: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(db);
    applied = new Set(rows.map((r) => r.name));
  } catch (e) {
    const why = describeError(e).split('\n')[0] ?? 'unknown error';
    return { ok: false, reason: /does not exist/.test(why) ? 'database: no migrations applied (run pulse db migrate)' : `database: ${why}` };
  }
  const missing = Object.keys(MIGRATIONS).filter((name) => !applied.has(name));
  if (missing.length === 0) return { ok: true };
  const more = missing.length > 1 ? ` and ${missing.length - 1} more` : '';
  return { ok: false, reason: `migration ${missing[0]}${more} not applied` };
}

function sendLine(res: ServerResponse, status: number, line: string): void {
  const text = `${line}\n`;
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/**
 * `GET /readyz`: 200 "ready", or 503 with one line saying why not (for a load balancer and a
 * person). `checks` run first, in order; the first that fails answers.
 */
export function readyRoute(db: Db, checks: readonly ReadinessCheck[] = []): Route {
  return {
    method: 'GET',
    path: '/readyz',
    handler: async (_req, res) => {
      const details: string[] = [];
      for (const check of [...checks, () => checkReadiness(db)]) {
        const ready = await check();
        if (!ready.ok) return sendLine(res, 503, `not ready: ${ready.reason}`);
        if (ready.detail) details.push(ready.detail);
      }
      sendLine(res, 200, details.length > 0 ? `ready (${details.join('; ')})` : 'ready');
    },
  };
}
