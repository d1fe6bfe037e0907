import { certifications } from './certifications.ts';
import { comparePartners } from './compare-partners.ts';
import { comparePeers } from './compare-peers.ts';
import { digestSubscribe } from './digest-subscribe.ts';
import { explainChange } from './explain-change.ts';
import { forecast } from './forecast.ts';
import { help } from './help.ts';
import { leaderboard } from './leaderboard.ts';
import { listDeals } from './list-deals.ts';
import { metricQuery } from './metric-query.ts';
import { partnerOverview } from './partner-overview.ts';
import { portfolio } from './portfolio.ts';
import { programInfo } from './program-info.ts';
import { pushAlert } from './push-alert.ts';
import { smalltalk } from './smalltalk.ts';
import { tierProgress } from './tier-progress.ts';
import type { IntentDef } from './types.ts';
import { whatIf } from './what-if.ts';
import { whoami } from './whoami.ts';

/** The registry: every tool the planners may choose. */
export const INTENTS: readonly IntentDef[] = [tierProgress, metricQuery, listDeals, certifications, partnerOverview, help, whoami, forecast, whatIf, comparePeers, leaderboard, comparePartners, explainChange, digestSubscribe, pushAlert, portfolio, programInfo, smalltalk];

const BY_NAME = new Map(INTENTS.map((i) => [i.name, i] as const));

export function intentByName(name: string): IntentDef | undefined {
  return BY_NAME.get(name);
}
