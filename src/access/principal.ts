import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Role } from '../../db/schema.ts';
import { fail, ok, type Result } from '../errors.ts';

/**
 * The verified asker: built once per turn from the identity layer's user id, never from message
 * text or model output. `visible` is the only source of truth for which partners it may see.
 */
export interface Principal {
  userId: number;
  email: string;
  name: string;
  role: Role;
  timeZone: string;
  /** How the user reads numbers and dates (BCP 47, e.g. de-DE); null or absent: the program's default. */
  locale?: string | null;
  /** The user's own partner (partner roles), else null. */
  partnerId: number | null;
  partnerName: string | null;
  visible: Visibility;
}

export type Visibility = { kind: 'all' } | { kind: 'some'; ids: ReadonlySet<number> };

export function canSee(p: Principal, partnerId: number): boolean {
  return p.visible.kind === 'all' || p.visible.ids.has(partnerId);
}

export async function loadPrincipal(db: Db, userId: number): Promise<Result<Principal>> {
  const user = await db
    .selectFrom('users')
    .leftJoin('partners', 'partners.id', 'users.partner_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.time_zone',
      'users.locale',
      'users.partner_id',
      'partners.name as partner_name',
      'partners.type as partner_type',
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!user) return fail('unknown_user', 'That user no longer exists in Partner Pulse.');
  const base = {
    userId: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    timeZone: user.time_zone,
    locale: user.locale,
    partnerId: user.partner_id,
    partnerName: user.partner_name,
  };

  switch (user.role) {
    case 'vendor_admin':
      return ok({ ...base, visible: { kind: 'all' } });
    case 'channel_manager': {
      const rows = await db.selectFrom('partners').select('id').where('channel_manager_id', '=', user.id).execute();
      return ok({ ...base, visible: { kind: 'some', ids: new Set(rows.map((r) => r.id)) } });
    }
    case 'partner_user':
    case 'partner_admin': {
      if (user.partner_id === null) {
        return fail('no_partner', `${user.email} is not attached to a partner yet; ask your channel manager to add you.`);
      }
      const ids = new Set<number>([user.partner_id]);
      // A distributor's admin sees its sub-partners' roll-up, at any depth of the distribution tree.
      if (user.role === 'partner_admin' && user.partner_type === 'distributor') {
        const subs = await sql<{ id: number }>`
          with recursive tree(id) as (
            select id from partners where parent_id = ${user.partner_id}
            union select p.id from partners p join tree t on p.parent_id = t.id
          ) select id from tree`.execute(db);
        for (const r of subs.rows) ids.add(r.id);
      }
      return ok({ ...base, visible: { kind: 'some', ids } });
    }
  }
}

/** The user behind an email, for the CLI's `--as` and for linking chat identities. */
export async function userIdByEmail(db: Db, email: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return row?.id;
}
