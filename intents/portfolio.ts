import { z } from 'zod';
import { parsePeriod } from '../src/metrics/period.ts';
import type { PartnerInfo } from '../src/metrics/partner-data.ts';
import type { Period } from '../src/metrics/types.ts';
import { findTier, tierList } from '../src/program/evaluate.ts';
import { atRiskPartners } from '../src/portfolio/at-risk.ts';
import { nearNextTier } from '../src/portfolio/near-next.ts';
import { defaultPeriod, portfolioSummary } from '../src/portfolio/summary.ts';
import { tierMoves } from '../src/portfolio/tier-moves.ts';
import { PORTFOLIO_VIEWS } from '../src/portfolio/types.ts';
import { groupRegionArg, resolveGroup } from './partner-group.ts';
import { atRiskReply, nearNextReply, summaryReply, tierMovesReply, type ViewInput } from './portfolio-reply.ts';
import { guardScope, plainReply, possessive } from './reply-parts.ts';
import type { Analysis } from './language.ts';
import { limitOf } from './slot-words.ts';
import type { IntentContext, IntentDef, IntentResult } from './types.ts';

const args = z.object({
  view: z
    .enum(PORTFOLIO_VIEWS)
    .default('summary')
    .describe(
      'What to show about the asker\'s partners as a group: "summary" (partners per tier, key totals against the previous period, tier moves, certifications expiring soon), "at_risk" (partners that would not keep their tier at the next review at today\'s pace), "near_next_tier" (partners closest to the next tier, with what is missing), "tier_moves" (partners that moved tier in the period, up or down).',
    ),
  tier: z.string().max(40).optional().describe('Only partners currently on this tier (e.g. "Gold"). Omit for every tier.'),
  targetTier: z
    .string()
    .max(40)
    .optional()
    .describe('For near_next_tier: only partners whose next tier is this one ("who is close to Gold"). Omit for every next tier.'),
  region: groupRegionArg,
  limit: z.number().int().min(1).max(100).optional().describe('How many partners to list ("top 5 at risk"). Omit for the usual ten.'),
  period: z
    .string()
    .max(60)
    .optional()
    .describe('For summary and tier_moves: the period as the user said it ("last quarter", "this year"). Omit for this quarter to date.'),
});

const DEFAULT_LIMIT = 10;

const AT_RISK = /\b(at[ -]risk|risk\w*|danger|in trouble|(drop|dropping|lose|losing|fall|falling|slip|slipping)\s+(a |their |its |the )?(tier|level|status)|(could|might|will|may) (be )?(drop|lose|fall|slip|downgrad\w*|demot\w*)|downgrad\w* at|miss (their|the) (tier )?requirements|losing it)\b/;
const NEAR = /\b(close to|closest|near|nearly|almost|about to (reach|hit|make|move)|on the cusp|within reach|could move up|moving up|move up|next tier|ready to (move|step) up)\b/;
const MOVES =
  /\b(moved|move[sd]? tiers?|tier (changes?|moves?)|changed tiers?|upgrad\w*|downgrad\w*|promot\w*|demot\w*|(went|gone|got bumped) (up|down)|(dropped|fell|slipped|lost|gained|climbed|jumped|moved up|moved down) (a |their |its )?(tier|level))\b/;
/** "close to Gold", "nearly Platinum": the tier being neared. */
const TOWARD = /\b(?:close to|closest to|near|nearly|almost|about to (?:reach|hit|make)|toward|towards|reach|to)\s+(?:the\s+)?(\w+)/;
const PER_TIER = /\b(each|every|per|by) tier\b|\bhow many \w*\s*partners\b/;

function viewOf(a: Analysis): (typeof PORTFOLIO_VIEWS)[number] {
  if (MOVES.test(a.lower) && !AT_RISK.test(a.lower) && !/\bwhy\b/.test(a.lower)) return 'tier_moves';
  if (AT_RISK.test(a.lower)) return 'at_risk';
  if (NEAR.test(a.lower)) return 'near_next_tier';
  return 'summary';
}

