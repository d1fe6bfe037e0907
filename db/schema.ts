import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

// `date` columns are read as 'YYYY-MM-DD' strings (see db/connect.ts) so a calendar day never
// shifts with the server's time zone. bigint and numeric are parsed to JS numbers: amounts are
// integer cents, far below 2^53.
type DateString = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;
/** When the source last changed an imported row (its `updated_at`); an older row is not applied over it. */
type SourceUpdatedAt = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type Role = 'partner_user' | 'partner_admin' | 'channel_manager' | 'vendor_admin';
export type PartnerType = 'reseller' | 'distributor' | 'msp' | 'supplier';
export type DealStatus = 'submitted' | 'approved' | 'rejected' | 'won' | 'lost' | 'expired';
export type Platform = 'slack' | 'teams' | 'console';

export interface UsersTable {
  id: Generated<number>;
  external_id: string | null;
  email: string;
  name: string;
  role: Role;
  partner_id: number | null;
  time_zone: Generated<string>;
  /** BCP 47 tag for numbers and dates (de-DE); null: the program's default. */
  locale: string | null;
  created_at: Generated<Timestamp>;
  source_updated_at: SourceUpdatedAt;
}

export interface PartnersTable {
  id: Generated<number>;
  external_id: string | null;
  name: string;
  tier: string;
  type: PartnerType;
  region: string;
  parent_id: number | null;
  channel_manager_id: number | null;
  joined_on: DateString;
  created_at: Generated<Timestamp>;
  source_updated_at: SourceUpdatedAt;
}

export interface ChatIdentitiesTable {
  id: Generated<number>;
  platform: Platform;
  workspace_id: string;
  platform_user_id: string;
  user_id: number;
  linked_by: Generated<string>;
  linked_at: Generated<Timestamp>;
}

export interface DealRegistrationsTable {
  id: Generated<number>;
  external_id: string | null;
  partner_id: number;
  customer: string;
  product: string;
  amount_cents: number;
  status: DealStatus;
  co_sell: Generated<boolean>;
  submitted_on: DateString;
  decided_on: DateString | null;
  closed_on: DateString | null;
  expires_on: DateString | null;
  source_updated_at: SourceUpdatedAt;
}

export interface RevenueTable {
  id: Generated<number>;
  external_id: string | null;
  partner_id: number;
  product_line: string;
  customer: string;
  amount_cents: number;
  booked_on: DateString;
  source_updated_at: SourceUpdatedAt;
}

export interface LeadsTable {
  id: Generated<number>;
  external_id: string | null;
  partner_id: number;
  source: Generated<string>;
  created_on: DateString;
  converted_on: DateString | null;
  source_updated_at: SourceUpdatedAt;
}

export interface CertificationsTable {
  id: Generated<number>;
  external_id: string | null;
  partner_id: number;
  holder_user_id: number | null;
  holder_name: string;
  holder_email: string | null;
  name: string;
  earned_on: DateString;
  expires_on: DateString;
  /** The person (email, else name) and certification, case-insensitively, hashed: what active certifications count once. */
  pair_key: ColumnType<string, never, never>;
  source_updated_at: SourceUpdatedAt;
}

export interface MdfTable {
  id: Generated<number>;
  external_id: string | null;
  partner_id: number;
  allocated_cents: number;
  claimed_cents: Generated<number>;
  approved_cents: Generated<number>;
  allocated_on: DateString;
  expires_on: DateString;
  source_updated_at: SourceUpdatedAt;
}

export interface IncentivesTable {
  id: Generated<number>;
  external_id: string | null;
  partner_id: number;
  kind: 'rebate' | 'commission' | 'spiff' | 'payout';
  period_start: DateString;
  period_end: DateString;
  amount_cents: number;
  status: 'pending' | 'approved' | 'paid' | 'rejected';
  paid_on: DateString | null;
  source_updated_at: SourceUpdatedAt;
}

