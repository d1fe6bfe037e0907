import type { Config } from '../config.ts';
import type { Planner } from '../planner/types.ts';
import { openAiModel } from './langchain-model.ts';
import { createLlmPlanner } from './llm-planner.ts';

/** A model is configured: an API key (OpenAI, Azure) or a base URL (a local compatible server). */
export const llmConfigured = (config: Config): boolean => Boolean(config.OPENAI_API_KEY || config.OPENAI_BASE_URL);

const built = new WeakMap<Config, Planner>();

/** The LLM planner for this configuration, built once (it holds the HTTP client). */
export function llmPlannerFor(config: Config, fallback: Planner): Planner {
  let p = built.get(config);
  if (!p) {
    const model = openAiModel({
      apiKey: config.OPENAI_API_KEY,
      baseURL: config.OPENAI_BASE_URL,
      model: config.PULSE_LLM_MODEL,
      timeoutMs: config.PULSE_LLM_TIMEOUT_MS,
    });
    p = createLlmPlanner({
      model,
      fallback,
      timeoutMs: config.PULSE_LLM_TIMEOUT_MS,
      maxToolCalls: config.PULSE_LLM_MAX_TOOL_CALLS,
      maxToolCallsPerRound: config.PULSE_LLM_MAX_TOOL_CALLS_PER_ROUND,
    });
    built.set(config, p);
  }
  return p;
}
