import { sql, type Kysely } from 'kysely';

// Frozen in time: never imports application code. The facts behind a vendor's own metrics (declared
// in its program file: license sales, support cases closed, on-time deliveries, defect readings):
// one row per partner, fact key and day, a numeric value and an optional dimension value (a
// product line, a plant, a region). Rows are upserted by external_id, like every import. Reads go
// by partner, fact key and day (a period's sum, count or mean; the latest value on or before a day;
// a split by dimension), so that index carries the value and the dimension for index-only scans.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are schema-agnostic by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('facts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('partner_id', 'integer', (c) => c.notNull().references('partners.id'))
    .addColumn('metric', 'text', (c) => c.notNull().check(sql`metric ~ '^[a-z][a-z0-9_]*$'`))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('value', 'numeric', (c) => c.notNull())
    .addColumn('dimension', 'text')
    .execute();
  await sql`create index facts_partner_metric_day_idx on facts (partner_id, metric, day) include (value, dimension)`.execute(db);
  // Partner data moves the data version (peer cohorts and group figures are kept until it does).
  await sql`create trigger facts_data_version after insert or update or delete or truncate on facts for each statement execute function pulse_bump_data_version()`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`drop trigger if exists facts_data_version on facts`.execute(db);
  await db.schema.dropTable('facts').ifExists().execute();
}
