import type { webApi } from '@slack/bolt';
import type { Chart } from '../../src/reply/types.ts';
import type { SlackDeps } from './context.ts';
import { truncate } from './render/escape.ts';
import { slackCall } from './slack-errors.ts';

/**
 * Renders a chart to PNG and uploads it with files.uploadV2 to no channel: the file stays
 * private to the app and is shown through an image block, so an ephemeral answer never leaks its
 * chart into the channel. Returns the file id, or undefined (logged) when either step fails.
 */
export async function uploadChart(client: webApi.WebClient, deps: SlackDeps, chart: Chart): Promise<string | undefined> {
  let png: Buffer;
  try {
    png = await deps.renderPng(chart);
  } catch (e) {
    deps.log.warn({ err: e, chart: chart.title }, 'chart PNG could not be rendered');
    return undefined;
  }
  const title = truncate(chart.title.trim() || 'Chart', 250);
  const res = await slackCall('files.uploadV2', () =>
    client.filesUploadV2({ file: png, filename: `${chart.kind}.png`, title, alt_text: title }),
  );
  if (!res.ok) {
    deps.log.warn({ code: res.error.code }, res.error.message);
    return undefined;
  }
  for (const done of res.value.files ?? []) {
    const id = done.files?.[0]?.id;
    if (id) return id;
  }
  deps.log.warn('files.uploadV2 returned no file id');
  return undefined;
}
