import { z } from 'zod';
import type { PartnerInfo } from '../src/metrics/partner-data.ts';
import type { MetricName } from '../src/metrics/names.ts';
import type { Period } from '../src/metrics/types.ts';
import { evaluateTiers, type TierEvaluation } from '../src/program/evaluate.ts';
import { progressPercent } from '../src/program/bounds.ts';
import { againstRequired, listing, type Formatter } from '../src/reply/format.ts';
import type { Chart, Fact, RequirementRow } from '../src/reply/types.ts';
import { choosePeriod, describePeriod } from './metric-query.ts';
import { cantFind, dataReply, guardScope, plainReply } from './reply-parts.ts';
import { resolvePartner } from './resolve-partner.ts';
import type { IntentContext, IntentDef, IntentResult } from './types.ts';
import { metricArg } from './shared-args.ts';
import { lowerFirst, shortfall } from './wording.ts';

const args = z.object({
  partners: z
    .array(z.string().max(120))
    .min(2)
    .max(5)
    .describe('Two to five partner names, as the user wrote them ("Fabrikam", "Tailspin Toys"). Each is looked up only among the partners the user can see.'),
  metric: metricArg(
    "The figure to compare them on, by its name in the program's metrics (e.g. revenue, win_rate, pipeline_value). Omit to compare them on the requirements of the tier each is working toward.",
  ).optional(),
  period: z
    .string()
    .max(60)
    .optional()
    .describe('The period as the user said it ("this year", "last quarter"). Omit for the default: this quarter so far for flows, today for stocks.'),
});

type Args = z.infer<typeof args>;

export const comparePartners: IntentDef<typeof args> = {
  name: 'compare_partners',
  description:
    'Two to five named partners side by side, with a chart: on one figure over a period, or (with no figure) on the requirements of the tier each is working toward. For channel managers, vendor admins and distributor admins (their sub-partners).',
  args,
  label: 'Partners side by side',
  examples: [
    'Fabrikam vs Tailspin on revenue',
    'compare Northwind and Fabrikam win rate this year',
    'Northwind Traders versus Fabrikam Systems',
    'put Fabrikam, Tailspin and Northwind side by side',
    'how does Fabrikam compare with Tailspin on won deals',
    'compare the pipeline of Northwind and Tailspin',
    'Fabrikam Systems or Northwind Traders: who has more revenue this quarter',
    'side by side: Litware and Proseware, renewal rate last year',
    'compare Adventure Works with Lucerne Publishing',
    'who is closer to the next tier, Northwind or Tailspin',
    'Tailspin Toys against Fabrikam Systems on certifications',
    'head to head Northwind vs Fabrikam',
    'compare tier progress for Fabrikam and Northwind',
    'Litware vs Proseware vs Lucerne on pipeline',
    'how do Northwind and Tailspin stack up on win rate',
    'show Fabrikam next to Tailspin',
    'contrast Northwind Traders with Tailspin Toys last quarter',
    'compare Willow Sky, Jade Point and Oak Hill on won deals last quarter',
    'which is bigger, Northwind or Fabrikam',
    'Granite Hub vs Riverbend Logic win rate',
    'Fabrikam against Tailspin on revenue this year',
    'Blue Gate Consulting against Silver Tech Digital, lead conversion last quarter',
    'Northwind or Fabrikam, who won more deals in Q3',
  ],
  evidence: (a) => (a.partners.length >= 2 ? 2.5 : -1.5),
  rephrase: (a) => `Compare ${a.partners.map((p) => p.name).join(' and ') || 'two partners'}${a.metric ? ` on ${a.metric.label.toLowerCase()}` : ''}`,
  roles: ['partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, a.partners[0], async () => {
      const resolved = await resolveAll(ctx, a);
      if (!resolved.ok) return resolved.result;
      const partners = resolved.partners;
      const asOf = await ctx.data.asOf();
      if (partners.length < 2) {
        const summary = `You named ${partners[0]?.name ?? 'one partner'} more than once; name two to five different partners to compare.`;
        return { reply: plainReply({ summary }, asOf), data: { error: { code: 'bad_input', message: summary } } };
      }
      if (a.metric !== undefined) {
        const period = choosePeriod(ctx.data.metrics.def(a.metric), a.period, ctx.today, ctx.format);
        if (!period.ok) return { reply: plainReply({ summary: period.message }, asOf), data: { error: { code: 'bad_input', message: period.message } } };
        return onMetric(ctx, partners, a.metric, period.value, asOf);
      }
      return onTiers(ctx, partners, asOf);
    }),
};

