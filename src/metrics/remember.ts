import type { Db } from '../../db/connect.ts';

// Figures over a large group (a vendor admin's 5,000 partners) cost seconds to read, and stay the
// same until the data under them changes. A computation over the asker's scope is kept per
// process, per database, by scope and by data_version (moved by every write to partners or partner
// data in its own transaction) and the day: the next ask of the same thing by anyone with the same
// scope reads it back; a write or midnight makes it a new key, and the first ask under a newer
// version or day lets go of everything kept under the older ones (nobody can be served them again).

/**
 * Entries kept per database for the newest data version; the least recently used go first. Room
 * for every channel manager's three home views (src/jobs/portfolio-warmer.ts reads them ahead for at
 * most half of it) and the asks of the day.
 */
export const REMEMBER_CAPACITY = 1024;

/** Where the data stands: its version and the day, each turn reading it once. */
export interface DataStamp {
  /** data_version, as its text. */
  version: string;
  /** 'YYYY-MM-DD'. */
  today: string;
}

interface Kept {
  stamp: DataStamp;
  entries: Map<string, Promise<unknown>>;
}

const caches = new WeakMap<Db, Kept>();

/** Newer: a later day, or the same day and a larger data_version (a counter that only goes up). */
function compareStamps(a: DataStamp, b: DataStamp): number {
  if (a.today !== b.today) return a.today < b.today ? -1 : 1;
  const x = BigInt(a.version);
  const y = BigInt(b.version);
  return x === y ? 0 : x < y ? -1 : 1;
}

/**
 * `compute()` once per (database, scope, data version, today, key) in this process. A failed
 * computation is not kept. `key` must name everything the result depends on besides those. A turn
 * that read an older version than one already seen (it raced a write) computes without keeping.
 */
export async function remembered<T>(db: Db, stamp: DataStamp, scope: string, key: string, compute: () => Promise<T>): Promise<T> {
  let kept = caches.get(db);
  if (!kept) caches.set(db, (kept = { stamp, entries: new Map() }));
  const order = compareStamps(stamp, kept.stamp);
  if (order < 0) return compute();
  if (order > 0) kept = { stamp, entries: new Map() };
  caches.set(db, kept);
  const cache = kept.entries;
  const k = `${scope}|${key}`;
  const known = cache.get(k);
  if (known) {
    cache.delete(k);
    cache.set(k, known);
    return known as Promise<T>;
  }
  const value = compute();
  cache.set(k, value);
  value.catch(() => cache.delete(k));
  if (cache.size > REMEMBER_CAPACITY) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return value;
}
