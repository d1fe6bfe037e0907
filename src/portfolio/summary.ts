import { sumParts, valueOfParts } from '../metrics/catalog.ts';
import type { DateWords } from '../metrics/date-words.ts';
import type { MetricName } from '../metrics/names.ts';
import type { MetricParts, PartnerData, PartnerInfo, PartsRequest } from '../metrics/partner-data.ts';
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
 * revenue, tier moves and the certifications that expire within 30 days. Five statements whatever
 * the group's size: one per table the figures read, the tier moves and the soonest expiries.
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
  // Every figure of the summary in one read per table (revenue, deals, certifications): each key
  // metric this period and the one before, per partner, and the certifications expiring soon.
  const requests: PartsRequest[] = [
    ...KEY_METRICS.flatMap((metric) => [
      { metric, period },
      { metric, period: previous },
    ]),
    { metric: 'expiring_certifications', period: now, filters: { withinDays: EXPIRY_DAYS } },
  ];
  const [parts, moves, soonest] = await Promise.all([
    data.metricPartsMany(requests, ids),
    tierMoves(data, program, partners, period),
    ids.length > 0 ? data.certifications({ partnerIds: ids, expiringWithinDays: EXPIRY_DAYS, limit: SOONEST }) : Promise.resolve([]),
  ]);
  // Amounts and counts summed over the group, a rate as the ratio of the sums (as metricTotal).
  const totalOf = (at: number): number | null => {
    const def = data.metrics.def(requests[at]?.metric ?? 'revenue');
    return valueOfParts(def, sumParts(def, (parts[at] ?? new Map<number, MetricParts>()).values()));
  };
  const totals = KEY_METRICS.map((metric, i): GroupTotal => {
    const def = data.metrics.def(metric);
    const current = totalOf(2 * i);
    const before = totalOf(2 * i + 1);
    return { metric, label: def.label, unit: def.unit, current, previous: before, change: change(current, before) };
  });
  const revenue = parts[KEY_METRICS.indexOf('revenue') * 2] ?? new Map<number, MetricParts>();
  const expiringCount = totalOf(requests.length - 1);
  const revenueDef = data.metrics.def('revenue');
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
