import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code.
// A counter that moves whenever partner data or partners change, in the writing transaction, so
// a process can keep anonymous cohort figures (peer benchmarks) until the data under them
// changes. A row, not a sequence: a sequence moves before the writer commits, and a reader could
// cache old data under the new number.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

const TABLES = ['partners', 'deal_registrations', 'revenue', 'leads', 'certifications', 'mdf', 'incentives', 'renewals'];

export async function up(db: AnyDb): Promise<void> {
  await sql`create table data_version (id boolean primary key default true check (id), version bigint not null)`.execute(db);
  await sql`insert into data_version (id, version) values (true, 1)`.execute(db);
  await sql`
    create function pulse_bump_data_version() returns trigger language plpgsql as $$
    begin
      update data_version set version = version + 1;
      return null;
    end $$`.execute(db);
  for (const t of TABLES) {
    await sql
      .raw(`create trigger ${t}_data_version after insert or update or delete or truncate on ${t} for each statement execute function pulse_bump_data_version()`)
      .execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const t of TABLES) await sql.raw(`drop trigger if exists ${t}_data_version on ${t}`).execute(db);
  await sql`drop function if exists pulse_bump_data_version()`.execute(db);
  await sql`drop table if exists data_version`.execute(db);
}
