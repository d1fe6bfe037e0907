import type { Principal } from '../../access/principal.ts';
import type { PartnerData, PartnerInfo } from '../../metrics/partner-data.ts';
import { tokenize, type Token } from '../text.ts';
import { capitalisedRuns, unknownRunAt, type IsKnown, type NameRun } from './names.ts';
import type { Span } from './span.ts';

export interface PartnerSlot {
  /** The full name when it matched a partner in scope, else the words as written. */
  name: string;
  span: Span;
  /** Matched among the partners the asker may see (else passed through for "can't find"). */
  inScope: boolean;
}

/** Words too common in company names to pick one out on their own ("Systems", "Group"). */
const GENERIC = new Set(
  'the and of inc ltd llc gmbh co corp corporation company group holdings systems solutions services technologies technology tech partners partner international global world wide digital consulting networks network software data cloud traders trading importers imports exports distribution distributors enterprises industries labs associates media retail sales north south east west new first united general national'.split(
    ' ',
  ),
);

/** Words after which a lower-case name may follow: "how is fabrikam doing", "overview of tailspin". */
const CUES: readonly string[][] = [['how', 'is'], ['how', 's'], ['how', 'are'], ['about'], ['of'], ['for'], ['on'], ['at'], ['is']];

/** Above this many visible partners, names are looked up from the words instead of listed. */
const LIST_LIMIT = 2000;

interface Ctx {
  source: string;
  tokens: readonly Token[];
  isKnown: IsKnown;
  taken: (i: number) => boolean;
}

/**
 * The partner a question names. Only partners in the asker's scope are matched; a name outside it
 * is passed through as written, so the intent answers exactly as for a name that does not exist.
 */
export async function findPartner(principal: Principal, data: PartnerData, c: Ctx): Promise<PartnerSlot | undefined> {
  const candidates = nameCandidates(c);
  const small = principal.visible.kind === 'some' && principal.visible.ids.size <= LIST_LIMIT;
  const pool = small ? await data.visiblePartners() : await lookup(data, candidates);
  const hit = matchInText(pool, c);
  if (hit) return hit;
  const raw = candidates[0];
  return raw ? { name: raw.text, span: raw.span, inScope: false } : undefined;
}

function nameCandidates(c: Ctx): NameRun[] {
  const out = capitalisedRuns(c.source, c.tokens, c.isKnown, c.taken);
  for (let i = 0; i < c.tokens.length; i++) {
    for (const cue of CUES) {
      if (!cue.every((w, j) => c.tokens[i + j]?.lower === w)) continue;
      const run = unknownRunAt(c.source, c.tokens, i + cue.length, c.isKnown, c.taken);
      if (run && !out.some((r) => r.span.from === run.span.from)) out.push(run);
    }
  }
  return out.sort((a, b) => a.span.from - b.span.from);
}

async function lookup(data: PartnerData, candidates: readonly NameRun[]): Promise<PartnerInfo[]> {
  const found = new Map<number, PartnerInfo>();
  for (const c of candidates.slice(0, 3)) for (const p of await data.findPartners(c.text)) found.set(p.id, p);
  return [...found.values()];
}

const lowerWords = (name: string): string[] => tokenize(name).map((t) => t.lower);

/** A full name in the text beats part of one; part of one counts only on a distinctive word. */
function matchInText(pool: readonly PartnerInfo[], c: Ctx): PartnerSlot | undefined {
  const words = c.tokens.map((t) => t.lower);
  let full: { p: PartnerInfo; span: Span } | undefined;
  const partial = new Map<number, { p: PartnerInfo; span: Span }>();
  for (const p of pool) {
    const name = lowerWords(p.name);
    if (name.length === 0) continue;
    for (let i = 0; i + name.length <= words.length; i++) {
      if (!name.every((w, j) => words[i + j] === w) || rangeTaken(c, i, i + name.length)) continue;
      if (!full || name.length > full.span.to - full.span.from) full = { p, span: { from: i, to: i + name.length } };
    }
    if (full?.p === p) continue;
    name.forEach((w, k) => {
      if (GENERIC.has(w) || c.isKnown(w) || w.length < 3) return;
      const i = words.indexOf(w);
      if (i < 0 || c.taken(i)) return;
      // Take the neighbouring words of the name too ("wide world" of "Wide World Importers").
      let from = i;
      let to = i + 1;
      while (from > 0 && k - (i - from) - 1 >= 0 && words[from - 1] === name[k - (i - from) - 1]) from--;
      while (to < words.length && words[to] === name[k + (to - i)]) to++;
      if (!partial.has(p.id)) partial.set(p.id, { p, span: { from, to } });
    });
  }
  if (full) return { name: full.p.name, span: full.span, inScope: true };
  const parts = [...partial.values()];
  const first = parts[0];
  if (!first) return undefined;
  if (parts.length === 1) return { name: first.p.name, span: first.span, inScope: true };
  // Several partners share the word: pass the words through and let the intent ask which one.
  return { name: c.tokens.slice(first.span.from, first.span.to).map((t) => t.raw).join(' '), span: first.span, inScope: true };
}

function rangeTaken(c: Ctx, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (c.taken(i)) return true;
  return false;
}
