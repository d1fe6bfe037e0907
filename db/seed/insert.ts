import { sql } from 'kysely';
import type { Db } from '../connect.ts';
import type { Bundle, PartnerRow, UserRow } from './rows.ts';

// Multi-row INSERTs of a few thousand parameters: one round trip per chunk instead of per row,
// and well under Postgres's 65,535 bind-parameter limit.
const CHUNK = 1000;

async function chunked<R>(rows: readonly R[], write: (chunk: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
}

/** Users and partners with their ids as planned; parents before their sub-partners. */
export async function insertPeople(db: Db, users: readonly UserRow[], partners: readonly PartnerRow[]): Promise<void> {
  const vendorSide = users.filter((u) => u.partner_id === null);
  const partnerSide = users.filter((u) => u.partner_id !== null);
  await chunked(vendorSide, (c) => db.insertInto('users').values(c).execute());
  const ordered = [...partners].sort((a, b) => Number(a.parent_id !== null) - Number(b.parent_id !== null) || a.id - b.id);
  await chunked(ordered, (c) => db.insertInto('partners').values(c).execute());
  await chunked(partnerSide, (c) => db.insertInto('users').values(c).execute());
  // Ids were given explicitly, so the sequences must move past them for later inserts.
  await sql`select setval(pg_get_serial_sequence('users', 'id'), (select max(id) from users))`.execute(db);
  await sql`select setval(pg_get_serial_sequence('partners', 'id'), (select max(id) from partners))`.execute(db);
}

export async function insertBundle(db: Db, b: Bundle): Promise<void> {
  await chunked(b.deal_registrations, (c) => db.insertInto('deal_registrations').values(c).execute());
  await chunked(b.revenue, (c) => db.insertInto('revenue').values(c).execute());
  await chunked(b.leads, (c) => db.insertInto('leads').values(c).execute());
  await chunked(b.certifications, (c) => db.insertInto('certifications').values(c).execute());
  await chunked(b.mdf, (c) => db.insertInto('mdf').values(c).execute());
  await chunked(b.incentives, (c) => db.insertInto('incentives').values(c).execute());
  await chunked(b.renewals, (c) => db.insertInto('renewals').values(c).execute());
}
