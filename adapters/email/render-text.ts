import type { EmailContent, EmailTable } from './content.ts';

// The plain-text body: the same parts as the HTML one, in the same order, charts drawn in text.

const width = (s: string): number => [...s].length;

function columns(rows: readonly string[][], numeric: readonly boolean[] = []): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, width(cell))));
  return rows.map((r) =>
    r
      .map((cell, i) => {
        const pad = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(cell)));
        return numeric[i] ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd(),
  );
}

/** Plain-text mail reads in about 78 columns: a wider table becomes one line per row, each cell named. */
const WIDE = 78;

function tableText(t: EmailTable): string {
  const lines = columns([t.columns, ...t.rows], t.numeric);
  if (lines.every((l) => width(l) + 2 <= WIDE)) return lines.map((l) => `  ${l}`).join('\n');
  return t.rows
    .map((r) => {
      const cells = t.columns
        .slice(1)
        .map((c, i) => [c, r[i + 1] ?? ''] as const)
        .filter(([, v]) => v !== '' && v !== '—')
        .map(([c, v]) => `${c}: ${v}`);
      return `  - ${r[0] ?? ''}${cells.length > 0 ? ` — ${cells.join('; ')}` : ''}`;
    })
    .join('\n');
}

export function renderText(c: EmailContent): string {
  const blocks: string[] = [];
  blocks.push(`${c.hypothetical ? 'What-if: ' : ''}${c.summary}`);
  if (c.facts.length > 0) blocks.push(columns(c.facts.map(([l, v]) => [`${l}:`, v])).map((l) => `  ${l}`).join('\n'));
  if (c.requirements) blocks.push(tableText(c.requirements));
  if (c.table) blocks.push(tableText(c.table));
  for (const chart of c.charts) blocks.push(chart.text);
  if (c.steps.length > 0) {
    const heading = c.steps.some((s) => s.url) ? 'Next steps' : 'You could ask';
    const lines = c.steps.map((s, i) => {
      const link = s.url ? ` — ${s.url}` : '';
      const ask = s.question && (s.url || s.question !== s.label) ? `${link ? ';' : ' —'} ask Partner Pulse “${s.question}”` : '';
      return `  ${i + 1}. ${s.label}${link}${ask}${s.reason ? ` (${s.reason})` : ''}`;
    });
    blocks.push([heading, ...lines].join('\n'));
  }
  blocks.push(`Data as of ${c.asOf}`);
  const f = c.footer;
  blocks.push(`--\n${f.why}\nUnsubscribe: ${f.unsubscribeUrl}${f.alternative ? `\n(${f.alternative.replace(/^or /, 'Or ')}.)` : ''}`);
  return `${blocks.join('\n\n')}\n`;
}
