import type { Logger } from 'pino';
import type { App } from '../app.ts';
import { now } from '../clock.ts';
import { refreshFigures } from '../metrics/figures/write.ts';
import { programMetrics } from '../program/metrics.ts';

/**
 * Computes the standard figures again after a data change (or when a day starts in some time
 * zone), on the primary: answers, on whichever server they read, use them once that server holds
 * them at its current data_version. Several processes may run it; each set is computed by one of
 * them. Never throws: while figures are missing, answers read the rows.
 */
export async function writeFigures(app: App, log: Logger, keepGoing: () => boolean = () => true): Promise<void> {
  try {
    const t0 = performance.now();
    const r = await refreshFigures(app.db, programMetrics(app.program).all, now(), { keepGoing });
    if (r.written > 0) log.debug({ sets: r.written, current: r.current, days: r.days, ms: Math.round(performance.now() - t0) }, 'standard figures computed');
  } catch (e) {
    log.warn({ err: e }, 'computing the standard figures failed; answers read the rows until the next try');
  }
}
