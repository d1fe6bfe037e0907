import type { Unit } from '../src/metrics/names.ts';
import type { Period } from '../src/metrics/types.ts';
import type { AtRiskPartner, NearNextPartner, PortfolioSummary, ProjectedCheck, RequirementCheck, TierMove } from '../src/portfolio/types.ts';
import { nextTierOf } from '../src/portfolio/requirements.ts';
import { listing, type Formatter } from '../src/reply/format.ts';
import type { Chart, Fact, Suggestion } from '../src/reply/types.ts';
import type { PartnerGroup } from './partner-group.ts';
import { dataReply, possessive } from './reply-parts.ts';
import type { IntentContext, IntentResult } from './types.ts';
import { lowerFirst, shortfall, upperFirst } from './wording.ts';

// The portfolio intent's four views as replies: a sentence, facts, a table in the order the
// partners are ranked, a chart where one helps, and buttons that drill into a partner. `data`
// mirrors the table: `partners` is a list of { name, tier, … } in the order shown.

export interface ViewInput {
  ctx: IntentContext;
  group: PartnerGroup;
  limit: number;
  asOf: string;
}

const IN_SUMMARY = 3;
const SUGGESTIONS = 3;
/** A ranked list offers a button per partner shown, up to this many. */
const DRILLS = 5;

/** "your 30 partners", "the 212 partners" (a vendor admin's "all 212 partners" after "3 of"). */
const ofGroup = (label: string): string => label.replace(/^all /, 'the ');

const base = (g: PartnerGroup) => ({ group: g.kind, label: g.label, filters: g.filters, partnerCount: g.partners.length });
const periodData = (p: Period) => ({ from: p.from, to: p.to, label: p.label });

/**
 * A value just under its minimum reads as under it: "89.6% of 90%", never "90% of 90%"; one just
 * over a maximum reads as over it ("500.4 ppm", not "500 ppm"). In the reader's locale.
 */
function belowText(value: number | null, required: number, unit: Unit, f: Formatter, atMost = false): string {
  const plain = f.value(value, unit);
  const missed = value !== null && (atMost ? value > required : value < required);
  if (value === null || !missed || plain !== f.value(required, unit)) return plain;
  const { locale, currency } = f.style;
  for (const places of [1, 2, 3, 4]) {
    const cut = (atMost ? Math.ceil : Math.floor)(value * 10 ** places) / 10 ** places;
    if (atMost ? cut <= required : cut >= required) continue;
    const digits = { minimumFractionDigits: places, maximumFractionDigits: places };
    if (unit === 'currency') return new Intl.NumberFormat(locale, { style: 'currency', currency, ...digits }).format(cut);
    if (unit === 'percent') return new Intl.NumberFormat(locale, { style: 'percent', ...digits }).format(cut / 100);
    const n = new Intl.NumberFormat(locale, digits).format(cut);
    return unit === 'count' ? n : `${n} ${unit}`;
  }
  return plain;
}

/** "revenue $61,000 of $100,000", "renewal rate n/a of 80%", "defect rate 800 ppm (at most 500 ppm)". */
const valueOf = (c: RequirementCheck, f: Formatter): string =>
  c.atMost
    ? `${lowerFirst(c.label)} ${belowText(c.value, c.required, c.unit, f, true)} (at most ${f.value(c.required, c.unit)})`
    : `${lowerFirst(c.label)} ${belowText(c.value, c.required, c.unit, f)} of ${f.value(c.required, c.unit)}`;
const shortText = (c: RequirementCheck, f: Formatter): string => `${lowerFirst(c.label)} ${shortfall(c, f)}`;

const drill = (name: string, tier: string): Suggestion => ({ label: `${name}: ${tier}`, question: `How close is ${name} to ${tier}?` });

function groupQuestion(g: PartnerGroup, what: string): string {
  return g.kind === 'sub_partners' ? `Which of our sub-partners ${what}?` : `Which of my partners ${what}?`;
}

