import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../db/connect.ts';
import { DEMO, NORTHWIND_FACTS } from '../../db/seed/demo-constants.ts';
import { runCertificationSweep } from '../../src/alerts/cert-sweep.ts';
import type { App } from '../../src/app.ts';
import { previewDigest } from '../../src/digest/preview.ts';
import { runDigests } from '../../src/digest/run-digests.ts';
import { plusDays } from '../../src/metrics/calendar.ts';
import { appFor } from '../core/test-app.ts';
import { runCli } from '../cli/run-cli.ts';
import { testDb } from '../helpers/db.ts';
import { userId } from './outbox-helpers.ts';

let handle: DbHandle;
let app: App;

beforeAll(async () => {
  handle = await testDb({ demo: true });
  app = await appFor(handle);
});
afterAll(async () => handle?.close());
beforeEach(async () => {
  await handle.db.deleteFrom('notifications').execute();
  await handle.db.deleteFrom('digest_subscriptions').execute();
});

const TODAY = '2026-11-23';

describe('digest preview', () => {
  it("shows a channel manager Northwind's expiring certification and its gap to Gold", async () => {
    const r = await previewDigest(app, DEMO.emails.manager, new Date(`${TODAY}T12:00:00Z`));
    if (!r.ok) throw new Error(r.error.message);
    const d = r.value.digest;
    const cert = d.expiringCertifications.find((c) => c.partner === DEMO.northwind);
    expect(cert).toMatchObject({ certification: DEMO.expiringCertification, daysLeft: NORTHWIND_FACTS.expiringInDays, breaks: { tier: 'Gold', min: 5 }, activeAfter: 4 });
    const northwind = d.partners.find((p) => p.name === DEMO.northwind);
    expect(northwind?.nextTier).toBe('Gold');
    expect(northwind?.gapToNextTier).toEqual([expect.objectContaining({ metric: 'revenue', gap: 80_000 })]);
    expect(r.value.schedule).toBe('Mondays at 08:00 (America/New_York)');
    expect(r.value.reply.charts).toHaveLength(1);
    // Only the manager's own partners.
    const managed = await handle.db.selectFrom('partners').select('name').where('channel_manager_id', '=', await userId(handle.db, DEMO.emails.manager)).execute();
    expect(new Set(d.partners.map((p) => p.name))).toEqual(new Set(managed.map((m) => m.name)));
  });

  it('lists the partners that moved tier this week, up and down, and none from before', async () => {
    const r = await previewDigest(app, DEMO.emails.manager, new Date(`${TODAY}T12:00:00Z`));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.digest.movedTier).toEqual([
      { partner: DEMO.fabrikam, from: 'Silver', to: 'Gold', on: plusDays(TODAY, -4), direction: 'up' },
      { partner: DEMO.tailspin, from: 'Silver', to: 'Registered', on: plusDays(TODAY, -2), direction: 'down' },
    ]);
    expect(r.value.reply.summary).toContain(`Moved tier this week: ${DEMO.fabrikam} (up from Silver to Gold) and ${DEMO.tailspin} (down from Silver to Registered)`);
    const stored = await handle.db.selectFrom('partners').select(['name', 'tier']).where('name', 'in', [DEMO.fabrikam, DEMO.tailspin]).orderBy('name').execute();
    expect(stored).toEqual([{ name: DEMO.fabrikam, tier: 'Gold' }, { name: DEMO.tailspin, tier: 'Registered' }]);
  });

  it("gives a partner a digest of its own partner only", async () => {
    const r = await previewDigest(app, DEMO.emails.northwindOwner, new Date(`${TODAY}T12:00:00Z`));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.digest.audience).toBe('partner');
    expect(r.value.digest.partners.map((p) => p.name)).toEqual([DEMO.northwind]);
    expect(r.value.digest.expiringCertifications.every((c) => c.partner === DEMO.northwind)).toBe(true);
    // Northwind's own move was 200 days ago; Fabrikam's this week is not Northwind's to see.
    expect(r.value.digest.movedTier).toEqual([]);
    expect(r.value.schedule).toBeNull();
  });

  it('pulse digest preview --json prints it, and an unknown user is one line on stderr', async () => {
    const ok = await runCli(['digest', 'preview', '--as', DEMO.emails.manager, '--json'], { DATABASE_URL: handle.url });
    expect(ok.code).toBe(0);
    const out = JSON.parse(ok.stdout) as { digest: { expiringCertifications: { partner: string; breaks: { tier: string } | null }[] }; text: string };
    expect(out.digest.expiringCertifications).toContainEqual(expect.objectContaining({ partner: DEMO.northwind, breaks: { tier: 'Gold', min: 5 } }));
    expect(out.text).toContain('Gold: $80,000 revenue to go');

    const bad = await runCli(['digest', 'preview', '--as', 'nobody@nowhere.example'], { DATABASE_URL: handle.url });
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stdout).toBe('');
  });
});

