import type { types, webApi } from '@slack/bolt';
import { answer } from '../../src/core/answer.ts';
import { portfolioHome } from '../../src/core/portfolio-home.ts';
import type { TurnResult } from '../../src/core/types.ts';
import { uploadChart } from './charts-upload.ts';
import type { SlackDeps } from './context.ts';
import type { HomeView } from './render/block-types.ts';
import { nativeChart } from './render/charts.ts';
import { notLinkedHome, renderHome, type HomeContent } from './render/home.ts';
import { renderPortfolioHome } from './render/portfolio-home.ts';
import { BACKGROUND, slackCall } from './slack-errors.ts';
import { buildTurn, type SlackAsker } from './turn.ts';

/** The fixed questions behind the dashboard, asked as the person who opens it. */
export const HOME_QUESTIONS = {
  tier: 'how close am I to the next tier?',
  metrics: ['revenue this quarter compared with the previous quarter', 'win rate this quarter compared with the previous quarter'],
  certifications: 'which certifications expire in the next 60 days?',
} as const;

async function publish(client: webApi.WebClient, userId: string, view: HomeView) {
  return slackCall('views.publish', () => client.views.publish({ user_id: userId, view: view as unknown as types.HomeView }), BACKGROUND);
}

/**
 * Builds and publishes a person's App Home. Everything on it comes from `answer()`, so it shows
 * exactly what that person may see; an unlinked person gets the "not linked" note and no data. A
 * channel manager or vendor admin opens on their portfolio; a partner on its own dashboard.
 */
export async function publishHome(deps: SlackDeps, client: webApi.WebClient, asker: SlackAsker): Promise<void> {
  const base = await buildTurn(client, deps, { asker, text: '', dm: true });
  const portfolio = await portfolioHome(deps.core, base, deps.planner ? { planner: deps.planner } : {});
  if (portfolio) {
    const res = await publish(client, asker.userId, renderPortfolioHome(portfolio));
    if (!res.ok) deps.log.error({ code: res.error.code, user: asker.userId }, res.error.message);
    return;
  }
  const ask = (text: string): Promise<TurnResult> => answer(deps.core, { ...base, text }, deps.planner ? { planner: deps.planner } : {});
  const [tier, certifications, ...metrics] = await Promise.all([
    ask(HOME_QUESTIONS.tier),
    ask(HOME_QUESTIONS.certifications),
    ...HOME_QUESTIONS.metrics.map(ask),
  ]);
  if (!tier || tier.outcome === 'not_linked') {
    const res = await publish(client, asker.userId, notLinkedHome(tier?.reply.summary ?? 'You are not linked to Partner Pulse yet.'));
    if (!res.ok) deps.log.error({ code: res.error.code }, res.error.message);
    return;
  }
  const content: HomeContent = { tier, metrics, certifications };
  const chart = tier.outcome === 'ok' ? tier.reply.charts[0] : undefined;
  const toImage = async (): Promise<HomeContent['tierChart']> => {
    const fileId = chart ? await uploadChart(client, deps, chart) : undefined;
    return fileId ? { mode: 'image', fileId } : undefined;
  };
  content.tierChart = chart && nativeChart(chart) ? { mode: 'native' } : await toImage();

  let res = await publish(client, asker.userId, renderHome(content));
  if (!res.ok && res.error.code === 'invalid_blocks' && content.tierChart?.mode === 'native') {
    // A workspace without the native chart block still gets the chart, as an image.
    content.tierChart = await toImage();
    res = await publish(client, asker.userId, renderHome(content));
  }
  if (!res.ok) deps.log.error({ code: res.error.code, user: asker.userId }, res.error.message);
}
