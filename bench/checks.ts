import type pg from 'pg';
import { windowPeriod } from '../src/metrics/period.ts';
import { METRIC_NAMES, type MetricName } from '../src/metrics/names.ts';
import type { Program } from '../src/program/schema.ts';
import { bareCertificationCount, bareDeals, bareMetric } from './bare-sql.ts';

// Our figures against the hand-written SQL of bare-sql.ts, for every sampled question whose
// answer carries figures. Amounts compare to the cent, rates to 1e-6.

export interface CheckInput {
  intent: string | null;
  data: Record<string, unknown>;
  partnerId: number;
  partnerName: string;
  today: string;
  program: Program;
}

export type CheckOutcome = { checked: false } | { checked: true; mismatches: string[] };

const CERT_LIMIT = 500;
const DEAL_LIMIT = 10_000;
const OPEN = ['submitted', 'approved'];
const CURRENT_METRICS = new Set<string>(['pipeline_value', 'active_certifications', 'expiring_certifications']);

const isMetric = (m: unknown): m is MetricName => typeof m === 'string' && (METRIC_NAMES as readonly string[]).includes(m);
const rec = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

function same(ours: number | null, bare: number | null): boolean {
  if (ours === null || bare === null) return ours === bare;
  return Math.abs(ours - bare) <= Math.max(0.005, Math.abs(bare) * 1e-9);
}

export async function checkFigures(c: pg.ClientBase, q: CheckInput): Promise<CheckOutcome> {
  const d = q.data;
  // Only answers about the asker's own partner carry figures we can recompute here.
  if (str(d.partner) !== q.partnerName) return { checked: false };
  const bad: string[] = [];
  const expect = (what: string, ours: number | null, bare: number | null) => {
    if (!same(ours, bare)) bad.push(`${q.intent} ${what} for partner ${q.partnerId}: ours ${ours}, bare SQL ${bare}`);
  };
  const metric = async (m: MetricName, from: string, to: string, withinDays?: number) =>
    bareMetric(c, { metric: m, partnerId: q.partnerId, from, to, today: q.today, withinDays });

  switch (q.intent) {
    case 'metric_query': {
      if (!isMetric(d.metric)) return { checked: false };
      const p = rec(d.period);
      expect(`${d.metric} ${p.from}..${p.to}`, num(d.value), await metric(d.metric, String(p.from), String(p.to)));
      const prev = rec(d.previous);
      const pp = rec(prev.period);
      if (pp.from) expect(`${d.metric} ${pp.from}..${pp.to}`, num(prev.value), await metric(d.metric, String(pp.from), String(pp.to)));
      break;
    }
    case 'tier_progress': {
      const tier = q.program.tiers.find((t) => t.name === d.targetTier);
      if (!tier || !Array.isArray(d.requirements)) return { checked: false };
      for (const row of d.requirements.map(rec)) {
        const req = tier.requirements.find((r) => r.metric === row.metric);
        if (!req) {
          bad.push(`tier_progress reports ${String(row.metric)}, which ${tier.name} does not require`);
          continue;
        }
        const p = windowPeriod(req.window, q.today);
        expect(`${req.metric} (${req.window})`, num(row.current), (await metric(req.metric, p.from, p.to)) ?? 0);
      }
      if (d.requirements.length !== tier.requirements.length) bad.push(`tier_progress lists ${d.requirements.length} of ${tier.requirements.length} requirements`);
      break;
    }
    case 'partner_overview': {
      const t12m = windowPeriod('trailing_12_months', q.today);
      const cur = windowPeriod('current', q.today);
      for (const [m, v] of Object.entries(rec(d.metrics))) {
        if (!isMetric(m)) continue;
        // Stocks are read today; flows over the trailing 12 months (as the overview labels them).
        const p = CURRENT_METRICS.has(m) ? cur : t12m;
        expect(`${m} ${p.from}..${p.to}`, num(v), await metric(m, p.from, p.to, 30));
      }
      break;
    }
    case 'certifications': {
      const f = rec(d.filters);
      if (f.holder) return { checked: false };
      const within = num(f.expiringWithinDays);
      expect('certification count', num(d.count), await bareCertificationCount(c, { partnerId: q.partnerId, today: q.today, within, limit: CERT_LIMIT }));
      break;
    }
    case 'list_deals': {
      const f = rec(d.filters);
      // Lists narrowed by a customer, an expiry horizon, co-selling, an amount or a period are not recomputed here.
      if (f.customer || f.expiringWithinDays !== null || f.coSell || f.period || (f.minAmount ?? null) !== null || (f.maxAmount ?? null) !== null) return { checked: false };
      const status = str(f.status);
      const statuses = status === null ? null : status === 'open' ? OPEN : [status];
      const bare = await bareDeals(c, { partnerId: q.partnerId, statuses, limit: DEAL_LIMIT });
      expect('deal count', num(d.count), bare.count);
      expect('deal total', num(d.totalAmount), bare.total);
      break;
    }
    default:
      return { checked: false };
  }
  return { checked: true, mismatches: bad };
}
