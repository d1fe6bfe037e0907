import { plusDays } from '../metrics/calendar.ts';
import { divisorFactor } from '../metrics/parts.ts';
import type { PartnerData } from '../metrics/partner-data.ts';
import { windowPeriod } from '../metrics/period.ts';
import { meets } from '../program/bounds.ts';
import type { Requirement } from '../program/schema.ts';
import type { RequirementRow } from '../reply/types.ts';
import { heldCertifications } from './certification-pairs.ts';
import { FlowHistory } from './history.ts';
import { certificationPace, firstDayMissing, firstDayReaching, flowPace, netChangePace, PACE_DAYS, ratePace, type Leaving, type PaceModel } from './pace.ts';
import type { TargetDate } from './target-date.ts';

/** How far ahead a projected date is looked for; beyond it the answer is "not at this pace". */
export const HORIZON_DAYS = 730;

export interface ByDate {
  day: string;
  label: string;
  /** The requirement's value on that day at today's pace. */
  projected: number | null;
  met: boolean | null;
  /** Still to add by then (amount or count) on top of what already counts; null for rates. */
  neededTotal: number | null;
  /** What counts today but no longer by then (older months leaving the window); null when nothing leaves. */
  leaving: Leaving | null;
  /** The same per week from tomorrow on; null for rates or when no days are left. */
  weeklyNeeded: number | null;
  /** Rates: share of what comes up for decision by then that must go well (over 100 = out of reach). */
  shareNeeded: number | null;
}

export interface RequirementProjection {
  metric: RequirementRow['metric'];
  label: string;
  unit: RequirementRow['unit'];
  window: Requirement['window'];
  current: number;
  /** The minimum, or with `atMost` the maximum. */
  required: number;
  atMost: boolean;
  met: boolean;
  model: PaceModel['kind'];
  /** Per week (amount, count or new certifications); null for rates. */
  runRate: number | null;
  /** First day the requirement is met at this pace (today when it already is); null = not within two years. */
  projectedDate: string | null;
  quarterEnd: string;
  projectedAtQuarterEnd: number | null;
  metByQuarterEnd: boolean | null;
  /**
   * Met today but not at this pace before the later of the quarter end and the date asked about:
   * the first day it no longer is. Null when it is not met today, or holds throughout.
   */
  lapsesOn: string | null;
  by?: ByDate;
}

/** Builds the pace model of one requirement from the partner's own history (see pace.ts). */
export async function paceModel(data: PartnerData, partnerId: number, req: Requirement, current: number): Promise<PaceModel> {
  const today = data.today;
  const metric = req.metric;
  const def = data.metrics.def(metric);
  if (def.kind === 'flow') {
    const w = windowPeriod(req.window, today);
    const history = new FlowHistory(w.from, w.to, await data.flowByDay(metric, partnerId, w));
    // Rates and means are projected as two flows divided; amounts and counts as one.
    const factor = divisorFactor(def);
    return factor !== null ? ratePace(history, req.window, today, factor) : flowPace(history, req.window, today);
  }
  if (metric === 'active_certifications') {
    const [active, earned] = await Promise.all([
      data.certifications({ partnerIds: [partnerId], limit: 10_000 }),
      data.certificationsEarned(partnerId, { from: plusDays(today, 1 - PACE_DAYS), to: plusDays(today, 1), label: 'the last 90 days' }),
    ]);
    // A person's certification lapses on its last expiry, not on that of a row a renewal replaced.
    return certificationPace(current, heldCertifications(active).map((c) => c.expiresOn), earned, today);
  }
  const then = plusDays(today, -PACE_DAYS);
  const before = await data.metric(metric, partnerId, { from: then, to: plusDays(then, 1), label: '90 days ago' });
  return netChangePace(current, before.value ?? 0, today);
}

/** One requirement's projection from its model: projected date, quarter end, and the named date. */
export function project(
  model: PaceModel,
  row: RequirementRow,
  req: Requirement,
  today: string,
  quarterEnd: string,
  by?: TargetDate,
): RequirementProjection {
  const atQuarterEnd = model.valueAt(quarterEnd);
  const bound = { required: row.required, atMost: row.atMost === true };
  const out: RequirementProjection = {
    metric: row.metric,
    label: row.label,
    unit: row.unit,
    window: req.window,
    current: row.current,
    required: row.required,
    atMost: bound.atMost,
    met: row.met,
    model: model.kind,
    runRate: model.runRate === null ? null : clean(model.runRate),
    projectedDate: row.met ? today : firstDayReaching(model, row.required, today, HORIZON_DAYS, bound.atMost),
    quarterEnd,
    projectedAtQuarterEnd: atQuarterEnd === null ? null : clean(atQuarterEnd),
    metByQuarterEnd: atQuarterEnd === null ? null : meets(atQuarterEnd, bound, 1e-9),
    lapsesOn: row.met ? firstDayMissing(model, row.required, today, by && by.day > quarterEnd ? by.day : quarterEnd, bound.atMost) : null,
  };
  if (by) out.by = byDate(model, bound, by);
  return out;
}

function byDate(model: PaceModel, bound: { required: number; atMost: boolean }, by: TargetDate): ByDate {
  const projected = model.valueAt(by.day);
  // Under a maximum there is nothing to add: what it takes is coming down, which has no amount.
  const need = bound.atMost ? ({ kind: 'none' } as const) : model.needed(by.day, bound.required);
  return {
    day: by.day,
    label: by.label,
    projected: projected === null ? null : clean(projected),
    met: projected === null ? null : meets(projected, bound, 1e-9),
    neededTotal: need.kind === 'amount' ? clean(need.total) : null,
    leaving: need.kind === 'amount' && need.leaving ? { ...need.leaving, total: clean(need.leaving.total) } : null,
    weeklyNeeded: need.kind === 'amount' && need.perWeek !== null ? clean(need.perWeek) : null,
    shareNeeded: need.kind === 'share' && need.percent !== null ? clean(need.percent) : null,
  };
}

/** Projections for every requirement of a tier, in the tier's order. */
export async function projectTier(
  data: PartnerData,
  partnerId: number,
  requirements: readonly Requirement[],
  rows: readonly RequirementRow[],
  quarterEnd: string,
  by?: TargetDate,
): Promise<RequirementProjection[]> {
  return Promise.all(
    rows.map(async (row, i) => {
      const req = requirements[i] ?? { metric: row.metric, ...(row.atMost ? { max: row.required } : { min: row.required }), window: 'current' as const };
      const model = await paceModel(data, partnerId, req, row.current);
      return project(model, row, req, data.today, quarterEnd, by);
    }),
  );
}

/** Float noise off (80120.45000000001), enough places left for cents and fractions of a count. */
const clean = (n: number): number => Math.round(n * 10_000) / 10_000;
