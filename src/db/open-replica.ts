import { describeUrl, safePool, type Db } from '../../db/connect.ts';
import type { Config } from '../config.ts';
import { log } from '../log.ts';
import type { PulseMetrics } from '../ops/metrics.ts';
import { createReadRouter, type ReadRouter } from './read-router.ts';

/**
 * The read router on `DATABASE_READ_URL`, measured once (so the first answers already know where
 * to read) and then every second; undefined when no replica is configured. A replica that does
 * not answer at start is not an error: the primary serves, /readyz and the log say so.
 */
export async function openReadRouter(config: Config, primary: Db, metrics: PulseMetrics): Promise<ReadRouter | undefined> {
  const url = config.DATABASE_READ_URL;
  if (!url) return undefined;
  // A short connect timeout: a replica that is gone should cost a question little before it falls back.
  // A replica restarting must not crash the process (see safePool).
  const pool = safePool({ connectionString: url, max: 10, connectionTimeoutMillis: 2000 });
  const router = createReadRouter({
    primary,
    replicaPool: pool,
    replicaName: describeUrl(url),
    maxLagMs: config.PULSE_MAX_REPLICA_LAG,
    log,
    onFallback: (reason) => metrics.replicaFallback(reason),
  });
  metrics.watchReplica(() => {
    const s = router.state();
    return { lagSeconds: s.kind === 'serving' || s.kind === 'lagging' ? s.lagMs / 1000 : null, serving: s.kind === 'serving' };
  });
  await router.probe();
  router.start();
  return router;
}
