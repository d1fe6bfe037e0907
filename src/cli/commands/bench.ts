import { runBench, type BenchOptions } from '../../../bench/run.ts';
import { isoDay } from '../../clock.ts';
import { parse } from '../args.ts';
import { println, type CliIo } from '../io.ts';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../usage-error.ts';
import { configOrReport } from '../config-or-report.ts';

export const BENCH_USAGE = `pulse bench [--quick] [--partners N] [--questions N] [--runs N] [--slack-rate N[,N…]] [--slack-seconds N] [--import-rows N] [--skip portfolio,plan,png,slack,jobs,import] [--out FILE]
  Measures DESIGN.md §8 on a generated data set kept in its own database (pulse_bench_<N>,
  rebuilt when the migrations or the generator change): every intent through the rules planner,
  channel managers' portfolio answers and the vendor admin's summary over every partner,
  the same SQL run bare, a figure-by-figure check against hand-written SQL, charts to PNG, signed
  Slack commands on loopback, and a revenue import. Prints a table and writes bench/results.json.
  --runs    each timed section this many times, every run reported (default 2; 1 with --quick)
  --slack-rate  one Slack measurement per rate (default 200,400: sustained, then over capacity)
  --quick   200 partners, 20 questions per intent, Slack 50/s for 5 s, 20,000 import rows, one run
  Exit 1 on a correctness mismatch; a missed target fails only a full run.`;

/** The day the scale set is generated for and questions are asked on (PULSE_NOW wins). */
const BENCH_DAY = '2026-11-23';

const whole = (raw: string | undefined, name: string, fallback: number, min: number, max: number): number => {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
};

const SECTIONS = ['portfolio', 'plan', 'png', 'slack', 'jobs', 'import'];

function rateList(raw: string | undefined, fallback: number[]): number[] {
  if (raw === undefined) return fallback;
  return raw.split(',').map((r) => whole(r.trim(), 'slack-rate', 0, 1, 5000));
}

function skipList(raw: string): Set<string> {
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = names.find((n) => !SECTIONS.includes(n));
  if (bad) throw new UsageError(`--skip takes a comma list of ${SECTIONS.join(', ')}; got "${bad}"`);
  return new Set(names);
}

export async function benchCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parse({
    args,
    options: {
      quick: { type: 'boolean', default: false },
      partners: { type: 'string' },
      questions: { type: 'string' },
      'slack-seconds': { type: 'string' },
      'slack-rate': { type: 'string' },
      runs: { type: 'string' },
      'import-rows': { type: 'string' },
      out: { type: 'string' },
      skip: { type: 'string', default: '' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    println(io.stdout, BENCH_USAGE);
    return EXIT_OK;
  }
  const quick = values.quick;
  // Answers and the generated data must agree on "today", or every period shifts under the data.
  io.env.PULSE_NOW ||= BENCH_DAY;
  process.env.PULSE_NOW = io.env.PULSE_NOW;
  const config = configOrReport(io);
  if (!config) return EXIT_FAIL;
  const opts: BenchOptions = {
    quick,
    partners: whole(values.partners, 'partners', quick ? 200 : 5000, 10, 100_000),
    perIntent: whole(values.questions, 'questions', quick ? 20 : 200, 1, 100_000),
    askers: quick ? 40 : 100,
    slackRates: rateList(values['slack-rate'], quick ? [50] : [200, 400]),
    runs: whole(values.runs, 'runs', quick ? 1 : 2, 1, 10),
    slackSeconds: whole(values['slack-seconds'], 'slack-seconds', quick ? 5 : 60, 1, 3600),
    importRows: whole(values['import-rows'], 'import-rows', quick ? 20_000 : 1_000_000, 0, 50_000_000),
    pngRounds: quick ? 30 : 200,
    out: values.out ?? (quick ? 'bench/results-quick.json' : 'bench/results.json'),
    skip: skipList(values.skip),
    today: isoDay(new Date(`${io.env.PULSE_NOW.slice(0, 10)}T12:00:00Z`)),
    say: (m) => println(io.stderr, `bench: ${m}`),
  };
  const started = Date.now();
  const r = await runBench(config, opts);
  println(io.stdout, r.table);
  println(io.stdout, `\n${opts.quick ? 'quick' : 'full'} run on ${opts.partners} partners in ${((Date.now() - started) / 1000).toFixed(0)} s; results in ${opts.out}`);
  for (const m of r.mismatches.slice(0, 10)) println(io.stderr, `mismatch: ${m}`);
  if (r.mismatches.length > 0) {
    println(io.stderr, `bench: ${r.mismatches.length} figures differ from bare SQL`);
    return EXIT_FAIL;
  }
  if (r.missed.length > 0) {
    println(io.stderr, `bench: targets missed: ${r.missed.join(', ')}${quick ? ' (quick run: informational only)' : ''}`);
    return quick ? EXIT_OK : EXIT_FAIL;
  }
  return EXIT_OK;
}
