import { PassThrough, Readable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import type { App } from '../../src/app.ts';
import { openApp } from '../../src/app.ts';
import { runImport } from '../../src/cli/commands/import.ts';
import type { CliIo } from '../../src/cli/io.ts';
import { loadConfig } from '../../src/config.ts';
import { answer } from '../../src/core/answer.ts';
import type { TurnResult } from '../../src/core/types.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { testDb } from '../helpers/db.ts';

// The two example programs of examples/programs/, end to end: the program file as PULSE_PROGRAM,
// its people, partners and facts loaded with `pulse import` (the CLI command itself), then
// questions through the core as a person asks them. Every figure is checked against SQL over the
// facts table, written here from the program's definitions.

const ROOT = new URL('../../', import.meta.url).pathname;
const TODAY = '2026-11-23';
/** The trailing-12-month window ending today: [2025-11-24, 2026-11-24). */
const T12M = { from: '2025-11-24', to: '2026-11-24' };

interface Loaded {
  app: App;
  handle: DbHandle;
}

/** `pulse import ENTITY FILE` in this process, as the CLI runs it, with PULSE_PROGRAM set. */
async function cliImport(env: NodeJS.ProcessEnv, entity: string, file: string): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  const io: CliIo = { stdin: Readable.from([]), stdout, stderr, env };
  const code = await runImport([entity, file], io);
  return { code, out, err };
}

async function load(dir: string): Promise<Loaded> {
  const handle = await testDb({ demo: false });
  const program = `${ROOT}examples/programs/${dir}/program.yml`;
  const env = { ...process.env, DATABASE_URL: handle.url, PULSE_PROGRAM: program, LOG_LEVEL: 'silent', PULSE_NOW: TODAY };
  for (const [entity, file] of [
    ['users', 'users-vendor-staff.csv'],
    ['partners', 'partners.csv'],
    ['users', 'users.csv'],
    ['facts', 'facts.csv'],
  ] as const) {
    const r = await cliImport(env, entity, `${ROOT}examples/programs/${dir}/${file}`);
    expect(r.err, `${dir}/${file}`).toBe('');
    expect(r.code, `${dir}/${file}: ${r.out}`).toBe(0);
  }
  // Importing the facts again changes nothing (upserts by external_id).
  const again = await cliImport(env, 'facts', `${ROOT}examples/programs/${dir}/facts.csv`);
  expect(again.out).toMatch(/0 inserted, 0 updated, [\d,]+ unchanged/);
  const config = loadConfig(env);
  if (!config.ok) throw new Error(config.error.message);
  const app = await openApp(config.value, { handle, seedWhenEmpty: false });
  if (!app.ok) throw new Error(app.error.message);
  return { app: app.value, handle };
}

const ask = (app: App, email: string, text: string): Promise<TurnResult> => answer(app, { ...consoleIdentity(email), text });

const num = (v: unknown): number => Number(v);

async function partnerId(h: DbHandle, name: string): Promise<number> {
  const r = await h.db.selectFrom('partners').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return r.id;
}

/** Σ value of one fact key for a partner over [from, to). */
async function factSum(h: DbHandle, id: number, key: string, from: string, to: string): Promise<number> {
  const r = await sql<{ v: string | null }>`select sum(value) as v from facts where partner_id = ${id} and metric = ${key} and day >= ${from}::date and day < ${to}::date`.execute(h.db);
  return num(r.rows[0]?.v ?? 0);
}

type Requirement = { metric: string; current: number; required: number; met: boolean; gap: number; atMost?: boolean };
const requirements = (r: TurnResult): Requirement[] => (r.data.requirements ?? []) as Requirement[];

