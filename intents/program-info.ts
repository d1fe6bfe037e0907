import { z } from 'zod';
import type { MetricSet } from '../src/metrics/metric-set.ts';
import { findTier, tierList } from '../src/program/evaluate.ts';
import type { Requirement, Tier, Window } from '../src/program/schema.ts';
import { listing, type Formatter } from '../src/reply/format.ts';
import type { Table } from '../src/reply/types.ts';
import type { Analysis } from './language.ts';
import { plainReply, quoteable } from './reply-parts.ts';
import { targetTierArg } from './shared-args.ts';
import type { IntentContext, IntentDef } from './types.ts';
import { lowerFirst } from './wording.ts';

const args = z.object({
  tier: targetTierArg.describe('The tier asked about, by name as in the program (e.g. "Platinum"). Omit for every tier.'),
  about: z
    .enum(['benefits', 'requirements'])
    .optional()
    .describe('benefits: what the tier gives; requirements: what it asks. Omit for both.'),
});

const WINDOW_WORDS: Readonly<Record<Window, string>> = {
  trailing_12_months: 'over the last 12 months',
  year_to_date: 'year to date',
  quarter_to_date: 'quarter to date',
  current: 'today',
};

const BENEFIT_WORDS = /\b(benefit|benefits|perk|perks|get|gets|give|gives|receive|unlock|unlocks|rewards?|advantages?|entitle\w*|what'?s in it)\b/;
const WE = /\b(we|us|our|ours|i|my|me)\b/;
const REQUIREMENT_WORDS = /\b(requir\w*|reqs?|criteria|need|needs|take|takes|qualif\w*|threshold\w*|minimums?|rules?|ask|asks)\b/;

/** What the asker reads with: the program's metrics (built-in and its own) and their own formatter. */
type Words = { metrics: MetricSet; f: Formatter };
const wordsOf = (ctx: IntentContext): Words => ({ metrics: ctx.data.metrics, f: ctx.format });

function requirementText(r: Requirement, w: Words): string {
  const def = w.metrics.def(r.metric);
  // A minimum to reach, or a maximum to stay under ("defect rate of at most 500 ppm").
  const bound = r.max !== undefined ? `at most ${w.f.value(r.max, def.unit)}` : `at least ${w.f.value(r.min ?? 0, def.unit)}`;
  return `${lowerFirst(def.label)} of ${bound} ${WINDOW_WORDS[r.window]}`;
}

function describeTier(t: Tier, about: 'benefits' | 'requirements' | undefined, w: Words): string {
  const reqs = t.requirements.length === 0 ? 'no requirements' : listing(t.requirements.map((r) => requirementText(r, w)));
  const benefits = t.benefits.length === 0 ? 'no listed benefits' : listing(t.benefits.map((b) => lowerFirst(b)));
  if (about === 'benefits') return `${t.name} partners get ${benefits}.`;
  if (about === 'requirements') return `${t.name} asks for ${reqs}.`;
  return `${t.name} asks for ${reqs}, and gives ${benefits}.`;
}

function table(tiers: readonly Tier[], w: Words): Table {
  return {
    columns: ['Tier', 'Requirements', 'Benefits'],
    rows: tiers.map((t) => [t.name, t.requirements.map((r) => requirementText(r, w)).join('; ') || '—', t.benefits.join('; ') || '—']),
  };
}

export const programInfo: IntentDef<typeof args> = {
  name: 'program_info',
  label: 'What a tier asks and gives',
  description:
    "The partner program itself, from the program file: what a tier requires (each metric's minimum and window) and the benefits it gives, for one tier or all of them. Not a partner's own standing.",
  args,
  examples: [
    'what do Platinum partners get',
    'what are the benefits of Gold',
    'what does Silver require',
    'what are the requirements for the Gold tier',
    'explain the partner tiers',
    'how do the tiers work',
    'what perks come with Platinum',
    'list the benefits of each tier',
    'what do you need to be a Gold partner in general',
    'Gold tier criteria',
    'what are the tier levels',
    'what does it take to become Platinum',
    'tell me about the Silver tier',
    'what is included in Gold',
    'what are the program tiers and what do they give',
    'benefits of becoming Silver',
    'what does Platinum unlock',
    'show me the tier requirements',
    'remind me what Platinum requires',
    'what are the thresholds for Silver',
    'what do Registered partners get',
    'is there a tier above Platinum',
    'what discount do Gold partners get',
    'program rules for tiers',
  ],
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  // "What do Gold partners get" names a tier and no partner, period or figure of anyone.
  // "What does Gold require" asks about the program; "what do we need for Gold" about us.
  evidence: (a: Analysis) =>
    ((BENEFIT_WORDS.test(a.lower) || REQUIREMENT_WORDS.test(a.lower)) && a.tier && !a.partner && !WE.test(a.lower) ? 1.5 : 0) - (a.partner || a.period ? 1.5 : 0),
  readSlots: (a: Analysis) => {
    const benefits = BENEFIT_WORDS.test(a.lower);
    const requirements = REQUIREMENT_WORDS.test(a.lower);
    const unknownTier = /\b([a-z]+)\s+(?:tier|partners?|level)\b/.exec(a.lower)?.[1];
    return {
      ...(benefits !== requirements ? { about: benefits ? 'benefits' : 'requirements' } : {}),
      // "what do Diamond partners get": a tier that does not exist is still the one asked about.
      ...(a.tier === undefined && unknownTier && /^\p{Lu}/u.test(unknownTier) ? { tier: unknownTier } : {}),
    };
  },
  rephrase: (a: Analysis) => `What do ${a.tier ?? 'the'} partners get?`.replace('What do the partners', 'What do the tiers'),
  handler: async (a, ctx) => {
    const asOf = ctx.now.toISOString();
    const tiers = ctx.program.tiers;
    if (a.tier !== undefined && a.tier.trim() !== '') {
      const tier = findTier(ctx.program, a.tier);
      if (!tier) {
        const summary = `There is no ${quoteable(a.tier)} tier in the ${ctx.program.vendor} program; the tiers are ${tierList(ctx.program)}.`;
        return {
          reply: plainReply({ summary, suggestions: tiers.map((t) => ({ label: t.name, question: `What does ${t.name} require and give?` })) }, asOf),
          data: { error: { code: 'bad_input', message: summary } },
        };
      }
      const next = tiers[tiers.indexOf(tier) + 1];
      const summary = describeTier(tier, a.about, wordsOf(ctx));
      return {
        reply: plainReply(
          {
            summary,
            table: table([tier], wordsOf(ctx)),
            suggestions: [
              { label: `How close are we to ${tier.name}?`, question: `How close are we to ${tier.name}?` },
              ...(next ? [{ label: `What does ${next.name} give?`, question: `What does ${next.name} require and give?` }] : []),
            ],
          },
          asOf,
        ),
        data: { tier: tier.name, requirements: tier.requirements, benefits: tier.benefits },
      };
    }
    const summary = `The ${ctx.program.vendor} program has ${tiers.length} tiers, from ${tiers[0]?.name ?? ''} to ${tiers.at(-1)?.name ?? ''}. ${tiers.map((t) => describeTier(t, a.about, wordsOf(ctx))).join(' ')}`;
    return {
      reply: plainReply({ summary, table: table(tiers, wordsOf(ctx)) }, asOf),
      data: { tiers: tiers.map((t) => ({ name: t.name, requirements: t.requirements, benefits: t.benefits })) },
    };
  },
};
