import { defaultPlanner } from '../core/default-planner.ts';
import type { Planner } from '../planner/types.ts';
import { UsageError } from './usage-error.ts';

/** `--planner NAME`. The LLM planner plugs in here once it exists (it needs OPENAI_API_KEY). */
export function plannerOption(name: string | undefined): Planner {
  if (name === undefined || name === 'rules') return defaultPlanner();
  throw new UsageError(`unknown planner "${name}" (available: rules); see pulse --help`);
}