type Resolved = { ok: true; partners: PartnerInfo[] } | { ok: false; result: IntentResult };

/**
 * Every name through the asker's scope. Any name that does not resolve gives the one "can't find"
 * answer (nothing about the others); otherwise an ambiguous name gives its clarification.
 */
async function resolveAll(ctx: IntentContext, a: Args): Promise<Resolved> {
  const names = a.partners.map((n) => n.trim());
  const results = await Promise.all(
    names.map(async (name, i) =>
      name === ''
        ? { ok: false as const, result: await cantFind(ctx, name) }
        : resolvePartner(ctx, name, (chosen) => rephrase(ctx, names.map((n, j) => (j === i ? chosen : n)), a)),
    ),
  );
  const failed = results.filter((r) => !r.ok);
  const notFound = failed.find((r) => !('clarify' in r.result.data));
  const first = notFound ?? failed[0];
  if (first) return { ok: false, result: first.result };
  const seen = new Set<number>();
  const partners: PartnerInfo[] = [];
  for (const r of results) {
    if (r.ok && !seen.has(r.partner.id)) {
      seen.add(r.partner.id);
      partners.push(r.partner);
    }
  }
  return { ok: true, partners };
}

/** The question again with one name settled, so a clarification button replans cleanly. */
function rephrase(ctx: IntentContext, names: readonly string[], a: Args): string {
  const on = a.metric ? ` on ${lowerFirst(ctx.data.metrics.def(a.metric).label)}` : ' on tier progress';
  return `Compare ${listing([...names])}${on}${a.period?.trim() ? ` ${a.period.trim()}` : ''}`;
}

/** One figure for each partner, in the order named. */
async function onMetric(ctx: IntentContext, partners: PartnerInfo[], metric: MetricName, period: Period, asOf: string): Promise<IntentResult> {
  const def = ctx.data.metrics.def(metric);
  const f = ctx.format;
  const values = await ctx.data.metricByPartner(metric, partners.map((p) => p.id), period);
  const rows = partners.map((p) => ({ partner: p, value: values.get(p.id) ?? null }));
  const label = lowerFirst(def.label);
  const measured = rows.filter((r): r is { partner: PartnerInfo; value: number } => r.value !== null);
  const best = [...measured].sort((x, y) => (def.higherIsBetter ? y.value - x.value : x.value - y.value))[0];
  const list = listing(rows.map((r) => `${r.partner.name} ${f.value(r.value, def.unit)}`));
  let lead = '';
  if (measured.length === 0) lead = ` None of them has a ${label} figure for that period.`;
  else if (best && measured.every((r) => r.value === best.value) && measured.length > 1) lead = ' They are level.';
  else if (best && measured.length > 1) {
    const others = measured.filter((r) => r !== best);
    const next = [...others].sort((x, y) => (def.higherIsBetter ? y.value - x.value : x.value - y.value))[0];
    const ahead = next ? ` by ${f.gap(Math.abs(best.value - next.value), def.unit)}` : '';
    lead = ` ${best.partner.name} is ahead${ahead}.`;
  }
  const summary = `${def.label}, ${describePeriod(period, f)}: ${list}.${lead}`;
  const facts: Fact[] = rows.map((r) => ({ label: r.partner.name, value: r.value ?? 'n/a', unit: def.unit, display: f.value(r.value, def.unit) }));
  const chart: Chart = {
    kind: 'leaderboard',
    title: `${def.label}, ${period.label}`,
    categories: rows.map((r) => r.partner.name),
    series: [{ name: def.label, values: rows.map((r) => r.value ?? Number.NaN) }],
    unit: def.unit,
    ...(def.higherIsBetter ? {} : { ascending: true }),
  };
  return {
    reply: dataReply(
      {
        summary,
        facts,
        table: { columns: ['Partner', 'Tier', def.label], rows: rows.map((r) => [r.partner.name, r.partner.tier, f.value(r.value, def.unit)]) },
        charts: measured.length > 0 ? [chart] : [],
      },
      asOf,
    ),
    data: {
      metric,
      unit: def.unit,
      period: { from: period.from, to: period.to, label: period.label },
      partners: rows.map((r) => ({ name: r.partner.name, tier: r.partner.tier, value: r.value })),
    },
  };
}

