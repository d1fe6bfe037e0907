import type { Config } from '../config.ts';
import { defaultPlanner, rulesPlanner } from '../core/default-planner.ts';
import { llmConfigured, llmPlannerFor } from '../llm/from-config.ts';
import type { Planner } from '../planner/types.ts';
import { UsageError } from './usage-error.ts';

export type PlannerFor = (config: Config) => Planner;

/**
 * `--planner rules|llm`, checked before anything opens; the planner itself needs the config.
 * Without the option: the LLM when a model is configured, else rules.
 */
export function plannerOption(name: string | undefined): PlannerFor {
  if (name === undefined) return (config) => defaultPlanner(config);
  if (name === 'rules') return () => rulesPlanner();
  if (name === 'llm') {
    return (config) => {
      if (!llmConfigured(config)) throw new UsageError('--planner llm needs OPENAI_API_KEY or OPENAI_BASE_URL (see .env.example)');
      return llmPlannerFor(config, rulesPlanner());
    };
  }
  throw new UsageError(`unknown planner "${name}" (available: rules, llm); see pulse --help`);
}
