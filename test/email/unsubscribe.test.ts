import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailSenderFor } from '../../adapters/email/email-sender.ts';
import type { DbHandle } from '../../db/connect.ts';
import { DEMO } from '../../db/seed/demo-constants.ts';
import { subscriptionStore } from '../../src/digest/subscriptions.ts';
import { emailSubscription } from '../../src/notifications/email-preferences.ts';
import { createOutboxWorker } from '../../src/notifications/outbox-worker.ts';
import { readUnsubscribeToken, unsubscribeToken } from '../../src/notifications/unsubscribe.ts';
import { startHttpServer, type RunningServer } from '../../src/server/http-server.ts';
import { unsubscribeRoutes } from '../../src/server/unsubscribe-route.ts';
import { textReply } from '../../src/reply/types.ts';
import { testDb } from '../helpers/db.ts';
import { enqueueAll, FAST, note, userId } from '../notifications/outbox-helpers.ts';
import { rawHeader, startFakeSmtp, type FakeSmtp } from '../notifications/fake-smtp.ts';

const SECRET = 'another-test-secret-that-is-long-enough-1234';
let handle: DbHandle;
let server: RunningServer;
let manager: number;
let nora: number;

beforeAll(async () => {
  handle = await testDb({ demo: true });
  manager = await userId(handle.db, DEMO.emails.manager);
  nora = await userId(handle.db, DEMO.emails.northwindOwner);
  server = await startHttpServer({ port: 0, host: '127.0.0.1', routes: unsubscribeRoutes({ db: handle.db, secret: SECRET, log: pino({ level: 'silent' }) }), log: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await server?.close();
  await handle?.close();
});
beforeEach(async () => {
  await handle.db.deleteFrom('notifications').execute();
  await handle.db.deleteFrom('digest_subscriptions').execute();
  await handle.db.deleteFrom('email_opt_outs').execute();
});

const linkFor = (user: number, topic: 'digest' | 'alerts') => `${server.url}/unsubscribe?token=${unsubscribeToken(SECRET, { userId: user, topic })}`;
const digestOn = async (user: number) => (await subscriptionStore(handle.db).get(user))?.enabled ?? false;
const alertsOn = async (user: number) => {
  const s = await emailSubscription(handle.db, user, 'alerts');
  if (!s.ok) throw new Error(s.error.message);
  return s.value.subscribed;
};

describe('unsubscribe token', () => {
  it('names the person and what they stop, and refuses any change to it', () => {
    const token = unsubscribeToken(SECRET, { userId: 42, topic: 'digest' });
    expect(readUnsubscribeToken(SECRET, token)).toEqual({ ok: true, value: { userId: 42, topic: 'digest' } });
    const forged = token.replace('v1.42.', 'v1.43.');
    expect(readUnsubscribeToken(SECRET, forged).ok).toBe(false);
    expect(readUnsubscribeToken(SECRET, token.replace('.digest.', '.alerts.')).ok).toBe(false);
    expect(readUnsubscribeToken('some-other-secret-of-enough-length-000000', token).ok).toBe(false);
    expect(readUnsubscribeToken(SECRET, token.slice(0, -3)).ok).toBe(false);
  });
});

describe('GET/POST /unsubscribe', () => {
  it('shows the page on GET and changes nothing (mail scanners open every link)', async () => {
    const res = await fetch(linkFor(manager, 'digest'));
    expect(res.status).toBe(200);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toContain(`Stop the weekly digest for ${DEMO.emails.manager}?`);
    expect(html).toContain('<form method="post"');
    expect(await digestOn(manager)).toBe(true);
  });

  it('turns the digest off with the one-click POST of RFC 8058, and back on from the page', async () => {
    const res = await fetch(linkFor(manager, 'digest'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('will not get the weekly digest any more');
    expect(await digestOn(manager)).toBe(false);
    // The managers' default does not come back by itself.
    const again = await fetch(linkFor(manager, 'digest'));
    expect(await again.text()).toContain('no longer gets the weekly digest');

    const back = await fetch(linkFor(manager, 'digest'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=resubscribe' });
    expect(await back.text()).toContain('gets the weekly digest again');
    expect(await digestOn(manager)).toBe(true);
  });

  it('records an opt-out of alert emails for an alert link', async () => {
    expect(await alertsOn(nora)).toBe(true);
    await fetch(linkFor(nora, 'alerts'), { method: 'POST', body: 'action=unsubscribe', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(await alertsOn(nora)).toBe(false);
    // Someone else's mail is untouched.
    expect(await alertsOn(manager)).toBe(true);
  });

  it('refuses a link that was cut short or changed, with a page that says what to do', async () => {
    const broken = linkFor(manager, 'digest').slice(0, -5);
    const res = await fetch(broken, { method: 'POST', body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/not complete or not valid; open it again from the email/);
    expect(await digestOn(manager)).toBe(true);
    expect((await fetch(`${server.url}/unsubscribe`)).status).toBe(400);
  });
});

describe('the link in a delivered email', () => {
  let smtp: FakeSmtp;
  beforeEach(async () => {
    smtp = await startFakeSmtp();
  });
  afterEach(async () => smtp.close());

  it('opens a page on this server that stops that mail', async () => {
    const sender = emailSenderFor({ SMTP_URL: smtp.url, PULSE_MAIL_FROM: 'pulse@contoso.example', PULSE_PUBLIC_URL: server.url, PULSE_UNSUBSCRIBE_SECRET: SECRET });
    if (!sender) throw new Error('not configured');
    try {
      await enqueueAll(handle.db, [note(nora, 1), { ...note(manager, 2), kind: 'digest', payload: { reply: textReply('Your weekly digest.', '2026-11-23T00:00:00Z') } }]);
      expect((await createOutboxWorker(handle.db, [sender], FAST).runOnce()).sent).toBe(2);
    } finally {
      await sender.close?.();
    }
    for (const mail of smtp.received) {
      const url = rawHeader(mail.parsed, 'List-Unsubscribe')?.replace(/^<|>$/g, '');
      expect(url?.startsWith(`${server.url}/unsubscribe?token=`)).toBe(true);
      expect((await fetch(url ?? '', { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(200);
    }
    expect(await alertsOn(nora)).toBe(false);
    expect(await digestOn(manager)).toBe(false);
  });
});
