import { readFileSync } from 'node:fs';
import { checkProgramText } from '../../program/load.ts';
import { parse } from '../args.ts';
import { println, type CliIo } from '../io.ts';
import { EXIT_FAIL, EXIT_OK, UsageError } from '../usage-error.ts';
import { configOrReport } from '../config-or-report.ts';

export const PROGRAM_USAGE = `pulse program check [FILE]
  Validates a program file (default: PULSE_PROGRAM, else program.yml) and lists every problem
  with its path, e.g. "tiers[2].requirements[0].metric: unknown metric".`;

export async function programCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    println(io.stdout, PROGRAM_USAGE);
    return sub === undefined ? 2 : EXIT_OK;
  }
  if (sub !== 'check') throw new UsageError(`unknown program command "${sub}" (try: pulse program check); see pulse --help`);
  const { positionals } = parse({ args: rest, allowPositionals: true, options: {} });
  if (positionals.length > 1) throw new UsageError('pulse program check takes one FILE; see pulse --help');
  let file = positionals[0];
  if (file === undefined) {
    const config = configOrReport(io);
    if (!config) return EXIT_FAIL;
    file = config.PULSE_PROGRAM;
  }
  return checkFile(file, io);
}

function checkFile(file: string, io: CliIo): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code;
    println(io.stderr, `${file}: cannot read (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')})`);
    return EXIT_FAIL;
  }
  const r = checkProgramText(text);
  if (r.ok) {
    const tiers = r.value.tiers.length;
    const reqs = r.value.tiers.reduce((n, t) => n + t.requirements.length, 0);
    println(io.stdout, `${file}: OK (${tiers} tiers, ${reqs} requirements)`);
    return EXIT_OK;
  }
  const problems = r.problems ?? [r.error.message];
  println(io.stdout, `${file}: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}`);
  for (const p of problems) println(io.stdout, `  ${p}`);
  return EXIT_FAIL;
}
