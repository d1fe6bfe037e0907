import type { Logger } from 'pino';
import { loadPrincipal } from '../access/principal.ts';
import type { Db } from '../../db/connect.ts';
import type { App } from '../app.ts';
import { isoDay, now } from '../clock.ts';
import { createPartnerData } from '../metrics/create-partner-data.ts';
import { programMetrics } from '../program/metrics.ts';
import { dataVersion } from '../metrics/peers/cohort-values.ts';
import { REMEMBER_CAPACITY } from '../metrics/remember.ts';
import { atRiskPartners } from '../portfolio/at-risk.ts';
import { nearNextTier } from '../portfolio/near-next.ts';
import { defaultPeriod, portfolioSummary } from '../portfolio/summary.ts';
import { WARM_CHECK_MS } from './cohort-warmer.ts';

export interface PortfolioWarmer {
  /** Settles when the first read is done (or failed). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** The views read ahead for one person: what the App Home and "how are my partners doing?" ask. */
const VIEWS_PER_SCOPE = 3;

/**
 * One person's portfolio (this quarter's summary, who is at risk, who is closest to the next tier)
 * read through the same scoped computation the answers use, so it is kept (PartnerData.remember)
 * for everyone with the same scope. Returns how many views were read: 0 for a person without partners.
 */
async function warmScope(app: App, reads: Db, userId: number, today: string): Promise<number> {
  const principal = await loadPrincipal(reads, userId);
  if (!principal.ok) return 0;
  const data = createPartnerData(reads, principal.value, today, programMetrics(app.program));
  const partners = await data.visiblePartners();
  if (partners.length === 0) return 0;
  await Promise.all([
    portfolioSummary(data, app.program, partners, defaultPeriod(today)),
    atRiskPartners(data, app.program, partners),
    nearNextTier(data, app.program, partners),
  ]);
  return VIEWS_PER_SCOPE;
}

/**
 * The vendor admins' portfolio over every partner (one scope for all of them), then each channel
 * manager's, one manager at a time so the answers being asked meanwhile still get the database:
 * the first ask after a data change then finds its figures read. At most half of what
 * PartnerData.remember keeps is read ahead; any other manager's is read on first ask. `keepGoing`
 * stops between managers (the process is stopping). Returns how many views were read.
 */
export async function warmPortfolios(app: App, today: string, opts: { keepGoing?: () => boolean; reads?: Db } = {}): Promise<number> {
  const keepGoing = opts.keepGoing ?? (() => true);
  // The server answers read from, so what is kept is what they find (PartnerData.remember is per database).
  const reads = opts.reads ?? app.readDb();
  const admin = await app.db.selectFrom('users').select('id').where('role', '=', 'vendor_admin').orderBy('id').executeTakeFirst();
  let views = admin ? await warmScope(app, reads, admin.id, today) : 0;
  const managers = await app.db.selectFrom('users').select('id').where('role', '=', 'channel_manager').orderBy('id').execute();
  for (const m of managers) {
    if (!keepGoing() || views + VIEWS_PER_SCOPE > REMEMBER_CAPACITY / 2) break;
    views += await warmScope(app, reads, m.id, today);
  }
  return views;
}

/**
 * Keeps the vendor admins' and channel managers' portfolios read at start (once `after` settles:
 * the peer cohorts first, so the two do not load the database at once) and again whenever
 * data_version or the day moves.
 */
export function startPortfolioWarmer(app: App, log: Logger, opts: { after?: Promise<void>; everyMs?: number } = {}): PortfolioWarmer {
  const everyMs = opts.everyMs ?? WARM_CHECK_MS;
  let last = '';
  let running: Promise<void> = (opts.after ?? Promise.resolve()).catch(() => undefined);
  let stopped = false;
  const tick = async (): Promise<void> => {
    const today = isoDay(now());
    const reads = app.readDb();
    const stamp = `${await dataVersion(reads)}|${today}|${reads === app.db ? 'primary' : 'replica'}`;
    if (stamp === last || stopped) return;
    const t0 = performance.now();
    const n = await warmPortfolios(app, today, { keepGoing: () => !stopped, reads });
    last = stamp;
    log.debug({ views: n, ms: Math.round(performance.now() - t0) }, 'portfolios read ahead');
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
