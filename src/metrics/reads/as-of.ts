import { sql } from 'kysely';
import type { Db } from '../../../db/connect.ts';
import { now } from '../../clock.ts';

/** When the data was last imported or seeded (ISO timestamp); now when nothing was imported. */
export async function dataAsOf(db: Db): Promise<string> {
  const row = await db
    .selectFrom('data_sources')
    .select(sql<Date | string | null>`max(as_of)`.as('as_of'))
    .executeTakeFirst();
  const at = row?.as_of;
  return at ? new Date(at).toISOString() : now().toISOString();
}
