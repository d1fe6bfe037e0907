import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { ask, contextFor, run } from './ask.ts';
import { activeCerts, partnerId, TODAY } from './sql.ts';

interface Cert {
  holder: string;
  name: string;
  earnedOn: string;
  expiresOn: string;
  daysLeft: number;
}

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

const daysFrom = (day: string) => Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${TODAY}T00:00:00Z`)) / 86_400_000);

describe('certifications', () => {
  it('every active certification, as SQL counts them, soonest expiry first', async () => {
    const nw = await partnerId(h.db, 'Northwind Traders');
    const r = await run(await contextFor(h.db, 'owner@northwind.example'), 'certifications', {});
    const rows = r.data.certifications as Cert[];
    expect(r.data.count).toBe(await activeCerts(h.db, nw));
    expect(rows.map((c) => c.expiresOn)).toEqual([...rows.map((c) => c.expiresOn)].sort());
    for (const c of rows) expect(c.daysLeft).toBe(daysFrom(c.expiresOn));
    expect(r.reply.table?.columns).toEqual(['Holder', 'Certification', 'Expires', 'Days left']);
    expect(r.reply.summary).toMatch(/^Northwind Traders has \d+ active certifications\. 1 expires within 30 days, first .+ on \w{3} \d+, 2026\.$/);
  });

  it('the certification that expires within 30 days appears, asked in words', async () => {
    const nw = await partnerId(h.db, 'Northwind Traders');
    const want = (
      await sql<{ holder_name: string; name: string; expires_on: string }>`select holder_name, name, expires_on from certifications
        where partner_id = ${nw} and earned_on <= ${TODAY}::date and expires_on >= ${TODAY}::date and expires_on <= (${TODAY}::date + 30)
        order by expires_on`.execute(h.db)
    ).rows;
    expect(want.length).toBeGreaterThanOrEqual(1);
    const asked = await ask(h.db, 'seller@northwind.example', 'which certs expire in the next 30 days?');
    expect(asked.plan).toMatchObject({ kind: 'intent', intent: 'certifications', args: { expiringWithinDays: 30 } });
    const rows = asked.result?.data.certifications as Cert[];
    expect(rows.map((c) => [c.holder, c.name, c.expiresOn])).toEqual(want.map((w) => [w.holder_name, w.name, w.expires_on]));
    expect(asked.result?.reply.summary).toContain(want[0]?.holder_name ?? '?');
    expect(asked.result?.reply.suggestions[0]?.url).toBe('https://partners.contoso.example/training/renewals');
  });

  it('holder filter matches part of the name', async () => {
    const nw = await partnerId(h.db, 'Northwind Traders');
    const any = (await sql<{ holder_name: string }>`select holder_name from certifications where partner_id = ${nw} and expires_on >= ${TODAY}::date and earned_on <= ${TODAY}::date limit 1`.execute(h.db)).rows[0];
    const first = (any?.holder_name ?? '').split(' ')[0] ?? '';
    const r = await run(await contextFor(h.db, 'owner@northwind.example'), 'certifications', { holder: first });
    const rows = r.data.certifications as Cert[];
    expect(rows.length).toBeGreaterThan(0);
    for (const c of rows) expect(c.holder.toLowerCase()).toContain(first.toLowerCase());
  });
});
