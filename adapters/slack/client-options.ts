import type { webApi } from '@slack/bolt';
import type { Config } from '../../src/config.ts';

/** The Web API base URL, with the trailing slash the client resolves method names against. */
const apiUrl = (url: string | undefined): string | undefined => (url ? (url.endsWith('/') ? url : `${url}/`) : undefined);

/** How every Web API client of the process talks to Slack: Bolt's, and each answer worker's. */
export function webClientOptions(config: Pick<Config, 'SLACK_API_URL'>, retries = 2): webApi.WebClientOptions {
  return {
    slackApiUrl: apiUrl(config.SLACK_API_URL),
    // 429s are waited out per call by slackCall (bounded where a person is waiting), instead of
    // the client pausing every request of the process.
    rejectRateLimitedCalls: true,
    retryConfig: { retries, factor: 2, minTimeout: 200, maxTimeout: 2_000, randomize: true },
    timeout: 10_000,
  };
}
