import type { Analysis } from './language.ts';

// Slot readings several intents share: how many ("top 5", "three biggest"), which end of a
// ranking ("bottom", "worst"), and whether a question is about a group of partners.

/** Words a count of rows stands next to: "top 5", "5 biggest", "first 10", "3 partners". */
const LIMIT_BEFORE = /\b(top|bottom|first|last|best|worst|biggest|largest|smallest|highest|lowest|leading|weakest|strongest)\s*$/;
const LIMIT_AFTER = /^\s*(biggest|largest|smallest|highest|lowest|best|worst|top|bottom|weakest|strongest|most|least|partners?|resellers?|deals?|accounts?|opportunit\w*|companies|names|ones|at[ -]risk)\b/;

/** The number of rows asked for, when one is given. */
export function limitOf(a: Analysis): number | undefined {
  for (const n of a.numbers) {
    if (n.money || !Number.isInteger(n.value) || n.value < 1 || n.value > 100) continue;
    const before = a.lower.slice(Math.max(0, n.start - 12), n.start);
    const after = a.lower.slice(n.end, n.end + 14);
    if (LIMIT_BEFORE.test(before) || LIMIT_AFTER.test(after)) return n.value;
  }
  return undefined;
}

/** Words before an amount that make it a floor or a ceiling: "deals over 50k", "regs under $10,000". */
const FLOOR = /\b(?:over|above|more than|greater than|bigger than|larger than|at least|exceeding|upwards of|north of)\s*$|>=?\s*$/;
const CEILING = /\b(?:under|below|less than|smaller than|at most|up to|no more than)\s*$|<=?\s*$/;

/**
 * The amounts a list of deals is bounded by: money ("50k", "$100,000") or a plain number of a
 * thousand or more ("over 25000") after a word that makes it a floor or a ceiling.
 */
export function amountBoundsOf(a: Analysis): AmountBounds {
  // Asked by several intents' evidence and slots for the same question: read once.
  let out = boundsRead.get(a);
  if (!out) boundsRead.set(a, (out = readBounds(a)));
  return out;
}

interface AmountBounds {
  minAmount?: number;
  maxAmount?: number;
}
const boundsRead = new WeakMap<Analysis, AmountBounds>();

function readBounds(a: Analysis): AmountBounds {
  const out: AmountBounds = {};
  let between = false;
  for (const n of a.numbers) {
    if (!n.money && n.value < 1000) continue;
    const before = a.lower.slice(Math.max(0, n.start - 16), n.start).replace(/\$\s*$/, '');
    // "between 10k and 50k"
    if (/\b(?:between|from)\s*$/.test(before)) {
      out.minAmount ??= n.value;
      between = true;
    } else if (between && /\b(?:and|to)\s*$|-\s*$/.test(before)) out.maxAmount ??= n.value;
    else if (FLOOR.test(before)) out.minAmount ??= n.value;
    else if (CEILING.test(before)) out.maxAmount ??= n.value;
  }
  return out;
}

/** A question about deals that bounds their amount ("deals over 50k"). */
export const boundsDeals = (a: Analysis): boolean =>
  /\b(deals?|regs?|registrations?|opportunit\w*)\b/.test(a.lower) && Object.keys(amountBoundsOf(a)).length > 0;

const BOTTOM = /\b(bottom|worst|weakest|lowest|least|laggards?|lagging|underperform\w*|under-perform\w*|poorest|struggling|lowest first|ascending|trailing the pack|at the bottom)\b/;

/** "bottom 5", "worst", "weakest first": the low end of a ranking. */
export const isBottom = (a: Analysis): boolean => BOTTOM.test(a.lower);

/** "just us, not the subs": the distributor itself. */
const OWN_ONLY = /\b(just us|only us|our own|not the (subs|resellers|sub-?\s?partners)|excluding (the )?(subs|resellers|sub-?\s?partners)|without (the )?(subs|resellers))\b/;
const SUB_PARTNERS = /\b(sub-?\s?partners?|subs|resellers?|downstream|my partners|our partners|the partners|across|in total|combined|all of (us|them)|each of (them|our))\b/;

/**
 * The group a figure is asked for, from who asks: a channel manager's or admin's partners when no
 * partner is named ("portfolio"), a distributor admin's sub-partners when it says so.
 */
export function groupOf(a: Analysis): 'portfolio' | 'sub_partners' | undefined {
  if (a.partner || a.partners.length > 0) return undefined;
  if (a.role === 'channel_manager' || a.role === 'vendor_admin') return 'portfolio';
  if (a.distributorAdmin && SUB_PARTNERS.test(a.lower) && !OWN_ONLY.test(a.lower)) return 'sub_partners';
  if ((a.role === 'partner_admin' || a.role === 'partner_user') && a.groupWords && !a.distributorAdmin) return 'portfolio';
  return undefined;
}
