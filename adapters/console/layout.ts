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

/**
 * Text wrapped at word boundaries to `width` columns as a person sees them: each line keeps its
 * own leading spaces, and the lines it continues onto start with `hang` spaces. A word wider
 * than a line stays whole on a line of its own (a link must stay one piece to be clicked). No
 * width (not a terminal): the text as it is.
 */
export function wrapWords(text: string, width: number | undefined, hang = 0): string {
  if (!width || width < 20) return text;
  return text
    .split('\n')
    .flatMap((line) => wrapLine(line, width, hang))
    .join('\n');
}

function wrapLine(line: string, width: number, hang: number): string[] {
  if (displayWidth(line) <= width) return [line];
  const lead = /^\s*/.exec(line)?.[0] ?? '';
  // Words and the spaces between them, in turn: a line keeps its own spacing (aligned columns);
  // the spaces at a break go.
  const parts = line.slice(lead.length).split(/(\s+)/);
  const indent = ' '.repeat(Math.min(hang, Math.floor(width / 2)));
  const out: string[] = [];
  let current = lead + (parts[0] ?? '');
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const word = parts[i + 1] ?? '';
    if (word === '') continue;
    const joined = current + (parts[i] ?? ' ') + word;
    if (current.trim() === '' || displayWidth(joined) <= width) {
      current = joined;
      continue;
    }
    out.push(current);
    current = indent + word;
  }
  out.push(current);
  return out;
}
