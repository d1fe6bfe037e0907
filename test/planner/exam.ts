import { readFileSync } from 'node:fs';
import { intentByName } from '../../intents/index.ts';
import type { IntentContext } from '../../intents/types.ts';
import { parseTargetDate } from '../../src/insights/target-date.ts';
import { parsePeriod } from '../../src/metrics/period.ts';
import type { Plan, SinglePlan } from '../../src/planner/types.ts';

// The planner exam (test/fixtures/exam/SPEC.md): each line a message as people type it, with the
// intent and arguments it must plan to. Arguments are compared by meaning: periods and deadlines
// by the days they name, names without regard to case, an argument left at its default as absent.

export interface Expected {
  intent: string;
  args: Record<string, unknown>;
}

export interface ExamLine {
  as: string;
  text: string;
  intent?: string;
  args?: Record<string, unknown>;
  parts?: Expected[];
}

/** Where each part lives: the train part is the planner's corpus (intents/), the held-out part is not. */
const PARTS: Readonly<Record<string, string>> = {
  'train.jsonl': '../../intents/train.jsonl',
  'heldout.jsonl': '../fixtures/exam/heldout.jsonl',
};

export function readExam(file: string): ExamLine[] {
  const url = new URL(PARTS[file] ?? `../fixtures/exam/${file}`, import.meta.url);
  return readFileSync(url, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      try {
        return JSON.parse(l) as ExamLine;
      } catch {
        throw new Error(`${file}:${i + 1} is not JSON`);
      }
    });
}

export const expectedParts = (line: ExamLine): Expected[] => line.parts ?? [{ intent: line.intent ?? '', args: line.args ?? {} }];

const norm = (v: unknown): string =>
  String(v)
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** The days a period or deadline names, or the words when they name none. */
function meaning(key: string, value: unknown, today: string): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  if (key === 'period') {
    const p = parsePeriod(value, today);
    return p.ok ? `${p.value.from}..${p.value.to}` : `?${norm(value)}`;
  }
  if (key === 'by') {
    const d = parseTargetDate(value, today);
    return d.ok ? d.value.day : `?${norm(value)}`;
  }
  return norm(value);
}

/** The arguments without those left at the intent's default, and without the asker's own partner. */
function meaningful(intent: string, args: Record<string, unknown>, ownPartner: string | null): Record<string, unknown> {
  const def = intentByName(intent);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    const field = def?.args.shape[key] as { safeParse?: (v: unknown) => { success: boolean; data?: unknown } } | undefined;
    const fallback = field?.safeParse?.(undefined);
    if (fallback?.success && fallback.data !== undefined && JSON.stringify(fallback.data) === JSON.stringify(value)) continue;
    if (key === 'partner' && ownPartner !== null && norm(value) === norm(ownPartner)) continue;
    out[key] = value;
  }
  return out;
}

function sameValue(key: string, a: unknown, b: unknown, today: string): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    if (key === 'days') return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
    return a.length === b.length && a.every((x, i) => meaning(key, x, today) === meaning(key, b[i], today));
  }
  return meaning(key, a, today) === meaning(key, b, today);
}

export interface Graded {
  ok: boolean;
  /** What was wrong, for the report. */
  why?: string;
}

function gradePart(expected: Expected, got: SinglePlan | undefined, ctx: IntentContext): Graded {
  if (!got) return { ok: false, why: 'no plan for this part' };
  const kind = got.kind === 'intent' ? got.intent : got.kind;
  if (expected.intent === 'clarify' || expected.intent === 'help') {
    const ok = kind === expected.intent || (expected.intent === 'help' && kind === 'help');
    return ok ? { ok } : { ok, why: `expected ${expected.intent}, got ${describe(got)}` };
  }
  if (got.kind !== 'intent' || got.intent !== expected.intent) return { ok: false, why: `expected ${expected.intent}, got ${describe(got)}` };
  const own = ctx.principal.role === 'partner_user' || ctx.principal.role === 'partner_admin' ? ctx.principal.partnerName : null;
  const want = meaningful(expected.intent, expected.args, own);
  const have = meaningful(got.intent, got.args, own);
  // Wording only (SPEC.md): how small talk is answered, not what is answered.
  if (got.intent === 'smalltalk') {
    delete have.kind;
    delete want.kind;
  }
  const keys = new Set([...Object.keys(want), ...Object.keys(have)]);
  const wrong = [...keys].filter((k) => !(k in want && k in have && sameValue(k, want[k], have[k], ctx.today)));
  if (wrong.length === 0) return { ok: true };
  return { ok: false, why: wrong.map((k) => `${k}: expected ${JSON.stringify(want[k])}, got ${JSON.stringify(have[k])}`).join('; ') };
}

function describe(p: SinglePlan): string {
  if (p.kind === 'intent') return `${p.intent} ${JSON.stringify(p.args)}`;
  if (p.kind === 'clarify') return `clarify (${p.clarify.question})`;
  return `help (${p.reason})`;
}

/** Grades a plan against a line: every part, in order. */
export function grade(line: ExamLine, plan: Plan, ctx: IntentContext): Graded {
  const expected = expectedParts(line);
  const got: SinglePlan[] = plan.kind === 'parts' ? plan.parts : plan.kind === 'ran' ? [] : [plan];
  if (got.length !== expected.length) {
    return { ok: false, why: `expected ${expected.length} part(s), got ${got.length}: ${got.map(describe).join(' | ')}` };
  }
  const graded = expected.map((e, i) => gradePart(e, got[i], ctx));
  const bad = graded.map((g, i) => (g.ok ? '' : expected.length > 1 ? `part ${i + 1}: ${g.why ?? ''}` : (g.why ?? ''))).filter(Boolean);
  return bad.length === 0 ? { ok: true } : { ok: false, why: bad.join(' || ') };
}

export interface Tally {
  right: number;
  total: number;
}

export interface ExamReport {
  overall: Tally;
  byIntent: Map<string, Tally>;
  misses: string[];
}

export function emptyReport(): ExamReport {
  return { overall: { right: 0, total: 0 }, byIntent: new Map(), misses: [] };
}

/** Records one graded line under its first expected intent. */
export function record(report: ExamReport, line: ExamLine, g: Graded): void {
  const key = line.parts ? 'two or more questions' : (line.intent ?? '?');
  const t = report.byIntent.get(key) ?? { right: 0, total: 0 };
  t.total++;
  report.overall.total++;
  if (g.ok) {
    t.right++;
    report.overall.right++;
  } else {
    report.misses.push(`${line.as}: "${line.text}" → ${g.why ?? ''}`);
  }
  report.byIntent.set(key, t);
}

const pct = (t: Tally): string => (t.total === 0 ? '–' : `${((100 * t.right) / t.total).toFixed(1)}%`);

export function formatReport(name: string, r: ExamReport, withMisses: boolean): string {
  const rows = [...r.byIntent].sort((a, b) => a[0].localeCompare(b[0])).map(([k, t]) => `  ${k.padEnd(24)} ${`${t.right}/${t.total}`.padStart(8)}  ${pct(t)}`);
  const head = `${name}: ${r.overall.right}/${r.overall.total} = ${pct(r.overall)}`;
  const misses = withMisses && r.misses.length > 0 ? ['', `  misses (${r.misses.length}):`, ...r.misses.map((m) => `  - ${m}`)] : [];
  return [head, ...rows, ...misses].join('\n');
}
