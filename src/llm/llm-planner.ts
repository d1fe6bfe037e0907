import { INTENTS } from '../../intents/index.ts';
import type { IntentDef } from '../../intents/types.ts';
import { log } from '../log.ts';
import type { Plan, PlanInput, Planner, RunTool, ToolRun } from '../planner/types.ts';
import { CHART_CUE } from '../planner/follow-up.ts';
import { foreignLinks, hiddenPartnerWords, inventedNumbers, numbersOf } from './grounding.ts';
import type { ModelMessage, ModelRequest, ModelResponse, ModelToolCall, ToolModel } from './model.ts';
import { historyMessages, SYSTEM_PROMPT } from './prompt.ts';
import { toolSpecs } from './tools.ts';

export interface LlmPlannerOptions {
  model: ToolModel;
  /** Answers whenever the model cannot: error, timeout, 429, malformed output, budget spent. */
  fallback: Planner;
  /** Wall-clock time for one question: every model call and every tool run together. */
  timeoutMs: number;
  intents?: readonly IntentDef[];
  maxRounds?: number;
  /** Tool calls one question may make in all (identical calls count once); default 12. */
  maxToolCalls?: number;
  /** Tool calls one round may make; default 6. */
  maxToolCallsPerRound?: number;
  /** Told why the rules planner answered (besides the log line): for tests and metrics. */
  onFallback?: (reason: string) => void;
}

export const MAX_TOOL_ROUNDS = 4;
export const MAX_TOOL_CALLS = 12;
export const MAX_TOOL_CALLS_PER_ROUND = 6;
/** What one tool result may weigh when it goes back to the model. */
export const TOOL_RESULT_CHARS = 6000;
/** What the intents' replies of one question may weigh together; runs past it are left out of the answer. */
export const REPLY_CHARS = 200_000;
const PROSE_CHARS = 800;

/** Why the model's turn could not be used; logged, never shown. */
class ModelGaveUp extends Error {}
/** The question's time ran out while the model was thinking. */
class OutOfTime extends ModelGaveUp {}

interface Conversation {
  input: PlanInput;
  messages: ModelMessage[];
  runs: Map<string, { run: ToolRun; content: string }>;
  tokens: number;
  /** Tool calls made so far (an identical call again is answered from the first and not counted). */
  calls: number;
  /** The first limit the question ran into, for the log and the audit row. */
  limit?: string;
}

interface Budget {
  rounds: number;
  calls: number;
  perRound: number;
  deadline: number;
  timeoutMs: number;
}

/**
 * The LLM planner of DESIGN.md §1: the model picks intents and arguments over up to four tool
 * rounds; the core runs each under the asker's scope; the reply's figures come from those runs.
 * A question has one budget — time (model and tools together), tool calls in all and per round,
 * rounds, reply size — and past any of it is answered from what already ran. Any failure before a
 * tool ran hands the question to the rules planner with one log line and nothing in the reply.
 */
export function createLlmPlanner(opts: LlmPlannerOptions): Planner {
  const intents = opts.intents ?? INTENTS;

  const fallback = async (input: PlanInput, reason: string, tokens: number): Promise<Plan> => {
    log.warn({ planner: 'llm', reason, tokens }, 'llm planner fell back to rules');
    opts.onFallback?.(reason);
    return { ...(await opts.fallback.plan(input)), via: 'rules', tokens };
  };

  return {
    name: 'llm',
    async plan(input: PlanInput): Promise<Plan> {
      const budget: Budget = {
        rounds: opts.maxRounds ?? MAX_TOOL_ROUNDS,
        calls: opts.maxToolCalls ?? MAX_TOOL_CALLS,
        perRound: opts.maxToolCallsPerRound ?? MAX_TOOL_CALLS_PER_ROUND,
        deadline: Date.now() + opts.timeoutMs,
        timeoutMs: opts.timeoutMs,
      };
      if (!input.run) return fallback(input, 'no tool runner', 0);
      if (input.tokenAllowance !== undefined && input.tokenAllowance <= 0) return fallback(input, 'daily token budget spent', 0);
      const c: Conversation = {
        input,
        messages: [{ role: 'system', content: SYSTEM_PROMPT }, ...historyMessages(input.context ?? []), { role: 'user', content: input.text }],
        runs: new Map(),
        tokens: 0,
        calls: 0,
      };
      try {
        return await converse(c, input.run, intents, budget, modelWithin(opts.model, budget));
      } catch (e) {
        return fallback(input, describe(e), c.tokens);
      }
    },
  };
}

