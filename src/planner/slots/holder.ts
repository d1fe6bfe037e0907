import type { Token } from '../text.ts';
import { capitalisedRuns, unknownRunAt, type IsKnown, type NameRun } from './names.ts';

/**
 * The person whose certifications are asked about: "held by Jane Doe", "Priya's certifications",
 * "certifications of holder priya".
 */
export function findHolder(source: string, tokens: readonly Token[], isKnown: IsKnown, taken: (i: number) => boolean): NameRun | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]?.lower ?? '';
    const next = tokens[i + 1]?.lower ?? '';
    let at = -1;
    if ((w === 'held' || w === 'owned' || w === 'earned') && next === 'by') at = i + 2;
    else if (w === 'holder' || w === 'holders') at = i + 1;
    if (at < 0) continue;
    const caps = capitalisedRuns(source, tokens, () => false, taken).find((r) => r.span.from === at);
    if (caps) return caps;
    const unknown = unknownRunAt(source, tokens, at, isKnown, taken);
    if (unknown) return unknown;
  }
  // "Jane's certifications", "Jane Doe's certs"
  for (const run of capitalisedRuns(source, tokens, isKnown, taken)) {
    const after = tokens.slice(run.span.to, run.span.to + 3).map((t) => t.stem);
    if (after[0] === 's' && after.slice(1).some((s) => s === 'cert' || s === 'credential')) return run;
  }
  return undefined;
}
