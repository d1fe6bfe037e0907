import { z } from 'zod';
import type { PartnerInfo } from '../src/metrics/partner-data.ts';
import { findTier, tierList } from '../src/program/evaluate.ts';
import type { Suggestion } from '../src/reply/types.ts';
import { plainReply, possessive, quoteable } from './reply-parts.ts';
import type { IntentContext, IntentResult } from './types.ts';

// The partners a question about "my partners", "the portfolio" or "our sub-partners" covers, in
// one place for metric_query, certifications and leaderboard. The group is always taken from the
// asker's scope (visiblePartners), never from names in the text: a channel manager's partners,
// every partner for a vendor admin, a distributor's partner admin and its sub-partners. Anyone else
// is refused with nothing about any other partner.

export type GroupKind = 'portfolio' | 'sub_partners';

/** Filters of a group, worded once for every intent that takes them. */
export const groupTierArg = z
  .string()
  .max(40)
  .optional()
  .describe('With a group: only partners of this tier (e.g. "Gold"). Omit for every tier.');

export const groupRegionArg = z
  .string()
  .max(40)
  .optional()
  .describe('With a group: only partners in this region, as the program names it (e.g. "EMEA", "NA", "APAC", "LATAM"). Omit for every region.');

export interface PartnerGroup {
  /** portfolio: a manager's or admin's partners; sub_partners: a distributor and its sub-partners. */
  kind: GroupKind;
  partners: PartnerInfo[];
  /** "your 30 partners", "all 8 Gold partners in EMEA", "Wide World Importers and its 4 sub-partners". */
  label: string;
  filters: { tier: string | null; region: string | null };
}

export type GroupResolution = { ok: true; group: PartnerGroup } | { ok: false; result: IntentResult };

export const isManagerRole = (ctx: IntentContext): boolean =>
  ctx.principal.role === 'channel_manager' || ctx.principal.role === 'vendor_admin';

/** Long region names people type, for the program's short ones (used only when nothing matches exactly). */
const REGION_WORDS: Readonly<Record<string, string>> = {
  'north america': 'NA',
  europe: 'EMEA',
  'europe, middle east and africa': 'EMEA',
  'asia pacific': 'APAC',
  'asia-pacific': 'APAC',
  asia: 'APAC',
  'latin america': 'LATAM',
  'south america': 'LATAM',
};

/** What a refused partner can ask instead: "revenue" and "What is our revenue this quarter?". */
export interface OwnAlternative {
  what: string;
  question: string;
}

/**
 * The asker's group: a manager or admin gets their portfolio and a distributor's admin gets itself
 * and its sub-partners, whichever of the two words the question used. A partner user, or the admin
 * of a partner that is not a distributor, gets a refusal that says what they can ask instead
 * (`instead`: the figure and a question about their own; a bare word asks "How are we doing?").
 */
