import type { Kysely } from 'kysely';

// Frozen in time: never imports application code. Each partner's daily series of a flow metric
// over a tier window (what projections step through), computed once per data change beside the
// standard figures: one row per partner and set, the days with data and their sums in day order.
// Its sets are stamped in figure_sets like the figures', and read only while current.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('partner_series')
    .addColumn('set_key', 'text', (c) => c.notNull())
    .addColumn('partner_id', 'integer', (c) => c.notNull())
    .addColumn('days', 'text', (c) => c.notNull())
    .addColumn('nums', 'text', (c) => c.notNull())
    .addColumn('dens', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('partner_series_pk', ['set_key', 'partner_id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('partner_series').ifExists().execute();
}