describe('examples/programs/it-vendor: an IT software vendor (EUR, en-GB)', () => {
  let it_: Loaded;
  beforeAll(async () => {
    it_ = await load('it-vendor');
  });
  afterAll(async () => it_?.app.close());

  it('tier progress toward Gold is measured on the vendor metrics, in euros', async () => {
    const r = await ask(it_.app, 'owner@northwind-cloud.example', 'how close are we to Gold?');
    expect(r.intent).toBe('tier_progress');
    const id = await partnerId(it_.handle, 'Northwind Cloud');
    const sales = await factSum(it_.handle, id, 'license_sales', T12M.from, T12M.to);
    const cases = await sql<{ n: number }>`select count(*)::int as n from facts where partner_id = ${id} and metric = 'support_cases_closed' and day >= ${T12M.from}::date and day < ${T12M.to}::date`.execute(it_.handle.db);
    const csat = await sql<{ v: string }>`select avg(value) as v from facts where partner_id = ${id} and metric = 'customer_satisfaction' and day >= ${T12M.from}::date and day < ${T12M.to}::date`.execute(it_.handle.db);
    const rows = requirements(r);
    expect(rows.map((q) => q.metric)).toEqual(['license_sales', 'support_cases_closed', 'customer_satisfaction']);
    expect(rows[0]?.current).toBeCloseTo(sales, 2);
    expect(sales).toBeCloseTo(118199, 2);
    expect(rows[0]).toMatchObject({ required: 150000, met: false });
    expect(rows[0]?.gap).toBeCloseTo(150000 - sales, 2);
    expect(rows[1]).toMatchObject({ current: cases.rows[0]?.n, required: 60, met: false });
    expect(rows[2]?.current).toBeCloseTo(num(csat.rows[0]?.v), 6);
    // The program's currency in the asker's (the program's default) locale.
    expect(r.reply.summary).toContain('license sales is €31,801 short');
    expect(r.reply.facts.find((f) => f.label === 'License sales')?.display).toBe('€118,199 of €150,000');
    expect(r.reply.charts[0]?.format).toEqual({ locale: 'en-GB', currency: 'EUR' });
    // A projection for each requirement, from the facts' own daily series.
    for (const q of r.data.requirements as Record<string, unknown>[]) expect(q).toHaveProperty('projectedDate');
  });

  it('a metric_query names a vendor metric by its label and its synonyms', async () => {
    const id = await partnerId(it_.handle, 'Northwind Cloud');
    const r = await ask(it_.app, 'owner@northwind-cloud.example', 'what were our license sales over the last 12 months?');
    expect(r.intent).toBe('metric_query');
    expect(r.args.metric).toBe('license_sales');
    expect(num(r.data.value)).toBeCloseTo(await factSum(it_.handle, id, 'license_sales', T12M.from, T12M.to), 2);
    expect(r.reply.summary).toBe('Northwind Cloud’s license sales, the last 12 months: €118,199.');
    const synonym = await ask(it_.app, 'owner@northwind-cloud.example', 'how many tickets closed this year?');
    expect(synonym.intent).toBe('metric_query');
    expect(synonym.args.metric).toBe('support_cases_closed');
  });

  it('a German-speaking user of the same partner reads German numbers and dates; the owner at once keeps en-GB', async () => {
    const [de, gb] = await Promise.all([
      ask(it_.app, 'jonas@northwind-cloud.example', 'license sales last quarter'),
      ask(it_.app, 'owner@northwind-cloud.example', 'license sales last quarter'),
    ]);
    expect(de.data.value).toBe(gb.data.value);
    const v = num(de.data.value);
    const nb = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
    expect(nb(de.reply.summary)).toContain(`${new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 }).format(v)} €`);
    expect(gb.reply.summary).toContain(`€${new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(v)}`);
  });

  it('leaderboards, peers and explanations take the vendor metric too', async () => {
    const board = await ask(it_.app, 'manager@adatum.example', 'rank my partners by license sales over the last 12 months');
    expect(board.intent).toBe('leaderboard');
    expect(board.args.metric).toBe('license_sales');
    const ranking = board.data.ranking as { partner: string; value: number }[];
    expect(ranking[0]?.partner).toBe('Litware Systems');
    expect(ranking.map((x) => x.value)).toEqual([...ranking.map((x) => x.value)].sort((a, b) => b - a));
    // A German channel manager: the board's figures in German.
    expect(board.reply.format).toEqual({ locale: 'de-DE', currency: 'EUR' });

    const why = await ask(it_.app, 'owner@northwind-cloud.example', 'why did our license sales change last month?');
    expect(why.intent).toBe('explain_change');
    expect(why.reply.summary).toMatch(/by product line, /);
  });
});

