import { z } from 'zod';
import type { MetricName } from '../src/metrics/names.ts';
import type { MetricValue } from '../src/metrics/partner-data.ts';
import { windowPeriod } from '../src/metrics/period.ts';
import { evaluateTier, type TierEvaluation } from '../src/program/evaluate.ts';
import type { Formatter } from '../src/reply/format.ts';
import type { Fact } from '../src/reply/types.ts';
import { dataReply, guardScope } from './reply-parts.ts';
import { resolvePartner } from './resolve-partner.ts';
import type { IntentDef } from './types.ts';
import { relativeGap } from '../src/program/bounds.ts';
import { lowerFirst, shortfall } from './wording.ts';

const args = z.object({
  partner: z
    .string()
    .max(120)
    .optional()
    .describe("Partner name as the user wrote it; omit for the asker's own partner."),
});

/** The key figures: flows over the trailing 12 months, stocks as of today. */
const TRAILING: readonly MetricName[] = ['revenue', 'won_deals', 'win_rate'];
const CURRENT: readonly MetricName[] = ['pipeline_value', 'active_certifications', 'expiring_certifications'];

export const partnerOverview: IntentDef<typeof args> = {
  name: 'partner_overview',
  description:
    "A partner at a glance: tier, revenue, won deals and win rate over the last 12 months, open pipeline, active and expiring certifications, and where it stands for the next tier.",
  args,
  label: 'Partner overview',
  examples: [
    'give me the big picture on our partnership',
    'how is Fabrikam Systems doing',
    'how are we doing',
    'how are things going for us overall',
    'show me our scorecard',
    'summary of our account',
    'an overview of Tailspin Toys please',
    'how is Northwind Traders getting on',
    'Northwind Traders at a glance',
    'what are our key metrics',
    'health check on Fabrikam',
    'quick status report for Tailspin',
    'how’s Wide World Importers looking',
    'need a quick read on how Oak Hill is doing overall',
    'give me a rundown of Fabrikam',
    'tell me about Tailspin Toys',
    'how is our account doing with Contoso',
    'dashboard for our company',
    'snapshot of Northwind',
    'what is the state of our business',
    'how is Keystone Bridge performing',
    'overview please',
    'everything I should know about Fabrikam before my call',
    'how are we looking this quarter',
  ],
  evidence: (a) => ((a.partner || a.namesOwn) && !a.metric?.cued && !a.tier ? 0.8 : 0),
  rephrase: (a) => (a.partner ? `How is ${a.partner.name} doing?` : 'Give me an overview of our account'),
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, a.partner, async () => {
      const r = await resolvePartner(ctx, a.partner, (name) => `How is ${name} doing?`);
      if (!r.ok) return r.result;
      const id = r.partner.id;
      const t12m = windowPeriod('trailing_12_months', ctx.today);
      const today = windowPeriod('current', ctx.today);
      const f = ctx.format;
      // The vendor's own metrics too (program.yml `metrics:`): flows over the last 12 months, stocks today.
      const vendor = ctx.data.metrics.all.filter((m) => m.vendor);
      const [values, tier, asOf] = await Promise.all([
        Promise.all([
          ...TRAILING.map((m) => ctx.data.metric(m, id, t12m)),
          ...CURRENT.map((m) => ctx.data.metric(m, id, today, m === 'expiring_certifications' ? { withinDays: 30 } : {})),
          ...vendor.map((m) => ctx.data.metric(m.name, id, m.kind === 'flow' ? t12m : today)),
        ]),
        evaluateTier(ctx.data, ctx.program, id),
        ctx.data.asOf(),
      ]);

      const p = r.partner;
      const facts: Fact[] = [
        { label: 'Tier', value: p.tier, display: p.tier },
        // "Who manages Fabrikam?" is answered here too.
        ...(p.channelManager ? [{ label: 'Channel manager', value: p.channelManager, display: p.channelManager }] : []),
        ...values.map((v) => ({
          label:
            TRAILING.includes(v.metric) || vendor.some((m) => m.name === v.metric && m.kind === 'flow')
              ? `${v.label} (last 12 months)`
              : v.metric === 'expiring_certifications'
                ? `${v.label} (30 days)`
                : v.label,
          value: v.value ?? 'n/a',
          unit: v.unit,
          display: f.value(v.value, v.unit),
        })),
      ];
      const byName = new Map(values.map((v) => [v.metric, v] as const));
      const nextTier = tier.ok ? tierLine(tier.value, f) : undefined;
      const summary = `${p.name} (${p.tier}, ${p.type}, ${p.region}): ${headline(byName, f)}.${nextTier ? ` ${nextTier}` : ''}`;
      return {
        reply: dataReply({ summary, facts, requirements: tier.ok ? tier.value.requirements : undefined }, asOf),
        data: {
          partner: p.name,
          tier: p.tier,
          type: p.type,
          region: p.region,
          channelManager: p.channelManager,
          period: { from: t12m.from, to: t12m.to },
          metrics: Object.fromEntries(values.map((v) => [v.metric, v.value])),
          nextTier: tier.ok
            ? {
                targetTier: tier.value.targetTier,
                atTop: tier.value.atTop,
                met: tier.value.requirements.filter((q) => q.met).length,
                total: tier.value.requirements.length,
              }
            : null,
        },
      };
    }),
};

function headline(v: ReadonlyMap<MetricName, MetricValue>, f: Formatter): string {
  const show = (m: MetricName) => {
    const x = v.get(m);
    return x ? f.value(x.value, x.unit) : 'n/a';
  };
  return `${show('revenue')} revenue and ${show('won_deals')} won deals in the last 12 months, ${show('pipeline_value')} in open pipeline, ${show('active_certifications')} active certifications (${show('expiring_certifications')} expiring within 30 days)`;
}

/** Where it stands for the next tier, in one sentence. */
function tierLine(ev: TierEvaluation, f: Formatter): string {
  const rows = ev.requirements;
  const met = rows.filter((r) => r.met).length;
  const rel = (r: (typeof rows)[number]) => relativeGap(r.current, { required: r.required, atMost: r.atMost === true });
  const worst = rows.filter((r) => !r.met).sort((a, b) => rel(b) - rel(a))[0];
  const gap = worst ? ` (${lowerFirst(worst.label)} is ${shortfall(worst, f)})` : '';
  if (ev.atTop) return `It holds ${ev.targetTier}, the top tier, and meets ${met} of ${rows.length} requirements to keep it${gap}.`;
  return `For ${ev.targetTier} it meets ${met} of ${rows.length} requirements${gap}.`;
}
