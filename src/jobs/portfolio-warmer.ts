import type { Logger } from 'pino';
import { loadPrincipal } from '../access/principal.ts';
import type { App } from '../app.ts';
import { isoDay, now } from '../clock.ts';
import { createPartnerData } from '../metrics/create-partner-data.ts';
import { programMetrics } from '../program/metrics.ts';
import { dataVersion } from '../metrics/peers/cohort-values.ts';
import { atRiskPartners } from '../portfolio/at-risk.ts';
import { nearNextTier } from '../portfolio/near-next.ts';
import { defaultPeriod, portfolioSummary } from '../portfolio/summary.ts';
import { WARM_CHECK_MS } from './cohort-warmer.ts';

export interface PortfolioWarmer {
  /** Settles when the first read is done (or failed). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * A vendor admin's portfolio over every partner (this quarter's summary, who is at risk, who is
 * closest to the next tier: what the App Home and "how are my partners doing?" ask) read through
 * the same scoped computation the answers use, so it is kept (PartnerData.remember) for every
 * vendor admin of this process. Returns how many views were read; 0 when there is no vendor admin.
 */
export async function warmPortfolios(app: App, today: string): Promise<number> {
  const admin = await app.db.selectFrom('users').select('id').where('role', '=', 'vendor_admin').orderBy('id').executeTakeFirst();
  if (!admin) return 0;
  const principal = await loadPrincipal(app.db, admin.id);
  if (!principal.ok) return 0;
  const data = createPartnerData(app.db, principal.value, today, programMetrics(app.program));
  const partners = await data.visiblePartners();
  await Promise.all([
    portfolioSummary(data, app.program, partners, defaultPeriod(today)),
    atRiskPartners(data, app.program, partners),
    nearNextTier(data, app.program, partners),
  ]);
  return 3;
}

/**
 * Keeps the vendor admins' portfolio read at start (once `after` settles: the peer cohorts first,
 * so the two do not load the database at once) and again whenever data_version or the day moves.
 */
export function startPortfolioWarmer(app: App, log: Logger, opts: { after?: Promise<void>; everyMs?: number } = {}): PortfolioWarmer {
  const everyMs = opts.everyMs ?? WARM_CHECK_MS;
  let last = '';
  let running: Promise<void> = (opts.after ?? Promise.resolve()).catch(() => undefined);
  let stopped = false;
  const tick = async (): Promise<void> => {
    const today = isoDay(now());
    const stamp = `${await dataVersion(app.db)}|${today}`;
    if (stamp === last || stopped) return;
    const t0 = performance.now();
    const n = await warmPortfolios(app, today);
    last = stamp;
    log.debug({ views: n, ms: Math.round(performance.now() - t0) }, 'vendor admin portfolio read');
  };
  const run = () => {
    running = running.then(tick).catch((e: unknown) => log.warn({ err: e }, 'reading the portfolio failed; it is read on first ask instead'));
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
