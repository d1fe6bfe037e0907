import type { Config } from '../config.ts';
import { llmConfigured, llmPlannerFor } from '../llm/from-config.ts';
import { createRulesPlanner } from '../planner/rules.ts';
import type { Planner } from '../planner/types.ts';

let rules: Planner | undefined;

/** The rules planner, built once per process: its index of examples is the same for every turn. */
export function rulesPlanner(): Planner {
  rules ??= createRulesPlanner();
  return rules;
}

/**
 * The planner when none is asked for: the LLM (falling back to rules) when a model is configured
 * (OPENAI_API_KEY or OPENAI_BASE_URL), else the rules planner.
 */
export function defaultPlanner(config?: Config): Planner {
  return config && llmConfigured(config) ? llmPlannerFor(config, rulesPlanner()) : rulesPlanner();
}
