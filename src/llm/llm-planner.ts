import { INTENTS } from '../../intents/index.ts';
import type { IntentDef } from '../../intents/types.ts';
import { log } from '../log.ts';
import type { Plan, PlanInput, Planner, RunTool, ToolRun } from '../planner/types.ts';
import { CHART_CUE } from '../planner/follow-up.ts';
import { inventedNumbers, numbersOf } from './grounding.ts';
import type { ModelMessage, ModelRequest, ModelResponse, ModelToolCall, ToolModel } from './model.ts';
import { historyMessages, SYSTEM_PROMPT } from './prompt.ts';
import { toolSpecs } from './tools.ts';

export interface LlmPlannerOptions {
  model: ToolModel;
  /** Answers whenever the model cannot: error, timeout, 429, malformed output, budget spent. */
  fallback: Planner;
  /** Time spent waiting on the model for one question, every round included (our own tool runs do not count). */
  timeoutMs: number;
  intents?: readonly IntentDef[];
  maxRounds?: number;
  /** Told why the rules planner answered (besides the log line): for tests and metrics. */
  onFallback?: (reason: string) => void;
}

export const MAX_TOOL_ROUNDS = 4;
const TOOL_RESULT_CHARS = 6000;
const PROSE_CHARS = 800;

/** Why the model's turn could not be used; logged, never shown. */
class ModelGaveUp extends Error {}

interface Conversation {
  input: PlanInput;
  messages: ModelMessage[];
  runs: Map<string, { run: ToolRun; content: string }>;
  tokens: number;
}

/**
 * The LLM planner of DESIGN.md §1: the model picks intents and arguments over up to four tool
 * rounds; the core runs each under the asker's scope; the reply's figures come from those runs.
 * Any failure hands the question to the rules planner with one log line and nothing in the reply.
 */
export function createLlmPlanner(opts: LlmPlannerOptions): Planner {
  const intents = opts.intents ?? INTENTS;
  const maxRounds = opts.maxRounds ?? MAX_TOOL_ROUNDS;

  const fallback = async (input: PlanInput, reason: string, tokens: number): Promise<Plan> => {
    log.warn({ planner: 'llm', reason, tokens }, 'llm planner fell back to rules');
    opts.onFallback?.(reason);
    return { ...(await opts.fallback.plan(input)), via: 'rules', tokens };
  };

  return {
    name: 'llm',
    async plan(input: PlanInput): Promise<Plan> {
      if (!input.run) return fallback(input, 'no tool runner', 0);
      if (input.tokenAllowance !== undefined && input.tokenAllowance <= 0) return fallback(input, 'daily token budget spent', 0);
      const c: Conversation = {
        input,
        messages: [{ role: 'system', content: SYSTEM_PROMPT }, ...historyMessages(input.context ?? []), { role: 'user', content: input.text }],
        runs: new Map(),
        tokens: 0,
      };
      try {
        return await converse(c, input.run, intents, maxRounds, modelWithin(opts.model, opts.timeoutMs));
      } catch (e) {
        return fallback(input, describe(e), c.tokens);
      }
    },
  };
}

type Ask = (req: Omit<ModelRequest, 'signal'>) => Promise<ModelResponse>;

/**
 * The model with one time budget for the question: each call gets what is left of it and is
 * abandoned when it runs out, even if the client ignores the abort.
 */
function modelWithin(model: ToolModel, timeoutMs: number): Ask {
  let left = timeoutMs;
  return async (req) => {
    if (left <= 0) throw new ModelGaveUp(`no answer within ${timeoutMs} ms`);
    const abort = new AbortController();
    const started = Date.now();
    const timer = setTimeout(() => abort.abort(new ModelGaveUp(`no answer within ${timeoutMs} ms`)), left);
    try {
      return await untilAborted(model.complete({ ...req, signal: abort.signal }), abort.signal);
    } finally {
      clearTimeout(timer);
      left -= Date.now() - started;
    }
  };
}

