import type { PartnerInfo } from '../src/metrics/partner-data.ts';
import type { Clarification } from '../src/reply/types.ts';
import { cantFind, dataReply, isOutOfScope, plainReply, quoteable, type AskFor } from './reply-parts.ts';
import type { IntentContext, IntentResult } from './types.ts';

export type PartnerResolution = { ok: true; partner: PartnerInfo; own: boolean } | { ok: false; result: IntentResult };

const MAX_OPTIONS = 5;

const isPartnerRole = (ctx: IntentContext): boolean =>
  ctx.principal.role === 'partner_user' || ctx.principal.role === 'partner_admin';

/**
 * Which partner a question is about. No name: the asker's own partner (partner roles) or a
 * question back (managers and admins). A name: matched only among partners in scope, so a name
 * outside it reads exactly like one that does not exist.
 */
export async function resolvePartner(ctx: IntentContext, name: string | undefined, askFor: AskFor): Promise<PartnerResolution> {
  const asked = name?.trim() ?? '';
  try {
    if (asked === '') return await ownOrAsk(ctx, askFor);
    const found = await ctx.data.findPartners(asked);
    if (found.length === 0) return { ok: false, result: await cantFind(ctx, asked) };
    const exact = found.filter((p) => p.name.toLowerCase() === asked.toLowerCase());
    const only = exact.length === 1 ? exact[0] : found.length === 1 ? found[0] : undefined;
    if (only) return { ok: true, partner: only, own: only.id === ctx.principal.partnerId };
    return { ok: false, result: await askWhich(ctx, found, askFor, `More than one partner matches “${quoteable(asked)}”. Which one do you mean?`) };
  } catch (e) {
    if (isOutOfScope(e)) return { ok: false, result: await cantFind(ctx, asked) };
    throw e;
  }
}

async function ownOrAsk(ctx: IntentContext, askFor: AskFor): Promise<PartnerResolution> {
  const own = ctx.principal.partnerId;
  if (isPartnerRole(ctx) && own !== null) {
    return { ok: true, partner: await ctx.data.partner(own), own: true };
  }
  const visible = await ctx.data.visiblePartners();
  if (visible.length === 1 && visible[0]) return { ok: true, partner: visible[0], own: false };
  if (visible.length === 0) {
    const summary = 'You have no partners assigned to you yet, so there is nothing to show.';
    return { ok: false, result: { reply: plainReply({ summary }, await ctx.data.asOf()), data: { error: { code: 'not_found', message: summary } } } };
  }
  return {
    ok: false,
    result: await askWhich(ctx, visible, askFor, `Which partner do you mean? You can see ${visible.length} partners; name one, for example:`),
  };
}

async function askWhich(ctx: IntentContext, partners: readonly PartnerInfo[], askFor: AskFor, question: string): Promise<IntentResult> {
  const options = [...partners]
    .sort((a, b) => a.name.localeCompare(b.name))
    .slice(0, MAX_OPTIONS)
    .map((p) => ({ label: p.name, text: askFor(p.name) }));
  const clarify: Clarification = { question, options };
  // Partner names are the asker's own book of business: keep them out of shared channels.
  const reply = dataReply({ summary: question, clarify }, await ctx.data.asOf());
  return { reply, data: { clarify: { question, options: options.map((o) => o.label) } } };
}
