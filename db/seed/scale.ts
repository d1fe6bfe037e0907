import type pg from 'pg';
import type { Program } from '../../src/program/schema.ts';
import { tableRows } from './bundle.ts';
import { dropForBulkLoad, restoreAfterBulkLoad } from './bulk-ddl.ts';
import { Calendar } from './calendar.ts';
import {
  CERTIFICATION_COPY,
  copyRows,
  DEAL_COPY,
  INCENTIVE_COPY,
  LEAD_COPY,
  MDF_COPY,
  PARTNER_COPY,
  RENEWAL_COPY,
  REVENUE_COPY,
  USER_COPY,
  type CopyFormat,
} from './copy.ts';
import { demoProgram } from './demo.ts';
import type { PartnerPlan } from './plan.ts';
import { BUNDLE_TABLES, type Bundle, type BundleTable } from './rows.ts';
import { scaleCast } from './scale-plans.ts';

export interface ScaleOptions {
  partners: number;
  today: string;
  onProgress?: (msg: string) => void;
  program?: Program;
}

export interface ScaleCounts {
  partners: number;
  users: number;
  deal_registrations: number;
  revenue: number;
  leads: number;
  certifications: number;
  mdf: number;
  incentives: number;
  renewals: number;
  seconds: number;
}

/** Everything that holds partner or user data: a scale load replaces all of it. */
const WIPED = [
  'audit_log',
  'notifications',
  'digest_subscriptions',
  'chat_identities',
  'data_sources',
  ...BUNDLE_TABLES,
  'partners',
  'users',
] as const;

const FORMATS: { [T in BundleTable]: CopyFormat<Bundle[T][number]> } = {
  deal_registrations: DEAL_COPY,
  revenue: REVENUE_COPY,
  leads: LEAD_COPY,
  certifications: CERTIFICATION_COPY,
  mdf: MDF_COPY,
  incentives: INCENTIVE_COPY,
  renewals: RENEWAL_COPY,
};

function* partnerRows<T extends BundleTable>(table: T, plans: readonly PartnerPlan[], cal: Calendar): Generator<Bundle[T]> {
  for (const p of plans) yield tableRows(table, p, cal);
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * Replaces all partner data with a generated program of `partners` partners, for benchmarks: per
 * 5,000 partners about 5,000,000 revenue lines, 2,000,000 deal registrations and 500,000
 * certifications, 100 channel managers. Deterministic for the same `partners` and `today`.
 * Streams every table through COPY inside one transaction (indexes and foreign keys are rebuilt
 * once at the end), then VACUUM ANALYZE so the planner and index-only scans see the new data.
 */
export async function seedScale(target: { pool: pg.Pool }, opts: ScaleOptions): Promise<ScaleCounts> {
  const started = Date.now();
  const say = (msg: string) => opts.onProgress?.(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${msg}`);
  if (!Number.isInteger(opts.partners) || opts.partners < 1) throw new Error(`partners must be a positive whole number, got ${opts.partners}`);
  const program = opts.program ?? demoProgram();
  const cal = new Calendar(opts.today);
  const cast = scaleCast(program, cal, opts.partners);
  const partnerUsers = cast.plans.flatMap((p) => p.users);
  say(`planned ${fmt(cast.plans.length)} partners, ${fmt(cast.vendorUsers.length + partnerUsers.length)} users`);

  const client = await target.pool.connect();
  const counts: Record<string, number> = {};
  try {
    await client.query('begin');
    await client.query(`set local maintenance_work_mem = '512MB'`);
    await client.query(`truncate ${WIPED.join(', ')} restart identity cascade`);
    const saved = await dropForBulkLoad(client, BUNDLE_TABLES);

    await copyRows(client, 'users', USER_COPY, [cast.vendorUsers]);
    counts.partners = await copyRows(client, 'partners', PARTNER_COPY, [cast.plans.map((p) => p.row)]);
    await copyRows(client, 'users', USER_COPY, [partnerUsers]);
    counts.users = cast.vendorUsers.length + partnerUsers.length;

    for (const table of BUNDLE_TABLES) {
      let next = 0.25;
      const expected = Math.max(1, cast.plans.length);
      let partnersDone = 0;
      const rows = partnerRows(table, cast.plans, cal);
      const tracked = (function* () {
        for (const r of rows) {
          yield r;
          partnersDone++;
          if (expected >= 1000 && partnersDone / expected >= next) {
            say(`${table}: ${Math.round(next * 100)}% of partners`);
            next += 0.25;
          }
        }
      })();
      counts[table] = await copyRows(client, table, FORMATS[table] as CopyFormat<Bundle[BundleTable][number]>, tracked, { freeze: true });
      say(`${table}: ${fmt(counts[table] ?? 0)} rows`);
    }

    say('rebuilding indexes and foreign keys');
    await restoreAfterBulkLoad(client, saved);
    for (const table of [...BUNDLE_TABLES, 'partners', 'users']) {
      await client.query(`select setval(pg_get_serial_sequence($1, 'id'), (select coalesce(max(id), 0) + 1 from ${table}), false)`, [table]);
    }
    const asOf = `${opts.today}T06:00:00Z`;
    for (const [entity, rows] of Object.entries(counts)) {
      await client.query('insert into data_sources (entity, source, rows, as_of) values ($1, $2, $3, $4)', [entity, 'scale', rows, asOf]);
    }
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => {});
    throw e;
  } finally {
    client.release();
  }

  say('vacuum analyze');
  const vacuum = await target.pool.connect();
  try {
    await vacuum.query(`vacuum (analyze) ${[...BUNDLE_TABLES, 'partners', 'users', 'revenue_months', 'deal_months'].join(', ')}`);
  } finally {
    vacuum.release();
  }
  const seconds = (Date.now() - started) / 1000;
  say(`done in ${seconds.toFixed(1)}s`);
  const n = (k: string) => counts[k] ?? 0;
  return {
    partners: n('partners'),
    users: n('users'),
    deal_registrations: n('deal_registrations'),
    revenue: n('revenue'),
    leads: n('leads'),
    certifications: n('certifications'),
    mdf: n('mdf'),
    incentives: n('incentives'),
    renewals: n('renewals'),
    seconds,
  };
}