async function converse(c: Conversation, run: RunTool, intents: readonly IntentDef[], maxRounds: number, ask: Ask): Promise<Plan> {
  const tools = toolSpecs(intents, c.input.principal.role);
  const allowed = new Set(tools.map((t) => t.name));
  for (let round = 0; round <= maxRounds; round++) {
    const res = await ask({ messages: c.messages, tools });
    c.tokens += res.tokens;
    if (res.toolCalls.length === 0) return finish(c, res.text);
    if (round === maxRounds) break;
    if (c.input.tokenAllowance !== undefined && c.tokens >= c.input.tokenAllowance) break;
    c.messages.push({ role: 'assistant', content: res.text, toolCalls: res.toolCalls });
    for (const call of res.toolCalls) {
      c.messages.push({ role: 'tool', toolCallId: call.id, content: await toolResult(c, run, call, allowed) });
    }
  }
  // The model kept calling tools: answer from what ran, in our own words, or not at all.
  if (c.runs.size === 0) throw new ModelGaveUp(`no usable tool call in ${maxRounds} rounds`);
  log.warn({ planner: 'llm', rounds: maxRounds, tokens: c.tokens }, 'llm tool round limit reached; answering from the tool results');
  return finish(c, '');
}

/** One tool call answered as a value for the model: the intent's result, or what was wrong. */
async function toolResult(c: Conversation, runTool: RunTool, call: ModelToolCall, allowed: ReadonlySet<string>): Promise<string> {
  if (!allowed.has(call.name)) return JSON.stringify({ error: `There is no tool named "${call.name.slice(0, 60)}". Use one of: ${[...allowed].join(', ')}.` });
  if (call.args === null) return JSON.stringify({ error: 'The arguments were not a JSON object; send them as JSON matching the tool schema.' });
  const key = `${call.name} ${stableJson(call.args)}`;
  const seen = c.runs.get(key);
  if (seen) return seen.content;
  const run = await runTool(call.name, call.args);
  if (run.outcome === 'bad_input' || run.outcome === 'error') {
    return JSON.stringify({ error: run.detail ?? run.reply.summary });
  }
  const content = clip(JSON.stringify({ outcome: run.outcome, summary: run.reply.summary, data: run.data }), TOOL_RESULT_CHARS);
  c.runs.set(key, { run, content });
  return content;
}

/**
 * The plan from the runs made. The model's prose is kept only when every number in it is in our
 * results (or the question); otherwise the intents' own summaries speak and the drop is logged.
 */
function finish(c: Conversation, text: string): Plan {
  const plan = grounded(c, text);
  return CHART_CUE.test(c.input.text) ? { ...plan, present: 'chart' } : plan;
}

function grounded(c: Conversation, text: string): Plan {
  const runs = [...c.runs.values()].map((r) => r.run);
  // No tool ran: the model answered from nothing it got from us; the rules planner answers instead.
  if (runs.length === 0) throw new ModelGaveUp('model answered without calling a tool');
  const prose = text.trim().slice(0, PROSE_CHARS);
  if (prose === '') return { kind: 'ran', runs, via: 'llm', tokens: c.tokens };
  // Only answered runs count as sources, and a number the model itself put in the arguments does not
  // become a fact by being echoed back ("can't find “Fabrikam 999999”"), unless the person wrote it.
  const answered = runs.filter((r) => r.outcome === 'ok');
  const echoed = numbersOf(runs.map((r) => r.args)).filter((n) => !numbersOf(c.input.text).includes(n));
  const invented = inventedNumbers(prose, [c.input.text, ...answered.flatMap((r) => [r.reply, r.data])], echoed);
  if (invented.length > 0) {
    log.warn({ planner: 'llm', invented: invented.slice(0, 10) }, 'llm prose dropped: numbers not in the tool results');
    return { kind: 'ran', runs, via: 'llm', tokens: c.tokens };
  }
  return { kind: 'ran', runs, prose, via: 'llm', tokens: c.tokens };
}

/** Resolves with the promise or rejects on abort, even if the client ignores the signal. */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}

function stableJson(v: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(v).sort().map((k) => [k, v[k]]));
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n)}…` : s);

function describe(e: unknown): string {
  const status = (e as { status?: unknown } | null)?.status;
  const msg = e instanceof Error ? e.message : String(e);
  return (typeof status === 'number' ? `HTTP ${status}: ${msg}` : msg).slice(0, 300);
}
