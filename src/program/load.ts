import { readFileSync } from 'node:fs';
import { parse, YAMLParseError } from 'yaml';
import { fail, ok, type Result } from '../errors.ts';
import { programSchema, type Program } from './schema.ts';

/** Every problem in a program file, each with its path ("tiers[2].requirements[0].metric: …"). */
export function checkProgramText(text: string): Result<Program> & { problems?: string[] } {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` at line ${e.linePos[0].line}` : '';
    const msg = `not valid YAML${where}: ${(e as Error).message.split('\n')[0]}`;
    return { ...fail('program_invalid', msg), problems: [msg] };
  }
  const parsed = programSchema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  const problems = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
  return { ...fail('program_invalid', problems.join('; ')), problems };
}

export function loadProgram(file: string): Result<Program> & { problems?: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return fail('program_invalid', `cannot read program file ${file}`);
  }
  const r = checkProgramText(text);
  return r.ok ? r : { ...r, error: { ...r.error, message: `${file}: ${r.error.message}` } };
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');
}

export function tierIndex(program: Program, name: string): number {
  return program.tiers.findIndex((t) => t.name.toLowerCase() === name.toLowerCase());
}
