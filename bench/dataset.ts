import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { withClient, withDatabase } from '../db/admin.ts';
import { connect, type DbHandle } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { MIGRATIONS } from '../db/migrations/index.ts';
import { ROOT } from '../src/root.ts';
import { seedScale, type ScaleCounts } from '../db/seed/scale.ts';
import type { Config } from '../src/config.ts';

export interface BenchDataset {
  handle: DbHandle;
  /** Database name, e.g. pulse_bench_5000. */
  name: string;
  /** True when the cached copy was reused. */
  cached: boolean;
  buildSeconds: number;
  counts?: ScaleCounts;
}

/**
 * What the data set depends on: the migration list and files, every generator file, the size and
 * the day. A change to any of them rebuilds; otherwise a run reuses the database from last time,
 * since building 5,000 partners costs minutes.
 */
export function fingerprint(partners: number, today: string): string {
  const h = createHash('sha256');
  h.update(`partners=${partners};today=${today};migrations=${Object.keys(MIGRATIONS).join(',')}\n`);
  for (const dir of ['db/migrations', 'db/seed']) {
    for (const f of readdirSync(path.join(ROOT, dir)).sort()) {
      if (!f.endsWith('.ts')) continue;
      h.update(`${dir}/${f}\n`);
      h.update(readFileSync(path.join(ROOT, dir, f)));
    }
  }
  return `pulse-bench:${h.digest('hex').slice(0, 32)}`;
}

/** The stored fingerprint of `name` (a comment on the database), or undefined when it does not exist. */
async function storedFingerprint(c: pg.Client, name: string): Promise<string | null | undefined> {
  const r = await c.query<{ fp: string | null }>(`select shobj_description(oid, 'pg_database') as fp from pg_database where datname = $1`, [name]);
  return r.rowCount === 0 ? undefined : (r.rows[0]?.fp ?? null);
}

/**
 * The scale data set in a database of its own (never the app's): on DATABASE_URL's server when
 * set, else on the embedded server of PULSE_DATA_DIR. Built once per fingerprint.
 */
export async function openDataset(
  config: Config,
  opts: { partners: number; today: string; poolSize: number; say: (msg: string) => void },
): Promise<BenchDataset> {
  const name = `pulse_bench_${opts.partners}`;
  const fp = fingerprint(opts.partners, opts.today);
  // The embedded server is started through the ordinary connect(), on its maintenance database.
  const base = await connect({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.PULSE_DATA_DIR,
    embeddedPort: config.PULSE_PG_PORT,
    databaseName: 'postgres',
    poolSize: 1,
  });
  const adminUrl = withDatabase(base.url, 'postgres');
  const url = withDatabase(base.url, name);
  const stored = await withClient(adminUrl, (c) => storedFingerprint(c, name));
  const started = Date.now();
  let counts: ScaleCounts | undefined;
  if (stored !== fp) {
    opts.say(stored === undefined ? `building ${name} (first run)` : `rebuilding ${name}: schema or generator changed`);
    await withClient(adminUrl, async (c) => {
      await c.query(`drop database if exists ${c.escapeIdentifier(name)} with (force)`);
      await c.query(`create database ${c.escapeIdentifier(name)}`);
    });
    const build = await connect({ databaseUrl: url, dataDir: config.PULSE_DATA_DIR, embeddedPort: config.PULSE_PG_PORT, poolSize: 2 });
    try {
      await migrateToLatest(build.db);
      counts = await seedScale(build, { partners: opts.partners, today: opts.today, onProgress: opts.say });
    } finally {
      await build.close();
    }
    // Written last: a build that dies half-way leaves no fingerprint and is rebuilt next time.
    await withClient(adminUrl, (c) => c.query(`comment on database ${c.escapeIdentifier(name)} is ${c.escapeLiteral(fp)}`));
  } else {
    opts.say(`reusing ${name} (fingerprint ${fp.slice(-8)})`);
  }
  const handle = await connect({ databaseUrl: url, dataDir: config.PULSE_DATA_DIR, embeddedPort: config.PULSE_PG_PORT, poolSize: opts.poolSize });
  // Migrations added since are applied by the rebuild above; this only guards a hand-edited copy.
  await migrateToLatest(handle.db);
  const close = handle.close;
  return {
    handle: { ...handle, close: async () => { await close(); await base.close(); } },
    name,
    cached: stored === fp,
    buildSeconds: (Date.now() - started) / 1000,
    counts,
  };
}