describe('scheduled digests', () => {
  const digests = () => handle.db.selectFrom('notifications').select(['recipient_user_id', 'dedupe_key']).where('kind', '=', 'digest').execute();

  it("sends each manager's default digest at 08:00 in their own time zone", async () => {
    const manager = await userId(handle.db, DEMO.emails.manager);
    // 07:55 in New York: not yet.
    await runDigests(app, new Date(`${TODAY}T12:55:00Z`));
    expect((await digests()).filter((d) => d.recipient_user_id === manager)).toEqual([]);
    // 08:05 in New York.
    await runDigests(app, new Date(`${TODAY}T13:05:00Z`));
    expect((await digests()).filter((d) => d.recipient_user_id === manager)).toEqual([
      { recipient_user_id: manager, dedupe_key: `digest:user-${manager}:${TODAY}T08:00:user-${manager}` },
    ]);
  });

  it('builds one digest per recipient per slot when two processes run at once', async () => {
    const other = createDb(handle.url, 4);
    try {
      const second: App = { ...app, db: other.db, handle: { ...handle, db: other.db, pool: other.pool } };
      const at = new Date(`${TODAY}T13:05:00Z`);
      const [a, b] = await Promise.all([runDigests(app, at), runDigests(second, at), runDigests(app, at)]);
      const rows = await digests();
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((r) => r.recipient_user_id)).size).toBe(rows.length);
      expect(a.enqueued + b.enqueued).toBeLessThanOrEqual(rows.length);
      // And again a little later (no other zone reaches 08:00 meanwhile): nothing new.
      expect((await runDigests(app, new Date(`${TODAY}T13:20:00Z`))).enqueued).toBe(0);
      expect(await digests()).toHaveLength(rows.length);
    } finally {
      await other.db.destroy();
    }
  });

  it('never brings the default back for a manager who stopped it', async () => {
    const manager = await userId(handle.db, DEMO.emails.manager);
    await handle.db
      .insertInto('digest_subscriptions')
      .values({ user_id: manager, cron: '0 8 * * 1', time_zone: DEMO.managerTimeZone, channel: 'auto', enabled: false, is_default: true })
      .execute();
    await runDigests(app, new Date(`${TODAY}T13:05:00Z`));
    expect((await digests()).filter((d) => d.recipient_user_id === manager)).toEqual([]);
  });
});

describe('certification sweep', () => {
  const alerts = () =>
    handle.db
      .selectFrom('notifications')
      .innerJoin('users', 'users.id', 'notifications.recipient_user_id')
      .select(['users.email', 'notifications.dedupe_key', 'notifications.payload'])
      .where('kind', '=', 'cert_expiry')
      .execute();

  it("alerts the holder, the partner's admins and the channel manager, naming the tier the lapse breaks", async () => {
    const first = await runCertificationSweep(app, TODAY);
    expect(first.created).toBeGreaterThan(0);
    const northwind = (await alerts()).filter((a) => JSON.stringify(a.payload).includes(DEMO.expiringCertification) && JSON.stringify(a.payload).includes(DEMO.northwind));
    expect(northwind.map((a) => a.email).sort()).toEqual([DEMO.emails.manager, DEMO.emails.northwindOwner, DEMO.emails.northwindSeller].sort());
    expect(northwind.every((a) => a.dedupe_key.includes(':30d:'))).toBe(true);
    const { payloadReply } = await import('../../src/notifications/payload.ts');
    expect(payloadReply(northwind[0]?.payload)?.summary).toMatch(/^Northwind Traders drops below Gold's certification requirement on Dec 12, 2026/);
  });

  it('creates nothing new when run twice, or the next day inside the same threshold; the next threshold alerts again', async () => {
    const first = await runCertificationSweep(app, TODAY);
    expect((await runCertificationSweep(app, TODAY)).created).toBe(0);
    expect((await runCertificationSweep(app, plusDays(TODAY, 1))).created).toBeLessThan(first.created);
    const before = (await alerts()).filter((a) => a.dedupe_key.startsWith('cert_expiry:') && JSON.stringify(a.payload).includes(DEMO.northwind)).length;
    // Five days later Northwind's certification has 14 days left: one more alert per recipient.
    await runCertificationSweep(app, plusDays(TODAY, NORTHWIND_FACTS.expiringInDays - 14));
    const after = (await alerts()).filter((a) => JSON.stringify(a.payload).includes(DEMO.northwind) && JSON.stringify(a.payload).includes(DEMO.expiringCertification));
    expect(after.filter((a) => a.dedupe_key.includes(':14d:')).map((a) => a.email)).toHaveLength(3);
    expect(after.length).toBeGreaterThan(0);
    expect(before).toBeGreaterThan(0);
  });
});
