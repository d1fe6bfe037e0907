import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { startEmbedded, type EmbeddedServer } from './embedded.ts';

// int8 and numeric come back as JS numbers (amounts are integer cents, counts are small); dates
// stay 'YYYY-MM-DD' strings so no calendar day shifts with the time zone.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  pool: pg.Pool;
  url: string;
  embedded: boolean;
  close: () => Promise<void>;
}

export interface ConnectOptions {
  databaseUrl?: string;
  dataDir: string;
  embeddedPort: number;
  databaseName?: string;
  poolSize?: number;
  embeddedFlags?: string[];
}

export function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured server';
  }
}

/**
 * A pool whose lost connections never crash the process. pg-pool listens for an idle client's
 * error but not a checked-out one's, and pg emits 'error' whenever a connection ends unexpectedly:
 * a server shut down while a client was between queries (a replica read falling back to the
 * primary holds its replica client meanwhile) threw an uncaught exception. The query in flight
 * still fails with the error, and a client that errored is discarded when it is released.
 */
export function safePool(options: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(options);
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

export function createDb(url: string, poolSize = 10): { db: Db; pool: pg.Pool } {
  const pool = safePool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`create database ${client.escapeIdentifier(name)}`);
  } catch (e) {
    // Two processes may race to create it; the loser sees a duplicate.
    if (!(e instanceof Error && /already exists/.test(e.message))) throw e;
  } finally {
    await client.end();
  }
}

/**
 * DATABASE_URL when set (never silently replaced by the embedded server when it is unreachable);
 * otherwise the embedded server in `<dataDir>/pg`.
 */
export async function connect(opts: ConnectOptions): Promise<DbHandle> {
  let server: EmbeddedServer | undefined;
  let url: string;
  if (opts.databaseUrl) {
    url = opts.databaseUrl;
  } else {
    server = await startEmbedded(`${opts.dataDir}/pg`, opts.embeddedPort, opts.embeddedFlags);
    const name = opts.databaseName ?? 'pulse';
    await ensureDatabase(server.url('postgres'), name);
    url = server.url(name);
  }
  const { db, pool } = createDb(url, opts.poolSize);
  try {
    await pool.query('select 1');
  } catch (e) {
    await db.destroy();
    await server?.stop();
    const reason = e instanceof Error ? ((e as { code?: string }).code ?? e.message) : String(e);
    throw new Error(
      `cannot connect to ${opts.databaseUrl ? 'DATABASE_URL' : 'the embedded database'} at ${describeUrl(url)} (${reason})`,
    );
  }
  return {
    db,
    pool,
    url,
    embedded: !opts.databaseUrl,
    close: async () => {
      await db.destroy();
      await server?.stop();
    },
  };
}