export function summaryReply(v: ViewInput, s: PortfolioSummary): IntentResult {
  const { group } = v;
  const f = v.ctx.format;
  const plural = f.plural;
  const money = s.totals.filter((t) => t.metric === 'revenue' || t.metric === 'win_rate');
  const figures = money.map((t) => `${lowerFirst(t.label)} ${f.value(t.current, t.unit)}${t.change === null ? '' : ` (${f.delta(t.change, t.unit)})`}`);
  const lines = [`${upperFirst(group.label)}, ${s.period.label}: ${listing(figures)} against ${s.previous.label}.`];
  const tiers = s.tierCounts.filter((t) => t.partners > 0).map((t) => `${t.partners} ${t.tier}`);
  if (tiers.length > 0) lines.push(`By tier: ${listing(tiers)}.`);
  const moved = s.tierMoves.filter((m) => m.direction !== 'new');
  if (moved.length > 0) lines.push(`Moved tier: ${listing(moved.map(moveText))}.`);
  const exp = s.expiringCertifications;
  const first = exp.soonest[0];
  if (exp.count > 0 && first) {
    lines.push(`${plural(exp.count, 'certification')} ${exp.count === 1 ? 'expires' : 'expire'} within ${exp.withinDays} days, first ${possessive(first.partner)} ${first.name} on ${f.date(first.expiresOn)}.`);
  } else lines.push(`No certification expires within ${exp.withinDays} days.`);

  const facts: Fact[] = [
    { label: 'Partners', value: s.partnerCount, unit: 'count', display: f.count(s.partnerCount) },
    ...s.totals.map((t) => ({
      label: t.label,
      value: t.current ?? 'n/a',
      unit: t.unit,
      display: `${f.value(t.current, t.unit)}${t.change === null ? '' : ` (${f.delta(t.change, t.unit)})`}`,
    })),
    { label: `Certifications expiring in ${exp.withinDays} days`, value: exp.count, unit: 'count', display: f.count(exp.count) },
    ...s.tierCounts.map((t) => ({ label: `${t.tier} partners`, value: t.partners, unit: 'count' as const, display: f.count(t.partners) })),
  ];
  const revenue = s.totals.find((t) => t.metric === 'revenue')?.current ?? 0;
  const share = (x: number) => (revenue > 0 ? (100 * x) / revenue : null);
  const chart: Chart = {
    kind: 'peer_distribution',
    title: 'Partners per tier',
    categories: s.tierCounts.map((t) => t.tier),
    series: [{ name: 'Partners', values: s.tierCounts.map((t) => t.partners) }],
    unit: 'count',
  };
  const suggestions: Suggestion[] = [];
  const down = moved.filter((m) => m.direction === 'down').at(-1);
  if (down) suggestions.push({ label: `Why ${down.partner} dropped`, question: `Why did ${down.partner} drop to ${down.to}?` });
  if (first) suggestions.push({ label: `${first.partner}: certifications`, question: `Which certifications expire in the next 30 days for ${first.partner}?` });
  const top = s.topRevenue[0];
  if (top) suggestions.push({ label: `How is ${top.partner.name} doing?`, question: `How is ${top.partner.name} doing?` });
  suggestions.push({ label: 'Partners at risk', question: groupQuestion(group, 'are at risk of dropping a tier') });

  return {
    reply: dataReply(
      {
        summary: lines.join(' '),
        facts,
        table: {
          columns: ['Partner', 'Tier', `Revenue, ${s.period.label}`, 'Share'],
          rows: s.topRevenue.map((t) => [t.partner.name, t.partner.tier, f.value(t.value, 'currency'), f.value(share(t.value), 'percent')]),
        },
        charts: s.partnerCount > 0 ? [chart] : [],
        suggestions: suggestions.slice(0, SUGGESTIONS + 1),
      },
      v.asOf,
    ),
    data: {
      view: 'summary',
      ...base(group),
      period: periodData(s.period),
      previous: periodData(s.previous),
      tierCounts: s.tierCounts,
      totals: s.totals,
      tierMoves: s.tierMoves.map(moveData),
      expiringCertifications: {
        withinDays: exp.withinDays,
        count: exp.count,
        soonest: exp.soonest.map((c) => ({ partner: c.partner, holder: c.holder, certification: c.name, expiresOn: c.expiresOn, daysLeft: c.daysLeft })),
      },
      partners: s.topRevenue.map((f) => ({ name: f.partner.name, tier: f.partner.tier, revenue: f.value, share: share(f.value) })),
    },
  };
}

