import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TeamsSender } from '../../adapters/teams/app.ts';
import { createCaches } from '../../adapters/teams/context.ts';
import { createTeamsSender } from '../../adapters/teams/proactive.ts';
import type { Reply } from '../../src/reply/types.ts';
import { cardProblems } from '../helpers/adaptive-cards.ts';
import { OWNER, personalChatOf, startHarness, TENANT, type Harness } from './harness.ts';

let h: Harness;
let sender: TeamsSender;
let ownerId = 0;
let managerId = 0;

const digest: Reply = {
  summary: 'Your weekly digest: revenue is $80,000 short of Gold.',
  facts: [{ label: 'Revenue', value: 420_000, unit: 'currency', display: '$420,000' }],
  charts: [],
  suggestions: [{ label: 'Tier progress', question: 'how close am I to Gold tier?' }],
  sensitive: true,
  asOf: '2026-11-23T06:00:00.000Z',
};

const idOf = async (email: string) => (await h.app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
  h = await startHarness();
  if (!h.serve.teams) throw new Error('Teams adapter not started');
  sender = h.serve.teams.sender;
  ownerId = await idOf(OWNER.email ?? '');
  managerId = await idOf('manager@contoso.example');
  // First contact: links the owner and stores their personal chat.
  await h.post({ from: OWNER, text: 'help' });
});
afterAll(() => h.close());
beforeEach(() => h.fake.reset());

const owner = (withAddress: boolean) => ({
  userId: ownerId,
  email: OWNER.email ?? '',
  ...(withAddress ? { address: { platform: 'teams', workspaceId: TENANT, platformUserId: OWNER.aadObjectId } } : {}),
});

describe('Teams proactive send(recipient, reply)', () => {
  it('reaches the stored personal chat, by Teams address or by user id, and remembers the idempotency key', async () => {
    const sent = await sender.send(owner(true), digest, { idempotencyKey: 'pulse-1-a' });
    expect(sent.ok).toBe(true);
    const delivered = h.fake.messagesTo(personalChatOf(OWNER));
    expect(delivered).toHaveLength(1);
    expect(sent.ok && sent.messageId).toBe(delivered[0]?.id);
    const [card] = h.fake.cards();
    expect(cardProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('$420,000');

    expect(await sender.lookup(owner(true), 'pulse-1-a', new Date(0))).toEqual({ ok: true, found: { messageId: delivered[0]?.id } });
    expect(await sender.lookup(owner(true), 'pulse-2-b', new Date(0))).toEqual({ ok: true, found: 'unknown' });

    const byUser = await sender.send(owner(false), digest);
    expect(byUser.ok).toBe(true);
    expect(h.fake.messagesTo(personalChatOf(OWNER))).toHaveLength(2);
  });

  it('finds a message sent before a restart by its idempotency key (recorded in the database)', async () => {
    const sent = await sender.send(owner(true), digest, { idempotencyKey: 'pulse-3-c' });
    if (!sent.ok) throw new Error(sent.error.message);
    const teams = h.serve.teams;
    if (!teams) throw new Error('no Teams adapter');
    // A new process: the same database, nothing in memory.
    const restarted = createTeamsSender({ ...teams.deps, ...createCaches() });
    expect(await restarted.lookup(owner(true), 'pulse-3-c', new Date(0))).toEqual({ ok: true, found: { messageId: sent.messageId } });
    expect(await restarted.lookup(owner(true), 'pulse-4-d', new Date(0))).toEqual({ ok: true, found: 'unknown' });
    expect(h.fake.messagesTo(personalChatOf(OWNER))).toHaveLength(1);
  });

  it('sends nothing to a user who never contacted the bot, and says why', async () => {
    const sent = await sender.send({ userId: managerId, email: 'manager@contoso.example' }, digest);
    expect(sent).toEqual({
      ok: false,
      error: { kind: 'unreachable', message: expect.stringContaining('manager@contoso.example has never chatted with Partner Pulse in Teams') },
    });
    expect(h.fake.posted).toEqual([]);
  });

  it('a 429 then 200 delivers once; a 429 asking for a long wait is handed back to the outbox', async () => {
    h.fake.script('activities', { status: 429, retryAfter: 0 });
    expect((await sender.send(owner(true), digest)).ok).toBe(true);
    expect(h.fake.messagesTo(personalChatOf(OWNER))).toHaveLength(1);

    h.fake.reset();
    h.fake.script('activities', { status: 429, retryAfter: 120 });
    const sent = await sender.send(owner(true), digest);
    expect(sent).toEqual({ ok: false, error: { kind: 'rate_limited', retryAfterMs: 120_000, message: expect.stringContaining('429') } });
    expect(h.fake.posted).toEqual([]);
  });

  it('reports a chat that is gone as unreachable and a connector outage as unavailable', async () => {
    h.fake.script('activities', { status: 404 });
    const gone = await sender.send(owner(true), digest);
    expect(!gone.ok && gone.error.kind).toBe('unreachable');
    h.fake.script('activities', { status: 502 }, { status: 502 }, { status: 502 }, { status: 502 });
    const down = await sender.send(owner(true), digest);
    expect(!down.ok && down.error.kind).toBe('unavailable');
    expect(h.fake.posted).toEqual([]);
  });
});
