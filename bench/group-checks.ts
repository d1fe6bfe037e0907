import type pg from 'pg';
import { reviewDate } from '../src/insights/calendar.ts';
import { daysFromTo, plusDays } from '../src/metrics/calendar.ts';
import { METRIC_NAMES, type MetricName } from '../src/metrics/names.ts';
import { windowPeriod } from '../src/metrics/period.ts';
import type { Program, Requirement } from '../src/program/schema.ts';
import { bareCertificationsEarned, bareGroupMetric, bareMetric, bareRateParts, RATE_METRICS } from './bare-sql.ts';
import type { CheckOutcome } from './checks.ts';
import { boundOf, meets } from '../src/program/bounds.ts';

// The portfolio's group answers against hand-written SQL (bare-sql.ts): a summary's partner count,
// tier counts and totals (amounts summed, rates as the ratio of the group's sums, this period and
// the one before); each partner an at-risk list names, with every failing requirement projected
// to the review day again from the definition; each partner a near-next-tier list names, with
// what it misses; tier moves. Amounts to the cent, rates and counts to 1e-6.

export interface GroupCheckInput {
  who: 'manager' | 'admin';
  email: string;
  data: Record<string, unknown>;
  today: string;
  program: Program;
}

const PACE_DAYS = 90;
const rec = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const list = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map(rec) : []);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);
const isMetric = (m: unknown): m is MetricName => typeof m === 'string' && (METRIC_NAMES as readonly string[]).includes(m);

function same(ours: number | null, bare: number | null): boolean {
  if (ours === null || bare === null) return ours === bare;
  return Math.abs(ours - bare) <= Math.max(0.005, Math.abs(bare) * 1e-9);
}

/** The asker's partners by name, as the access table says: a manager's own, or every partner. */
async function groupOf(c: pg.ClientBase, q: GroupCheckInput): Promise<Map<string, { id: number; tier: string }>> {
  const r =
    q.who === 'admin'
      ? await c.query<{ id: number; name: string; tier: string }>('select id, name, tier from partners')
      : await c.query<{ id: number; name: string; tier: string }>(
          'select p.id, p.name, p.tier from partners p join users u on u.id = p.channel_manager_id where lower(u.email) = lower($1)',
          [q.email],
        );
  return new Map(r.rows.map((x) => [x.name, { id: x.id, tier: x.tier }]));
}

/** A requirement's value on the review day at today's pace, from the definition (see src/insights/pace.ts). */
async function bareProjected(c: pg.ClientBase, partnerId: number, req: Requirement, today: string, review: string): Promise<number | null> {
  const tomorrow = plusDays(today, 1);
  const ahead = Math.max(0, daysFromTo(today, review));
  const m = req.metric;
  if (m === 'active_certifications') {
    const active = (await bareMetric(c, { metric: m, partnerId, from: today, to: tomorrow, today })) ?? 0;
    const lapsing = ahead > 0 ? ((await bareMetric(c, { metric: 'expiring_certifications', partnerId, from: today, to: tomorrow, today, withinDays: ahead - 1 })) ?? 0) : 0;
    const earned = await bareCertificationsEarned(c, partnerId, plusDays(today, 1 - PACE_DAYS), tomorrow);
    return active - lapsing + (earned / PACE_DAYS) * ahead;
  }
  if (m === 'pipeline_value' || m === 'expiring_certifications') {
    const now = (await bareMetric(c, { metric: m, partnerId, from: today, to: tomorrow, today })) ?? 0;
    const then = plusDays(today, -PACE_DAYS);
    const before = (await bareMetric(c, { metric: m, partnerId, from: then, to: plusDays(then, 1), today })) ?? 0;
    return now + ((now - before) / PACE_DAYS) * ahead;
  }
  const w = windowPeriod(req.window, today);
  const days = Math.max(1, daysFromTo(w.from, w.to));
  const wr = windowPeriod(req.window, review);
  const pastFrom = wr.from > w.from ? wr.from : w.from;
  const pastTo = wr.to < tomorrow ? wr.to : tomorrow;
  const future = Math.max(0, daysFromTo(wr.from > tomorrow ? wr.from : tomorrow, wr.to));
  if (RATE_METRICS.has(m)) {
    const whole = await bareRateParts(c, m, partnerId, w.from, w.to);
    const past = pastTo > pastFrom ? await bareRateParts(c, m, partnerId, pastFrom, pastTo) : { num: 0, den: 0 };
    const den = past.den + (whole.den / days) * future;
    return den > 0 ? (100 * (past.num + (whole.num / days) * future)) / den : null;
  }
  const whole = (await bareMetric(c, { metric: m, partnerId, from: w.from, to: w.to, today })) ?? 0;
  const past = pastTo > pastFrom ? ((await bareMetric(c, { metric: m, partnerId, from: pastFrom, to: pastTo, today })) ?? 0) : 0;
  return past + (whole / days) * future;
}