const projectedData = (c: ProjectedCheck) => ({
  metric: c.metric,
  label: c.label,
  unit: c.unit,
  current: c.current,
  projected: c.value,
  required: c.required,
  ...(c.atMost ? { atMost: true } : {}),
  shortfall: c.gap,
  relativeShortfall: c.relativeGap,
});

export function atRiskReply(v: ViewInput, r: { reviewDate: string; partners: AtRiskPartner[] }): IntentResult {
  const { group } = v;
  const f = v.ctx.format;
  const review = f.date(r.reviewDate);
  const shown = r.partners.slice(0, v.limit);
  const n = r.partners.length;
  const listed = shown.slice(0, IN_SUMMARY).map((p) => `${p.partner.name} (${p.tier}: ${p.failing.map((c) => valueOf(c, f)).join(', ')})`);
  const summary =
    n === 0
      ? `At today's pace none of ${ofGroup(group.label)} would lose its tier at the review on ${review}.`
      : `At today's pace ${n} of ${ofGroup(group.label)} would not keep ${n === 1 ? 'its' : 'their'} tier at the review on ${review}, worst first: ${listing(listed)}${n > listed.length ? `, and ${n - listed.length} more` : ''}.`;
  const facts: Fact[] = [
    { label: 'Next tier review', value: r.reviewDate, display: review },
    { label: 'At risk', value: n, unit: 'count', display: `${f.count(n)} of ${f.count(group.partners.length)}` },
  ];
  const chart: Chart = {
    kind: 'leaderboard',
    title: `Shortfall at the ${review} review`,
    categories: shown.map((p) => p.partner.name),
    series: [{ name: 'Short of the minimum', values: shown.map((p) => Math.round(p.worst * 1000) / 10), display: shown.map((p) => `${f.percent(p.worst * 100)} ${p.failing[0]?.atMost ? 'over' : 'short'}`) }],
    unit: 'percent',
  };
  return {
    reply: dataReply(
      {
        summary,
        facts,
        table: {
          columns: ['Partner', 'Tier', 'At the review (projected of required)', 'Worst shortfall'],
          rows: shown.map((p) => [p.partner.name, p.tier, p.failing.map((c) => valueOf(c, f)).join('; '), f.percent(p.worst * 100)]),
        },
        charts: shown.length > 0 ? [chart] : [],
        suggestions: shown.slice(0, DRILLS).map((p) => drill(p.partner.name, p.tier)),
      },
      v.asOf,
    ),
    data: {
      view: 'at_risk',
      ...base(group),
      reviewDate: r.reviewDate,
      atRiskCount: n,
      partners: shown.map((p) => ({ name: p.partner.name, tier: p.tier, worstShortfall: p.worst, failing: p.failing.map(projectedData) })),
    },
  };
}

