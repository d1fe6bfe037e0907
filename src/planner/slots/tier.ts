import type { Program } from '../../program/schema.ts';
import type { Token } from '../text.ts';
import type { Span } from './span.ts';

export interface TierSlot {
  name: string;
  span: Span;
}

const CUE_AFTER = new Set(['tier', 'tiers', 'level', 'status', 'partner', 'partners', 'membership', 'badge', 'requirement', 'requirements', 'benefits', 'perks', 'ones', 'guys', 'accounts', 'resellers']);
const CUE_BEFORE = new Set(['to', 'for', 'reach', 'reaching', 'make', 'hit', 'become', 'keep', 'stay', 'achieve', 'into', 'than', 'from', 'near', 'nearly', 'toward', 'towards', 'closest', 'almost', 'on', 'at']);
// "registered deals", "gold customers": a tier name used as an ordinary adjective.
const NOT_AFTER = new Set(['deal', 'deals', 'opportunity', 'opportunities', 'registration', 'registrations', 'customer', 'customers', 'user', 'users', 'people', 'staff']);
/** Tier names that are everyday words; they need a capital (not the first word) or a cue. */
const ORDINARY = /^(registered|member|partner|basic|standard|select|certified|advanced|premier|preferred|authorized|authorised|elite)$/;

/** A tier's name, or a clear start of one ("plat" for Platinum) that no other tier shares. */
function tierNamed(word: string, program: Program): string | undefined {
  const exact = program.tiers.find((t) => t.name.toLowerCase() === word);
  if (exact) return exact.name;
  if (word.length < 4) return undefined;
  const starts = program.tiers.filter((t) => t.name.toLowerCase().startsWith(word));
  return starts.length === 1 ? starts[0]?.name : undefined;
}

/** Every tier a question names, in order; the last is the target ("from Silver to Gold" is about Gold). */
export function findTiers(tokens: readonly Token[], program: Program, taken: (i: number) => boolean = () => false): TierSlot[] {
  const found: TierSlot[] = [];
  tokens.forEach((t, i) => {
    if (taken(i)) return;
    const name = tierNamed(t.lower, program);
    if (!name) return;
    const next = tokens[i + 1]?.lower ?? '';
    const prev = tokens[i - 1]?.lower ?? '';
    if (NOT_AFTER.has(next)) return;
    const cued = CUE_AFTER.has(next) || CUE_BEFORE.has(prev);
    const capitalised = i > 0 && /^\p{Lu}/u.test(t.raw);
    // A shortened name ("plat") counts only where a tier is expected ("plat tier", "to plat").
    if (name.toLowerCase() !== t.lower && !cued) return;
    if (ORDINARY.test(name.toLowerCase()) && !cued && !capitalised) return;
    found.push({ name, span: { from: i, to: next === 'tier' || next === 'level' ? i + 2 : i + 1 } });
  });
  return found;
}

/** The tier a question names; with several, the last ("from Silver to Gold" is about Gold). */
export function findTier(tokens: readonly Token[], program: Program, taken?: (i: number) => boolean): TierSlot | undefined {
  return findTiers(tokens, program, taken).at(-1);
}