describe('examples/programs/manufacturer: a supplier program with a maximum (USD, en-US)', () => {
  let m: Loaded;
  beforeAll(async () => {
    m = await load('manufacturer');
  });
  afterAll(async () => m?.app.close());

  /** The latest defect reading on or before today, and on-time ÷ delivered over the last 12 months. */
  async function expected(name: string): Promise<{ ppm: number; onTime: number }> {
    const id = await partnerId(m.handle, name);
    const latest = await sql<{ v: string }>`select value as v from facts where partner_id = ${id} and metric = 'defect_rate' and day <= ${TODAY}::date order by day desc, id desc limit 1`.execute(m.handle.db);
    const on = await factSum(m.handle, id, 'on_time', T12M.from, T12M.to);
    const del = await factSum(m.handle, id, 'delivered', T12M.from, T12M.to);
    return { ppm: num(latest.rows[0]?.v), onTime: (100 * on) / del };
  }

  it('a maximum unmet: Baltic Plastics is over the 500 ppm Strategic allows, by value − max', async () => {
    const r = await ask(m.app, 'quality@baltic-plastics.example', 'how close are we to Strategic?');
    expect(r.intent).toBe('tier_progress');
    const e = await expected('Baltic Plastics');
    const rows = requirements(r);
    const defect = rows.find((q) => q.metric === 'defect_rate');
    expect(defect).toMatchObject({ current: e.ppm, required: 500, atMost: true, met: false, gap: e.ppm - 500 });
    expect(rows.find((q) => q.metric === 'on_time_delivery')?.current).toBeCloseTo(e.onTime, 6);
    expect(r.reply.summary).toContain(`defect rate is ${e.ppm - 500} ppm over`);
    expect(r.reply.facts.find((f) => f.label === 'Defect rate')?.display).toBe(`${e.ppm} ppm (at most 500 ppm)`);
  });

  it('a maximum met: Elm Bearings is under it; Coho Fasteners misses the Preferred maximum', async () => {
    const elm = await ask(m.app, 'quality@elm-bearings.example', 'how close are we to Strategic?');
    const e = await expected('Elm Bearings');
    expect(requirements(elm).find((q) => q.metric === 'defect_rate')).toMatchObject({ current: e.ppm, required: 500, met: true, gap: 0 });
    const coho = await ask(m.app, 'quality@coho.example', 'what do we need for Preferred?');
    const c = await expected('Coho Fasteners');
    expect(requirements(coho).find((q) => q.metric === 'defect_rate')).toMatchObject({ current: c.ppm, required: 800, met: false, gap: c.ppm - 800 });
  });

  it('questions name the vendor metrics by label and synonym; a ratio is the ratio of the sums', async () => {
    const r = await ask(m.app, 'quality@alpine-metals.example', 'what is our on-time delivery over the last 12 months?');
    expect(r.intent).toBe('metric_query');
    expect(r.args.metric).toBe('on_time_delivery');
    expect(num(r.data.value)).toBeCloseTo((await expected('Alpine Metals')).onTime, 6);
    const ppm = await ask(m.app, 'quality@alpine-metals.example', 'what is our defect rate?');
    expect(ppm.args.metric).toBe('defect_rate');
    expect(ppm.reply.summary).toMatch(/defect rate, today .*: 320 ppm\.$/);
    // Over the buyer's suppliers: on-time deliveries ÷ deliveries across all of them.
    const group = await ask(m.app, 'buyer@trey.example', 'on-time delivery across my suppliers over the last 12 months');
    const sums = await sql<{ on: string; del: string }>`select sum(value) filter (where metric = 'on_time') as on, sum(value) filter (where metric = 'delivered') as del from facts where day >= ${T12M.from}::date and day < ${T12M.to}::date`.execute(m.handle.db);
    expect(num(group.data.value)).toBeCloseTo((100 * num(sums.rows[0]?.on)) / num(sums.rows[0]?.del), 6);
  });

  it('a what-if sets a vendor figure outright, against its maximum, and leaves the others as they are', async () => {
    const r = await ask(m.app, 'quality@baltic-plastics.example', 'if we cut defects to 300 ppm would we make Strategic?');
    expect(r.intent).toBe('what_if');
    expect(r.args).toMatchObject({ scenario: 'metric_at', metric: 'defect_rate', amount: 300 });
    const e = await expected('Baltic Plastics');
    const rows = r.data.requirements as { metric: string; before: number; after: number; met: boolean; gap: number }[];
    expect(rows.find((q) => q.metric === 'defect_rate')).toMatchObject({ before: e.ppm, after: 300, met: true, gap: 0 });
    expect(rows.find((q) => q.metric === 'on_time_delivery')?.after).toBeCloseTo(e.onTime, 6);
    expect(r.reply.hypothetical).toBe(true);
    expect(r.reply.summary).toMatch(/^Hypothetically, if defect rate were 300 ppm, no — you would meet 1 of 3 Strategic requirements \(0 today\)/);
    // A percentage past 100 is refused in one line; a figure no requirement uses is said to change nothing.
    const over = await ask(m.app, 'quality@baltic-plastics.example', 'what if our on-time delivery reached 120%?');
    expect(over.reply.summary).toMatch(/is a percentage; 120% is not one it can reach/);
  });

  it('at risk and near the next tier honour the maximum; so does the program description', async () => {
    const risk = await ask(m.app, 'buyer@trey.example', 'which suppliers are at risk of dropping a tier?');
    expect(risk.intent).toBe('portfolio');
    const atRisk = (risk.data.partners ?? []) as { name: string; failing: { metric: string; atMost?: boolean }[] }[];
    // Delta Circuits holds Strategic with a 610 ppm reading: over the 500 maximum.
    const delta = atRisk.find((p) => p.name === 'Delta Circuits');
    expect(delta?.failing.some((f) => f.metric === 'defect_rate' && f.atMost === true)).toBe(true);
    const info = await ask(m.app, 'buyer@trey.example', 'what does Strategic require?');
    expect(info.reply.summary).toContain('defect rate of at most 500 ppm');
  });
});
