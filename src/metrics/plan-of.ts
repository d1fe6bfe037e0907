import type { ScopedSource } from '../access/scope.ts';
import { isStock } from './declaration.ts';
import { flowPlan } from './sql/flow-parts.ts';
import type { PartsPlan } from './sql/read-parts.ts';
import { stockPlan } from './sql/stock-parts.ts';
import type { MetricDef, MetricFilters, Period } from './types.ts';

/** One metric's parts over a period as SQL not yet sent, as its declaration says (a flow's days and months, or a stock held on a day). */
export function planOf(src: ScopedSource, def: MetricDef, period: Period, filters: MetricFilters, today: string): PartsPlan {
  return isStock(def.rows) ? stockPlan(src, def, def.rows, period, filters, today) : flowPlan(src, def, def.rows, period, filters);
}