export async function resolveGroup(
  ctx: IntentContext,
  filters: { tier?: string | undefined; region?: string | undefined },
  instead: OwnAlternative | string,
): Promise<GroupResolution> {
  const asOf = await ctx.data.asOf();
  const bad = (message: string): GroupResolution => ({
    ok: false,
    result: { reply: plainReply({ summary: message }, asOf), data: { error: { code: 'bad_input', message } } },
  });
  const tier = filters.tier?.trim() ? findTier(ctx.program, filters.tier)?.name : undefined;
  if (filters.tier?.trim() && tier === undefined) {
    return bad(`There is no tier called “${quoteable(filters.tier).slice(0, 40)}”. The tiers are ${tierList(ctx.program)}.`);
  }

  let kind: GroupKind;
  let own: PartnerInfo | undefined;
  if (isManagerRole(ctx)) kind = 'portfolio';
  else {
    const ownId = ctx.principal.partnerId;
    own = ownId === null ? undefined : await ctx.data.partner(ownId);
    if (ctx.principal.role !== 'partner_admin' || own?.type !== 'distributor') return { ok: false, result: await refuse(ctx, own, typeof instead === 'string' ? { what: instead, question: 'How are we doing?' } : instead) };
    kind = 'sub_partners';
  }

  const visible = await ctx.data.visiblePartners();
  const regionAsked = filters.region?.trim() ? filters.region : undefined;
  const region = regionAsked === undefined ? undefined : matchRegion(visible, regionAsked);
  // A region none of the asker's partners is in leaves nobody (never every partner).
  const partners = visible.filter(
    (p) =>
      (tier === undefined || p.tier.toLowerCase() === tier.toLowerCase()) &&
      (regionAsked === undefined || (region !== undefined && p.region.toLowerCase() === region.toLowerCase())),
  );
  const shownRegion = filters.region?.trim() ? (region ?? regionName(filters.region)) : null;
  const group: PartnerGroup = {
    kind,
    partners,
    label: label(ctx, kind, own, partners.length, tier, shownRegion),
    filters: { tier: tier ?? null, region: shownRegion },
  };
  if (partners.length === 0) {
    const summary =
      visible.length === 0
        ? 'You have no partners assigned to you yet, so there is nothing to show.'
        : `You have no ${tier ? `${tier} ` : ''}partners${shownRegion ? ` in ${shownRegion}` : ''}${shownRegion && region === undefined ? ` (your partners are in ${regionsOf(visible)})` : ''}.`;
    return { ok: false, result: { reply: plainReply({ summary }, asOf), data: { group: kind, partnerCount: 0, filters: group.filters } } };
  }
  return { ok: true, group };
}

/** A region as the program names it: "europe" → "EMEA"; anything else as typed (trimmed, one line, short). */
export function regionName(asked: string): string {
  const said = quoteable(asked).slice(0, 40);
  return REGION_WORDS[said.toLowerCase()] ?? said;
}

/** The region as the data spells it, among the asker's own partners; undefined when none is there. */
function matchRegion(visible: readonly PartnerInfo[], asked: string): string | undefined {
  const want = regionName(asked).toLowerCase();
  return [...new Set(visible.map((p) => p.region))].find((r) => r.toLowerCase() === want);
}

const regionsOf = (visible: readonly PartnerInfo[]): string => [...new Set(visible.map((p) => p.region))].sort().join(', ');

function label(ctx: IntentContext, kind: GroupKind, own: PartnerInfo | undefined, n: number, tier: string | undefined, region: string | null): string {
  const filtered = tier !== undefined || region !== null;
  const what = `${n} ${tier ? `${tier} ` : ''}${n === 1 ? 'partner' : 'partners'}${region ? ` in ${region}` : ''}`;
  if (kind === 'sub_partners') {
    const name = own?.name ?? 'your partner';
    if (!filtered) return n <= 1 ? name : `${name} and its ${n - 1} ${n - 1 === 1 ? 'sub-partner' : 'sub-partners'}`;
    return `${what} among ${name} and its sub-partners`;
  }
  return ctx.principal.role === 'vendor_admin' ? `all ${what}` : `your ${what}`;
}

/**
 * A partner asking about a group: what it may ask instead, with nothing about anyone else. The
 * data code is `forbidden`, so the audit log records the denial.
 */
async function refuse(ctx: IntentContext, own: PartnerInfo | undefined, instead: OwnAlternative): Promise<IntentResult> {
  const ours = own ? `${possessive(own.name)} own ${instead.what}` : `your own partner’s ${instead.what}`;
  const distributorUser = own?.type === 'distributor' && ctx.principal.role === 'partner_user';
  const who = distributorUser
    ? 'Figures across your sub-partners are for your partner admin.'
    : 'Figures across a group of partners are for channel managers, vendor admins and the admins of a distributor with sub-partners.';
  const summary = `${who} You can ask for ${ours}, or how you compare with your peers (anonymously).`;
  const suggestions: Suggestion[] = [
    { label: `Our ${instead.what}`, question: instead.question },
    { label: 'Compare with peers', question: 'How do we compare with our peers?' },
  ];
  return { reply: plainReply({ summary, suggestions }, await ctx.data.asOf()), data: { error: { code: 'forbidden', message: summary } } };
}
