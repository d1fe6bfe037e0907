import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code. Active certifications count each person and
// certification once (a renewal is often a new row): the person by email when present, else by
// name, both case-insensitively. Computing that key per row per question made a count over 5,000
// partners about three times slower than counting rows; stored here as a 64-bit hash and kept in
// the index the certification counts read, the count stays an index-only scan. (Two different
// pairs of one partner sharing a hash is a 1-in-10¹⁵ event.)

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await sql`
    alter table certifications add column pair_key bigint generated always as (
      hashtextextended(lower(btrim(coalesce(nullif(btrim(holder_email), ''), btrim(holder_name)))) || chr(31) || lower(btrim(name)), 0)
    ) stored`.execute(db);
  await sql`create index certs_partner_expires_pair_idx on certifications (partner_id, expires_on) include (earned_on, pair_key)`.execute(db);
  await sql`drop index if exists certs_partner_expires_earned_idx`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`create index if not exists certs_partner_expires_earned_idx on certifications (partner_id, expires_on) include (earned_on)`.execute(db);
  await sql`drop index if exists certs_partner_expires_pair_idx`.execute(db);
  await sql`alter table certifications drop column if exists pair_key`.execute(db);
}
