import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { round } from './stats.ts';

/** One line of the bench table and of bench/results.json. */
export interface ResultRow {
  name: string;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  ratio_to_bare: number | null;
  target: string;
  /** null: nothing to judge (not available, or a figure without a target). */
  met: boolean | null;
  /** Counts, rates and anything else worth a word (qps, errors, RSS, rows). */
  note?: string;
}

const cell = (v: number | null, digits = 1): string => (v === null || !Number.isFinite(v) ? '-' : round(v, digits).toFixed(digits));

export function formatTable(rows: readonly ResultRow[]): string {
  const head = ['name', 'p50 ms', 'p95 ms', 'p99 ms', 'x bare', 'target', 'met', 'note'];
  const body = rows.map((r) => [
    r.name,
    cell(r.p50_ms),
    cell(r.p95_ms),
    cell(r.p99_ms),
    cell(r.ratio_to_bare, 2),
    r.target,
    r.met === null ? '-' : r.met ? 'yes' : 'NO',
    r.note ?? '',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i >= 1 && i <= 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The same table as markdown, for the README. */
export function formatMarkdown(rows: readonly ResultRow[]): string {
  const out = ['| name | p50 ms | p95 ms | p99 ms | × bare | target | met | note |', '| --- | ---: | ---: | ---: | ---: | --- | --- | --- |'];
  for (const r of rows) {
    out.push(
      `| ${r.name} | ${cell(r.p50_ms)} | ${cell(r.p95_ms)} | ${cell(r.p99_ms)} | ${cell(r.ratio_to_bare, 2)} | ${r.target} | ${r.met === null ? '-' : r.met ? 'yes' : '**no**'} | ${r.note ?? ''} |`,
    );
  }
  return out.join('\n');
}

export interface ResultsFile {
  generatedAt: string;
  mode: 'full' | 'quick';
  partners: number;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; postgres: string; loadAverageAtStart: number; loadAverageAtEnd: number };
  dataset: Record<string, unknown>;
  correctness: { checked: number; mismatches: string[] };
  rows: ResultRow[];
}

export async function writeResults(file: string, results: ResultsFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const rows = results.rows.map((r) => ({
    ...r,
    p50_ms: r.p50_ms === null ? null : round(r.p50_ms),
    p95_ms: r.p95_ms === null ? null : round(r.p95_ms),
    p99_ms: r.p99_ms === null ? null : round(r.p99_ms),
    ratio_to_bare: r.ratio_to_bare === null ? null : round(r.ratio_to_bare),
  }));
  await writeFile(file, `${JSON.stringify({ ...results, rows }, null, 2)}\n`);
}
