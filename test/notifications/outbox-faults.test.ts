import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { DEMO } from '../../db/seed/demo-constants.ts';
import { enqueue } from '../../src/notifications/enqueue.ts';
import { createOutboxWorker } from '../../src/notifications/outbox-worker.ts';
import { testDb } from '../helpers/db.ts';
import { startFakePlatform, type FakePlatform } from './fake-platform.ts';
import { httpSender } from './http-sender.ts';
import { enqueueAll, FAST, note, pause, statuses, until, userId } from './outbox-helpers.ts';

let handle: DbHandle;
let platform: FakePlatform;
let nora: number;

beforeAll(async () => {
  handle = await testDb({ demo: true });
  nora = await userId(handle.db, DEMO.emails.northwindOwner);
});
afterAll(async () => handle?.close());
beforeEach(async () => {
  platform = await startFakePlatform();
  await handle.db.deleteFrom('notifications').execute();
});
afterEach(async () => platform.close());

const row = (id: number) => handle.db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const onlyRow = () => handle.db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow();
const keysDelivered = () => platform.deliveries.map((d) => d.key);

describe('enqueue', () => {
  it('leaves no notification when the transaction that caused it rolls back', async () => {
    await expect(
      handle.db.transaction().execute(async (trx) => {
        await enqueue(trx, [note(nora, 1)]);
        throw new Error('the state change failed');
      }),
    ).rejects.toThrow('the state change failed');
    expect(await statuses(handle.db)).toEqual({});
  });

  it('stores the same event once, however often it is enqueued', async () => {
    expect(await enqueueAll(handle.db, [note(nora, 1), note(nora, 1)])).toBe(1);
    expect(await enqueueAll(handle.db, [note(nora, 1)])).toBe(0);
    expect(await statuses(handle.db)).toEqual({ pending: 1 });
  });
});

describe('delivery faults', () => {
  it('delivers everything once after the platform answers 500 for a while', async () => {
    await enqueueAll(handle.db, [1, 2, 3, 4, 5].map((n) => note(nora, n)));
    let failures = 0;
    // Down for the first 12 sends: several rounds of backoff for every message.
    platform.failWhile = () => failures++ < 12;
    const worker = createOutboxWorker(handle.db, [httpSender(platform.url)], FAST);
    await until(async () => (await statuses(handle.db)).sent === 5, () => worker.runOnce());

    expect(await statuses(handle.db)).toEqual({ sent: 5 });
    expect(platform.requests.filter((r) => r.status === 500)).toHaveLength(12);
    expect(new Set(keysDelivered()).size).toBe(5);
    expect(platform.deliveries).toHaveLength(5);
  });

  it('waits as long as a 429 Retry-After says, without using up an attempt', async () => {
    const [id] = await handle.db.transaction().execute(async (trx) => {
      await enqueue(trx, [note(nora, 1)]);
      return (await trx.selectFrom('notifications').select('id').execute()).map((r) => r.id);
    });
    platform.rateLimit = { count: 1, retryAfterSeconds: 1 };
    const worker = createOutboxWorker(handle.db, [httpSender(platform.url)], FAST);

    expect((await worker.runOnce()).retried).toBe(1);
    const waiting = await row(Number(id));
    expect(waiting.status).toBe('pending');
    expect(waiting.attempts).toBe(0);
    const wait = await sql<{ ms: number }>`select extract(epoch from (next_attempt_at - now())) * 1000 as ms from notifications`.execute(handle.db);
    expect(Number(wait.rows[0]?.ms)).toBeGreaterThan(800);

    // Not due yet: nothing is claimed and the platform hears nothing.
    const before = platform.requests.length;
    expect((await worker.runOnce()).claimed).toBe(0);
    expect(platform.requests.length).toBe(before);

    await pause(1_100);
    expect((await worker.runOnce()).sent).toBe(1);
    expect(platform.deliveries).toHaveLength(1);
  });

  it('reconciles a send that timed out with the platform instead of sending it again', async () => {
    await enqueueAll(handle.db, [note(nora, 1)]);
    platform.acceptAndHang = () => {};
    const worker = createOutboxWorker(handle.db, [httpSender(platform.url)], { ...FAST, sendTimeoutMs: 150 });

    expect((await worker.runOnce()).retried).toBe(1);
    const uncertain = await onlyRow();
    expect(uncertain).toMatchObject({ status: 'pending', uncertain: true });
    expect(uncertain.last_error).toMatch(/no answer within 150 ms/);

    await until(async () => (await onlyRow()).status === 'sent', () => worker.runOnce());
    expect(await onlyRow()).toMatchObject({ status: 'sent', platform_message_id: 'm1' });
    expect(platform.deliveries).toHaveLength(1);
  });

  it('delivers exactly once when the sender is killed after the platform accepted the message', async () => {
    await enqueueAll(handle.db, [note(nora, 1)]);
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'worker-child.ts'), handle.url, platform.url, '300'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LOG_LEVEL: 'silent' },
    });
    const killed = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    platform.acceptAndHang = () => child.kill('SIGKILL');
    expect(await killed).toBe('SIGKILL');

    // The platform has it; the outbox still says 'sending' under the dead process's lease.
    expect(platform.deliveries).toHaveLength(1);
    expect((await onlyRow()).status).toBe('sending');

    const restarted = createOutboxWorker(handle.db, [httpSender(platform.url)], FAST);
    await until(async () => (await onlyRow()).status === 'sent', () => restarted.runOnce());
    expect(await onlyRow()).toMatchObject({ status: 'sent', platform_message_id: 'm1', uncertain: true });
    expect(platform.deliveries).toHaveLength(1);
  });

  it('stopping with a deadline sends no more after it and releases the rest of the batch to another sender at once', async () => {
    await enqueueAll(handle.db, [1, 2, 3, 4, 5].map((n) => note(nora, n)));
    const inner = httpSender(platform.url);
    let firstSend: () => void = () => {};
    const sending = new Promise<void>((r) => (firstSend = r));
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    // The first send waits until the worker has been told to stop; the deadline has passed by then.
    const slow = {
      ...inner,
      send: async (...args: Parameters<typeof inner.send>) => {
        firstSend();
        await held;
        return inner.send(...args);
      },
    };
    const stopping = createOutboxWorker(handle.db, [slow], { ...FAST, leaseMs: 600_000 });
    const batch = stopping.runOnce();
    await sending;
    const stopped = stopping.stop(Date.now());
    release();
    expect((await batch).sent).toBe(1);
    await stopped;
    expect(await statuses(handle.db)).toEqual({ sent: 1, pending: 4 });
    const left = await handle.db.selectFrom('notifications').selectAll().where('status', '=', 'pending').execute();
    expect(left.map((r) => r.attempts)).toEqual([0, 0, 0, 0]);
    // Not held under the 10-minute lease: another sender takes them now.
    const other = createOutboxWorker(handle.db, [httpSender(platform.url)], FAST);
    expect((await other.runOnce()).sent).toBe(4);
    expect(new Set(keysDelivered()).size).toBe(5);
    expect(platform.deliveries).toHaveLength(5);
  });

  it('sends each message once when two workers run at the same time', async () => {
    await enqueueAll(handle.db, Array.from({ length: 30 }, (_, i) => note(nora, i)));
    const a = createOutboxWorker(handle.db, [httpSender(platform.url)], { ...FAST, batchSize: 4 });
    const b = createOutboxWorker(handle.db, [httpSender(platform.url)], { ...FAST, batchSize: 4 });
    await until(async () => (await statuses(handle.db)).sent === 30, () => Promise.all([a.runOnce(), b.runOnce()]));
    expect(platform.deliveries).toHaveLength(30);
    expect(new Set(keysDelivered()).size).toBe(30);
  });
});

