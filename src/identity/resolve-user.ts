import { sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import { fail, ok, type Result } from '../errors.ts';
import type { PlatformIdentity } from './types.ts';

export function notLinkedMessage(email?: string): string {
  const who = email?.trim() ? email.trim() : 'your email';
  return `You're not linked to Partner Pulse yet — ask your channel manager to add ${who}.`;
}

/**
 * The Partner Pulse user id behind a platform identity: first the stored link, then the verified
 * email (stored as a link, so a later change of email on the platform keeps working). The terminal
 * is not linked: its platform user id *is* the email, so a link row would only repeat it.
 */
export async function resolveUser(db: Db, identity: PlatformIdentity): Promise<Result<number>> {
  const terminal = identity.platform === 'console';
  const linked = terminal
    ? undefined
    : await db
        .selectFrom('chat_identities')
        .select('user_id')
        .where('platform', '=', identity.platform)
        .where('workspace_id', '=', identity.workspaceId)
        .where('platform_user_id', '=', identity.platformUserId)
        .executeTakeFirst();
  if (linked) return ok(linked.user_id);

  const email = identity.email?.trim().toLowerCase();
  if (!email) return fail('not_linked', notLinkedMessage());
  const user = await db.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', email).executeTakeFirst();
  if (!user) return fail('not_linked', notLinkedMessage(identity.email));

  if (!terminal) {
    await db
      .insertInto('chat_identities')
      .values({
        platform: identity.platform,
        workspace_id: identity.workspaceId,
        platform_user_id: identity.platformUserId,
        user_id: user.id,
        linked_by: 'email',
      })
      // Two first messages racing from the same person both find no link; either insert is right.
      .onConflict((oc) => oc.columns(['platform', 'workspace_id', 'platform_user_id']).doNothing())
      .execute();
  }
  return ok(user.id);
}

/** The terminal's identity: `--as EMAIL` is taken as verified, as the person at the keyboard runs the app. */
export function consoleIdentity(email: string): PlatformIdentity {
  return { platform: 'console', workspaceId: 'local', platformUserId: email, email };
}
