import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailSenderFor } from '../../adapters/email/email-sender.ts';
import type { DbHandle } from '../../db/connect.ts';
import { DEMO } from '../../db/seed/demo-constants.ts';
import type { App } from '../../src/app.ts';
import { previewDigest } from '../../src/digest/preview.ts';
import { subscriptionStore } from '../../src/digest/subscriptions.ts';
import { listNotifications, retryNotification } from '../../src/notifications/admin.ts';
import { setEmailSubscription } from '../../src/notifications/email-preferences.ts';
import type { NewNotification } from '../../src/notifications/enqueue.ts';
import { createOutboxWorker } from '../../src/notifications/outbox-worker.ts';
import type { Sender } from '../../src/notifications/platform-sender.ts';
import type { Reply } from '../../src/reply/types.ts';
import { appFor } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';
import { startFakePlatform, type FakePlatform } from '../notifications/fake-platform.ts';
import { httpSender } from '../notifications/http-sender.ts';
import { enqueueAll, FAST as OUTBOX_FAST, note, statuses, until, userId } from '../notifications/outbox-helpers.ts';
import { rawHeader, startFakeSmtp, type FakeSmtp } from '../notifications/fake-smtp.ts';

// The first chart drawn loads its engines (seconds on a busy 2-core machine): more time than FAST's 2 s.
const FAST = { ...OUTBOX_FAST, sendTimeoutMs: 20_000, leaseMs: 60_000 };

// Email through the same outbox as Slack and Teams, against a real SMTP server on loopback.

const TODAY = '2026-11-23';
const SECRET = 'test-unsubscribe-secret-of-forty-characters';
let handle: DbHandle;
let app: App;
let smtp: FakeSmtp;
let email: Sender;
let digest: Reply;
let manager: number;
let nora: number;

const emailFor = (s: FakeSmtp): Sender => {
  const sender = emailSenderFor(
    { SMTP_URL: s.url, PULSE_MAIL_FROM: 'Partner Pulse <pulse@contoso.example>', PULSE_PUBLIC_URL: 'https://pulse.contoso.example', PULSE_UNSUBSCRIBE_SECRET: SECRET },
    { timeoutMs: 2_000 },
  );
  if (!sender) throw new Error('email sender not configured');
  return sender;
};

beforeAll(async () => {
  handle = await testDb({ demo: true });
  app = await appFor(handle);
  manager = await userId(handle.db, DEMO.emails.manager);
  nora = await userId(handle.db, DEMO.emails.northwindOwner);
  const preview = await previewDigest(app, DEMO.emails.manager, new Date(`${TODAY}T12:00:00Z`));
  if (!preview.ok) throw new Error(preview.error.message);
  digest = preview.value.reply;
}, 60_000);
afterAll(async () => handle?.close());
beforeEach(async () => {
  await handle.db.deleteFrom('notifications').execute();
  await handle.db.deleteFrom('digest_subscriptions').execute();
  await handle.db.deleteFrom('email_opt_outs').execute();
  await handle.db.deleteFrom('chat_identities').execute();
  smtp = await startFakeSmtp();
  email = emailFor(smtp);
});
afterEach(async () => {
  await email.close?.();
  await smtp.close();
});

const digestFor = (recipientUserId: number): NewNotification => ({
  kind: 'digest',
  subject: `user-${recipientUserId}`,
  period: `${TODAY}T08:00`,
  recipientUserId,
  payload: { reply: digest },
});

