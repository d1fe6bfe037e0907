import type { Program } from '../../program/schema.ts';
import type { Token } from '../text.ts';
import type { Span } from './span.ts';

export interface TierSlot {
  name: string;
  span: Span;
}

const CUE_AFTER = new Set(['tier', 'level', 'status', 'partner', 'membership', 'badge', 'requirement', 'requirements', 'benefits']);
const CUE_BEFORE = new Set(['to', 'for', 'reach', 'reaching', 'make', 'hit', 'become', 'keep', 'stay', 'achieve', 'into', 'than', 'from']);
// "registered deals", "gold customers": a tier name used as an ordinary adjective.
const NOT_AFTER = new Set(['deal', 'deals', 'opportunity', 'opportunities', 'registration', 'registrations', 'customer', 'customers', 'user', 'users', 'people', 'staff']);
/** Tier names that are everyday words; they need a capital (not the first word) or a cue. */
const ORDINARY = /^(registered|member|partner|basic|standard|select|certified|advanced|premier|preferred|authorized|authorised|elite)$/;

/** The tier a question names; with several, the last ("from Silver to Gold" is about Gold). */
export function findTier(tokens: readonly Token[], program: Program): TierSlot | undefined {
  const names = new Map(program.tiers.map((t) => [t.name.toLowerCase(), t.name] as const));
  let found: TierSlot | undefined;
  tokens.forEach((t, i) => {
    const name = names.get(t.lower);
    if (!name) return;
    const next = tokens[i + 1]?.lower ?? '';
    const prev = tokens[i - 1]?.lower ?? '';
    if (NOT_AFTER.has(next)) return;
    const cued = CUE_AFTER.has(next) || CUE_BEFORE.has(prev);
    const capitalised = i > 0 && /^\p{Lu}/u.test(t.raw);
    if (ORDINARY.test(t.lower) && !cued && !capitalised) return;
    found = { name, span: { from: i, to: next === 'tier' || next === 'level' ? i + 2 : i + 1 } };
  });
  return found;
}