export async function checkGroupFigures(c: pg.ClientBase, q: GroupCheckInput): Promise<CheckOutcome> {
  const d = q.data;
  if (typeof d.view !== 'string') return { checked: false };
  const group = await groupOf(c, q);
  const ids = [...group.values()].map((g) => g.id);
  const bad: string[] = [];
  const who = `portfolio ${d.view} for ${q.email}`;
  const expect = (what: string, ours: number | null, bare: number | null) => {
    if (!same(ours, bare)) bad.push(`${who}: ${what}: ours ${ours}, bare SQL ${bare}`);
  };
  const member = (name: unknown) => {
    const g = typeof name === 'string' ? group.get(name) : undefined;
    if (!g) bad.push(`${who}: names ${String(name)}, outside the asker's partners`);
    return g;
  };
  const tierOf = (name: unknown) => q.program.tiers.find((t) => t.name === name);

  switch (d.view) {
    case 'summary': {
      expect('partner count', num(d.partnerCount), ids.length);
      const counts = new Map<string, number>();
      for (const g of group.values()) counts.set(g.tier, (counts.get(g.tier) ?? 0) + 1);
      for (const t of list(d.tierCounts)) expect(`${String(t.tier)} partners`, num(t.partners), counts.get(String(t.tier)) ?? 0);
      const p = rec(d.period);
      const pp = rec(d.previous);
      for (const t of list(d.totals)) {
        if (!isMetric(t.metric)) continue;
        expect(`${t.metric} ${p.from}..${p.to}`, num(t.current), await bareGroupMetric(c, { metric: t.metric, partnerIds: ids, from: String(p.from), to: String(p.to), today: q.today }));
        expect(`${t.metric} ${pp.from}..${pp.to}`, num(t.previous), await bareGroupMetric(c, { metric: t.metric, partnerIds: ids, from: String(pp.from), to: String(pp.to), today: q.today }));
      }
      const exp = rec(d.expiringCertifications);
      const tomorrow = plusDays(q.today, 1);
      expect('expiring certifications', num(exp.count), await bareGroupMetric(c, { metric: 'expiring_certifications', partnerIds: ids, from: q.today, to: tomorrow, today: q.today, withinDays: num(exp.withinDays) ?? 30 }));
      for (const row of list(d.partners)) member(row.name);
      break;
    }
    case 'near_next_tier': {
      let before = -1;
      for (const row of list(d.partners)) {
        const g = member(row.name);
        const next = tierOf(row.nextTier);
        if (!g || !next) continue;
        const missing: string[] = [];
        for (const req of next.requirements) {
          const w = windowPeriod(req.window, q.today);
          const v = (await bareMetric(c, { metric: req.metric, partnerId: g.id, from: w.from, to: w.to, today: q.today })) ?? 0;
          if (!meets(v, boundOf(req))) missing.push(req.metric);
        }
        const ours = list(row.missing).map((m) => String(m.metric));
        if ([...ours].sort().join() !== [...missing].sort().join()) bad.push(`${who}: ${String(row.name)} misses ${ours.join(', ') || 'nothing'}, bare SQL says ${missing.join(', ') || 'nothing'}`);
        if (missing.length < before) bad.push(`${who}: ${String(row.name)} misses fewer requirements than the partner before it`);
        before = missing.length;
      }
      break;
    }
    case 'at_risk': {
      const review = reviewDate(q.program, q.today);
      if (d.reviewDate !== review) bad.push(`${who}: review ${String(d.reviewDate)}, expected ${review}`);
      for (const row of list(d.partners)) {
        const g = member(row.name);
        const tier = tierOf(g?.tier);
        if (!g || !tier) continue;
        for (const f of list(row.failing)) {
          const req = tier.requirements.find((r) => r.metric === f.metric);
          if (!req) {
            bad.push(`${who}: ${String(row.name)} fails ${String(f.metric)}, which ${tier.name} does not require`);
            continue;
          }
          const projected = await bareProjected(c, g.id, req, q.today, review);
          expect(`${String(row.name)} ${req.metric} at the review`, num(f.projected), projected);
          if (projected !== null && meets(projected, boundOf(req), 1e-9)) bad.push(`${who}: ${String(row.name)} meets ${req.metric} at the review by bare SQL`);
        }
      }
      break;
    }
    case 'tier_moves': {
      const p = rec(d.period);
      const r = await c.query<{ n: number }>(
        `select count(*)::int as n from tier_changes where partner_id = any($1::int[])
           and (changed_at at time zone 'UTC')::date >= $2::date and (changed_at at time zone 'UTC')::date < $3::date`,
        [ids, p.from, p.to],
      );
      const moved = rec(d.moved);
      expect('tier moves', (num(moved.up) ?? 0) + (num(moved.down) ?? 0) + (num(moved.new) ?? 0), r.rows[0]?.n ?? 0);
      for (const row of list(d.partners)) member(row.name);
      break;
    }
    default:
      return { checked: false };
  }
  return { checked: true, mismatches: bad };
}
