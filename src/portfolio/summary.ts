import { emptyParts, sumParts, valueOfParts } from '../metrics/catalog.ts';
import type { DateWords } from '../metrics/date-words.ts';
import type { MetricName } from '../metrics/names.ts';
import type { MetricParts, PartnerData, PartnerInfo } from '../metrics/partner-data.ts';
import { parsePeriod, previousPeriod, windowPeriod } from '../metrics/period.ts';
import type { Period } from '../metrics/types.ts';
import type { Program } from '../program/schema.ts';
import { groupKey, programKey } from './group-key.ts';
import { tierMoves } from './tier-moves.ts';
import type { GroupTotal, PortfolioSummary } from './types.ts';

/** The figures a portfolio summary totals, in the order it shows them. */
export const KEY_METRICS: readonly MetricName[] = ['revenue', 'pipeline_value', 'deal_registrations', 'won_deals', 'win_rate'];
/** Certifications expiring within this many days are counted. */
export const EXPIRY_DAYS = 30;
const SOONEST = 5;
const TOP = 10;

/** This quarter to date: what a summary covers unless asked otherwise. */
export function defaultPeriod(today: string): Period {
  const p = parsePeriod('this quarter', today);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

const change = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.round((a - b) * 1e6) / 1e6);

/** Partners per tier: the program's tiers lowest first (zeros included), then any tier it no longer lists. */
export function tierCounts(program: Program, partners: readonly PartnerInfo[]): PortfolioSummary['tierCounts'] {
  const counts = new Map<string, number>();
  for (const p of partners) counts.set(p.tier.toLowerCase(), (counts.get(p.tier.toLowerCase()) ?? 0) + 1);
  const out = program.tiers.map((t) => ({ tier: t.name, partners: counts.get(t.name.toLowerCase()) ?? 0 }));
  const listed = new Set(program.tiers.map((t) => t.name.toLowerCase()));
  const others = [...new Map(partners.filter((p) => !listed.has(p.tier.toLowerCase())).map((p) => [p.tier.toLowerCase(), p.tier])).values()].sort();
  for (const tier of others) out.push({ tier, partners: counts.get(tier.toLowerCase()) ?? 0 });
  return out;
}

/**
 * The group at a glance for `period` against the period before it: partners per tier, the key
 * totals (amounts summed, rates as the ratio of the sums: PartnerData.metricTotal), the largest
 * revenue, tier moves and the certifications that expire within 30 days. A fixed number of queries
 * whatever the group's size.
 */
export function portfolioSummary(
  data: PartnerData,
  program: Program,
  partners: readonly PartnerInfo[],
  period: Period,
  opts: { top?: number; words?: DateWords } = {},
): Promise<PortfolioSummary> {
  // Kept until the data changes: a vendor admin's summary reads every partner's figures. The whole
  // ranking is kept, so any number of rows is a slice of the same entry.
  const key = `portfolio-summary|${programKey(program)}|${groupKey(partners)}|${period.from}|${period.to}|${period.label}`;
  // The period before is labelled in the asker's locale; the kept entry is shared by everyone in the scope.
  const previous = (s: PortfolioSummary) => (opts.words ? { ...s.previous, label: previousPeriod(period, opts.words).label } : s.previous);
  return data.remember(key, () => summarize(data, program, partners, period)).then((s) => ({ ...s, previous: previous(s), topRevenue: s.topRevenue.slice(0, opts.top ?? TOP) }));
}

async function summarize(data: PartnerData, program: Program, partners: readonly PartnerInfo[], period: Period): Promise<PortfolioSummary> {
  const ids = partners.map((p) => p.id);
  const previous = previousPeriod(period);
  const now = windowPeriod('current', data.today);
  const none = <T>(v: T) => Promise.resolve(v);
  const total = (metric: MetricName, p: Period) => {
    const def = data.metrics.def(metric);
    return ids.length > 0 ? data.metricTotal(metric, ids, p) : none(valueOfParts(def, emptyParts(def)));
  };
  const [totals, revenue, moves, expiringCount, soonest] = await Promise.all([
    Promise.all(
      KEY_METRICS.map(async (metric): Promise<GroupTotal> => {
        const def = data.metrics.def(metric);
        // Revenue is read per partner anyway (the largest first): its total is the sum of those parts.
        const current = metric === 'revenue' ? undefined : total(metric, period);
        const [value, before] = await Promise.all([current ?? Promise.resolve(null), total(metric, previous)]);
        return { metric, label: def.label, unit: def.unit, current: value, previous: before, change: null };
      }),
    ),
    ids.length > 0 ? data.metricParts('revenue', ids, period) : none(new Map<number, MetricParts>()),
    tierMoves(data, program, partners, period),
    ids.length > 0 ? data.metricTotal('expiring_certifications', ids, now, { withinDays: EXPIRY_DAYS }) : none(0),
    ids.length > 0 ? data.certifications({ partnerIds: ids, expiringWithinDays: EXPIRY_DAYS, limit: SOONEST }) : none([]),
  ]);
  const revenueDef = data.metrics.def('revenue');
  const revenueTotal = valueOfParts(revenueDef, sumParts(revenueDef, revenue.values()));
  for (const t of totals) {
    if (t.metric === 'revenue') t.current = revenueTotal;
    t.change = change(t.current, t.previous);
  }
  const topRevenue = partners
    .map((partner) => ({ partner, value: valueOfParts(revenueDef, revenue.get(partner.id)) ?? 0 }))
    .filter((f) => f.value > 0)
    .sort((a, b) => b.value - a.value || a.partner.name.localeCompare(b.partner.name));
  return {
    period,
    previous,
    partnerCount: partners.length,
    tierCounts: tierCounts(program, partners),
    totals,
    topRevenue,
    tierMoves: moves,
    expiringCertifications: { withinDays: EXPIRY_DAYS, count: expiringCount ?? 0, soonest },
  };
}
