/** One row of a ranking; `rank` is shared by ties ("1, 2, 2, 4") and null for a missing value. */
export interface Ranked<T> {
  item: T;
  value: number | null;
  rank: number | null;
}

/** Competition ranking: best first (highest, or lowest when less is better), missing values last. */
export function rankBy<T>(items: readonly T[], valueOf: (t: T) => number | null, higherIsBetter: boolean): Ranked<T>[] {
  const withValue = items.map((item, i) => ({ item, value: valueOf(item), i }));
  withValue.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? a.i - b.i : 1) : -1;
    return (higherIsBetter ? b.value - a.value : a.value - b.value) || a.i - b.i;
  });
  let lastValue: number | null = null;
  let lastRank = 0;
  return withValue.map((r, k) => {
    if (r.value === null) return { item: r.item, value: null, rank: null };
    const rank = r.value === lastValue ? lastRank : k + 1;
    lastValue = r.value;
    lastRank = rank;
    return { item: r.item, value: r.value, rank };
  });
}

/** "1st", "2nd", "3rd", "11th", "22nd". */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  const suffix = ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${suffix}`;
}
