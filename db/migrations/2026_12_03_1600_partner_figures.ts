import type { Kysely } from 'kysely';

// Frozen in time: never imports application code. Each partner's standard figures (a metric over
// a standard window), computed once per data change by a job instead of on every question. A set
// is one computation (its key: a hash of the exact SQL that computes it, so a changed definition
// is a new key) over every partner, stamped with the data_version it was computed at; answers use
// a set only while that stamp equals data_version, in the statement that reads it. No trigger:
// writing figures is not a change of partner data.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('figure_sets')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('data_version', 'bigint', (c) => c.notNull())
    .addColumn('computed_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // One row per partner of the set (zeros included), so a row's absence means "not computed".
  // num and den are the raw sums (cents, counts) the metric's SQL gives, scaled by the reader.
  await db.schema
    .createTable('partner_figures')
    .addColumn('set_key', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'integer', (c) => c.notNull())
    .addColumn('num', 'numeric', (c) => c.notNull())
    .addColumn('den', 'numeric', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_figures_pk', ['set_key', 'partner_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('partner_figures').ifExists().execute();
  await db.schema.dropTable('figure_sets').ifExists().execute();
}