type Ask = (req: Omit<ModelRequest, 'signal'>) => Promise<ModelResponse>;

/**
 * The model within the question's deadline: each call gets what is left of it and is abandoned
 * when it runs out, even if the client ignores the abort.
 */
function modelWithin(model: ToolModel, budget: Budget): Ask {
  return async (req) => {
    const left = budget.deadline - Date.now();
    const late = () => new OutOfTime(`no answer within ${budget.timeoutMs} ms`);
    if (left <= 0) throw late();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(late()), left);
    try {
      return await untilAborted(model.complete({ ...req, signal: abort.signal }), abort.signal);
    } finally {
      clearTimeout(timer);
    }
  };
}

async function converse(c: Conversation, run: RunTool, intents: readonly IntentDef[], budget: Budget, ask: Ask): Promise<Plan> {
  const tools = toolSpecs(intents, c.input.principal.role, c.input.data.metrics.names);
  const allowed = new Set(tools.map((t) => t.name));
  for (let round = 0; round <= budget.rounds; round++) {
    let res: ModelResponse;
    try {
      res = await ask({ messages: c.messages, tools });
    } catch (e) {
      // Out of time after tools ran: the answer is what they returned.
      if (e instanceof OutOfTime && c.runs.size > 0) {
        c.limit = `time (${budget.timeoutMs} ms)`;
        break;
      }
      throw e;
    }
    c.tokens += res.tokens;
    if (res.toolCalls.length === 0) return finish(c, res.text);
    if (round === budget.rounds) {
      c.limit = `tool rounds (${budget.rounds})`;
      break;
    }
    if (c.input.tokenAllowance !== undefined && c.tokens >= c.input.tokenAllowance) {
      c.limit = 'daily tokens';
      break;
    }
    const calls = callsToMake(c, res.toolCalls, budget);
    c.messages.push({ role: 'assistant', content: res.text, toolCalls: calls });
    for (const call of calls) {
      if (Date.now() >= budget.deadline) {
        c.limit = `time (${budget.timeoutMs} ms)`;
        break;
      }
      c.messages.push({ role: 'tool', toolCallId: call.id, content: await toolResult(c, run, call, allowed) });
    }
    if (c.limit) break;
  }
  // A limit was reached: answer from what ran, in our own words, or not at all.
  if (c.runs.size === 0) throw new ModelGaveUp(`no usable tool call before the limit: ${c.limit ?? 'none'}`);
  log.warn({ planner: 'llm', limit: c.limit, calls: c.calls, tokens: c.tokens }, 'llm question limit reached; answering from the tool results');
  return finish(c, '');
}

const callKey = (call: ModelToolCall): string => `${call.name} ${call.args === null ? 'null' : stableJson(call.args)}`;

/**
 * The calls of one round that will be made: identical ones once, one answered before in this
 * question for free, new ones up to what is left of the round's and the question's allowance.
 * Past either, the rest are not made, and the question stops after this round.
 */
function callsToMake(c: Conversation, toolCalls: readonly ModelToolCall[], budget: Budget): ModelToolCall[] {
  const seen = new Set<string>();
  const kept: ModelToolCall[] = [];
  let fresh = 0;
  const room = Math.min(budget.perRound, budget.calls - c.calls);
  for (const call of toolCalls) {
    const key = callKey(call);
    if (seen.has(key)) continue;
    seen.add(key);
    if (!c.runs.has(key)) {
      if (fresh >= room) {
        c.limit ??= budget.perRound <= budget.calls - c.calls ? `tool calls per round (${budget.perRound})` : `tool calls per question (${budget.calls})`;
        continue;
      }
      fresh++;
    }
    kept.push(call);
  }
  return kept;
}

