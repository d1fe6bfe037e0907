import type { Logger } from 'pino';
import type { App } from '../app.ts';
import { rehearseAnswers } from '../core/rehearse.ts';
import { startCohortWarmer } from './cohort-warmer.ts';
import { startPortfolioWarmer } from './portfolio-warmer.ts';

export interface WarmUp {
  /** Settles (never rejects) once the first round is done: the process may then say it is ready. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * What the thread that answers does ahead of the first question: the peer cohorts, then the
 * portfolios (so the two do not load the database at once), kept current after each data change;
 * then, once, rehearsed answers, so the first people are not answered in cold code.
 */
export function startWarmUp(app: App, log: Logger): WarmUp {
  const cohorts = startCohortWarmer(app, log);
  const portfolios = startPortfolioWarmer(app, log, { after: cohorts.ready });
  const ready = portfolios.ready
    .then(() => rehearseAnswers(app, log))
    .then(
      () => undefined,
      (e: unknown) => log.warn({ err: e }, 'rehearsing answers failed; the first answers run cold'),
    );
  return {
    ready,
    async stop() {
      await cohorts.stop();
      await portfolios.stop();
    },
  };
}
