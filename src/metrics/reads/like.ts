/** `s` made literal inside a LIKE pattern ("50%" must not match everything). */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A LIKE pattern for "contains `s`", literally. */
export const contains = (s: string): string => `%${escapeLike(s)}%`;

/** A row limit asked for, made whole, positive and at most 10,000; else `fallback`. */
export const limitOf = (n: number | undefined, fallback: number): number =>
  n !== undefined && Number.isFinite(n) && n > 0 ? Math.min(Math.floor(n), 10_000) : fallback;
