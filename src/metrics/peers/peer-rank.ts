import type { Db } from '../../../db/connect.ts';
import { cohortCheck, MIN_COHORT } from './benchmark.ts';
import type { Principal } from '../../access/principal.ts';
import { cohortValues } from './cohort-values.ts';
import { scopeFor } from '../../access/scope.ts';
import type { MetricName } from '../names.ts';
import type { StoredFigures } from '../figures/read.ts';
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
 * field. Like the peer benchmark it is withheld below MIN_COHORT (counting only partners the asker
 * cannot see, see `cohortCheck`), and no peer's value, name or id leaves this function.
 */
export type PeerRank =
  | { withheld: true; minCohort: number; because: 'small' | 'seen' }
  | {
      withheld: false;
      /** 1 = best (highest, or lowest for a metric where less is better); ties share a place; at most `of`. */
      rank: number | null;
      /**
       * The field the place is out of: the cohort's partners with a value, and the ranked partner
       * when it has one, a member or not (a Silver partner placed among 48 Gold ones is "49th among
       * 49", never "49th of 48"). Without a value of its own: the cohort's partners with a value.
       */
      of: number;
      /** Whether the ranked partner belongs to the cohort (its tier and, when given, its region). */
      member: boolean;
    };

export async function peerRank(
  db: Db,
  principal: Principal,
  today: string,
  req: PeerRankRequest,
  def: MetricDef,
  version?: () => Promise<string>,
  stored?: StoredFigures,
): Promise<PeerRank> {
  const filters = req.filters ?? {};
  // The ranked partner goes through the scope check like every other read.
  const own = await measure(scopeFor(db, principal, [req.partnerId]), def, req.period, filters, today, stored);
  const mine = own.get(req.partnerId) ?? null;

  const cohort = await cohortValues(db, req.cohort, def, req.period, filters, today, version);
  const member = cohort.values.has(req.partnerId);
  const others = [...cohort.values].filter(([id]) => id !== req.partnerId).map(([, v]) => v).filter((v): v is number => v !== null);
  // Only a member's own value makes the group bigger: an outsider cannot lift four Gold partners to five.
  const counted = member && mine !== null ? others.length + 1 : others.length;
  const check = cohortCheck(principal, cohort.values, counted);
  if (!check.shown) return { withheld: true, minCohort: MIN_COHORT, because: check.because };
  if (mine === null) return { withheld: false, rank: null, of: others.length, member };
  const better = others.filter((v) => (def.higherIsBetter ? v > mine : v < mine)).length;
  return { withheld: false, rank: better + 1, of: others.length + 1, member };
}
