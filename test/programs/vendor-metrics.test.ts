import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTENTS, intentByName } from '../../intents/index.ts';
import { loadPrincipal, userIdByEmail } from '../../src/access/principal.ts';
import { runIntent } from '../../src/core/run-intent.ts';
import type { Trace } from '../../src/core/trace.ts';
import { signBody } from '../../src/import/signature.ts';
import { handleIngest } from '../../src/import/webhook.ts';
import { toolSpecs } from '../../src/llm/tools.ts';
import { createPartnerData } from '../../src/metrics/create-partner-data.ts';
import { checkProgramText, loadProgram } from '../../src/program/load.ts';
import { programMetrics } from '../../src/program/metrics.ts';
import type { Program } from '../../src/program/schema.ts';
import { formatterForReader } from '../../src/reply/format.ts';
import { testDb } from '../helpers/db.ts';
import { expectOk, importFile } from '../import/helpers.ts';

// A vendor's own metrics: how the program file is checked, how they reach the model's tools, and
// how their facts arrive by webhook.

const ROOT = new URL('../../', import.meta.url).pathname;

function example(dir: string): Program {
  const p = loadProgram(`${ROOT}examples/programs/${dir}/program.yml`);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}

const BASE = readFileSync(`${ROOT}examples/programs/manufacturer/program.yml`, 'utf8');

describe('pulse program check: vendor metrics and maximums', () => {
  it('names every problem with its path', () => {
    const text = BASE.replace('    numerator: on_time\n', '')
      .replace('key: defect_rate', 'key: Defect Rate')
      .replace('aggregation: sum', 'aggregation: median')
      .replace('      - metric: defect_rate\n        max: 800', '      - metric: defect_rate\n        max: 800\n        min: 100')
      .replace('      - metric: component_orders\n', '      - metric: component_order\n')
      .replace('currency: USD', 'currency: XYZ')
      .replace('locale: en-US', 'locale: not a locale');
    const r = checkProgramText(text);
    expect(r.ok).toBe(false);
    const problems = r.problems ?? [];
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^currency: is not an ISO 4217 currency code/),
        expect.stringMatching(/^locale: is not a locale/),
        'metrics[0].numerator: a ratio needs the fact key it divides (numerator:)',
        expect.stringMatching(/^metrics\[1\]\.key: lower-case letters, digits and _/),
        expect.stringMatching(/^metrics\[2\]\.aggregation: must be one of sum, count, average, latest, ratio/),
        'tiers[1].requirements[1].max: give either min or max, not both',
        expect.stringMatching(/^tiers\[2\]\.requirements\[2\]\.metric: unknown metric "component_order" \(known: .*on_time_delivery.*\)/),
      ]),
    );
  });

  it('refuses a key that is a built-in metric, a word two metrics share, and a requirement with neither bound', () => {
    const text = BASE.replace('key: component_orders', 'key: revenue')
      .replace('synonyms: [orders, order value, purchase orders, component spend]', 'synonyms: [defects]')
      .replace('      - metric: on_time_delivery\n        min: 90\n', '      - metric: on_time_delivery\n');
    const problems = checkProgramText(text).problems ?? [];
    expect(problems).toEqual(
      expect.arrayContaining([
        'metrics[2].key: "revenue" is a built-in metric; choose another key',
        'metrics[2].synonyms: "defects" already names metric defect_rate; a word may point at one metric only',
        'tiers[1].requirements[0].min: give a minimum (min:) or a maximum (max:)',
      ]),
    );
  });

  it('accepts both example programs', () => {
    for (const dir of ['it-vendor', 'manufacturer']) expect(example(dir).metrics.length).toBeGreaterThan(1);
    expect(example('manufacturer').tiers[2]?.requirements.find((r) => r.metric === 'defect_rate')).toEqual({ metric: 'defect_rate', max: 500, window: 'current' });
  });
});