export interface RenewalsTable {
  id: Generated<number>;
  external_id: string | null;
  partner_id: number;
  customer: string;
  amount_cents: number;
  due_on: DateString;
  status: 'pending' | 'renewed' | 'churned';
  renewed_on: DateString | null;
  source_updated_at: SourceUpdatedAt;
}

export interface DigestSubscriptionsTable {
  id: Generated<number>;
  user_id: number;
  cron: string;
  time_zone: string;
  channel: string;
  partner_id: number | null;
  created_at: Generated<Timestamp>;
  /** False once the user stopped it; kept so the managers' default does not subscribe them again. */
  enabled: Generated<boolean>;
  /** Created by the managers' default (Monday 08:00 in their time zone), not by the user. */
  is_default: Generated<boolean>;
  updated_at: Generated<Timestamp>;
}

export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'undeliverable';

export interface NotificationsTable {
  id: Generated<number>;
  dedupe_key: string;
  kind: string;
  recipient_user_id: number;
  partner_id: number | null;
  payload: Json;
  status: Generated<NotificationStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  platform: string | null;
  platform_message_id: string | null;
  next_attempt_at: Generated<Timestamp>;
  created_at: Generated<Timestamp>;
  sent_at: Timestamp | null;
  /** An earlier attempt may have reached the platform: ask it before sending again. */
  uncertain: Generated<boolean>;
  updated_at: Generated<Timestamp>;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Timestamp>;
  user_id: number | null;
  actor: string;
  platform: string;
  text: string;
  intent: string | null;
  args: Json | null;
  outcome: string;
  detail: string | null;
  /** Model tokens the question cost (LLM planner); null when no model was asked. */
  llm_tokens: number | null;
}

export interface DataSourcesTable {
  id: Generated<number>;
  entity: string;
  source: string;
  file_name: string | null;
  rows: number;
  as_of: Timestamp;
  finished_at: Generated<Timestamp>;
}

/** A partner's tier changed (recorded by a trigger on partners.tier). */
export interface TierChangesTable {
  id: Generated<number>;
  partner_id: number;
  from_tier: string | null;
  to_tier: string;
  changed_at: Timestamp;
}

/** Revenue per partner and calendar month, kept by triggers on revenue (see the 1700 migration). */
export interface RevenueMonthsTable {
  partner_id: number;
  /** The month's first day, 'YYYY-MM-01'. */
  month: string;
  amount_cents: number;
  lines: number;
}

/** Deals per partner, month of submission or of closing, status and co-sell; kept by triggers. */
export interface DealMonthsTable {
  partner_id: number;
  basis: 'submitted' | 'closed';
  month: string;
  status: DealStatus;
  co_sell: boolean;
  deals: number;
  amount_cents: number;
}

/** A fact behind a vendor's own metric (program.yml `metrics:`): a value per partner, fact key and day. */
export interface FactsTable {
  id: Generated<number>;
  external_id: string | null;
  partner_id: number;
  /** The fact key (a vendor metric's key, or a ratio's numerator or denominator). */
  metric: string;
  day: DateString;
  value: number;
  /** The dimension's value (a product line, plant, region), when the metric has one. */
  dimension: string | null;
  source_updated_at: SourceUpdatedAt;
}

/** One row: moves on every write to partners or partner data (cache invalidation). */
export interface DataVersionTable {
  id: boolean;
  version: number;
}

/** A set of precomputed figures (one metric over one window, every partner) and the data_version it is of. */
export interface FigureSetsTable {
  /** A hash of the SQL that computes the set (src/metrics/figures/key.ts). */
  key: string;
  data_version: string;
  computed_at: Date;
}

/** One partner's figure in a set: the metric's raw sums (cents, counts), as its SQL gives them. */
export interface PartnerFiguresTable {
  set_key: string;
  partner_id: number;
  num: string;
  den: string;
}

