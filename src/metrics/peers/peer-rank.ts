import type { Db } from '../../../db/connect.ts';
import { MIN_COHORT } from './benchmark.ts';
import type { Principal } from '../../access/principal.ts';
import { cohortValues } from './cohort-values.ts';
import { scopeFor } from '../../access/scope.ts';
import type { MetricName } from '../names.ts';
import { measure } from '../run.ts';
import type { MetricDef, MetricFilters, Period } from '../types.ts';

export interface PeerRankRequest {
  metric: MetricName;
  /** The partner being ranked; must be in the asker's scope. */
  partnerId: number;
  period: Period;
  cohort: { tier: string; region?: string };
  filters?: MetricFilters;
}

/**
 * Where one partner stands among its peers, as two numbers only: its place and the size of the
 * field. Like the peer benchmark it is withheld below MIN_COHORT, and no peer's value, name or id
 * leaves this function.
 */
export type PeerRank =
  | { withheld: true; minCohort: number }
  | {
      withheld: false;
      /** 1 = best (highest, or lowest for a metric where less is better); ties share a place. */
      rank: number | null;
      /** Cohort partners with a value (the ranked partner included when it belongs to the cohort). */
      of: number;
    };

export async function peerRank(db: Db, principal: Principal, today: string, req: PeerRankRequest, def: MetricDef, version?: () => Promise<string>): Promise<PeerRank> {
  const filters = req.filters ?? {};
  // The ranked partner goes through the scope check like every other read.
  const own = await measure(scopeFor(db, principal, [req.partnerId]), def, req.period, filters, today);
  const mine = own.get(req.partnerId) ?? null;

  const cohort = await cohortValues(db, req.cohort, def, req.period, filters, today, version);
  const members = cohort.members;
  const others = [...cohort.values].filter(([id]) => id !== req.partnerId).map(([, v]) => v).filter((v): v is number => v !== null);
  const counted = members.includes(req.partnerId) && mine !== null ? others.length + 1 : others.length;
  if (counted < MIN_COHORT) return { withheld: true, minCohort: MIN_COHORT };
  if (mine === null) return { withheld: false, rank: null, of: counted };
  const better = others.filter((v) => (def.higherIsBetter ? v > mine : v < mine)).length;
  return { withheld: false, rank: better + 1, of: counted };
}
