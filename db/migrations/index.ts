import type { Migration } from 'kysely';
import * as initial from './2026_11_23_0900_initial.ts';
import * as teamsConversations from './2026_11_23_1100_teams_conversations.ts';
import * as outbox from './2026_11_23_1200_outbox.ts';
import * as conversationTurns from './2026_11_23_1300_conversation_turns.ts';
import * as benchIndexes from './2026_11_23_1500_bench_indexes.ts';
import * as tierChanges from './2026_11_23_1600_tier_changes.ts';
import * as monthlyRollups from './2026_11_23_1700_monthly_rollups.ts';
import * as dataVersion from './2026_11_23_1800_data_version.ts';
import * as teamsSent from './2026_11_23_1900_teams_sent.ts';
import * as certificationPairKey from './2026_11_23_2000_certification_pair_key.ts';
import * as facts from './2026_11_24_0900_facts.ts';
import * as userLocale from './2026_11_24_0910_user_locale.ts';
import * as seenMessages from './2026_12_03_1200_seen_messages.ts';
import * as ingestReplays from './2026_12_03_1210_ingest_replays.ts';
import * as sourceUpdatedAt from './2026_12_03_1220_source_updated_at.ts';
import * as emailOptOuts from './2026_12_03_1400_email_opt_outs.ts';
import * as partnerFigures from './2026_12_03_1600_partner_figures.ts';
import * as partnerSeries from './2026_12_03_1610_partner_series.ts';

// Listed here rather than discovered on disk: the same list works under tsx, vitest and any
// bundler, and a migration cannot be skipped by a stray file. Names sort in the order they run.
export const MIGRATIONS: Record<string, Migration> = {
  '2026_11_23_0900_initial': initial,
  '2026_11_23_1100_teams_conversations': teamsConversations,
  '2026_11_23_1200_outbox': outbox,
  '2026_11_23_1300_conversation_turns': conversationTurns,
  '2026_11_23_1500_bench_indexes': benchIndexes,
  '2026_11_23_1600_tier_changes': tierChanges,
  '2026_11_23_1700_monthly_rollups': monthlyRollups,
  '2026_11_23_1800_data_version': dataVersion,
  '2026_11_23_1900_teams_sent': teamsSent,
  '2026_11_23_2000_certification_pair_key': certificationPairKey,
  '2026_11_24_0900_facts': facts,
  '2026_11_24_0910_user_locale': userLocale,
  '2026_12_03_1200_seen_messages': seenMessages,
  '2026_12_03_1210_ingest_replays': ingestReplays,
  '2026_12_03_1220_source_updated_at': sourceUpdatedAt,
  '2026_12_03_1400_email_opt_outs': emailOptOuts,
  '2026_12_03_1600_partner_figures': partnerFigures,
  '2026_12_03_1610_partner_series': partnerSeries,
};
