import type { MetricName, Unit } from '../metrics/names.ts';
import type { PartnerData } from '../metrics/partner-data.ts';
import { meets } from '../program/bounds.ts';
import { heldCertifications } from './certification-pairs.ts';
import type { RequirementProjection } from './projection.ts';

/**
 * A requirement met today that, at today's pace, is no longer met before a day that matters (the
 * next review, or the date asked about): met and at risk, with the day and what would keep it.
 */
export interface AtRisk {
  metric: MetricName;
  label: string;
  unit: Unit;
  current: number;
  required: number;
  atMost: boolean;
  /** The first day it is no longer met at today's pace. */
  from: string;
  /** The day it is measured against. */
  until: string;
  /** Its value on `until` at today's pace; null when it cannot be projected. */
  then: number | null;
  /** Active certifications: those that lapse by `until`, soonest first — what to renew. */
  renew: { name: string; expiresOn: string }[];
  /** How many of `renew` must be renewed (or replaced by new ones) to keep the requirement. */
  renewNeeded: number;
}

/**
 * The requirements of `projections` met today but not on some day up to `until` at today's pace.
 * `until` must be within what the projections looked at (their quarter end or their `by` date).
 */
export async function atRiskRequirements(
  data: PartnerData,
  partnerId: number,
  projections: readonly RequirementProjection[],
  until: string,
): Promise<AtRisk[]> {
  // Dipping below and back above before `until` is no risk on the day that counts.
  const risky = projections.filter(
    (p): p is RequirementProjection & { lapsesOn: string } => p.met && p.lapsesOn !== null && p.lapsesOn <= until && !heldOn(p, until),
  );
  if (risky.length === 0) return [];
  const lapsing = risky.some((p) => p.metric === 'active_certifications')
    ? heldCertifications(await data.certifications({ partnerIds: [partnerId], limit: 10_000 })).filter((c) => c.expiresOn >= data.today && c.expiresOn <= until)
    : [];
  return risky.map((p) => {
    const then = valueOn(p, until);
    const certs = p.metric === 'active_certifications';
    const short = then === null || p.atMost ? 1 : Math.ceil(p.required - then - 1e-9);
    return {
      metric: p.metric,
      label: p.label,
      unit: p.unit,
      current: p.current,
      required: p.required,
      atMost: p.atMost,
      from: p.lapsesOn,
      until,
      then,
      renew: certs ? lapsing.map((c) => ({ name: c.name, expiresOn: c.expiresOn })) : [],
      renewNeeded: certs ? Math.min(lapsing.length, Math.max(1, short)) : 0,
    };
  });
}

/** The projected value on `until`, when the projection looked at that day. */
function valueOn(p: RequirementProjection, until: string): number | null {
  if (p.by && p.by.day === until) return p.by.projected;
  return until === p.quarterEnd ? p.projectedAtQuarterEnd : null;
}

/** Still met on `until` at today's pace (unknown counts as not). */
function heldOn(p: RequirementProjection, until: string): boolean {
  const v = valueOn(p, until);
  return v !== null && meets(v, { required: p.required, atMost: p.atMost }, 1e-9);
}
