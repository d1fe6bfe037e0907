import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackDeps } from '../../context.ts';
import { guard } from '../../guard.ts';
import { publishHome } from '../../home.ts';

/** Opening the Home tab refreshes the dashboard; the Messages tab needs nothing. */
export function appHomeOpened(deps: SlackDeps): Middleware<SlackEventMiddlewareArgs<'app_home_opened'>> {
  return async ({ event, body, client }) => {
    await guard(deps, 'app_home_opened', async () => {
      if (event.tab !== 'home') return;
      const asker = { teamId: body.team_id, userId: event.user };
      if (!deps.pool) return publishHome(deps, client, asker);
      // Four answers' work: on an answer worker, off the thread that acknowledges.
      const done = await deps.pool.run('slackHome', { asker });
      if (!done.ok) deps.log.error({ code: done.error.code, user: event.user }, `App Home not published: ${done.error.message}`);
    });
  };
}
