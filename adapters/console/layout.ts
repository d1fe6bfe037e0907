// Column layout for plain-text tables: what a person sees, so wide (CJK) characters count twice.

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;

// eslint-disable-next-line no-control-regex -- ANSI escapes take no room on screen
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of stripAnsi(s)) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

export const padEnd = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - displayWidth(s)));
export const padStart = (s: string, width: number): string => ' '.repeat(Math.max(0, width - displayWidth(s))) + s;

export type Align = 'left' | 'right';

/** Rows of cells as aligned lines, two spaces between columns, no trailing blanks. */
export function columns(rows: readonly (readonly string[])[], align: readonly Align[] = []): string[] {
  const n = Math.max(0, ...rows.map((r) => r.length));
  const widths = Array.from({ length: n }, (_, i) => Math.max(0, ...rows.map((r) => displayWidth(r[i] ?? ''))));
  return rows.map((r) =>
    widths
      .map((w, i) => {
        const cell = r[i] ?? '';
        return align[i] === 'right' ? padStart(cell, w) : padEnd(cell, w);
      })
      .join('  ')
      .trimEnd(),
  );
}
