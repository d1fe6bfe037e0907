import type { EmailContent, EmailTable } from './content.ts';

// The HTML body: tables and inline styles only (mail programs drop <style> sheets and scripts),
// charts as inline images by Content-ID, every piece of text escaped.

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

const FONT = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif";
const CELL = 'padding:4px 10px;border-bottom:1px solid #e5e7eb;vertical-align:top';
const MUTED = 'color:#6b7280;font-size:12px';

function tableHtml(t: EmailTable): string {
  const align = (i: number) => (t.numeric[i] ? 'right' : 'left');
  const head = t.columns.map((c, i) => `<th style="${CELL};text-align:${align(i)};font-weight:600">${esc(c)}</th>`).join('');
  const rows = t.rows.map((r) => `<tr>${t.columns.map((_, i) => `<td style="${CELL};text-align:${align(i)}">${esc(r[i] ?? '')}</td>`).join('')}</tr>`).join('');
  return `<table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:collapse;margin:12px 0;font-size:14px"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

export function renderHtml(c: EmailContent, title: string): string {
  const parts: string[] = [];
  parts.push(`<p style="font-size:16px;line-height:1.5;margin:0 0 12px">${c.hypothetical ? '<strong>What-if:</strong> ' : ''}${esc(c.summary)}</p>`);
  if (c.facts.length > 0) {
    const rows = c.facts.map(([label, value]) => `<tr><td style="${CELL};color:#374151">${esc(label)}</td><td style="${CELL};font-weight:600">${esc(value)}</td></tr>`).join('');
    parts.push(`<table role="presentation" cellspacing="0" cellpadding="0" style="border-collapse:collapse;margin:12px 0;font-size:14px">${rows}</table>`);
  }
  if (c.requirements) parts.push(tableHtml(c.requirements));
  if (c.table) parts.push(tableHtml(c.table));
  for (const chart of c.charts) {
    parts.push(
      chart.cid
        ? `<p style="margin:16px 0"><img src="cid:${esc(chart.cid)}" alt="${esc(chart.title)}"${chart.width ? ` width="${chart.width}"` : ''} style="max-width:100%;height:auto;border:0"></p>`
        : `<pre style="font-size:12px;line-height:1.3">${esc(chart.text)}</pre>`,
    );
  }
  if (c.steps.length > 0) {
    const heading = c.steps.some((s) => s.url) ? 'Next steps' : 'You could ask';
    const items = c.steps
      .map((s) => {
        const label = s.url ? `<a href="${esc(s.url)}" style="color:#2563eb">${esc(s.label)}</a>` : esc(s.label);
        const ask = s.question && (s.url || s.question !== s.label) ? ` — ask Partner Pulse “${esc(s.question)}”` : '';
        const why = s.reason ? ` <span style="color:#6b7280">(${esc(s.reason)})</span>` : '';
        return `<li style="margin:4px 0">${label}${ask}${why}</li>`;
      })
      .join('');
    parts.push(`<p style="font-weight:600;margin:16px 0 4px">${heading}</p><ol style="margin:0;padding-left:20px;font-size:14px">${items}</ol>`);
  }
  parts.push(`<p style="${MUTED};margin:16px 0 0">Data as of ${esc(c.asOf)}</p>`);
  const f = c.footer;
  parts.push(
    `<hr style="border:0;border-top:1px solid #e5e7eb;margin:20px 0 8px">` +
      `<p style="${MUTED}">${esc(f.why)} <a href="${esc(f.unsubscribeUrl)}" style="color:#6b7280">Unsubscribe</a>${f.alternative ? `, ${esc(f.alternative)}` : ''}.</p>`,
  );
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title></head>` +
    `<body style="margin:0;padding:16px;background:#ffffff;color:#111827;${FONT}"><div style="max-width:640px;margin:0 auto">${parts.join('\n')}</div></body></html>`
  );
}
