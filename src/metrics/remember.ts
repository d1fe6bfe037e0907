import type { Db } from '../../db/connect.ts';

// Figures over a large group (a vendor admin's 5,000 partners) cost seconds to read, and stay the
// same until the data under them changes. A computation over the asker's scope is kept per
// process, per database, by scope and by data_version (moved by every write to partners or partner
// data in its own transaction) and the day: the next ask of the same thing by anyone with the same
// scope reads it back; a write or midnight makes it a new key.

/** Entries kept per database; the least recently used go first. */
const MAX_ENTRIES = 128;
const caches = new WeakMap<Db, Map<string, Promise<unknown>>>();

/**
 * `compute()` once per (database, scope, data version, today, key) in this process. A failed
 * computation is not kept. `key` must name everything the result depends on besides those.
 */
export async function remembered<T>(db: Db, stamp: string, key: string, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const k = `${stamp}|${key}`;
  const known = cache.get(k);
  if (known) {
    cache.delete(k);
    cache.set(k, known);
    return known as Promise<T>;
  }
  const value = compute();
  cache.set(k, value);
  value.catch(() => cache.delete(k));
  if (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
  return value;
}
