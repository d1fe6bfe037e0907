import type { DbHandle } from '../../../db/connect.ts';
import { migrateDownAll, migrateToLatest } from '../../../db/migrate.ts';
import { seedDemo } from '../../../db/seed/demo.ts';
import { seedScale } from '../../../db/seed/scale.ts';
import { isoDay, now } from '../../clock.ts';
import { parse } from '../args.ts';
import { println, type CliIo } from '../io.ts';
import { wipeAll } from '../wipe.ts';
import { EXIT_OK, UsageError } from '../usage-error.ts';
import { withDb } from '../with-app.ts';

export const DB_USAGE = `pulse db migrate | db seed --demo | db seed --scale --partners N | db reset --yes
  migrate       apply pending migrations
  seed --demo   empty every table and load the demo program, in one transaction
  seed --scale  replace all data with a generated set of N partners (1..100000), for benchmarks
  reset --yes   undo every migration, migrate again and load the demo program`;

const MAX_SCALE_PARTNERS = 100_000;

export async function dbCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'migrate':
      parse({ args: rest, options: {} });
      return withDb(io, async (h) => {
        const applied = await migrateToLatest(h.db);
        println(io.stdout, applied.length ? `applied ${applied.join(', ')}` : 'database is up to date');
        return EXIT_OK;
      });
    case 'seed':
      return seed(rest, io);
    case 'reset':
      return reset(rest, io);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      println(io.stdout, DB_USAGE);
      return sub === undefined ? 2 : EXIT_OK;
    default:
      throw new UsageError(`unknown db command "${sub}" (migrate, seed, reset); see pulse --help`);
  }
}

async function seed(args: string[], io: CliIo): Promise<number> {
  const { values } = parse({
    args,
    options: {
      demo: { type: 'boolean', default: false },
      scale: { type: 'boolean', default: false },
      partners: { type: 'string' },
    },
  });
  if (values.demo === values.scale) throw new UsageError('pulse db seed needs --demo or --scale --partners N; see pulse --help');
  const today = isoDay(now(io.env));
  if (values.demo) {
    if (values.partners !== undefined) throw new UsageError('--partners goes with --scale; see pulse --help');
    return withDb(io, async (h) => {
      await migrateToLatest(h.db);
      await reseedDemo(h, today);
      println(io.stdout, `demo data loaded (today is ${today})`);
      return EXIT_OK;
    });
  }
  const partners = partnerCount(values.partners);
  return withDb(io, async (h) => {
    await migrateToLatest(h.db);
    const n = await seedScale(h, { partners, today, onProgress: (msg) => println(io.stderr, msg) });
    const f = (x: number) => x.toLocaleString('en-US');
    println(
      io.stdout,
      `scale data loaded in ${n.seconds.toFixed(1)}s: ${f(n.partners)} partners, ${f(n.deal_registrations)} deal registrations, ` +
        `${f(n.revenue)} revenue lines, ${f(n.certifications)} certifications (today is ${today})`,
    );
    return EXIT_OK;
  });
}

function partnerCount(raw: string | undefined): number {
  if (raw === undefined) throw new UsageError('pulse db seed --scale needs --partners N; see pulse --help');
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_SCALE_PARTNERS) {
    throw new UsageError(`--partners must be a whole number from 1 to ${MAX_SCALE_PARTNERS.toLocaleString('en-US')}, got "${raw}"`);
  }
  return n;
}

/** All or nothing: a failed seed leaves the previous data in place. */
async function reseedDemo(h: DbHandle, today: string): Promise<void> {
  await h.db.transaction().execute(async (trx) => {
    await wipeAll(trx);
    await seedDemo(trx, today);
  });
}

async function reset(args: string[], io: CliIo): Promise<number> {
  const { values } = parse({ args, options: { yes: { type: 'boolean', default: false } } });
  if (!values.yes) {
    throw new UsageError('pulse db reset drops every table and all their data; run `pulse db reset --yes` to go ahead');
  }
  const today = isoDay(now(io.env));
  return withDb(io, async (h) => {
    const down = await migrateDownAll(h.db);
    const up = await migrateToLatest(h.db);
    await seedDemo(h.db, today);
    println(io.stdout, `reset: ${down.length} migrations undone, ${up.length} applied, demo data loaded (today is ${today})`);
    return EXIT_OK;
  });
}
