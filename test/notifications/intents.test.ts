import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { DEMO } from '../../db/seed/demo-constants.ts';
import type { IntentContext } from '../../intents/types.ts';
import { pushAlert } from '../../intents/push-alert.ts';
import { pushService } from '../../src/alerts/push.ts';
import { runIntent } from '../../src/core/run-intent.ts';
import type { Trace } from '../../src/core/trace.ts';
import { intentActions } from '../../src/notifications/intent-actions.ts';
import { payloadReply } from '../../src/notifications/payload.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, plan, program, run } from '../intents/ask.ts';
import { grade, readExam } from '../planner/exam.ts';

let handle: DbHandle;

beforeAll(async () => {
  handle = await testDb({ demo: true });
});
afterAll(async () => handle?.close());
beforeEach(async () => {
  await handle.db.deleteFrom('notifications').execute();
  await handle.db.deleteFrom('digest_subscriptions').execute();
});

/** The context the core builds: the verified asker plus the write ports. */
async function ctxFor(email: string): Promise<IntentContext> {
  return { ...(await contextFor(handle.db, email)), actions: intentActions(handle.db, program()) };
}

async function say(email: string, text: string) {
  const ctx = await ctxFor(email);
  const p = await plan(ctx, text);
  if (p.kind !== 'intent') return { plan: p, result: undefined };
  return { plan: p, result: await run(ctx, p.intent, p.args) };
}

describe('planner', () => {
  // The exam's train lines for these two intents, graded as `npm run exam` grades them.
  const rows = readExam('train.jsonl').filter((r) => r.intent === 'digest_subscribe' || r.intent === 'push_alert');

  it.each(rows)('plans "$text" to $intent', async (r) => {
    const ctx = await ctxFor(r.as);
    const g = grade(r, await plan(ctx, r.text), ctx);
    expect(g.why ?? 'ok').toBe('ok');
  });
});

describe('digest_subscribe', () => {
  it('subscribes, reports, moves and stops the asker’s own digest in their time zone', async () => {
    const sub = await say(DEMO.emails.manager, 'send me a weekly digest every Thursday at 4:15pm');
    expect(sub.result?.reply.summary).toBe('Done: you will get a digest of your partners’ week Thursdays at 16:15 (America/New_York).');
    const row = await handle.db.selectFrom('digest_subscriptions').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ cron: '15 16 * * 4', time_zone: DEMO.managerTimeZone, enabled: true, is_default: false });

    expect((await say(DEMO.emails.manager, 'what am I subscribed to?')).result?.reply.summary).toBe(
      'You get the weekly digest Thursdays at 16:15 (America/New_York).',
    );
    expect((await say(DEMO.emails.manager, 'stop my digest')).result?.reply.summary).toMatch(/not get the weekly digest any more/);
    expect((await handle.db.selectFrom('digest_subscriptions').select('enabled').executeTakeFirstOrThrow()).enabled).toBe(false);
    expect((await say(DEMO.emails.manager, 'what am I subscribed to?')).result?.reply.summary).toBe('You are not subscribed to a digest.');
  });

  it('tells a manager about the default before they ever subscribed, and a partner that it has none', async () => {
    expect((await say(DEMO.emails.manager, 'what am I subscribed to?')).result?.reply.summary).toMatch(/Mondays at 08:00 \(America\/New_York\).*default/);
    expect((await say(DEMO.emails.northwindSeller, 'what am I subscribed to?')).result?.reply.summary).toBe('You are not subscribed to a digest.');
  });
});

describe('push_alert', () => {
  it('is refused to anyone but a vendor admin, by the core, by the handler and by the service itself', async () => {
    for (const email of [DEMO.emails.manager, DEMO.emails.northwindOwner]) {
      const ctx = await ctxFor(email);
      const p = await plan(ctx, 'alert Gold partners about certifications expiring within 30 days');
      // The planner names what was asked; the core's role check refuses it before any handler runs.
      expect(p).toMatchObject({ kind: 'intent', intent: 'push_alert' });
      const t: Trace = { userId: null, actor: '', user: null, planner: null, intent: null, args: {} };
      const step = await runIntent(pushAlert, p.kind === 'intent' ? p.args : {}, ctx, t);
      expect(step.outcome).toBe('denied');
      expect(step.reply.summary).toMatch(/for vendor admins/);
    }
    // Calling the handler directly (as a model might name the tool) still writes nothing.
    const manager = await ctxFor(DEMO.emails.manager);
    const direct = await run(manager, 'push_alert', { tier: 'Gold', confirm: true });
    expect(direct.reply.summary).toBe('Only a vendor admin can push alerts to partners.');
    const service = await pushService(handle.db, program()).send(manager.principal, { withinDays: 30 }, manager.today);
    expect(service.ok).toBe(false);
    expect(await handle.db.selectFrom('notifications').select('id').execute()).toEqual([]);
  });

  it('previews with counts, writes nothing until confirmed, then gives each partner’s admins only their own list', async () => {
    const preview = await say(DEMO.emails.admin, 'alert Gold partners about certifications expiring within 30 days');
    expect(preview.plan).toMatchObject({ kind: 'intent', intent: 'push_alert', args: { tier: 'Gold', expiringWithinDays: 30 } });
    const data = preview.result?.data as { partners: { name: string; recipients: number }[]; recipients: number };
    expect(data.partners.length).toBeGreaterThan(1);
    expect(preview.result?.reply.summary).toContain(`${data.partners.length} partners, ${data.recipients} recipient`);
    expect(await handle.db.selectFrom('notifications').select('id').execute()).toEqual([]);

    const confirm = preview.result?.reply.suggestions[0]?.question ?? '';
    const sent = await say(DEMO.emails.admin, confirm);
    expect(sent.result?.data).toMatchObject({ sent: true, created: data.recipients });

    const rows = await handle.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.recipient_user_id')
      .select(['notifications.partner_id', 'users.partner_id as recipient_partner', 'users.role', 'notifications.payload'])
      .execute();
    expect(rows).toHaveLength(data.recipients);
    const names = new Map((await handle.db.selectFrom('partners').select(['id', 'name']).execute()).map((p) => [p.id, p.name]));
    for (const r of rows) {
      expect(r.role).toBe('partner_admin');
      expect(r.recipient_partner).toBe(r.partner_id);
      const text = JSON.stringify(payloadReply(r.payload));
      const own = names.get(r.partner_id ?? -1) ?? '';
      expect(text).toContain(own);
      for (const other of data.partners.map((p) => p.name).filter((n) => n !== own)) expect(text).not.toContain(other);
    }
    // Confirming twice the same day sends nothing more.
    expect((await say(DEMO.emails.admin, confirm)).result?.data).toMatchObject({ created: 0 });
  });
});
