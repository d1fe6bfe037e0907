import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/ops/metrics.ts';
import { countedSender } from '../../src/ops/counted-sender.ts';
import type { DeliveryError, Sender } from '../../src/notifications/platform-sender.ts';
import { textReply } from '../../src/reply/types.ts';
import { testDb } from '../helpers/db.ts';

// What the outbox and the job queue record, and that two apps' registries stay apart.

const value = (text: string, sample: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
};

const recipient = { userId: 1, email: 'a@example.com', name: 'A', timeZone: 'UTC' };
const opts = { idempotencyKey: 'k', kind: 'digest' as const, signal: new AbortController().signal };

describe('recording', () => {
  it('counts deliveries and failures by channel through the sender, and job runs and failures by queue', async () => {
    const handle = await testDb({ demo: false });
    const metrics = createMetrics({ db: handle.db, pool: handle.pool });
    const other = createMetrics({ db: handle.db, pool: handle.pool });
    const outcomes: ({ ok: true; messageId: string } | { ok: false; error: DeliveryError })[] = [
      { ok: true, messageId: 'm1' },
      { ok: false, error: { kind: 'deferred', message: '451 try later' } },
      { ok: false, error: { kind: 'rejected', message: '550 no such user' } },
    ];
    let closed = false;
    const email: Sender = {
      platform: 'email',
      reachesUnlinked: true,
      send: async () => outcomes.shift() ?? { ok: true, messageId: 'm' },
      close: async () => {
        closed = true;
      },
    };
    const slack: Sender = {
      platform: 'slack',
      reachesUnlinked: false,
      send: async () => {
        throw new Error('socket hang up');
      },
      lookup: async () => ({ ok: true, found: { messageId: 'ts1' } }),
    };
    const e = countedSender(email, metrics);
    const s = countedSender(slack, metrics);
    expect(e.lookup).toBeUndefined();
    const reply = textReply('hello', new Date().toISOString());
    for (let i = 0; i < 3; i++) await e.send(recipient, reply, opts);
    await expect(s.send(recipient, reply, opts)).rejects.toThrow('socket hang up');
    expect(await s.lookup?.(recipient, 'k', new Date())).toEqual({ ok: true, found: { messageId: 'ts1' } });
    await e.close?.();
    expect(closed).toBe(true);

    expect(await metrics.jobRun('pulse-digests', async () => 7)).toBe(7);
    await expect(metrics.jobRun('pulse-digests', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');

    const text = await metrics.registry.metrics();
    expect(value(text, 'pulse_outbox_deliveries_total{channel="email"}')).toBe(1);
    expect(value(text, 'pulse_outbox_delivery_failures_total{channel="email",reason="deferred"}')).toBe(1);
    expect(value(text, 'pulse_outbox_delivery_failures_total{channel="email",reason="rejected"}')).toBe(1);
    expect(value(text, 'pulse_outbox_delivery_failures_total{channel="slack",reason="unavailable"}')).toBe(1);
    // The lookup found the earlier attempt's message: delivered after all.
    expect(value(text, 'pulse_outbox_deliveries_total{channel="slack"}')).toBe(1);
    expect(value(text, 'pulse_job_runs_total{queue="pulse-digests"}')).toBe(2);
    expect(value(text, 'pulse_job_failures_total{queue="pulse-digests"}')).toBe(1);

    // Another app's registry saw none of it, and both can add the process metrics.
    metrics.withProcessMetrics();
    other.withProcessMetrics();
    const theirs = await other.registry.metrics();
    expect(value(theirs, 'pulse_job_runs_total{queue="pulse-digests"}')).toBeUndefined();
    expect(theirs).toMatch(/^process_resident_memory_bytes \d/m);
  });
});