const onlyRow = () => handle.db.selectFrom('notifications').selectAll().executeTakeFirstOrThrow();
const unescape = (html: string) => html.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe('email delivery', () => {
  it('delivers a digest once, with an HTML and a plain-text body of the same facts and its chart inline', async () => {
    await enqueueAll(handle.db, [digestFor(manager)]);
    const worker = createOutboxWorker(handle.db, [email], FAST);
    expect((await worker.runOnce()).sent).toBe(1);
    expect((await worker.runOnce()).claimed).toBe(0);

    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    const { parsed } = mail;
    expect(mail.to).toEqual([DEMO.emails.manager]);
    expect(parsed.subject).toMatch(/^Weekly digest for \d+ partners, Nov 16 – 22, 2026: revenue \$/);
    const text = parsed.text ?? '';
    const html = unescape(typeof parsed.html === 'string' ? parsed.html : '');
    expect(digest.facts.length).toBeGreaterThan(3);
    for (const body of [text, html]) {
      expect(body).toContain(digest.summary);
      for (const f of digest.facts) {
        expect(body).toContain(f.label);
        expect(body).toContain(f.display);
      }
      for (const row of digest.table?.rows ?? []) for (const cell of row) expect(body).toContain(cell);
    }
    // The chart: an inline PNG the HTML shows by Content-ID, and the same chart drawn in text.
    expect(digest.charts).toHaveLength(1);
    const images = parsed.attachments.filter((a) => a.contentType === 'image/png');
    expect(images).toHaveLength(1);
    const png = images[0]!;
    expect(png.contentDisposition).toBe('inline');
    expect(png.content.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(html).toContain(`src="cid:${png.cid ?? 'missing'}"`);
    expect(text).toContain(digest.charts[0]!.title);
    // One Message-ID per outbox row, recorded as the platform message id.
    const row = await onlyRow();
    expect(row).toMatchObject({ status: 'sent', platform: 'email', attempts: 1 });
    expect(row.platform_message_id).toBe(parsed.messageId);
    expect(parsed.messageId).toMatch(/^<pulse-\d+-[a-z0-9]+-[a-z0-9]+@contoso\.example>$/);
    // Unsubscribe: the header mail programs use for their button, one-click, and the link in both bodies.
    expect(rawHeader(parsed, 'List-Unsubscribe')).toMatch(/^<https:\/\/pulse\.contoso\.example\/unsubscribe\?token=v1\.\d+\.digest\.[\w-]{43}>$/);
    expect(rawHeader(parsed, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(text).toMatch(/Unsubscribe: https:\/\/pulse\.contoso\.example\/unsubscribe\?token=v1\.\d+\.digest\.[\w-]{43}/);
    expect(html).toMatch(/href="https:\/\/pulse\.contoso\.example\/unsubscribe\?token=v1\.\d+\.digest\.[\w-]{43}"/);
    expect(text).toContain('stop my digest');
  });

  it('tries again after a 4xx, at RCPT or after DATA, and delivers one copy', async () => {
    await enqueueAll(handle.db, [note(nora, 1)]);
    const worker = createOutboxWorker(handle.db, [email], FAST);
    smtp.rcptFault = { code: 451, count: 1 };
    expect((await worker.runOnce()).retried).toBe(1);
    let row = await onlyRow();
    expect(row).toMatchObject({ status: 'pending', attempts: 1, platform: 'email', uncertain: false });
    expect(row.last_error).toMatch(/451/);

    smtp.dataFault = { code: 452, count: 1 };
    await until(async () => (await onlyRow()).attempts >= 2, () => worker.runOnce());
    row = await onlyRow();
    expect(row).toMatchObject({ status: 'pending', attempts: 2, uncertain: false });
    expect(row.last_error).toMatch(/452/);
    expect(smtp.arrivals).toBe(1);

    await until(async () => (await statuses(handle.db)).sent === 1, () => worker.runOnce());
    expect(smtp.received).toHaveLength(1);
    expect((await onlyRow()).attempts).toBe(3);
  });

  it('gives up on a 5xx at once: a dead letter in pulse notifications --failed, sent again only by --retry', async () => {
    await enqueueAll(handle.db, [note(nora, 1)]);
    const worker = createOutboxWorker(handle.db, [email], FAST);
    smtp.rcptFault = { code: 550, count: 1 };
    expect((await worker.runOnce()).failed).toBe(1);
    for (let i = 0; i < 3; i++) expect((await worker.runOnce()).claimed).toBe(0);
    const [failed] = await listNotifications(handle.db, { failed: true });
    expect(failed).toMatchObject({ status: 'failed', platform: 'email', attempts: 1, recipient: DEMO.emails.northwindOwner });
    expect(failed?.lastError).toMatch(/550.*No such user here.*pulse notifications --retry ID/);
    expect(smtp.received).toHaveLength(0);

    expect((await retryNotification(handle.db, failed!.id)).ok).toBe(true);
    expect((await worker.runOnce()).sent).toBe(1);
    expect(smtp.received).toHaveLength(1);
  });

  it('sends a message cut off after DATA again under the same Message-ID, and a server that dedupes keeps one copy', async () => {
    await enqueueAll(handle.db, [note(nora, 1)]);
    const worker = createOutboxWorker(handle.db, [email], FAST);
    smtp.dropAfterData = 1;
    expect((await worker.runOnce()).retried).toBe(1);
    const row = await onlyRow();
    // It may have arrived (it did): the row says so.
    expect(row).toMatchObject({ status: 'pending', uncertain: true });
    expect(smtp.received).toHaveLength(1);

    await until(async () => (await statuses(handle.db)).sent === 1, () => worker.runOnce());
    expect(smtp.arrivals).toBe(2);
    expect(smtp.duplicates).toBe(1);
    expect(smtp.received).toHaveLength(1);
    expect((await onlyRow()).platform_message_id).toBe(smtp.received[0]?.parsed.messageId);
  });

  it('is at-least-once where the server cannot tell: two copies, one Message-ID (docs/email.md)', async () => {
    await email.close?.();
    await smtp.close();
    smtp = await startFakeSmtp({ dedupe: false });
    email = emailFor(smtp);
    await enqueueAll(handle.db, [note(nora, 1)]);
    const worker = createOutboxWorker(handle.db, [email], FAST);
    smtp.dropAfterData = 1;
    await until(async () => (await statuses(handle.db)).sent === 1, () => worker.runOnce());
    expect(smtp.received).toHaveLength(2);
    expect(new Set(smtp.received.map((r) => r.parsed.messageId)).size).toBe(1);
  });
});

describe('routing', () => {
  let slack: FakePlatform;
  beforeEach(async () => {
    slack = await startFakePlatform();
  });
  afterEach(async () => slack.close());

  const link = (user: number, id: string) =>
    handle.db.insertInto('chat_identities').values({ platform: 'slack', workspace_id: 'T1', platform_user_id: id, user_id: user }).execute();

  it('uses the linked chat platform first, email for people with none, and email for a digest asked for by email', async () => {
    await link(manager, 'U_MANAGER');
    const worker = createOutboxWorker(handle.db, [httpSender(slack.url, 'slack', false), email], FAST);
    await enqueueAll(handle.db, [note(manager, 1), note(nora, 2), digestFor(manager)]);
    await until(async () => (await statuses(handle.db)).sent === 3, () => worker.runOnce());
    const byUser = await handle.db.selectFrom('notifications').select(['recipient_user_id', 'kind', 'platform']).orderBy('id').execute();
    expect(byUser).toEqual([
      { recipient_user_id: manager, kind: 'push', platform: 'slack' },
      { recipient_user_id: nora, kind: 'push', platform: 'email' },
      { recipient_user_id: manager, kind: 'digest', platform: 'slack' },
    ]);

    // "send my digest by email": the digest goes by email, alerts still to chat.
    const store = subscriptionStore(handle.db);
    await store.set(manager, { minute: 0, hour: 8, days: [1] }, DEMO.managerTimeZone, 'email');
    await enqueueAll(handle.db, [{ ...digestFor(manager), period: `${TODAY}T09:00` }, note(manager, 3)]);
    await until(async () => (await statuses(handle.db)).sent === 5, () => worker.runOnce());
    const later = await handle.db.selectFrom('notifications').select(['kind', 'platform']).where('id', '>', 0).orderBy('id').offset(3).execute();
    expect(later).toEqual([
      { kind: 'digest', platform: 'email' },
      { kind: 'push', platform: 'slack' },
    ]);
    expect(smtp.received.map((r) => r.to[0])).toEqual([DEMO.emails.northwindOwner, DEMO.emails.manager]);
  });

  it('sends nothing by email to someone who unsubscribed: alerts opted out, a digest stopped', async () => {
    const worker = createOutboxWorker(handle.db, [email], FAST);
    expect((await setEmailSubscription(handle.db, nora, 'alerts', false)).ok).toBe(true);
    expect((await setEmailSubscription(handle.db, manager, 'digest', false)).ok).toBe(true);
    await enqueueAll(handle.db, [note(nora, 1), digestFor(manager)]);
    await worker.runOnce();
    const rows = await handle.db.selectFrom('notifications').select(['status', 'last_error']).orderBy('id').execute();
    expect(rows).toEqual([
      { status: 'undeliverable', last_error: `${DEMO.emails.northwindOwner} unsubscribed from alert emails` },
      { status: 'undeliverable', last_error: `${DEMO.emails.manager} stopped the digest (unsubscribed)` },
    ]);
    expect(smtp.arrivals).toBe(0);
  });
});
