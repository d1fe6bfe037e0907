import type { Db } from '../../db/connect.ts';
import type { Role } from '../../db/schema.ts';
import { loadPrincipal } from '../access/principal.ts';
import { fail, ok, type Result } from '../errors.ts';
import { consoleIdentity, resolveUser } from '../identity/resolve-user.ts';

const ROLE_NAMES = {
  partner_user: 'partner user',
  partner_admin: 'partner admin',
  channel_manager: 'channel manager',
  vendor_admin: 'vendor admin',
} as const;

export interface UserLabel {
  /** "Nora Owner <owner@northwind.example>, partner admin at Northwind Traders". */
  label: string;
  role: Role;
}

/** Who an email is, in one line — or why that user can't ask. */
export async function describeUser(db: Db, email: string): Promise<Result<UserLabel>> {
  const id = await resolveUser(db, consoleIdentity(email));
  if (!id.ok) return id;
  const p = await loadPrincipal(db, id.value);
  if (!p.ok) return fail(p.error.code, p.error.message);
  const { name, role, partnerName } = p.value;
  return ok({ label: `${name} <${p.value.email}>, ${ROLE_NAMES[role]}${partnerName ? ` at ${partnerName}` : ''}`, role });
}
