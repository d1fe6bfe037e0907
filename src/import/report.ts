import { formatProblem } from './problems.ts';
import type { ImportOutcome, ImportSummary } from './run-import.ts';

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function summaryLine(s: ImportSummary, fileName: string | null): string {
  const from = fileName ? ` from ${fileName}` : '';
  const stale = s.stale > 0 ? `, ${s.stale.toLocaleString('en-US')} skipped as older than stored (updated_at)` : '';
  const counts = `${s.inserted.toLocaleString('en-US')} inserted, ${s.updated.toLocaleString('en-US')} updated, ${s.unchanged.toLocaleString('en-US')} unchanged${stale}`;
  return s.dryRun
    ? `dry run, nothing written: ${plural(s.rows, 'row')} of ${s.entity}${from} would be ${counts}`
    : `${s.entity}: ${plural(s.rows, 'row')}${from}: ${counts}`;
}

/** The whole report of a refused import: a heading, then one line per problem. */
export function problemLines(outcome: Extract<ImportOutcome, { ok: false }>, fileName: string | null): string[] {
  const n = outcome.problems.length + outcome.moreProblems;
  const name = fileName ?? outcome.entity;
  const lines = [`${name}: ${plural(n, 'problem')}, nothing was imported`];
  for (const p of outcome.problems) lines.push(`  ${formatProblem(p)}`);
  if (outcome.moreProblems > 0) lines.push(`  … and ${plural(outcome.moreProblems, 'more problem')} not shown`);
  return lines;
}
