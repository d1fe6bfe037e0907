import { sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import { dayIn } from '../calendar.ts';
import type { MetricDef } from '../types.ts';
import { figureKey, figurePlan, seriesKey, seriesQuery, type FigureKey } from './key.ts';
import { standardRequests, standardSeries, type FigureRequest } from './standard.ts';

/** A set to compute: a figure over a period, or a daily series. */
export interface SetRequest {
  kind: 'figure' | 'series';
  request: FigureRequest;
  today: string;
}

const keyOf = (db: Db, s: SetRequest): FigureKey => (s.kind === 'figure' ? figureKey(db, s.request, s.today) : seriesKey(db, s.request, s.today));

/** What one refresh did. */
export interface FiguresRefreshed {
  /** Sets computed now (the others were current, or another process was computing them). */
  written: number;
  /** Sets that were already current. */
  current: number;
  days: readonly string[];
}

/**
 * The days people are in now, one per time zone the users have ("the last 12 months" of a person in
 * Sydney may end a day after a Londoner's, and each reads the set of their own day), the day most
 * people are in first.
 */
export async function daysInUse(db: Db, at: Date): Promise<string[]> {
  const zones = await db.selectFrom('users').select(['time_zone', (e) => e.fn.countAll<string>().as('people')]).groupBy('time_zone').execute();
  const people = new Map<string, number>();
  for (const z of zones) {
    const day = dayIn(at, z.time_zone);
    people.set(day, (people.get(day) ?? 0) + Number(z.people));
  }
  if (people.size === 0) people.set(dayIn(at, 'UTC'), 0);
  return [...people].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([day]) => day);
}

/**
 * One set for every partner, in one repeatable-read transaction: the data_version is read in the
 * same snapshot as the rows, so the stamp is exactly the data the figures are of (a write committed
 * meanwhile moves data_version past it, and answers read the rows until the next refresh). One
 * statement computes every partner's figure, set-based, zeros included. Another process computing
 * the same set at the same time makes this one step aside. Returns whether it wrote.
 */
export async function writeFigureSet(db: Db, set: SetRequest): Promise<boolean> {
  const k = keyOf(db, set);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const head = await sql<{ version: string; locked: boolean; stored: string | null }>`
        select v.version::text as version, pg_try_advisory_xact_lock(hashtextextended(${k.key}, 0)) as locked,
               (select s.data_version::text from figure_sets s where s.key = ${k.key}) as stored
        from data_version v`.execute(trx);
      const h = head.rows[0];
      if (!h || !h.locked || h.stored === h.version) return false;
      const ids = (await trx.selectFrom('partners').select('id').execute()).map((p) => p.id);
      if (set.kind === 'series') {
        await trx.deleteFrom('partner_series').where('set_key', '=', k.key).execute();
        const q = seriesQuery(trx, set.request, ids).query;
        await sql`
          insert into partner_series (set_key, partner_id, days, nums, dens)
          select ${k.key}, p.id, coalesce(d.days, ''), coalesce(d.nums, ''), coalesce(d.dens, '')
          from partners p
          left join (select s.partner_id, string_agg(s.day, ',' order by s.day) as days, string_agg(s.num::text, ',' order by s.day) as nums,
                            string_agg(s.den::text, ',' order by s.day) as dens
                     from (${q}) s group by s.partner_id) d on d.partner_id = p.id`.execute(trx);
      }
      const plan = set.kind === 'figure' ? figurePlan(trx, set.request, ids, set.today) : null;
      const [first, ...rest] = plan?.branches ?? [];
      if (plan) await trx.deleteFrom('partner_figures').where('set_key', '=', k.key).execute();
      if (first) {
        const union = rest.reduce((q, b) => q.unionAll(b), first);
        await sql`
          insert into partner_figures (set_key, partner_id, num, den)
          select ${k.key}, p.id, coalesce(b.num, 0), coalesce(b.den, 0)
          from partners p
          left join (select u.partner_id, sum(u.num) as num, sum(u.den) as den from (${union}) u group by u.partner_id) b on b.partner_id = p.id`.execute(trx);
      }
      await sql`
        insert into figure_sets (key, data_version, computed_at) values (${k.key}, ${h.version}::bigint, now())
        on conflict (key) do update set data_version = excluded.data_version, computed_at = excluded.computed_at`.execute(trx);
      return true;
    });
}

/**
 * Every standard figure of these metrics for the days in use, computed where its set is not
 * current, one set at a time (answers being asked meanwhile still get the database), then the
 * sets nobody reads any more let go. `keepGoing` stops between sets.
 */
export async function refreshFigures(
  db: Db,
  metrics: readonly MetricDef[],
  at: Date,
  opts: { keepGoing?: () => boolean } = {},
): Promise<FiguresRefreshed> {
  const keepGoing = opts.keepGoing ?? (() => true);
  const days = await daysInUse(db, at);
  const todo = new Map<string, SetRequest>();
  const add = (s: SetRequest) => {
    const { key } = keyOf(db, s);
    if (!todo.has(key)) todo.set(key, s);
  };
  // The day most people are in first; on each day the figures, then the series projections read.
  for (const today of days) {
    for (const request of standardRequests(metrics, today)) add({ kind: 'figure', request, today });
    for (const request of standardSeries(metrics, today)) add({ kind: 'series', request, today });
  }
  const keys = [...todo.keys()];
  const current = await sql<{ key: string }>`
    select s.key from figure_sets s join data_version v on v.version = s.data_version where s.key = any(${keys}::text[])`.execute(db);
  for (const r of current.rows) todo.delete(r.key);
  let written = 0;
  for (const set of todo.values()) {
    if (!keepGoing()) break;
    if (await writeFigureSet(db, set)) written++;
  }
  // Sets of days gone by or of definitions no longer used, and out of date: nobody reads them.
  await sql`
    with old as (
      delete from figure_sets s using data_version v
      where s.data_version < v.version and not (s.key = any(${keys}::text[])) returning s.key)
    , figures as (delete from partner_figures f using old where f.set_key = old.key)
    delete from partner_series s using old where s.set_key = old.key`.execute(db);
  return { written, current: current.rows.length, days };
}
