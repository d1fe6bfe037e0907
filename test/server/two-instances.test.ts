import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { DEMO } from '../../db/seed/demo-constants.ts';
import { BOSS_SCHEMA, QUEUES } from '../../src/jobs/queues.ts';
import { testDb } from '../helpers/db.ts';
import { eventBody, postSigned, startFakeSlack, type FakeSlack, type RecordedCall } from '../helpers/fake-slack.ts';
import { startServeChild, type ServeChild } from '../helpers/serve-child.ts';
import { enqueueAll, note, statuses } from '../notifications/outbox-helpers.ts';

// Two `pulse serve` processes on one database, jobs running in both, as a vendor scales out: a
// Slack event and its retries reaching different instances are answered once; the startup sweep
// and a digest slot that both instances run produce one message per person; the outbox sends each
// message once; an instance killed mid-batch leaves the rest to the other, without a second copy.

const SECRET = 'two-instances-secret-0123456789abcdef';
const TEAM = 'T0PULSE';
// 08:05 in New York on a Monday: the channel manager's default digest slot (08:00) is due.
const NOW = '2026-11-23T13:05:00Z';

let handle: DbHandle;
let slack: FakeSlack;
const servers: ServeChild[] = [];

const env = (extra: Record<string, string> = {}) => ({
  DATABASE_URL: handle.url,
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_BOT_TOKEN: 'xoxb-test-token',
  SLACK_API_URL: slack.apiUrl,
  PULSE_NOW: NOW,
  ...extra,
});

async function start(extra: Record<string, string> = {}): Promise<ServeChild> {
  const s = await startServeChild(env(extra));
  servers.push(s);
  return s;
}

