import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { ask, contextFor, run } from './ask.ts';
import { LAST_QUARTER, partnerId, pipeline, QUARTER_BEFORE, revenue, THIS_QUARTER, TODAY, TOMORROW } from './sql.ts';

let h: DbHandle;
beforeAll(async () => {
  h = await testDb({ demo: true });
});

describe('metric_query', () => {
  it('revenue last quarter equals SQL, asked in words', async () => {
    const nw = await partnerId(h.db, 'Northwind Traders');
    const want = await revenue(h.db, nw, LAST_QUARTER);
    expect(want).toBeGreaterThan(0);
    const asked = await ask(h.db, 'owner@northwind.example', 'What was our revenue last quarter?');
    expect(asked.plan).toMatchObject({ kind: 'intent', intent: 'metric_query', args: { metric: 'revenue', period: 'last quarter' } });
    const d = asked.result?.data;
    expect(d).toMatchObject({ metric: 'revenue', unit: 'currency', period: LAST_QUARTER, partner: 'Northwind Traders' });
    expect(d?.value).toBeCloseTo(want, 6);
    expect(asked.result?.reply.summary).toContain(`$${Math.round(want).toLocaleString('en-US')}`);
    expect(asked.result?.reply.sensitive).toBe(true);
  });

  it('compares with the period before: delta and percent', async () => {
    const nw = await partnerId(h.db, 'Northwind Traders');
    const [cur, prev] = [await revenue(h.db, nw, LAST_QUARTER), await revenue(h.db, nw, QUARTER_BEFORE)];
    const r = await run(await contextFor(h.db, 'owner@northwind.example'), 'metric_query', { metric: 'revenue', period: 'last quarter', compare: true });
    const p = r.data.previous as { value: number; period: unknown; delta: number; changePct: number | null };
    expect(p.period).toEqual(QUARTER_BEFORE);
    expect(p.value).toBeCloseTo(prev, 6);
    expect(p.delta).toBeCloseTo(cur - prev, 4);
    if (prev !== 0) expect(p.changePct).toBeCloseTo(((cur - prev) / prev) * 100, 4);
    expect(r.reply.charts[0]?.kind).toBe('trend');
    expect(r.reply.summary).toMatch(/(Up|Down|Unchanged)/);
  });

  it('defaults: this quarter so far for a flow, today for a stock', async () => {
    const nw = await partnerId(h.db, 'Northwind Traders');
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const flow = await run(ctx, 'metric_query', { metric: 'revenue' });
    expect(flow.data.period).toEqual(THIS_QUARTER);
    expect(flow.data.value).toBeCloseTo(await revenue(h.db, nw, THIS_QUARTER), 6);
    const stock = await run(ctx, 'metric_query', { metric: 'pipeline_value' });
    expect(stock.data.period).toEqual({ from: TODAY, to: TOMORROW });
    expect(stock.data.value).toBeCloseTo(await pipeline(h.db, nw), 6);
  });

  it('a manager asks for a partner of theirs by name', async () => {
    const fab = await partnerId(h.db, 'Fabrikam Systems');
    const asked = await ask(h.db, 'manager@contoso.example', 'revenue of Fabrikam Systems last quarter');
    expect(asked.plan).toMatchObject({ kind: 'intent', intent: 'metric_query', args: { metric: 'revenue', partner: 'Fabrikam Systems' } });
    expect(asked.result?.data.value).toBeCloseTo(await revenue(h.db, fab, LAST_QUARTER), 6);
  });

  it('a period it cannot read, or one in the future, is a plain error', async () => {
    const ctx = await contextFor(h.db, 'owner@northwind.example');
    const bad = await run(ctx, 'metric_query', { metric: 'revenue', period: 'the age of aquarius' });
    expect(bad.data).toMatchObject({ error: { code: 'bad_input' } });
    expect(bad.reply.summary).toContain('aquarius');
    const future = await run(ctx, 'metric_query', { metric: 'revenue', period: 'Q2 2030' });
    expect(future.data).toMatchObject({ error: { code: 'bad_input' } });
  });
});
