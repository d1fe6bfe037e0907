import type { Principal } from '../access/principal.ts';
import { plusDays } from '../metrics/calendar.ts';
import type { MetricName } from '../metrics/names.ts';
import type { PartnerData, PartnerInfo } from '../metrics/partner-data.ts';
import { windowPeriod } from '../metrics/period.ts';
import { rangeLabel } from '../metrics/calendar.ts';
import { styleFor, formatterFor, type NumberStyle } from '../reply/format.ts';
import { atRiskPartners } from '../portfolio/at-risk.ts';
import { certificationBreak } from '../portfolio/certifications.ts';
import { nearNextTier } from '../portfolio/near-next.ts';
import { tierMoves } from '../portfolio/tier-moves.ts';
import type { RequirementCheck } from '../portfolio/types.ts';
import type { Program } from '../program/schema.ts';
import type { RequirementRow } from '../reply/types.ts';

/** Certifications that run out within this many days are listed. */
export const DIGEST_CERT_DAYS = 30;
/** How many movers each way. */
const MOVERS = 3;
/** A partner counts as "close" to the next tier when every unmet requirement is at 90% or more. */
export const CLOSE_RATIO = 0.9;

export interface Change {
  current: number;
  previous: number;
  change: number;
}

export interface DigestPartner {
  id: number;
  name: string;
  tier: string;
  revenue: Change;
  pipeline: Change;
  dealRegistrations: Change;
  nextTier: string | null;
  gapToNextTier: RequirementRow[];
  closeToNextTier: boolean;
  /**
   * Requirements of its current tier it would miss at the next review at today's pace (the
   * portfolio's at-risk projection): `current` is the value projected to the review day.
   */
  atRisk: RequirementRow[];
}

export interface DigestCertification {
  partnerId: number;
  partner: string;
  holder: string;
  certification: string;
  expiresOn: string;
  daysLeft: number;
  activeNow: number;
  activeAfter: number;
  /** The tier whose certification requirement the lapse breaks; null when none. */
  breaks: { tier: string; min: number } | null;
}

export interface DigestTierMove {
  partner: string;
  /** Null when the partner's first tier was recorded this week. */
  from: string | null;
  to: string;
  on: string;
  direction: 'up' | 'down' | 'new';
}

export interface DigestData {
  audience: 'manager' | 'partner';
  /** The recipient's locale (else the program's) and the program's currency: how the digest reads. */
  style: NumberStyle;
  recipient: { userId: number; email: string; name: string; role: Principal['role']; timeZone: string };
  week: { from: string; to: string; label: string };
  asOf: string;
  totals: { revenue: Change; pipeline: Change; dealRegistrations: Change };
  partners: DigestPartner[];
  /** Partners whose tier changed this week (today included), oldest first. */
  movedTier: DigestTierMove[];
  topMovers: { partner: string; revenueChange: number }[];
  bottomMovers: { partner: string; revenueChange: number }[];
  /** Partners that would not keep their tier at the next review (`reviewDate`) at today's pace, worst first. */
  atRisk: { partner: string; tier: string; unmet: string[]; reviewDate: string }[];
  closeToNextTier: { partner: string; nextTier: string; gaps: RequirementRow[] }[];
  expiringCertifications: DigestCertification[];
}

/** A requirement as the digest's rows have always carried it (a null rate counts as 0). */
const asRow = (c: RequirementCheck): RequirementRow => ({
  metric: c.metric,
  label: c.label,
  unit: c.unit,
  current: c.value ?? 0,
  required: c.required,
  gap: c.gap,
  met: c.met,
  ...(c.atMost ? { atMost: true } : {}),
});

/** Within 10% of a requirement: at 90% of a minimum, or no more than a maximum ÷ 0.9. */
const close = (r: RequirementCheck): boolean => (r.atMost ? (r.value ?? 0) <= r.required / CLOSE_RATIO : (r.value ?? 0) >= r.required * CLOSE_RATIO);

const change = (current: number, previous: number): Change => ({ current, previous, change: Math.round((current - previous) * 100) / 100 });

/**
 * The week in review for everything the recipient may see, read through their scoped
 * PartnerData: a channel manager's partners, or a partner's own. A fixed number of set-based
 * queries whatever the number of partners (no query per partner).
 */