const slackUser = (userId: number) => `U${String(userId).padStart(6, '0')}`;
/** The outbox key a notification message carries (Slack message metadata). */
const keyOf = (c: RecordedCall) => (c.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
const notificationPosts = () => slack.callsOf('chat.postMessage').filter((c) => keyOf(c) !== undefined);

async function until(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const allSent = async () => {
  const s = await statuses(handle.db);
  return Object.keys(s).length > 0 && Object.keys(s).every((k) => k === 'sent' || k === 'undeliverable');
};

function expectEachOnce(calls: RecordedCall[]): void {
  const keys = calls.map(keyOf);
  expect(new Set(keys).size).toBe(keys.length);
}

beforeAll(async () => {
  handle = await testDb({ demo: true });
  slack = await startFakeSlack({ teamId: TEAM });
  // Everyone is linked in Slack, so every alert and digest goes there (and can be counted there).
  const users = await handle.db.selectFrom('users').select(['id', 'email']).execute();
  for (const u of users) slack.addUser(slackUser(u.id), { teamId: TEAM, email: u.email });
  await handle.db
    .insertInto('chat_identities')
    .values(users.map((u) => ({ platform: 'slack' as const, workspace_id: TEAM, platform_user_id: slackUser(u.id), user_id: u.id })))
    .execute();
});
afterAll(async () => {
  for (const s of servers) s.kill();
  await slack?.close();
});

// Generous: two servers, pg-boss and a lease to run out, on a 2-core machine shared with other test files.
describe('two pulse serve instances on one database', { timeout: 90_000 }, () => {
  let a: ServeChild;
  let b: ServeChild;

  it('run the startup certification sweep both, and each alert reaches its person once', async () => {
    [a, b] = await Promise.all([start(), start()]);
    await until('the alerts to be sent', async () => {
      const rows = await handle.db.selectFrom('notifications').select('status').where('kind', '=', 'cert_expiry').execute();
      return rows.length > 0 && rows.every((r) => r.status === 'sent');
    });
    const alerts = await handle.db.selectFrom('notifications').select(['dedupe_key']).where('kind', '=', 'cert_expiry').execute();
    const posts = notificationPosts();
    expect(posts).toHaveLength(alerts.length);
    expectEachOnce(posts);
  });

  it('answer a Slack event and its retries, each delivered to a different instance, once', async () => {
    const owner = await handle.db.selectFrom('users').select('id').where('email', '=', DEMO.emails.northwindOwner).executeTakeFirstOrThrow();
    const user = slackUser(owner.id);
    const event = { type: 'message', channel_type: 'im', channel: 'D0TWOINST', user, text: 'how close am I to Gold tier?', ts: '1700000100.000100' };
    const deliver = (to: ServeChild, retryNum?: number) =>
      postSigned(`${to.url}/slack/events`, eventBody({ teamId: TEAM, eventId: 'Ev0TWOINST', event }), { secret: SECRET, contentType: 'application/json', retryNum });
    const posts = () => slack.callsOf('chat.postMessage').filter((c) => c.args.channel === 'D0TWOINST');
    // A slow answer first shows "Working on it…", then replaces it with chat.update.
    const shown = () => [...posts(), ...slack.callsOf('chat.update').filter((c) => c.args.channel === 'D0TWOINST')].map((c) => JSON.stringify(c.args));
    expect((await deliver(a)).status).toBe(200);
    expect((await deliver(b, 1)).status).toBe(200);
    expect((await deliver(a, 2)).status).toBe(200);
    expect((await deliver(b, 3)).status).toBe(200);
    await slack.waitFor('the answer', () => shown().some((t) => t.includes('Gold')), 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(posts()).toHaveLength(1);
    expect(shown().filter((t) => t.includes('Gold'))).toHaveLength(1);
  });

  it('run a digest slot that both instances pick up once per person', async () => {
    const boss = new PgBoss({ connectionString: handle.url, schema: BOSS_SCHEMA, supervise: false, schedule: false, max: 1 });
    await boss.start();
    try {
      // Each instance's scheduler at the same slot (pg-boss itself makes one; the outbox keys hold if two slip through).
      await boss.send(QUEUES.digests, {});
      await boss.send(QUEUES.digests, {});
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    await until('both digest jobs to run', async () => {
      const r = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${QUEUES.digests} and state = 'completed'`.execute(handle.db);
      return (r.rows[0]?.n ?? 0) >= 2;
    });
    await until('the digests to be sent', allSent);
    const digests = await handle.db.selectFrom('notifications').select(['recipient_user_id', 'status']).where('kind', '=', 'digest').execute();
    expect(digests.length).toBeGreaterThan(0);
    expect(new Set(digests.map((d) => d.recipient_user_id)).size).toBe(digests.length);
    expect(digests.every((d) => d.status === 'sent')).toBe(true);
    const posts = notificationPosts();
    expectEachOnce(posts);
    const sent = await handle.db.selectFrom('notifications').select('id').where('status', '=', 'sent').execute();
    expect(posts).toHaveLength(sent.length);
  });

  it('send a burst of 40 notifications once between them', async () => {
    const before = notificationPosts().length;
    const nora = await handle.db.selectFrom('users').select('id').where('email', '=', DEMO.emails.northwindOwner).executeTakeFirstOrThrow();
    await enqueueAll(handle.db, Array.from({ length: 40 }, (_, i) => note(nora.id, 1000 + i)));
    await until('the burst to be sent', allSent);
    const posts = notificationPosts();
    expect(posts.length - before).toBe(40);
    expectEachOnce(posts);
  });

  it('one killed mid-batch: the other finishes the work, nothing sent twice', async () => {
    for (const s of [a, b]) {
      s.child.kill('SIGTERM');
      expect(await s.exited, s.stderr()).toEqual({ code: 0, signal: null });
    }
    // A short lease, so the survivor takes over the dead instance's claims within the test.
    const first = await start({ PULSE_OUTBOX_LEASE: '2' });
    const before = notificationPosts().length;
    slack.script('chat.postMessage', ...Array.from({ length: 60 }, () => ({ delayMs: 150 })));
    const nora = await handle.db.selectFrom('users').select('id').where('email', '=', DEMO.emails.northwindOwner).executeTakeFirstOrThrow();
    await enqueueAll(handle.db, Array.from({ length: 30 }, (_, i) => note(nora.id, 2000 + i)));
    await until('the first instance to be mid-batch', async () => notificationPosts().length - before >= 3, 20_000);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const claimed = await handle.db.selectFrom('notifications').select('id').where('status', '=', 'sending').execute();
    expect(claimed.length).toBeGreaterThan(0);

    await start({ PULSE_OUTBOX_LEASE: '2' });
    await until('the survivor to finish the batch', allSent);
    const posts = notificationPosts();
    expect(posts.length - before).toBe(30);
    expectEachOnce(posts);
  });
});
