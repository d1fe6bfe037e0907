import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { answer } from '../../src/core/answer.ts';
import { consoleIdentity, resolveUser } from '../../src/identity/resolve-user.ts';
import { testDb } from '../helpers/db.ts';
import { appFor, lastAudit, rowCounts } from './test-app.ts';

const OWNER = 'owner@northwind.example';

describe('resolveUser', () => {
  let h: DbHandle;
  let ownerId: number;

  beforeAll(async () => {
    h = await testDb({ demo: true });
    const row = await h.db.selectFrom('users').select('id').where('email', '=', OWNER).executeTakeFirstOrThrow();
    ownerId = row.id;
  });

  it('finds a user by verified email, case-insensitively, and stores the link for chat platforms', async () => {
    const slack = { platform: 'slack' as const, workspaceId: 'T1', platformUserId: 'U123', email: ' Owner@Northwind.EXAMPLE ' };
    const r = await resolveUser(h.db, slack);
    expect(r).toEqual({ ok: true, value: ownerId });
    const links = await h.db.selectFrom('chat_identities').selectAll().where('platform_user_id', '=', 'U123').execute();
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ platform: 'slack', workspace_id: 'T1', user_id: ownerId, linked_by: 'email' });

    // The stored link wins, even when the platform no longer gives an email.
    expect(await resolveUser(h.db, { platform: 'slack', workspaceId: 'T1', platformUserId: 'U123' })).toEqual({
      ok: true,
      value: ownerId,
    });
    // The same user id in another workspace is another person until linked.
    const other = await resolveUser(h.db, { platform: 'slack', workspaceId: 'T2', platformUserId: 'U123' });
    expect(other.ok).toBe(false);
  });

  it('is idempotent when the same first message is resolved twice at once', async () => {
    const id = { platform: 'teams' as const, workspaceId: 'tenant', platformUserId: 'aad-1', email: OWNER };
    const [a, b] = await Promise.all([resolveUser(h.db, id), resolveUser(h.db, id)]);
    expect(a).toEqual({ ok: true, value: ownerId });
    expect(b).toEqual({ ok: true, value: ownerId });
    const n = await h.db.selectFrom('chat_identities').select('id').where('platform_user_id', '=', 'aad-1').execute();
    expect(n).toHaveLength(1);
  });

  it('says who to ask when nobody matches, naming the email or "your email"', async () => {
    const withEmail = await resolveUser(h.db, { platform: 'slack', workspaceId: 'T1', platformUserId: 'U9', email: 'x@y.example' });
    expect(withEmail).toEqual({
      ok: false,
      error: {
        code: 'not_linked',
        message: "You're not linked to Partner Pulse yet — ask your channel manager to add x@y.example.",
      },
    });
    const without = await resolveUser(h.db, { platform: 'teams', workspaceId: 't', platformUserId: 'a' });
    expect(!without.ok && without.error.message).toBe(
      "You're not linked to Partner Pulse yet — ask your channel manager to add your email.",
    );
  });

  it('does not store links for the terminal, whose user id is the email itself', async () => {
    const before = await rowCounts(h.db);
    expect((await resolveUser(h.db, consoleIdentity(OWNER))).ok).toBe(true);
    expect(await rowCounts(h.db)).toEqual(before);
  });

  it('a first Slack turn writes its link and its audit row, and nothing else', async () => {
    const app = await appFor(h);
    const before = await rowCounts(h.db);
    const r = await answer(app, {
      platform: 'slack',
      workspaceId: 'T1',
      platformUserId: 'U777',
      email: OWNER,
      text: 'how close am I to Gold tier?',
    });
    expect(r.outcome).toBe('ok');
    const after = await rowCounts(h.db);
    expect(after.chat_identities).toBe((before.chat_identities ?? 0) + 1);
    expect(after.audit_log).toBe((before.audit_log ?? 0) + 1);
    expect({ ...after, chat_identities: 0, audit_log: 0 }).toEqual({ ...before, chat_identities: 0, audit_log: 0 });
    expect(await lastAudit(h.db)).toMatchObject({ platform: 'slack', actor: OWNER, outcome: 'ok' });
  });
});