describe('recipients that cannot be reached', () => {
  it('records a recipient with no linked platform as undeliverable, with the reason, and stops', async () => {
    await enqueueAll(handle.db, [note(nora, 1)]);
    // A platform that needs a link (Slack, Teams); Nora never used Partner Pulse there.
    const worker = createOutboxWorker(handle.db, [httpSender(platform.url, 'slack', false)], FAST);
    expect((await worker.runOnce()).undeliverable).toBe(1);
    const r = await onlyRow();
    expect(r.status).toBe('undeliverable');
    expect(r.last_error).toMatch(/owner@northwind\.example has no linked Slack account/);
    expect((await worker.runOnce()).claimed).toBe(0);
    expect(platform.requests).toHaveLength(0);
  });

  it('records a user the platform does not know as undeliverable, not retried', async () => {
    await enqueueAll(handle.db, [note(nora, 1)]);
    platform.unknownUsers.add(DEMO.emails.northwindOwner);
    const worker = createOutboxWorker(handle.db, [httpSender(platform.url)], FAST);
    expect((await worker.runOnce()).undeliverable).toBe(1);
    expect((await worker.runOnce()).claimed).toBe(0);
    expect((await onlyRow()).last_error).toMatch(/user not found/);
    expect(platform.requests).toHaveLength(1);
  });

  it('gives up after the last attempt and shows the row as failed', async () => {
    await enqueueAll(handle.db, [note(nora, 1)]);
    platform.failWhile = () => true;
    const worker = createOutboxWorker(handle.db, [httpSender(platform.url)], { ...FAST, maxAttempts: 3 });
    await until(async () => (await onlyRow()).status === 'failed', () => worker.runOnce(), 100);
    const r = await onlyRow();
    expect(r).toMatchObject({ status: 'failed', attempts: 3 });
    expect(r.last_error).toMatch(/gave up after 3 attempts: platform error 500/);
    expect(platform.requests.filter((q) => q.method === 'POST')).toHaveLength(3);
  });
});
