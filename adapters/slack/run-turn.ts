import type { webApi } from '@slack/bolt';
import { answer } from '../../src/core/answer.ts';
import { systemDelivery } from '../../src/core/delivery.ts';
import { REFUSAL_LOG, refusalText } from '../../src/core/turn-gate.ts';
import type { Turn, TurnResult } from '../../src/core/types.ts';
import type { AnswerPool } from '../../src/workers/answer-pool.ts';
import type { Reply } from '../../src/reply/types.ts';
import { uploadChart } from './charts-upload.ts';
import type { SlackDeps } from './context.ts';
import { SORRY_TEXT } from './guard.ts';
import type { Delivery, Outlet } from './outlets.ts';
import type { SlackJob } from './remote-turn.ts';
import { ACTIONS } from './render/action-ids.ts';
import { plain, type ButtonElement, type SlackMessage } from './render/block-types.ts';
import { imageChart, nativeChart, planCharts, type ChartPlan } from './render/charts.ts';
import { truncate } from './render/escape.ts';
import { LIMITS } from './render/limits.ts';
import { renderReply } from './render/reply.ts';

export interface AskRequest {
  turn: Turn;
  outlet: Outlet;
  /** Header of the answer: the question as asked. */
  title?: string;
  /**
   * The question behind "Show chart" and "Explain", when it is not the title (a DM answer has no
   * header: the question sits just above it).
   */
  question?: string;
  /** "Show chart": answer with the charts only, drawn as images. */
  chartsOnly?: boolean;
}

const NO_CHART_TEXT = 'That answer has no chart.';

/**
 * One question from Slack: ask the core, show "working on it" if that takes a while, render the
 * reply as Block Kit and deliver it (privately when the core says so). Never throws; failures
 * are logged and, where a person is waiting, answered with a sentence.
 */
export async function askAndAnswer(deps: SlackDeps, client: webApi.WebClient, req: AskRequest): Promise<TurnResult | undefined> {
  const { pool } = deps;
  const spec = req.outlet.spec;
  const gated = await deps.gate.run((cut) => (pool && spec ? answerOnWorker(deps, pool, { ...req, outlet: spec }, req.outlet, cut) : answerNow(deps, client, req, cut)));
  if (gated.ok) return gated.value;
  deps.log.warn({ active: deps.gate.active, waiting: deps.gate.waiting, reason: gated.reason }, REFUSAL_LOG[gated.reason]);
  const text = refusalText(gated.reason);
  await req.outlet
    .post({ text, blocks: [] }, systemDelivery(req.turn, text).deliver, 0)
    .catch((e: unknown) => deps.log.warn({ err: e }, 'busy reply failed'));
  return undefined;
}

/**
 * The turn on an answer worker, which delivers it itself; the result stays there. Only a worker
 * that failed (crashed, could not start) is answered from here, with the sorry sentence.
 */
async function answerOnWorker(deps: SlackDeps, pool: AnswerPool, job: SlackJob, outlet: Outlet, cut: AbortSignal): Promise<undefined> {
  const done = await pool.run('slack', job, cut);
  if (done.ok || cut.aborted) return undefined;
  deps.log.error({ code: done.error.code }, `Slack turn failed on an answer worker: ${done.error.message}`);
  await outlet.post({ text: SORRY_TEXT, blocks: [] }, systemDelivery(job.turn, SORRY_TEXT).deliver, 0);
  return undefined;
}

/** `cut` aborts when shutdown's grace ran out: the asker was told to ask again, so nothing more is sent. */
export async function answerNow(deps: SlackDeps, client: webApi.WebClient, req: AskRequest, cut: AbortSignal): Promise<TurnResult | undefined> {
  let working: Promise<void> | undefined;
  const timer = setTimeout(() => {
    working = req.outlet.working().catch((e: unknown) => deps.log.warn({ err: e }, 'working message failed'));
  }, deps.slowAfterMs);
  let result: TurnResult;
  try {
    result = await answer(deps.core, req.turn, deps.planner ? { planner: deps.planner } : {});
  } catch (e) {
    // answer() turns failures into replies; this is the last line of defence.
    deps.log.error({ err: e }, 'answer failed');
    clearTimeout(timer);
    await working;
    await req.outlet.post({ text: SORRY_TEXT, blocks: [] }, systemDelivery(req.turn, SORRY_TEXT).deliver, 0);
    return undefined;
  }
  clearTimeout(timer);
  await working;
  if (cut.aborted) return undefined;
  const messages = await renderResult(deps, client, result, req);
  if (cut.aborted) return undefined;
  await deliver(deps, client, req.outlet, messages, result);
  return result;
}