export function nearNextReply(v: ViewInput, list: NearNextPartner[], targetTier: string | undefined): IntentResult {
  const { group } = v;
  const f = v.ctx.format;
  const plural = f.plural;
  const shown = list.slice(0, v.limit);
  const missingText = (p: NearNextPartner) => (p.missing.length === 0 ? 'meets every requirement today' : p.missing.map((c) => shortText(c, f)).join(', '));
  const listed = shown.slice(0, IN_SUMMARY).map((p) => `${p.partner.name} (${p.nextTier}: ${missingText(p)})`);
  const ready = list.filter((p) => p.missing.length === 0).length;
  const toward = targetTier ? ` to ${targetTier}` : ' to the next tier';
  const summary =
    list.length === 0
      ? targetTier
        ? `None of ${ofGroup(group.label)} has ${targetTier} as its next tier.`
        : `Every one of ${ofGroup(group.label)} already holds the top tier.`
      : `Closest${toward} among ${ofGroup(group.label)}: ${listing(listed)}.${ready > 0 ? ` ${plural(ready, 'partner')} already ${ready === 1 ? 'meets' : 'meet'} every requirement of ${targetTier ?? 'its next tier'} today.` : ''}`;
  const facts: Fact[] = [
    { label: targetTier ? `Partners working towards ${targetTier}` : 'Partners below the top tier', value: list.length, unit: 'count', display: f.count(list.length) },
    { label: 'Meeting every requirement today', value: ready, unit: 'count', display: f.count(ready) },
  ];
  return {
    reply: dataReply(
      {
        summary,
        facts,
        table: { columns: ['Partner', 'Tier', 'Next tier', 'Missing'], rows: shown.map((p) => [p.partner.name, p.tier, p.nextTier, missingText(p)]) },
        suggestions: shown.slice(0, DRILLS).map((p) => drill(p.partner.name, p.nextTier)),
      },
      v.asOf,
    ),
    data: {
      view: 'near_next_tier',
      ...base(group),
      ...(targetTier ? { targetTier } : {}),
      partners: shown.map((p) => ({
        name: p.partner.name,
        tier: p.tier,
        nextTier: p.nextTier,
        missingCount: p.missing.length,
        relativeGap: p.relativeGap,
        missing: p.missing.map((m) => ({ metric: m.metric, label: m.label, unit: m.unit, current: m.value, required: m.required, ...(m.atMost ? { atMost: true } : {}), gap: m.gap })),
      })),
    },
  };
}

function moveText(m: TierMove): string {
  return m.direction === 'new' ? `${m.partner} (first recorded as ${m.to})` : `${m.partner} (${m.direction} from ${m.from ?? ''} to ${m.to})`;
}

const moveData = (m: TierMove) => ({ name: m.partner, tier: m.tier, from: m.from, to: m.to, on: m.on, direction: m.direction });

export function tierMovesReply(v: ViewInput, period: Period, moves: TierMove[]): IntentResult {
  const { group, ctx } = v;
  const f = ctx.format;
  const plural = f.plural;
  // Newest first: what moved last is what a person asks about next.
  const ordered = [...moves].reverse();
  const shown = ordered.slice(0, v.limit);
  const up = moves.filter((m) => m.direction === 'up').length;
  const down = moves.filter((m) => m.direction === 'down').length;
  const first = moves.length - up - down;
  const listed = shown.slice(0, IN_SUMMARY + 2).map((m) => `${moveText(m)} on ${f.date(m.on)}`);
  const summary =
    moves.length === 0
      ? `None of ${ofGroup(group.label)} moved tier ${period.label}.`
      : `${plural(moves.length, 'tier change')} among ${ofGroup(group.label)}, ${period.label} (${up} up, ${down} down), newest first: ${listing(listed)}${ordered.length > listed.length ? `, and ${ordered.length - listed.length} more` : ''}.`;
  const facts: Fact[] = [
    { label: 'Moved up', value: up, unit: 'count', display: f.count(up) },
    { label: 'Moved down', value: down, unit: 'count', display: f.count(down) },
  ];
  const suggestions: Suggestion[] = shown.slice(0, SUGGESTIONS).map((m) => {
    if (m.direction === 'down') return { label: `Why ${m.partner} dropped`, question: `Why did ${m.partner} drop to ${m.to}?` };
    const next = nextTierOf(ctx.program, m.tier);
    return next ? drill(m.partner, next.name) : { label: `How is ${m.partner} doing?`, question: `How is ${m.partner} doing?` };
  });
  return {
    reply: dataReply(
      {
        summary,
        facts,
        table: { columns: ['Partner', 'From', 'To', 'On', 'Direction'], rows: shown.map((m) => [m.partner, m.from ?? '—', m.to, f.date(m.on), m.direction]) },
        suggestions,
      },
      v.asOf,
    ),
    data: { view: 'tier_moves', ...base(group), period: periodData(period), moved: { up, down, new: first }, partners: shown.map(moveData) },
  };
}