/** One tool call answered as a value for the model: the intent's result, or what was wrong. */
async function toolResult(c: Conversation, runTool: RunTool, call: ModelToolCall, allowed: ReadonlySet<string>): Promise<string> {
  const key = callKey(call);
  const seen = c.runs.get(key);
  if (seen) return seen.content;
  c.calls++;
  if (!allowed.has(call.name)) return JSON.stringify({ error: `There is no tool named "${call.name.slice(0, 60)}". Use one of: ${[...allowed].join(', ')}.` });
  if (call.args === null) return JSON.stringify({ error: 'The arguments were not a JSON object; send them as JSON matching the tool schema.' });
  const run = await runTool(call.name, call.args);
  if (run.outcome === 'bad_input' || run.outcome === 'error') {
    return clip(JSON.stringify({ error: run.detail ?? run.reply.summary }), TOOL_RESULT_CHARS);
  }
  const content = clip(JSON.stringify({ outcome: run.outcome, summary: run.reply.summary, data: run.data }), TOOL_RESULT_CHARS);
  c.runs.set(key, { run, content });
  return content;
}

/**
 * The plan from the runs made. The model's prose is kept only when it passes the grounding check
 * (grounding.ts); otherwise the intents' own summaries speak and the drop is logged.
 */
async function finish(c: Conversation, text: string): Promise<Plan> {
  const plan = await grounded(c, text);
  const withLimit = c.limit ? { ...plan, limit: c.limit } : plan;
  return CHART_CUE.test(c.input.text) ? { ...withLimit, present: 'chart' } : withLimit;
}

/** The runs whose replies fit in REPLY_CHARS together, in order; the first always does. */
function boundedRuns(c: Conversation): ToolRun[] {
  const out: ToolRun[] = [];
  let size = 0;
  for (const { run } of c.runs.values()) {
    size += JSON.stringify(run.reply).length;
    if (out.length > 0 && size > REPLY_CHARS) {
      c.limit ??= `reply size (${REPLY_CHARS} characters)`;
      break;
    }
    out.push(run);
  }
  return out;
}

async function grounded(c: Conversation, text: string): Promise<Plan> {
  // No tool ran: the model answered from nothing it got from us; the rules planner answers instead.
  if (c.runs.size === 0) throw new ModelGaveUp('model answered without calling a tool');
  const runs = boundedRuns(c);
  const plain: Plan = { kind: 'ran', runs, via: 'llm', tokens: c.tokens };
  const prose = text.trim().slice(0, PROSE_CHARS);
  if (prose === '') return plain;
  // Only answered runs count as sources, and a number the model itself put in the arguments does not
  // become a fact by being echoed back ("can't find “Fabrikam 999999”"), unless the person wrote it.
  const answered = runs.filter((r) => r.outcome === 'ok');
  const sources = [c.input.text, ...answered.flatMap((r) => [r.reply, r.data])];
  const echoed = numbersOf(runs.map((r) => r.args)).filter((n) => !numbersOf(c.input.text).includes(n));
  const invented = inventedNumbers(prose, sources, echoed);
  if (invented.length > 0) {
    log.warn({ planner: 'llm', invented: invented.slice(0, 10) }, 'llm prose dropped: numbers not in the tool results');
    return plain;
  }
  const links = foreignLinks(prose, programUrls(c.input));
  if (links.length > 0) {
    log.warn({ planner: 'llm', links: links.slice(0, 5) }, 'llm prose dropped: a link outside the program and the chat');
    return plain;
  }
  // Which words were flagged stays out of the log: they may be parts of names the asker cannot see.
  const hidden = hiddenPartnerWords(prose, await c.input.data.partnerNames(), sources);
  if (hidden.length > 0) {
    log.warn({ planner: 'llm', words: hidden.length }, 'llm prose dropped: it names a partner outside the asker’s scope');
    return plain;
  }
  return { ...plain, prose };
}

/** The program's own pages: its portal and the links of its actions. */
const programUrls = (input: PlanInput): string[] => [input.program.portal, ...Object.values(input.program.actions).map((a) => a?.url ?? '')].filter(Boolean);

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
