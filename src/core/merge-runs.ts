import type { ToolRun } from '../planner/types.ts';
import type { Reply, Suggestion } from '../reply/types.ts';
import type { Outcome } from './types.ts';

const MAX_SUGGESTIONS = 5;
export const NO_CHART_TEXT = 'That answer has no chart.';

export interface Merged {
  outcome: Outcome;
  reply: Reply;
  data: Record<string, unknown>;
}

/**
 * Several intents' answers to one question as one reply: the summaries in order (or the model's
 * grounded prose), every fact, requirement and chart, and the suggestions without repeats; an
 * answer that says word for word what an earlier one said is left out.
 */
export function mergeRuns(all: readonly ToolRun[], prose: string | undefined): Merged {
  // Two questions can come to the same answer (a partner asking for the top and the bottom of a
  // ranking it only sees its own place in): it is given once.
  const runs = all.filter((r, i) => all.findIndex((o) => o.reply.summary.trim() === r.reply.summary.trim()) === i);
  const [first] = runs;
  if (!first) throw new Error('mergeRuns needs at least one run');
  if (runs.length === 1) {
    return { outcome: first.outcome, reply: prose ? { ...first.reply, summary: prose } : first.reply, data: first.data };
  }
  const answered = runs.filter((r) => r.outcome === 'ok');
  const replies = runs.map((r) => r.reply);
  const requirements = replies.flatMap((r) => r.requirements ?? []);
  const seen = new Set<string>();
  const suggestions: Suggestion[] = [];
  for (const s of replies.flatMap((r) => r.suggestions)) {
    const key = (s.question ?? s.url ?? s.label).toLowerCase();
    if (seen.has(key) || suggestions.length >= MAX_SUGGESTIONS) continue;
    seen.add(key);
    suggestions.push(s);
  }
  const table = replies.find((r) => r.table)?.table;
  const clarify = answered.length === 0 ? replies.find((r) => r.clarify)?.clarify : undefined;
  const reply: Reply = {
    summary: prose ?? replies.map((r) => r.summary.trim()).filter(Boolean).join('\n\n'),
    facts: replies.flatMap((r) => r.facts),
    ...(requirements.length > 0 ? { requirements } : {}),
    ...(table ? { table } : {}),
    charts: replies.flatMap((r) => r.charts),
    suggestions,
    ...(clarify ? { clarify } : {}),
    ...(replies.some((r) => r.hypothetical) ? { hypothetical: true } : {}),
    sensitive: replies.some((r) => r.sensitive),
    // The oldest data among the answers: the reply is no fresher than its stalest part.
    asOf: replies.map((r) => r.asOf).sort()[0] ?? first.reply.asOf,
  };
  // The first question's data stands for the answer; every part's is in the turn's `runs`.
  return { outcome: answered.length > 0 ? 'ok' : first.outcome, reply, data: first.data };
}

/** "Show that as a chart": the charts with the summary; a sentence when there is none. */
export function chartsFirst(reply: Reply): Reply {
  if (reply.charts.length === 0) return { ...reply, summary: `${NO_CHART_TEXT} ${reply.summary}` };
  return { ...reply, facts: [], requirements: undefined, table: undefined };
}
