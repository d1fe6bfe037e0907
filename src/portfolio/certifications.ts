import { tierIndex } from '../program/load.ts';
import type { Program } from '../program/schema.ts';

/**
 * The tier whose certification requirement a partner falls below when its active count goes
 * from `activeNow` to `activeAfter`: the highest of its current and next tier that it meets now
 * and would not meet after. Null when no requirement is affected.
 */
export function certificationBreak(program: Program, tier: string, activeNow: number, activeAfter: number): { tier: string; min: number } | null {
  const i = tierIndex(program, tier);
  const candidates = [program.tiers[i + 1], program.tiers[i]].filter((t) => t !== undefined);
  for (const t of candidates) {
    // Only a minimum is broken by a lapse.
    const min = t.requirements.find((r) => r.metric === 'active_certifications' && r.min !== undefined)?.min;
    if (min !== undefined && activeNow >= min && activeAfter < min) return { tier: t.name, min };
  }
  return null;
}
