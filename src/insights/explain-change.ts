import type { BreakdownRow } from '../metrics/breakdown.ts';

export interface Contributor {
  key: string;
  previous: number;
  current: number;
  delta: number;
  /** Its delta as a percentage of the total change (signed: a part against the trend is negative); null when the total did not change. */
  share: number | null;
}

/**
 * What moved a total between two periods, part by part (product line, customer): each part's
 * change and its share of the whole change. The top ones are those that moved the same way as the
 * total, largest first; with no net change, the largest moves either way.
 */
export function contributors(previous: readonly BreakdownRow[], current: readonly BreakdownRow[], limit = 3): Contributor[] {
  const keys = new Set([...previous.map((r) => r.key), ...current.map((r) => r.key)]);
  const prev = new Map(previous.map((r) => [r.key, r.value]));
  const cur = new Map(current.map((r) => [r.key, r.value]));
  const all = [...keys].map((key) => {
    const p = prev.get(key) ?? 0;
    const c = cur.get(key) ?? 0;
    return { key, previous: p, current: c, delta: clean(c - p) };
  });
  const total = clean(all.reduce((s, r) => s + r.delta, 0));
  const sign = Math.sign(total);
  const moved = all.filter((r) => r.delta !== 0 && (sign === 0 || Math.sign(r.delta) === sign));
  moved.sort((a, b) => (sign === 0 ? Math.abs(b.delta) - Math.abs(a.delta) : sign * (b.delta - a.delta)) || a.key.localeCompare(b.key));
  return moved.slice(0, limit).map((r) => ({ ...r, share: total === 0 ? null : clean((100 * r.delta) / total) }));
}

const clean = (n: number): number => Math.round(n * 100) / 100;
