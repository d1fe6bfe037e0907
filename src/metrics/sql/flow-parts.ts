import type { ScopedSource } from '../../access/scope.ts';
import type { FlowRows, MetricDeclaration } from '../declaration.ts';
import type { MetricFilters, PartsRow, Period } from '../types.ts';
import { filterConditions } from './conditions.ts';
import { numDenOf } from './num-den.ts';
import { dayReadPlan, runPlan, type DayRead, type PartsPlan } from './read-parts.ts';

/** How a flow metric's rows are read, from its declaration and the question's filters. */
export function flowRead(d: MetricDeclaration, rows: FlowRows, filters: MetricFilters): DayRead {
  const f = filterConditions(d, filters);
  return { table: rows.table, date: rows.date, where: [...(rows.where ?? []), ...f.where], raw: f.raw };
}

/** A flow metric's parts per partner over the period, as a plan (see read-parts.ts). */
export function flowPlan(src: ScopedSource, d: MetricDeclaration, rows: FlowRows, period: Period, filters: MetricFilters): PartsPlan {
  return dayReadPlan(src, flowRead(d, rows, filters), numDenOf(d.aggregate), { from: period.from, to: period.to });
}

/** A flow metric's parts per partner over the period. */
export function flowParts(src: ScopedSource, d: MetricDeclaration, rows: FlowRows, period: Period, filters: MetricFilters): Promise<PartsRow[]> {
  return runPlan(flowPlan(src, d, rows, period, filters));
}
