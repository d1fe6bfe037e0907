import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database, PartnerDataTable } from '../../../db/schema.ts';
import type { PartsRow } from '../types.ts';
import { partsFromRows, runPlan, type PartsPlan, type Query, type Row } from './read-parts.ts';

type Tagged = SelectQueryBuilder<Database, PartnerDataTable, Row & { req: number }>;

/** The same branch (statement text and values) asked by several plans: read once. */
interface Branch {
  query: Query;
  /** The plans (their places in the batch) whose sums take this branch's rows. */
  plans: number[];
}

/**
 * Several plans in as few round trips as there are tables they read: the branches of every plan
 * over one table are joined with `union all`, each tagged with its place, and the rows are summed
 * per plan and partner as `runPlan` sums them, so the figures are those of the plans sent one by
 * one. A branch two plans share (the days of this month, in a window ending today and in the part
 * of a later window already behind us) is read once and counted in both. A table only one plan
 * reads, and a plan that reads every row held on a day (PartsPlan.alone), is sent as `runPlan`
 * sends it. The statements are sent side by side.
 */
export async function runPlans(plans: readonly PartsPlan[]): Promise<PartsRow[][]> {
  const byTable = new Map<PartnerDataTable, { plan: PartsPlan; at: number }[]>();
  const alone: { plan: PartsPlan; at: number }[][] = [];
  plans.forEach((plan, at) => {
    if (plan.alone) alone.push([{ plan, at }]);
    else byTable.set(plan.table, [...(byTable.get(plan.table) ?? []), { plan, at }]);
  });
  const out: PartsRow[][] = plans.map(() => []);
  await Promise.all(
    [...byTable.values(), ...alone].map(async (group) => {
      const [only, ...others] = group;
      if (!only) return;
      if (others.length === 0) {
        out[only.at] = await runPlan(only.plan);
        return;
      }
      const branches = new Map<string, Branch>();
      for (const { plan, at } of group) {
        for (const query of plan.branches) {
          const c = query.compile();
          const key = `${c.sql}\u0000${JSON.stringify(c.parameters)}`;
          const known = branches.get(key);
          if (known) known.plans.push(at);
          else branches.set(key, { query, plans: [at] });
        }
      }
      const list = [...branches.values()];
      const tagged: Tagged[] = list.map((b, i) => b.query.select(sql<number>`${sql.lit(i)}`.as('req')));
      const [first, ...rest] = tagged;
      if (!first) return;
      // A call the planner counts as parallel-unsafe keeps the union in one process: otherwise it
      // may hand the branches to parallel workers, whose start on these 2-core machines costs more
      // than the branches (a manager's at-risk read: 2.9× slower). It sets nothing that outlives the statement.
      const serial = first.where(sql<boolean>`(select set_config('pulse.serial', 'on', true)) is not null`);
      const rows = await rest.reduce((q, b) => q.unionAll(b), serial).execute();
      const rowsOf = new Map<number, Row[]>(group.map(({ at }) => [at, []]));
      for (const r of rows) for (const at of list[Number(r.req)]?.plans ?? []) rowsOf.get(at)?.push(r);
      for (const { plan, at } of group) out[at] = partsFromRows(plan, rowsOf.get(at) ?? []);
    }),
  );
  return out;
}