/** The reply as messages, with PNGs uploaded for the charts Slack cannot draw natively. */
export async function renderResult(
  deps: SlackDeps,
  client: webApi.WebClient,
  result: TurnResult,
  req: Pick<AskRequest, 'title' | 'question' | 'chartsOnly'>,
  forceImages = false,
): Promise<SlackMessage[]> {
  const reply: Reply = req.chartsOnly ? chartsOnly(result.reply) : result.reply;
  const plan: ChartPlan[] = req.chartsOnly || forceImages ? reply.charts.map(() => 'png') : planCharts(reply.charts);
  const chartFiles = await Promise.all(reply.charts.map((c, i) => (plan[i] === 'png' ? uploadChart(client, deps, c) : undefined)));
  return renderReply(reply, {
    title: req.title,
    chartPlan: plan,
    chartFiles,
    extraButtons: req.chartsOnly ? [] : extraButtons(result, req.question ?? req.title),
  });
}

function chartsOnly(reply: Reply): Reply {
  return {
    summary: reply.charts.length > 0 ? '' : NO_CHART_TEXT,
    facts: [],
    charts: reply.charts,
    suggestions: [],
    sensitive: reply.sensitive,
    asOf: reply.asOf,
  };
}

/** "Show chart" for answers with charts; "Explain" for a figure whose change can be explained. */
function extraButtons(result: TurnResult, question: string | undefined): ButtonElement[] {
  const buttons: ButtonElement[] = [];
  if (result.outcome !== 'ok' || !question) return buttons;
  const value = truncate(question, LIMITS.buttonValue);
  if (result.reply.charts.length > 0) {
    buttons.push({ type: 'button', text: plain('Show chart'), action_id: ACTIONS.showChart, value });
  }
  const why = result.reply.explain;
  if (why) buttons.push({ type: 'button', text: plain('Explain'), action_id: ACTIONS.explain, value: truncate(why, LIMITS.buttonValue) });
  return buttons;
}

/**
 * Posts the messages in order. Should Slack refuse a native chart (`invalid_blocks`, e.g. a
 * workspace that does not have the block yet), that message is sent again with the charts as
 * images.
 */
async function deliver(
  deps: SlackDeps,
  client: webApi.WebClient,
  outlet: Outlet,
  messages: SlackMessage[],
  result: TurnResult,
): Promise<void> {
  const delivery: Delivery = result.deliver;
  for (const [i, message] of messages.entries()) {
    const sent = await outlet.post(message, delivery, i);
    if (sent.ok) continue;
    const hasNative = message.blocks.some((b) => b.type === 'data_visualization');
    if (sent.error.code === 'invalid_blocks' && hasNative) {
      const retry = await withImages(deps, client, message, result.reply);
      const again = await outlet.post(retry, delivery, i);
      if (again.ok) continue;
      deps.log.error({ code: again.error.code }, again.error.message);
    } else {
      deps.log.error({ code: sent.error.code, part: i + 1, of: messages.length }, sent.error.message);
    }
  }
}

/** The same message with each native chart swapped for its PNG. */
async function withImages(deps: SlackDeps, client: webApi.WebClient, message: SlackMessage, reply: Reply): Promise<SlackMessage> {
  const blocks = await Promise.all(
    message.blocks.map(async (b) => {
      if (b.type !== 'data_visualization') return b;
      const chart = reply.charts.find((c) => JSON.stringify(nativeChart(c)) === JSON.stringify(b));
      const file = chart ? await uploadChart(client, deps, chart) : undefined;
      if (chart && file) return imageChart(chart, file);
      return { type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: 'A chart could not be drawn here.' }] };
    }),
  );
  return { ...message, blocks };
}
