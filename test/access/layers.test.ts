import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Layers go one way: access ← metrics ← insights. src/access holds the principal and the scope and
// imports neither metrics nor insights; metrics (every read of partner data) does not import
// insights; so no cycle can run between the three. Read from the import statements of every file
// under src/, type-only imports included: a type pulled from a layer above is still a layer
// pointing up.

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');
const LAYERS = ['access', 'metrics', 'insights'] as const;
type Layer = (typeof LAYERS)[number];
/** What each layer may import, of the three. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = { access: [], metrics: ['access'], insights: ['access', 'metrics'] };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : /\.(ts|mts|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

/** Every module specifier a file names: static imports and re-exports (type-only too), and dynamic import(). */
export function specifiers(text: string): { spec: string; typeOnly: boolean }[] {
  const out: { spec: string; typeOnly: boolean }[] = [];
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  for (const m of code.matchAll(/(?:^|[;\n])\s*(import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]/g)) {
    out.push({ spec: m[3] ?? '', typeOnly: Boolean(m[2]) });
  }
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1] ?? '', typeOnly: false });
  return out;
}

function layerOf(file: string): Layer | null {
  const [top] = relative(SRC, file).split(/[\\/]/);
  return (LAYERS as readonly string[]).includes(top ?? '') ? (top as Layer) : null;
}

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of filesUnder(SRC)) {
    for (const { spec, typeOnly } of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      out.push({ from: file, to: resolve(dirname(file), spec), typeOnly });
    }
  }
  return out;
}

/** Cycles of a directed graph, each as the list of its nodes (one per strongly connected component of more than one node or a self-loop). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) ?? 0, idx.get(w) ?? 0));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.has(v)) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('layers: access ← metrics ← insights', () => {
  const all = edges();

  it('reads the imports it checks', () => {
    expect(specifiers(`import type { A } from './a.ts';\nexport { b } from "../b.ts";\nimport x, { y } from './c.ts';\nconst m = await import('./d.ts');`)).toEqual([
      { spec: './a.ts', typeOnly: true },
      { spec: '../b.ts', typeOnly: false },
      { spec: './c.ts', typeOnly: false },
      { spec: './d.ts', typeOnly: false },
    ]);
    // The scanner sees the layers' real imports: metrics reads the scope, insights reads metrics.
    const crossing = all.filter((e) => layerOf(e.from) !== layerOf(e.to) && layerOf(e.from) && layerOf(e.to));
    expect(crossing.some((e) => layerOf(e.from) === 'metrics' && layerOf(e.to) === 'access')).toBe(true);
    expect(crossing.some((e) => layerOf(e.from) === 'insights' && layerOf(e.to) === 'metrics')).toBe(true);
  });

  it('no layer imports one above it (src/access imports neither metrics nor insights)', () => {
    const wrong = all
      .filter((e) => {
        const a = layerOf(e.from);
        const b = layerOf(e.to);
        return a !== null && b !== null && a !== b && !MAY_IMPORT[a].includes(b);
      })
      .map((e) => `${relative(ROOT, e.from)} → ${relative(ROOT, e.to)}`);
    expect(wrong).toEqual([]);
  });

  it('no cycle between the three folders, nor between files inside them', () => {
    const folders = new Map<string, Set<string>>();
    const files = new Map<string, Set<string>>();
    for (const e of all) {
      const a = layerOf(e.from);
      const b = layerOf(e.to);
      if (a === null || b === null) continue;
      if (a !== b) (folders.get(a) ?? folders.set(a, new Set()).get(a))?.add(b);
      // Runtime imports only for files: a type-only import is erased and cannot loop at load time.
      if (!e.typeOnly) (files.get(e.from) ?? files.set(e.from, new Set()).get(e.from))?.add(e.to);
    }
    expect(cycles(folders)).toEqual([]);
    expect(cycles(files).map((c) => c.map((f) => relative(ROOT, f)))).toEqual([]);
  });
});
