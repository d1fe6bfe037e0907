import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { renderReply } from '../../../adapters/console/render.ts';
import { wantsColor } from '../../../adapters/console/style.ts';
import type { App } from '../../app.ts';
import { answer } from '../../core/answer.ts';
import type { Outcome, TurnResult } from '../../core/types.ts';
import { consoleIdentity } from '../../identity/resolve-user.ts';
import type { Planner } from '../../planner/types.ts';
import { parse } from '../args.ts';
import { println, type CliIo } from '../io.ts';
import { plannerOption, type PlannerFor } from '../planner-option.ts';
import { readLines } from '../read-lines.ts';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../usage-error.ts';
import { withApp } from '../with-app.ts';

export const ASK_USAGE = `pulse ask --as EMAIL [--json] [--png-dir DIR] [--planner rules|llm] [QUESTION...]
  One answer to QUESTION, as the user with that email. Without QUESTION, reads one question per
  line from stdin, as one conversation (a line may follow up on the one before: "and last quarter?").
  --json prints one JSON object per question; --png-dir writes the charts as PNGs.
  --planner: rules (offline) or llm (needs OPENAI_API_KEY or OPENAI_BASE_URL; falls back to rules);
  default llm when a model is configured, else rules.
  Exit 1 when the question could not be answered (unknown user, bad input, database unreachable).`;

/** Outcomes that mean "no answer": the exit code says so to scripts. */
const FAILED: ReadonlySet<Outcome> = new Set(['not_linked', 'bad_input', 'error']);

interface AskOptions {
  email: string;
  json: boolean;
  pngDir?: string;
  planner: PlannerFor;
  /** One terminal session per invocation: the conversation context's thread. */
  session: string;
}

export async function askCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse({
    args,
    allowPositionals: true,
    options: {
      as: { type: 'string' },
      json: { type: 'boolean', default: false },
      'png-dir': { type: 'string' },
      planner: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    println(io.stdout, ASK_USAGE);
    return EXIT_OK;
  }
  if (!values.as?.trim()) throw new UsageError('pulse ask needs --as EMAIL (who is asking); see pulse --help');
  const opts: AskOptions = {
    email: values.as.trim(),
    json: values.json,
    pngDir: values['png-dir'],
    planner: plannerOption(values.planner),
    session: randomUUID(),
  };
  const question = positionals.join(' ');

  return withApp(io, async (app) => {
    if (positionals.length > 0) return (await askOne(app, question, 1, opts, io)) ? EXIT_OK : EXIT_FAIL;
    let n = 0;
    let allAnswered = true;
    for await (const line of readLines(io.stdin)) {
      if (line.trim() === '') continue;
      n += 1;
      if (!opts.json) println(io.stdout, `${n > 1 ? '\n' : ''}> ${line.trim()}`);
      allAnswered = (await askOne(app, line, n, opts, io)) && allAnswered;
    }
    return allAnswered ? EXIT_OK : EXIT_FAIL;
  });
}

/** Answers one question and prints it; false when it was not answered (see FAILED). */
async function askOne(app: App, text: string, n: number, opts: AskOptions, io: CliIo): Promise<boolean> {
  const planner: Planner = opts.planner(app.config);
  let result = await answer(app, { ...consoleIdentity(opts.email), text, threadId: opts.session }, { planner });
  if (opts.pngDir && result.reply.charts.length > 0) {
    await mkdir(opts.pngDir, { recursive: true });
    // vega and resvg load only when PNGs are asked for.
    const { writeChartPngs } = await import('../../charts/write-png.ts');
    const charts = await writeChartPngs(result.reply.charts, opts.pngDir, `q${n}-${result.intent ?? 'reply'}`);
    result = { ...result, reply: { ...result.reply, charts } };
  }
  const failed = FAILED.has(result.outcome);
  if (opts.json) {
    println(io.stdout, JSON.stringify(askJson(result)));
  } else if (!failed) {
    println(io.stdout, renderReply(result.reply, { color: wantsColor(io.stdout, io.env), width: io.stdout.columns }));
  }
  // Scripts read stdout; the reason for a failure goes to stderr as one line either way.
  if (failed) println(io.stderr, result.reply.summary);
  return !failed;
}

/** The `--json` shape: what was understood, for whom, the reply, its plain text, and the data behind it. */
export function askJson(r: TurnResult): Record<string, unknown> {
  return {
    intent: r.intent,
    planner: r.planner,
    outcome: r.outcome,
    args: r.args,
    ...(r.runs ? { runs: r.runs } : {}),
    ...(r.tokens !== undefined ? { tokens: r.tokens } : {}),
    user: r.user,
    text: renderReply(r.reply, { color: false }),
    reply: r.reply,
    data: r.data,
  };
}