/** Each partner against the requirements of the tier it is working toward (its own, at the top). */
async function onTiers(ctx: IntentContext, partners: PartnerInfo[], asOf: string): Promise<IntentResult> {
  // Every partner's requirements in one read per table, not one per partner and requirement.
  const evaluated = await evaluateTiers(ctx.data, ctx.program, partners);
  if (!evaluated.ok) return { reply: plainReply({ summary: evaluated.error.message }, asOf), data: { error: evaluated.error } };
  const evs: TierEvaluation[] = evaluated.value;
  const f = ctx.format;
  const summary = evs.map((ev) => sentence(ev, f)).join(' ');
  const facts: Fact[] = evs.map((ev) => {
    const met = ev.requirements.filter((r) => r.met).length;
    return { label: `${ev.partner.name} → ${ev.targetTier}`, value: met, unit: 'count', display: `${met} of ${ev.requirements.length} met` };
  });
  const rows = evs.flatMap((ev) =>
    ev.requirements.map((r) => [
      ev.partner.name,
      `${ev.currentTier} → ${ev.targetTier}`,
      r.label,
      f.value(r.current, r.unit),
      `${r.atMost ? 'at most ' : ''}${f.value(r.required, r.unit)}`,
      r.met ? 'met' : shortfall(r, f),
    ]),
  );
  const charts = evs.some((ev) => ev.requirements.length > 0) ? [tierChart(evs, f)] : [];
  return {
    reply: dataReply({ summary, facts, table: { columns: ['Partner', 'Tier → toward', 'Requirement', 'Current', 'Required', 'Gap'], rows }, charts }, asOf),
    data: {
      partners: evs.map((ev) => ({
        name: ev.partner.name,
        tier: ev.currentTier,
        targetTier: ev.targetTier,
        atTop: ev.atTop,
        met: ev.requirements.filter((r) => r.met).length,
        of: ev.requirements.length,
        requirements: ev.requirements.map(({ metric, label, current, required, atMost, gap, met, unit }) => ({ metric, label, current, required, ...(atMost ? { atMost } : {}), gap, met, unit })),
      })),
    },
  };
}

function sentence(ev: TierEvaluation, f: Formatter): string {
  const plural = f.plural;
  const rows = ev.requirements;
  const met = rows.filter((r) => r.met).length;
  if (rows.length === 0) return `${ev.partner.name} (${ev.currentTier}): ${ev.targetTier} asks for nothing more.`;
  const short = rows
    .filter((r) => !r.met)
    .map((r) => `${lowerFirst(r.label)} ${shortfall(r, f)}`);
  const gaps = short.length > 0 ? ` (${listing(short)})` : '';
  if (ev.atTop) return `${ev.partner.name} holds ${ev.targetTier}, the top tier, and meets ${met} of its ${plural(rows.length, 'requirement')}${gaps}.`;
  return `${ev.partner.name} (${ev.currentTier}) meets ${met} of ${plural(rows.length, ev.targetTier + ' requirement')}${gaps}.`;
}

/**
 * Requirements mix dollars, counts and rates, so each bar is the share of its requirement reached
 * (100% = met); its label gives the real figures. One row per partner, one bar per requirement.
 */
function tierChart(evs: readonly TierEvaluation[], f: Formatter): Chart {
  const metrics: { metric: MetricName; label: string }[] = [];
  for (const ev of evs) for (const r of ev.requirements) if (!metrics.some((m) => m.metric === r.metric)) metrics.push({ metric: r.metric, label: r.label });
  const cell = (ev: TierEvaluation, metric: MetricName): RequirementRow | undefined => ev.requirements.find((r) => r.metric === metric);
  const pct = (r: RequirementRow | undefined): number =>
    r === undefined ? Number.NaN : Math.round(progressPercent(r.current, { required: r.required, atMost: r.atMost === true }) * 10) / 10;
  return {
    kind: 'leaderboard',
    title: 'Share of each next-tier requirement reached',
    categories: evs.map((ev) => `${ev.partner.name} → ${ev.targetTier}`),
    series: metrics.slice(0, 6).map((m) => ({
      name: m.label,
      values: evs.map((ev) => pct(cell(ev, m.metric))),
      display: evs.map((ev) => {
        const r = cell(ev, m.metric);
        return r === undefined ? 'not asked' : againstRequired(r, f);
      }),
    })),
    targets: [{ label: 'Met', value: 100 }],
    unit: 'percent',
  };
}
