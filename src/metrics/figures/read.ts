import { sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import type { ScopedSource } from '../../access/scope.ts';
import type { FlowDay, MetricParts } from '../types.ts';
import { figureKey, seriesKey, type FigureKey } from './key.ts';
import { isStandard, isStandardSeries, type FigureRequest } from './standard.ts';

/** Figures computed ahead (src/metrics/figures/write.ts), read instead of the rows when current. */
export interface StoredFigures {
  /**
   * The request's parts for every partner of `src`, from a set computed at the data_version the
   * database holds now; null when the request is not a standard figure or its set is not current
   * (then the caller reads the rows). Requests made in the same tick share one statement.
   */
  parts(src: ScopedSource, request: FigureRequest): Promise<Map<number, MetricParts> | null>;
  /** The daily series over every partner of `src` (days with data, in order), or null as for `parts`. */
  series(src: ScopedSource, request: FigureRequest): Promise<FlowDay[] | null>;
}

interface FigureRow {
  set_key: string;
  partner_id: number;
  num: string;
  den: string;
}

interface SeriesRow {
  set_key: string;
  partner_id: number;
  days: string;
  nums: string;
  dens: string;
}

/** The stored row as the metric's parts, scaled exactly as `partsFromRows` and `byPartner` scale the rows' sums. */
function partsOf(k: FigureKey, row: FigureRow): MetricParts {
  const den = k.denScale === null ? null : Number(row.den) / k.denScale;
  return { num: Number(row.num) / k.numScale, den: k.quotient ? (den ?? 0) : null };
}

/** The partners' stored series summed by day, scaled as `flowByDay` scales its sums. */
function seriesOf(k: FigureKey, rows: readonly SeriesRow[]): FlowDay[] {
  const byDay = new Map<string, { num: number; den: number }>();
  for (const r of rows) {
    if (r.days === '') continue;
    const days = r.days.split(',');
    const nums = r.nums.split(',');
    const dens = r.dens.split(',');
    days.forEach((day, i) => {
      const s = byDay.get(day) ?? { num: 0, den: 0 };
      s.num += Number(nums[i] ?? 0);
      s.den += Number(dens[i] ?? 0);
      byDay.set(day, s);
    });
  }
  const denScale = k.denScale ?? 1;
  return [...byDay]
    .map(([day, s]) => ({ day, num: s.num / k.numScale, den: s.den / denScale }))
    // ISO days sort as plain strings; localeCompare (ICU) was a tenth of a projection's time.
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** Requests of one tick, by kind of table: answered together, one statement per kind and partner set. */
interface Pending<T> {
  src: ScopedSource;
  key: FigureKey;
  resolve: (v: T | null) => void;
  reject: (e: unknown) => void;
}

const idsOf = (src: ScopedSource): string => [...src.partnerIds].sort((a, b) => a - b).join(',');

/**
 * Sends each group of pending requests over the same partners as one statement, and hands each
 * request its rows; `rowsFor` reads the current sets' rows of the given keys.
 */
async function answer<R extends { set_key: string; partner_id: number }, T>(
  batch: readonly Pending<T>[],
  rowsFor: (src: ScopedSource, keys: readonly string[]) => Promise<R[]>,
  build: (p: Pending<T>, rows: readonly R[]) => T,
): Promise<void> {
  const bySource = new Map<string, Pending<T>[]>();
  for (const p of batch) {
    const ids = idsOf(p.src);
    const group = bySource.get(ids);
    if (group) group.push(p);
    else bySource.set(ids, [p]);
  }
  await Promise.all(
    [...bySource.values()].map(async (group) => {
      try {
        const src = group[0]?.src;
        if (!src) return;
        const rows = await rowsFor(src, [...new Set(group.map((p) => p.key.key))]);
        const byKey = new Map<string, R[]>();
        for (const r of rows) {
          const list = byKey.get(r.set_key);
          if (list) list.push(r);
          else byKey.set(r.set_key, [r]);
        }
        for (const p of group) {
          const mine = byKey.get(p.key.key) ?? [];
          // Every partner has a row in a computed set; one missing means the set is not current.
          const have = new Set(mine.map((r) => r.partner_id));
          p.resolve(p.src.partnerIds.every((id) => have.has(id)) ? build(p, mine) : null);
        }
      } catch (e) {
        for (const p of group) p.reject(e);
      }
    }),
  );
}

/**
 * A queue that sends what was asked in one tick together (setImmediate: the parallel reads of one
 * step). A figure asked again in the same turn (the evaluation, the projection and the next steps
 * each ask for some of the same) is the answer already read.
 */
function tickQueue<T>(send: (batch: Pending<T>[]) => Promise<void>): (src: ScopedSource, key: FigureKey) => Promise<T | null> {
  let pending: Pending<T>[] = [];
  const asked = new Map<string, Promise<T | null>>();
  return (src, key) => {
    const id = `${key.key}|${idsOf(src)}`;
    const known = asked.get(id);
    if (known) return known;
    const read = new Promise<T | null>((resolve, reject) => {
      if (pending.length === 0) {
        setImmediate(() => {
          const batch = pending;
          pending = [];
          void send(batch);
        });
      }
      pending.push({ src, key, resolve, reject });
    });
    asked.set(id, read);
    read.catch(() => asked.delete(id));
    return read;
  };
}

/**
 * Reads one turn's stored figures and series: the requests of one tick over the same partners go
 * in one statement, which reads them through the scope and only from sets stamped with the current
 * data_version (joined in that statement, so nothing older than the data is ever returned).
 */
export function storedFigures(db: Db, today: string): StoredFigures {
  const current = sql<boolean>`data_version.version = figure_sets.data_version`;
  const parts = tickQueue<Map<number, MetricParts>>((batch) =>
    answer(
      batch,
      async (src, keys) =>
        (await src
          .from('partner_figures')
          .innerJoin('figure_sets', 'figure_sets.key', 'partner_figures.set_key')
          .innerJoin('data_version', (j) => j.on(current))
          .where('partner_figures.set_key', '=', sql<string>`any(${keys}::text[])`)
          .select(['partner_figures.set_key', 'partner_figures.partner_id', 'partner_figures.num', 'partner_figures.den'])
          .execute()) as FigureRow[],
      (p, rows) => {
        const found = new Map(rows.map((r) => [r.partner_id, partsOf(p.key, r)]));
        return new Map(p.src.partnerIds.map((id) => [id, found.get(id) as MetricParts]));
      },
    ),
  );
  const series = tickQueue<FlowDay[]>((batch) =>
    answer(
      batch,
      async (src, keys) =>
        (await src
          .from('partner_series')
          .innerJoin('figure_sets', 'figure_sets.key', 'partner_series.set_key')
          .innerJoin('data_version', (j) => j.on(current))
          .where('partner_series.set_key', '=', sql<string>`any(${keys}::text[])`)
          .select(['partner_series.set_key', 'partner_series.partner_id', 'partner_series.days', 'partner_series.nums', 'partner_series.dens'])
          .execute()) as SeriesRow[],
      (p, rows) => seriesOf(p.key, rows),
    ),
  );
  return {
    parts(src, request) {
      if (src.partnerIds.length === 0 || !isStandard(request.def, request.period, request.filters, today)) return Promise.resolve(null);
      return parts(src, figureKey(db, request, today));
    },
    series(src, request) {
      if (src.partnerIds.length === 0 || !isStandardSeries(request.def, request.period, request.filters, today)) return Promise.resolve(null);
      return series(src, seriesKey(db, request, today));
    },
  };
}