export const portfolio: IntentDef<typeof args> = {
  name: 'portfolio',
  description:
    "A channel manager's, a vendor admin's or a distributor admin's partners as a group: partners per tier and key totals with the change on the previous period, who is at risk of dropping a tier at the next review at today's pace, who is closest to the next tier, and who moved tier. Not for one named partner.",
  args,
  label: 'Your partners as a group',
  examples: [
    'how are my partners doing',
    'give me an overview of my portfolio',
    'portfolio summary for this quarter',
    'how many partners do I have in each tier',
    'how many partners are in each tier',
    'how many Gold partners do I have',
    'which of my partners are at risk of dropping a tier',
    'who is at risk of losing their tier at the next review',
    'which partners could be downgraded at the next tier review',
    'show me the Gold partners at risk',
    'any Platinum partners at risk',
    'top 5 partners at risk in EMEA',
    'at-risk accounts',
    'which partners are closest to the next tier',
    'who is about to reach Gold',
    'who is closest to Platinum',
    'which Silver partners are close to moving up',
    'which Gold partners are nearly Platinum',
    'who is nearly at the next tier',
    'which partners moved tier this quarter',
    'who moved tiers this month',
    'who got promoted or demoted last quarter',
    'any upgrades or downgrades this year',
    'tier changes across my partners this year',
    'how are our sub-partners doing',
    'which of our resellers might drop a tier',
    'which of our resellers are close to moving up a tier',
    'breakdown of our resellers by tier',
    'my book of business at a glance',
    'which of my partners will miss their tier requirements',
    'who is in danger of being downgraded',
    'give me the rundown on my book',
    'how is the channel doing this quarter',
    'partners per tier in APAC',
  ],
  evidence: (a) => {
    const view = viewOf(a);
    const group = a.groupWords || /\b(who|which|any)\b/.test(a.lower);
    const onTier = a.tier !== undefined && a.groupWords && /\b(who|which)\b/.test(a.lower) ? 1.5 : 0;
    // "are we at risk of dropping a tier?": about us, not about a group.
    if (/\b(we|us)\b/.test(a.lower) && !a.groupWords && !/\b(subs?|resellers?|partners)\b/.test(a.lower)) return -2;
    return (view !== 'summary' && !a.partner ? (group ? 2.5 : 2) : 0) + (PER_TIER.test(a.lower) ? 2 : 0) + onTier - (a.partner ? 2 : 0);
  },
  readSlots: (a) => {
    const view = viewOf(a);
    const limit = limitOf(a);
    return { ...(view !== 'summary' ? { view } : {}), ...(limit !== undefined ? { limit } : {}) };
  },
  plan: (a, args) => {
    // "which Gold partners are nearly Platinum": partners on Gold, close to Platinum.
    const toward = TOWARD.exec(a.lower)?.[1];
    const target = toward && toward.length >= 4 ? a.tiers.find((t) => t.toLowerCase().startsWith(toward)) : undefined;
    if (!target) return { args };
    const current = a.tiers.find((t) => t !== target);
    const { tier: _t, ...rest } = args;
    return { args: { ...rest, view: args.view ?? 'near_next_tier', targetTier: target, ...(current ? { tier: current } : {}) } };
  },
  rephrase: () => 'How are my partners doing?',
  roles: ['channel_manager', 'vendor_admin', 'partner_admin'],
  handler: (a, ctx) =>
    guardScope(ctx, undefined, async () => {
      const asOf = await ctx.data.asOf();
      const bad = (message: string): IntentResult => ({ reply: plainReply({ summary: message }, asOf), data: { error: { code: 'bad_input', message } } });
      const refused = await refusal(ctx, asOf);
      if (refused) return refused;

      const tier = a.tier?.trim() ? findTier(ctx.program, a.tier) : undefined;
      const target = a.targetTier?.trim() ? findTier(ctx.program, a.targetTier) : undefined;
      for (const [asked, found] of [[a.tier, tier], [a.targetTier, target]] as const) {
        if (asked?.trim() && !found) return bad(`There is no tier called “${asked.trim().slice(0, 40)}”. The tiers are ${tierList(ctx.program)}.`);
      }
      let period: Period = defaultPeriod(ctx.today);
      if (a.period?.trim()) {
        const p = parsePeriod(a.period, ctx.today, ctx.format.dates);
        if (!p.ok) return bad(p.error.message);
        period = p.value;
      }

      const g = await resolveGroup(ctx, { tier: tier?.name, region: a.region }, 'figures');
      if (!g.ok) return g.result;
      const input: ViewInput = { ctx, group: g.group, limit: a.limit ?? DEFAULT_LIMIT, asOf };
      const partners = g.group.partners;
      switch (a.view) {
        case 'summary':
          return summaryReply(input, await portfolioSummary(ctx.data, ctx.program, partners, period, { top: input.limit, words: ctx.format.dates }));
        case 'at_risk':
          return atRiskReply(input, await atRiskPartners(ctx.data, ctx.program, partners));
        case 'near_next_tier':
          return nearNextReply(input, await nearNextTier(ctx.data, ctx.program, partners, target ? { targetTier: target.name } : {}), target?.name);
        case 'tier_moves':
          return tierMovesReply(input, period, await tierMoves(ctx.data, ctx.program, partners, period));
      }
    }),
};

/**
 * Portfolio views are for the people who look after a group: a channel manager, a vendor admin,
 * a distributor's admin. Anyone else gets what they can ask instead, naming only their own partner.
 */
async function refusal(ctx: IntentContext, asOf: string): Promise<IntentResult | undefined> {
  const { role, partnerId } = ctx.principal;
  if (role === 'channel_manager' || role === 'vendor_admin') return undefined;
  const own: PartnerInfo | undefined = partnerId === null ? undefined : await ctx.data.partner(partnerId);
  if (role === 'partner_admin' && own?.type === 'distributor') return undefined;
  const name = own?.name ?? ctx.principal.partnerName ?? 'your partner';
  const question = 'How close are we to the next tier?';
  const summary = `Portfolio views are for channel managers, vendor admins and distributors; I can show ${possessive(name)} own figures: try ‘${question.toLowerCase()}’`;
  return {
    reply: plainReply({ summary, suggestions: [{ label: 'Our tier progress', question }] }, asOf),
    data: { error: { code: 'forbidden', message: summary } },
  };
}
