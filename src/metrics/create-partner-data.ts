import type { Db } from '../../db/connect.ts';
import type { Principal } from '../access/principal.ts';
import { scopeFor } from '../access/scope.ts';
import { breakdown } from './breakdown.ts';
import { storedFigures } from './figures/read.ts';
import { flowByDay } from './flow-by-day.ts';
import { BUILT_IN_METRICS, type MetricSet } from './metric-set.ts';
import type { PartnerData } from './partner-data.ts';
import { partnerNamesFor } from './partner-names.ts';
import { sumParts, valueOfParts } from './parts.ts';
import { peerBenchmark } from './peers/benchmark.ts';
import { remembered } from './remember.ts';
import { peerRank } from './peers/peer-rank.ts';
import { dataStamp, type DataStamp } from './reads/as-of.ts';
import { certificationsEarnedByPartner, listCertifications } from './reads/certifications.ts';
import { listDeals } from './reads/deals.ts';
import { mdfExpiring, openApprovedDeals } from './reads/open-work.ts';
import { partnerReads } from './reads/partners.ts';
import { listTierChanges } from './reads/tier-changes.ts';
import { measure, measureParts, measurePartsMany } from './run.ts';

/**
 * The scoped data API for one asker. Partner-data tables are read only through `scopeFor`, which
 * throws `Forbidden` for any partner id outside the principal's scope; the partners table only
 * through `partnersInScope` (reads/partners.ts). Nothing here checks visibility on its own, and
 * every method is one line: scope, then the read that does the work.
 */
/** Which partners a principal sees, as a cache key: everyone, or the sorted ids. */
function scopeKey(principal: Principal): string {
  return principal.visible.kind === 'all' ? 'all' : [...principal.visible.ids].sort((a, b) => a - b).join(',');
}

/** `stamp`: the turn's data stamp when the turn started reading it already (src/core/answer.ts). */
export function createPartnerData(
  db: Db,
  principal: Principal,
  today: string,
  metrics: MetricSet = BUILT_IN_METRICS,
  stamp?: Promise<DataStamp>,
): PartnerData {
  const scope = (ids: readonly number[]) => scopeFor(db, principal, ids);
  const def = (name: string) => metrics.def(name);
  const partners = partnerReads(db, principal);
  // One turn reads the data version (the cohort cache key) and the as-of time once, in one
  // statement, however many peer figures and footers it asks for.
  let read = stamp;
  const stampOnce = (): Promise<DataStamp> => (read ??= dataStamp(db));
  const versionOnce = async (): Promise<string> => (await stampOnce()).version;
  // Standard figures computed once per data change; this turn's lookups share statements.
  const stored = storedFigures(db, today);
  // A turn's projection, at-risk check and next steps each ask for the partner's certifications:
  // the same list, read once per turn (it is that turn's data either way).
  const certificationLists = new Map<string, ReturnType<typeof listCertifications>>();

  return {
    today,
    metrics,

    async partner(id) {
      scope([id]);
      return partners.partner(id);
    },
    findPartners: (text) => partners.findPartners(text),
    visiblePartners: () => partners.visiblePartners(),
    partnerNames: () => partnerNamesFor(db, scopeKey(principal), versionOnce, () => partners.visiblePartners()),

    async metric(metric, partnerId, period, filters = {}) {
      const d = def(metric);
      const values = await measure(scope([partnerId]), d, period, filters, today, stored);
      return { metric, label: d.label, unit: d.unit, value: values.get(partnerId) ?? null, period };
    },
    metricByPartner: async (metric, ids, period, filters = {}) => measure(scope(ids), def(metric), period, filters, today, stored),
    metricParts: async (metric, ids, period, filters = {}) => measureParts(scope(ids), def(metric), period, filters, today, stored),
    metricPartsMany: async (requests, ids) =>
      measurePartsMany(scope(ids), requests.map((r) => ({ def: def(r.metric), period: r.period, filters: r.filters ?? {} })), today, stored),
    async metricTotal(metric, ids, period, filters = {}) {
      const d = def(metric);
      const parts = await measureParts(scope(ids), d, period, filters, today, stored);
      return valueOfParts(d, sumParts(d, parts.values()));
    },

    deals: async (q) => listDeals(scope(q.partnerIds), q, today),
    async certifications(q) {
      const src = scope(q.partnerIds);
      const key = JSON.stringify(q);
      let list = certificationLists.get(key);
      if (!list) certificationLists.set(key, (list = listCertifications(src, q, today)));
      return list;
    },
    tierChanges: async (ids, period) => listTierChanges(scope(ids), period),
    asOf: async () => (await stampOnce()).asOf,
    remember: async (key, compute) => remembered(db, { version: await versionOnce(), today }, scopeKey(principal), key, compute),

    flowByDay: async (metric, partnerId, period, filters = {}) => flowByDay(scope([partnerId]), def(metric), period, filters, stored),
    breakdown: async (metric, partnerId, period, by) => breakdown(scope([partnerId]), def(metric), period, by),
    openApprovedDeals: async (partnerId) => openApprovedDeals(scope([partnerId]), today),
    mdfExpiring: async (partnerId, withinDays) => mdfExpiring(scope([partnerId]), today, withinDays),
    certificationsEarned: async (partnerId, period) => (await certificationsEarnedByPartner(scope([partnerId]), period)).get(partnerId) ?? 0,
    certificationsEarnedByPartner: async (ids, period) => certificationsEarnedByPartner(scope(ids), period),

    // Both read peers outside the scope; each checks the compared partner with scopeFor itself
    // and returns aggregates only.
    peerBenchmark: async (req) => peerBenchmark(db, principal, { ...req, today }, metrics, versionOnce, stored),
    peerRank: async (req) => peerRank(db, principal, today, req, def(req.metric), versionOnce, stored),
  };
}
