import type { Logger } from 'pino';
import { dataVersion, warmCohorts } from '../metrics/peers/cohort-values.ts';
import type { App } from '../app.ts';
import { isoDay, now } from '../clock.ts';
import { programMetrics } from '../program/metrics.ts';
import { writeFigures } from './figure-writer.ts';

/** How often the process looks whether the data (or the day) changed. */
export const WARM_CHECK_MS = 30_000;

export interface CohortWarmer {
  /** Settles when the first read is done (or failed). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps this process's peer cohorts read before anyone asks: at start, and again whenever
 * data_version or the day moves (an import, a webhook, midnight). A question about peers then
 * finds its cohort ready; an unusual period is read on first ask and kept (src/metrics/peers/cohort-values.ts).
 */
export function startCohortWarmer(app: App, log: Logger, everyMs = WARM_CHECK_MS): CohortWarmer {
  let last = '';
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tiers = app.program.tiers.map((t) => t.name);

  const tick = async (): Promise<void> => {
    // The figures first: the cohorts below are then read from them, not from the rows.
    await writeFigures(app, log, () => !stopped);
    const today = isoDay(now());
    // Where answers read now (the replica, or the primary): its cohorts, at its data_version.
    const reads = app.readDb();
    const stamp = `${await dataVersion(reads)}|${today}|${reads === app.db ? 'primary' : 'replica'}`;
    if (stamp === last || stopped) return;
    const t0 = performance.now();
    // Every metric the program names: the built-in ones and its own.
    const n = await warmCohorts(reads, tiers, today, programMetrics(app.program).all);
    last = stamp;
    log.debug({ cohorts: n, ms: Math.round(performance.now() - t0) }, 'peer cohorts read');
  };
  const run = () => {
    running = running.then(tick).catch((e: unknown) => log.warn({ err: e }, 'reading peer cohorts failed; they are read on first ask instead'));
  };
  run();
  const ready = running;
  const timer = setInterval(run, everyMs);
  timer.unref();
  return {
    ready,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