/** One partner's daily series in a set: days with data and their raw sums, comma-separated in day order. */
export interface PartnerSeriesTable {
  set_key: string;
  partner_id: number;
  /** 'YYYY-MM-DD,YYYY-MM-DD,…' */
  days: string;
  nums: string;
  dens: string;
}

/** Activity ids of proactive Teams messages, by outbox idempotency key (for reconciliation). */
export interface TeamsSentMessagesTable {
  idempotency_key: string;
  activity_id: string;
  sent_at: Timestamp;
}

/** Signatures of webhook requests already accepted at /ingest, until their timestamp could no longer pass. */
export interface IngestReplaysTable {
  /** Hex HMAC-SHA256 of "<timestamp>.<body>". */
  signature: string;
  expires_at: Timestamp;
}

/** Chat messages already taken up for an answer ("slack:<channel>:<ts>"), so a redelivery is not answered twice. */
export interface SeenMessagesTable {
  key: string;
  expires_at: Timestamp;
}

/** Who unsubscribed from a kind of email that has no subscription of its own ('alerts': certification alerts, pushes). */
export interface EmailOptOutsTable {
  user_id: number;
  topic: 'alerts';
  created_at: Generated<Timestamp>;
}

export interface Database {
  users: UsersTable;
  partners: PartnersTable;
  chat_identities: ChatIdentitiesTable;
  deal_registrations: DealRegistrationsTable;
  revenue: RevenueTable;
  leads: LeadsTable;
  certifications: CertificationsTable;
  mdf: MdfTable;
  incentives: IncentivesTable;
  renewals: RenewalsTable;
  digest_subscriptions: DigestSubscriptionsTable;
  notifications: NotificationsTable;
  audit_log: AuditLogTable;
  data_sources: DataSourcesTable;
  teams_conversations: TeamsConversationsTable;
  conversation_turns: ConversationTurnsTable;
  tier_changes: TierChangesTable;
  revenue_months: RevenueMonthsTable;
  deal_months: DealMonthsTable;
  data_version: DataVersionTable;
  teams_sent_messages: TeamsSentMessagesTable;
  facts: FactsTable;
  seen_messages: SeenMessagesTable;
  ingest_replays: IngestReplaysTable;
  email_opt_outs: EmailOptOutsTable;
  figure_sets: FigureSetsTable;
  partner_figures: PartnerFiguresTable;
  partner_series: PartnerSeriesTable;
}

/** Tables that hold one partner's data; every metric query reads from these through the scope. */
export type PartnerDataTable =
  | 'deal_registrations'
  | 'revenue'
  | 'leads'
  | 'certifications'
  | 'mdf'
  | 'incentives'
  | 'renewals'
  | 'tier_changes'
  | 'revenue_months'
  | 'deal_months'
  | 'facts'
  | 'partner_figures'
  | 'partner_series';

export type User = Selectable<UsersTable>;
export type Partner = Selectable<PartnersTable>;
export type NewPartner = Insertable<PartnersTable>;
export type NewUser = Insertable<UsersTable>;
export type Certification = Selectable<CertificationsTable>;
export type DealRegistration = Selectable<DealRegistrationsTable>;

/** A Teams person's personal chat with the bot (the Bot Framework conversation reference, opaque). */
export interface TeamsConversationsTable {
  id: Generated<number>;
  user_id: number | null;
  tenant_id: string;
  aad_object_id: string;
  reference: Json;
  updated_at: Generated<Timestamp>;
}

/** One answered question in a person's thread: the context for the next one ("and last quarter?"). */
export interface ConversationTurnsTable {
  id: Generated<number>;
  user_id: number;
  /** platform:workspace:thread (Slack thread ts, Teams conversation id, terminal session id). */
  thread_key: string;
  at: Generated<Timestamp>;
  text: string;
  /** [{ intent, args }] that answered it. */
  runs: Json;
  summary: string;
}