export async function buildDigest(data: PartnerData, program: Program, principal: Principal): Promise<DigestData> {
  const today = data.today;
  const style = styleFor(program, principal.locale);
  const week = { from: plusDays(today, -7), to: today, label: rangeLabel(plusDays(today, -7), today, formatterFor(style).dates) };
  const prev = { from: plusDays(today, -14), to: plusDays(today, -7), label: 'the week before' };
  const partners = await data.visiblePartners();
  const ids = partners.map((p) => p.id);

  const byPartner = (metric: MetricName, period: typeof week) =>
    ids.length > 0 ? data.metricByPartner(metric, ids, period) : Promise.resolve(new Map<number, number | null>());
  const [asOf, revNow, revPrev, pipeNow, pipePrev, regsNow, regsPrev, activeNow, certs, nearNext, risk, moves] = await Promise.all([
    data.asOf(),
    byPartner('revenue', week),
    byPartner('revenue', prev),
    byPartner('pipeline_value', week),
    byPartner('pipeline_value', prev),
    byPartner('deal_registrations', week),
    byPartner('deal_registrations', prev),
    byPartner('active_certifications', windowPeriod('current', today)),
    ids.length > 0 ? data.certifications({ partnerIds: ids, expiringWithinDays: DIGEST_CERT_DAYS, limit: 10_000 }) : Promise.resolve([]),
    // The same computations as the portfolio answers in chat (src/portfolio).
    nearNextTier(data, program, partners),
    atRiskPartners(data, program, partners),
    // A tier set by this morning's import is news in this morning's digest.
    tierMoves(data, program, partners, { from: week.from, to: plusDays(today, 1), label: week.label }),
  ]);
  const next = new Map(nearNext.map((n) => [n.partner.id, n]));
  const risky = new Map(risk.partners.map((r) => [r.partner.id, r]));
  const v = (m: Map<number, number | null>, id: number) => m.get(id) ?? 0;

  const rows: DigestPartner[] = partners.map((p: PartnerInfo) => {
    const n = next.get(p.id);
    const gaps = n?.requirements.filter((r) => !r.met) ?? [];
    return {
      id: p.id,
      name: p.name,
      tier: p.tier,
      revenue: change(v(revNow, p.id), v(revPrev, p.id)),
      pipeline: change(v(pipeNow, p.id), v(pipePrev, p.id)),
      dealRegistrations: change(v(regsNow, p.id), v(regsPrev, p.id)),
      nextTier: n?.nextTier ?? null,
      gapToNextTier: gaps.map(asRow),
      closeToNextTier: n !== undefined && gaps.every(close),
      atRisk: risky.get(p.id)?.failing.map(asRow) ?? [],
    };
  });
  const sum = (pick: (p: DigestPartner) => Change): Change =>
    change(
      rows.reduce((t, p) => t + pick(p).current, 0),
      rows.reduce((t, p) => t + pick(p).previous, 0),
    );

  const closeIds = new Set(rows.filter((p) => p.closeToNextTier).map((p) => p.id));
  const movers = [...rows].filter((p) => p.revenue.change !== 0).sort((a, b) => b.revenue.change - a.revenue.change || a.name.localeCompare(b.name));
  const tierOf = new Map(partners.map((p) => [p.id, p.tier]));
  // Certifications expiring earlier lapse first: the count left after each is the count now minus
  // those of the same partner that go before or with it.
  const sorted = [...certs].sort((a, b) => a.expiresOn.localeCompare(b.expiresOn) || a.id - b.id);
  const gone = new Map<number, number>();
  const expiring: DigestCertification[] = sorted.map((c) => {
    const n = (gone.get(c.partnerId) ?? 0) + 1;
    gone.set(c.partnerId, n);
    const now = v(activeNow, c.partnerId);
    const after = Math.max(0, now - n);
    return {
      partnerId: c.partnerId,
      partner: c.partner,
      holder: c.holder,
      certification: c.name,
      expiresOn: c.expiresOn,
      daysLeft: c.daysLeft,
      activeNow: now,
      activeAfter: after,
      breaks: certificationBreak(program, tierOf.get(c.partnerId) ?? '', now, after),
    };
  });

  return {
    audience: principal.role === 'partner_user' || principal.role === 'partner_admin' ? 'partner' : 'manager',
    style,
    recipient: { userId: principal.userId, email: principal.email, name: principal.name, role: principal.role, timeZone: principal.timeZone },
    week,
    asOf,
    totals: { revenue: sum((p) => p.revenue), pipeline: sum((p) => p.pipeline), dealRegistrations: sum((p) => p.dealRegistrations) },
    partners: rows,
    movedTier: moves.map((m) => ({ partner: m.partner, from: m.from, to: m.to, on: m.on, direction: m.direction })),
    topMovers: movers.filter((p) => p.revenue.change > 0).slice(0, MOVERS).map((p) => ({ partner: p.name, revenueChange: p.revenue.change })),
    bottomMovers: movers
      .filter((p) => p.revenue.change < 0)
      .slice(-MOVERS)
      .reverse()
      .map((p) => ({ partner: p.name, revenueChange: p.revenue.change })),
    atRisk: risk.partners.map((r) => ({ partner: r.partner.name, tier: r.tier, unmet: r.failing.map((c) => c.label), reviewDate: r.reviewDate })),
    // Closest first, as the portfolio's near-next-tier view ranks them.
    closeToNextTier: nearNext
      .filter((n) => closeIds.has(n.partner.id))
      .map((n) => ({ partner: n.partner.name, nextTier: n.nextTier, gaps: n.missing.map(asRow) })),
    expiringCertifications: expiring,
  };
}
