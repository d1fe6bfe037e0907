import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { answerAll, bareTime, recordingApp } from '../../bench/answers.ts';
import { checkFigures } from '../../bench/checks.ts';
import { fingerprint } from '../../bench/dataset.ts';
import { buildQuestions, sampleAskers } from '../../bench/questions.ts';
import { formatTable } from '../../bench/report.ts';
import { percentile } from '../../bench/stats.ts';
import { INTENTS } from '../../intents/index.ts';
import { openApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { testDb } from '../helpers/db.ts';

// The bench's own parts on the demo data: its correctness check must catch a wrong figure, its
// replay must run what the answer ran, and its statistics must be right. No timing is asserted.

let handle: DbHandle;
let app: App;
let bare: pg.Client;

beforeAll(async () => {
  handle = await testDb({ demo: true });
  const config = loadConfig({ ...process.env, DATABASE_URL: handle.url });
  if (!config.ok) throw new Error(config.error.message);
  const opened = await openApp(config.value, { handle });
  if (!opened.ok) throw new Error(opened.error.message);
  app = opened.value;
  bare = new pg.Client({ connectionString: handle.url });
  await bare.connect();
});

afterAll(async () => {
  await bare.end();
  await app.close();
  await handle.close();
});

describe('bench', () => {
  it('percentiles by nearest rank', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 95)).toBe(95);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([], 50)).toBeNaN();
  });

  it('fingerprints the data set by size and day', () => {
    expect(fingerprint(200, '2026-11-23')).toBe(fingerprint(200, '2026-11-23'));
    expect(fingerprint(200, '2026-11-23')).not.toBe(fingerprint(500, '2026-11-23'));
    expect(fingerprint(200, '2026-11-23')).not.toBe(fingerprint(200, '2026-11-24'));
  });

  it('asks every registered intent, and marks a missed target in the table', () => {
    const qs = buildQuestions([{ email: 'a@x.example', partnerId: 1 }], 3);
    expect(new Set(qs.map((q) => q.intent))).toEqual(new Set(INTENTS.map((i) => i.name)));
    const table = formatTable([{ name: 'answer x', p50_ms: 20, p95_ms: 60, p99_ms: 70, ratio_to_bare: 3, target: 'p50<=15', met: false }]);
    expect(table).toMatch(/answer x .* NO/);
  });

  it('checks answers against hand-written SQL and catches a wrong figure', async () => {
    const askers = await sampleAskers(handle.pool, 4);
    const own = askers[0];
    if (!own) throw new Error('no partner user in the demo data');
    const name = (await handle.pool.query<{ name: string }>('select name from partners where id = $1', [own.partnerId])).rows[0]?.name ?? '';
    const [a] = await answerAll(recordingApp(app, handle.pool), [{ intent: 'metric_query', email: own.email, partnerId: own.partnerId, text: 'What was our revenue last quarter?' }]);
    if (!a) throw new Error('no answer');
    expect(a.intent).toBe('metric_query');
    expect(a.statements.length).toBeGreaterThan(0);
    await expect(bareTime(bare, a.statements)).resolves.toBeGreaterThanOrEqual(0);

    const input = { intent: a.intent, data: a.data, partnerId: own.partnerId, partnerName: name, today: '2026-11-23', program: app.program };
    expect(await checkFigures(bare, input)).toEqual({ checked: true, mismatches: [] });
    const wrong = await checkFigures(bare, { ...input, data: { ...a.data, value: Number(a.data.value) + 1 } });
    expect(wrong.checked && wrong.mismatches.length).toBe(1);
  });
});
