import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/schema.ts';

// Every application table, true when a wipe empties it; `satisfies` makes a new table in the
// schema a compile error here until it is listed, so a reseed never leaves stale rows behind.
const TABLES = {
  users: true,
  partners: true,
  chat_identities: true,
  deal_registrations: true,
  revenue: true,
  leads: true,
  certifications: true,
  mdf: true,
  incentives: true,
  renewals: true,
  digest_subscriptions: true,
  notifications: true,
  audit_log: true,
  data_sources: true,
  teams_conversations: true,
  conversation_turns: true,
  tier_changes: true,
  revenue_months: true,
  deal_months: true,
  // One counter row, never emptied: the wipe itself moves it (its triggers fire on the truncate).
  data_version: false,
  teams_sent_messages: true,
  facts: true,
  // Kept: a request accepted before the wipe must not be accepted again after it.
  ingest_replays: false,
  // Kept: a chat message answered before the wipe is not answered again when Slack redelivers it.
  seen_messages: false,
  // Unsubscribes belong to users, who go with the wipe.
  email_opt_outs: true,
  // Figures of the data wiped (never read again: the wipe moves data_version), gone with it.
  figure_sets: true,
  partner_figures: true,
  partner_series: true,
} satisfies Record<keyof Database, boolean>;

/** Empties every application table (not the migration bookkeeping) and restarts their ids. */
export async function wipeAll(db: Db): Promise<void> {
  const names = Object.entries(TABLES)
    .filter(([, wiped]) => wiped)
    .map(([t]) => sql.table(t));
  await sql`truncate table ${sql.join(names)} restart identity cascade`.execute(db);
}