describe("the model's tools name the program's metrics", () => {
  it("lists the vendor's keys with the built-in ones for every metric argument", () => {
    const names = programMetrics(example('it-vendor')).names;
    const specs = toolSpecs(INTENTS, 'vendor_admin', names);
    for (const tool of ['metric_query', 'leaderboard', 'compare_peers', 'compare_partners', 'explain_change']) {
      const spec = specs.find((s) => s.name === tool);
      const metric = (spec?.parameters as { properties: Record<string, { enum?: string[] }> }).properties.metric;
      expect(metric?.enum, tool).toEqual(expect.arrayContaining(['revenue', 'win_rate', 'license_sales', 'support_cases_closed']));
    }
  });

  it('refuses, before the handler, a metric the program does not know', async () => {
    const handle = await testDb({ demo: true });
    const id = await userIdByEmail(handle.db, 'owner@northwind.example');
    const p = await loadPrincipal(handle.db, id ?? 0);
    if (!p.ok) throw new Error(p.error.message);
    const program = example('manufacturer');
    const ctx = {
      principal: p.value,
      program,
      data: createPartnerData(handle.db, p.value, '2026-11-23', programMetrics(program)),
      format: formatterForReader(program, null),
      today: '2026-11-23',
      now: new Date('2026-11-23T12:00:00Z'),
    };
    const def = intentByName('metric_query');
    if (!def) throw new Error('no metric_query');
    const trace: Trace = { userId: null, actor: '', user: null, planner: 'llm', intent: null, args: {} };
    const step = await runIntent(def, { metric: 'profit_margin' }, ctx, trace);
    expect(step.outcome).toBe('bad_input');
    expect(step.reply.summary).toMatch(/^I don't know the metric “profit_margin”; I know revenue \(Revenue\), .*defect_rate \(Defect rate\)/);
    // A vendor metric of this program is known.
    const ok = await runIntent(def, { metric: 'defect_rate' }, ctx, trace);
    expect(ok.outcome).toBe('ok');
  });
});

describe('POST /ingest/facts', () => {
  const SECRET = 'whsec_facts';
  const NOW = 1_790_000_000;
  let deps: { pool: import('pg').Pool; program: Program; secret: string; nowSeconds: () => number };

  beforeAll(async () => {
    const h = await testDb({ demo: false });
    deps = { pool: h.pool, program: example('manufacturer'), secret: SECRET, nowSeconds: () => NOW };
    expectOk(await importFile(deps, 'users', `${ROOT}examples/programs/manufacturer/users-vendor-staff.csv`));
    expectOk(await importFile(deps, 'partners', `${ROOT}examples/programs/manufacturer/partners.csv`));
  });

  const post = (body: string, ts = NOW) => {
    const rawBody = Buffer.from(body);
    return handleIngest(deps, {
      entity: 'facts',
      rawBody,
      headers: { 'content-type': 'text/csv', 'x-pulse-timestamp': String(ts), 'x-pulse-signature': signBody(SECRET, ts, rawBody) },
    });
  };

  it('upserts signed facts by external_id, all or nothing, with every bad row named', async () => {
    const good = 'external_id,partner,metric,day,value,dimension\nW-1,S-201,defect_rate,2026-11-22,310,\nW-2,Baltic Plastics,delivered,2026-11-20,"1,234.5",Plant North\n';
    const r = await post(good);
    expect(r).toEqual({ status: 200, body: { ok: true, entity: 'facts', rows: 2, inserted: 2, updated: 0, unchanged: 0, stale: 0 } });
    // Sent again, signed again (the same signature twice is a replay, refused with 409).
    expect((await post(good, NOW + 1)).body).toMatchObject({ ok: true, unchanged: 2 });
    const bad = await post('external_id,partner,metric,day,value\nW-3,S-201,defects,2026-11-22,abc\nW-4,S-999,on_time,someday,3\n');
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ ok: false, entity: 'facts' });
    const errors = (bad.body as { errors?: { line?: number; column?: string; message: string }[] }).errors ?? [];
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 2, column: 'metric', message: expect.stringMatching(/must be one of on_time, delivered, defect_rate, component_orders/) }),
        expect.objectContaining({ line: 2, column: 'value', message: 'not a number' }),
        expect.objectContaining({ line: 3, column: 'day' }),
      ]),
    );
    const rows = await deps.pool.query<{ n: number }>('select count(*)::int as n from facts');
    expect(rows.rows[0]?.n).toBe(2);
  });
});
