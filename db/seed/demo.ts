import { sql } from 'kysely';
import { loadProgram } from '../../src/program/load.ts';
import type { Program } from '../../src/program/schema.ts';
import { fromRoot } from '../../src/root.ts';
import type { Db } from '../connect.ts';
import { generateBundle } from './bundle.ts';
import { Calendar } from './calendar.ts';
import { DEMO } from './demo-constants.ts';
import { demoCast } from './demo-plans.ts';
import { highestTierMet } from './evaluate.ts';
import { plusDays } from '../../src/metrics/calendar.ts';
import { insertBundle, insertPeople } from './insert.ts';
import { northwindBundle } from './northwind.ts';
import { BUNDLE_TABLES, emptyBundle, type Bundle } from './rows.ts';

export { DEMO, NORTHWIND_FACTS } from './demo-constants.ts';

const PROGRAM_FILE = fromRoot('program.yml');

/** The program the demo is built against: the repository's program.yml. */
export function demoProgram(): Program {
  const loaded = loadProgram(PROGRAM_FILE);
  if (!loaded.ok) throw new Error(`cannot build the demo data: ${loaded.error.message}`);
  return loaded.value;
}

/**
 * Fills an empty, migrated database with the deterministic Contoso demo program: the same rows
 * for the same `today`, dates relative to it, 18 months of history. One transaction (or the
 * caller's, when given one).
 */
export async function seedDemo(db: Db, today: string, program: Program = demoProgram()): Promise<void> {
  if (db.isTransaction) return fill(db, today, program);
  await db.transaction().execute((trx) => fill(trx, today, program));
}

async function fill(db: Db, today: string, program: Program): Promise<void> {
  const existing = await sql<{ n: number }>`select (select count(*) from partners) + (select count(*) from users) as n`.execute(db);
  if ((existing.rows[0]?.n ?? 0) > 0) {
    throw new Error('the demo data goes into an empty database; this one already has partners or users');
  }
  const cal = new Calendar(today);
  const cast = demoCast(program, cal);
  const all: Bundle = emptyBundle();
  for (const plan of cast.plans) {
    const b = plan.row.name === DEMO.northwind ? northwindBundle(plan, cal) : generateBundle(plan, cal);
    if (plan.row.name === DEMO.hostileCustomers.partner) addHostileCustomers(b);
    // The stored tier is the one the data earns, so every tier answer agrees with the numbers.
    const earned = program.tiers[highestTierMet(program, b, today)]?.name ?? plan.row.tier;
    const expected = cast.expectedTiers.get(plan.row.name);
    if (expected !== undefined && expected !== earned) {
      throw new Error(`demo data: ${plan.row.name} would earn ${earned} under program.yml, but the demo needs ${expected}`);
    }
    plan.row.tier = earned;
    for (const table of BUNDLE_TABLES) (all[table] as unknown[]).push(...b[table]);
  }
  await insertPeople(
    db,
    cast.users,
    cast.plans.map((p) => p.row),
  );
  await insertBundle(db, all);
  await insertTierMoves(db, cast.plans.map((p) => p.row), today);

  const asOf = new Date(`${today}T06:00:00Z`);
  const counts: [string, number][] = [
    ['partners', cast.plans.length],
    ['users', cast.users.length],
    ...BUNDLE_TABLES.map((t): [string, number] => [t, all[t].length]),
  ];
  await db
    .insertInto('data_sources')
    .values(counts.map(([entity, rows]) => ({ entity, source: 'demo', file_name: null, rows, as_of: asOf })))
    .execute();
}

/** The demo's tier history; each move must end at the tier the partner's data earns today. */
async function insertTierMoves(db: Db, partners: readonly { id: number; name: string; tier: string }[], today: string): Promise<void> {
  const byName = new Map(partners.map((p) => [p.name, p]));
  const rows = DEMO.tierMoves.map((m) => {
    const p = byName.get(m.partner);
    if (!p) throw new Error(`demo data: no partner ${m.partner} for its tier move`);
    const last = DEMO.tierMoves.filter((x) => x.partner === m.partner).every((x) => x.daysAgo >= m.daysAgo);
    if (last && p.tier !== m.to) throw new Error(`demo data: ${m.partner} earns ${p.tier}, not ${m.to}`);
    return { partner_id: p.id, from_tier: m.from, to_tier: m.to, changed_at: new Date(`${plusDays(today, -m.daysAgo)}T07:00:00Z`) };
  });
  await db.insertInto('tier_changes').values(rows).execute();
}

/** Markup and a prompt injection as customer names: answers must show them as plain text. */
function addHostileCustomers(b: Bundle): void {
  // The most recent ones, so they show up in "latest deals" and "top customers this quarter".
  const won = b.deal_registrations.filter((d) => d.status === 'won').sort((x, y) => (y.closed_on ?? '').localeCompare(x.closed_on ?? ''));
  const lines = [...b.revenue].sort((x, y) => y.booked_on.localeCompare(x.booked_on));
  [DEMO.hostileCustomers.markup, DEMO.hostileCustomers.injection].forEach((name, i) => {
    const deal = won[i];
    if (deal) deal.customer = name;
    const line = lines[i];
    if (line) line.customer = name;
  });
}
