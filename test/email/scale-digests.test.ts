import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailSenderFor } from '../../adapters/email/email-sender.ts';
import type { DbHandle } from '../../db/connect.ts';
import { seedScale } from '../../db/seed/scale.ts';
import type { App } from '../../src/app.ts';
import { runDigests } from '../../src/digest/run-digests.ts';
import { createOutboxWorker } from '../../src/notifications/outbox-worker.ts';
import { appFor } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';
import { FAST as OUTBOX_FAST, statuses, until } from '../notifications/outbox-helpers.ts';
import { startFakeSmtp, type FakeSmtp } from '../notifications/fake-smtp.ts';

// The first chart drawn loads its engines (seconds on a busy 2-core machine): more time than FAST's 2 s.
const FAST = { ...OUTBOX_FAST, sendTimeoutMs: 20_000, leaseMs: 60_000 };

// The scale set (`pulse db seed --scale`) at a small size: its channel managers have an email and
// no chat link, as in the 5,000-partner set. Each gets the weekly digest, by email.

const T = '2026-11-23';
let h: DbHandle;
let app: App;
let smtp: FakeSmtp;

beforeAll(async () => {
  h = await testDb({ demo: false });
  await seedScale(h, { partners: 150, today: T });
  app = await appFor(h);
  smtp = await startFakeSmtp();
}, 120_000);
afterAll(async () => {
  await smtp?.close();
  await h?.close();
});

describe('digests in the scale set', () => {
  it('enqueues a digest for every channel manager, none of them linked in chat, and emails each of them once', async () => {
    const managers = await h.db.selectFrom('users').select(['id', 'email']).where('role', '=', 'channel_manager').orderBy('id').execute();
    expect(managers.length).toBeGreaterThanOrEqual(3);
    expect(managers.every((m) => m.email.includes('@'))).toBe(true);
    expect(await h.db.selectFrom('chat_identities').select('id').execute()).toEqual([]);

    const summary = await runDigests(app, new Date(`${T}T08:00:00Z`), { forceSlot: `${T}T08:00` });
    expect(summary).toEqual({ due: managers.length, enqueued: managers.length, alreadyQueued: 0, failed: 0 });
    const queued = await h.db.selectFrom('notifications').select('recipient_user_id').where('kind', '=', 'digest').orderBy('recipient_user_id').execute();
    expect(queued.map((q) => q.recipient_user_id)).toEqual(managers.map((m) => m.id));

    const email = emailSenderFor({ SMTP_URL: smtp.url, PULSE_MAIL_FROM: 'pulse@contoso.example', PULSE_PUBLIC_URL: 'https://pulse.contoso.example', PULSE_UNSUBSCRIBE_SECRET: 's'.repeat(32) });
    if (!email) throw new Error('email not configured');
    try {
      const worker = createOutboxWorker(h.db, [email], FAST);
      await until(async () => (await statuses(h.db)).sent === managers.length, () => worker.runOnce(), 50);
    } finally {
      await email.close?.();
    }
    expect(await statuses(h.db)).toEqual({ sent: managers.length });
    expect(smtp.received.map((r) => r.to[0]).sort()).toEqual(managers.map((m) => m.email).sort());
    for (const r of smtp.received) expect(r.parsed.attachments.filter((a) => a.contentType === 'image/png')).toHaveLength(1);
  }, 120_000);
});
