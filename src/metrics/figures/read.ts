import { sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import type { ScopedSource } from '../../access/scope.ts';
import type { MetricParts } from '../types.ts';
import { figureKey, type FigureKey } from './key.ts';
import { isStandard, type FigureRequest } from './standard.ts';

/** Figures computed ahead (src/metrics/figures/write.ts), read instead of the rows when current. */
export interface StoredFigures {
  /**
   * The request's parts for every partner of `src`, from a set computed at the data_version the
   * database holds now; null when the request is not a standard figure or its set is not current
   * (then the caller reads the rows). Requests made in the same tick share one statement.
   */
  parts(src: ScopedSource, request: FigureRequest): Promise<Map<number, MetricParts> | null>;
}

interface Pending {
  src: ScopedSource;
  key: FigureKey;
  resolve: (parts: Map<number, MetricParts> | null) => void;
  reject: (e: unknown) => void;
}

interface FigureRow {
  set_key: string;
  partner_id: number;
  num: string;
  den: string;
}

/** The stored row as the metric's parts, scaled exactly as `partsFromRows` and `byPartner` scale the rows' sums. */
function partsOf(k: FigureKey, row: FigureRow): MetricParts {
  const den = k.denScale === null ? null : Number(row.den) / k.denScale;
  return { num: Number(row.num) / k.numScale, den: k.quotient ? (den ?? 0) : null };
}

/**
 * Reads one turn's stored figures: the requests of one tick over the same partners go in one
 * statement, which reads them through the scope and only from sets stamped with the current
 * data_version (joined in that statement, so no figure older than the data is ever returned).
 */
export function storedFigures(db: Db, today: string): StoredFigures {
  let pending: Pending[] = [];

  const flush = async (batch: Pending[]): Promise<void> => {
    const bySource = new Map<string, Pending[]>();
    for (const p of batch) {
      const ids = [...p.src.partnerIds].sort((a, b) => a - b).join(',');
      bySource.set(ids, [...(bySource.get(ids) ?? []), p]);
    }
    await Promise.all(
      [...bySource.values()].map(async (group) => {
        try {
          const src = group[0]?.src;
          if (!src) return;
          const wanted = [...new Set(group.map((p) => p.key.key))];
          const rows = (await src
            .from('partner_figures')
            .innerJoin('figure_sets', 'figure_sets.key', 'partner_figures.set_key')
            .innerJoin('data_version', (j) => j.on(sql<boolean>`data_version.version = figure_sets.data_version`))
            .where('partner_figures.set_key', '=', sql<string>`any(${wanted}::text[])`)
            .select(['partner_figures.set_key', 'partner_figures.partner_id', 'partner_figures.num', 'partner_figures.den'])
            .execute()) as FigureRow[];
          const byKey = new Map<string, FigureRow[]>();
          for (const r of rows) byKey.set(r.set_key, [...(byKey.get(r.set_key) ?? []), r]);
          for (const p of group) {
            const found = new Map((byKey.get(p.key.key) ?? []).map((r) => [r.partner_id, partsOf(p.key, r)]));
            // Every partner has a row in a computed set; one missing means the set is not current.
            const complete = p.src.partnerIds.every((id) => found.has(id));
            p.resolve(complete ? new Map(p.src.partnerIds.map((id) => [id, found.get(id) as MetricParts])) : null);
          }
        } catch (e) {
          for (const p of group) p.reject(e);
        }
      }),
    );
  };

  return {
    parts(src, request) {
      if (src.partnerIds.length === 0 || !isStandard(request.def, request.period, request.filters, today)) return Promise.resolve(null);
      const key = figureKey(db, request, today);
      return new Promise((resolve, reject) => {
        if (pending.length === 0) {
          setImmediate(() => {
            const batch = pending;
            pending = [];
            void flush(batch);
          });
        }
        pending.push({ src, key, resolve, reject });
      });
    },
  };
}
