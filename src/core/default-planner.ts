import { createRulesPlanner } from '../planner/rules.ts';
import type { Planner } from '../planner/types.ts';

let rules: Planner | undefined;

/** The rules planner, built once per process: its index of examples is the same for every turn. */
export function defaultPlanner(): Planner {
  rules ??= createRulesPlanner();
  return rules;
}
