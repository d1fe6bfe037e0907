import { describe, expect, it } from 'vitest';
import { renderReply, formatAsOf } from '../../adapters/console/render.ts';
import { columns, displayWidth } from '../../adapters/console/layout.ts';
import type { Reply } from '../../src/reply/types.ts';

const reply: Reply = {
  summary: 'Northwind is 2 of 4 Gold requirements away.',
  facts: [
    { label: 'Current tier', value: 'Silver', display: 'Silver' },
    { label: 'Revenue (trailing 12 months)', value: 412300, unit: 'currency', display: '$412,300' },
  ],
  requirements: [
    { metric: 'revenue', label: 'Revenue', current: 412300, required: 500000, gap: 87700, met: false, unit: 'currency', projectedDate: '2027-03-14' },
    { metric: 'active_certifications', label: 'Active certifications', current: 6, required: 5, gap: 0, met: true, unit: 'count', projectedDate: undefined },
    { metric: 'renewal_rate', label: 'Renewal rate', current: 71.5, required: 80, gap: 8.5, met: false, unit: 'percent', projectedDate: null },
  ],
  table: { columns: ['Customer', 'Amount'], rows: [['Litware', '$12,000'], ['Tailspin Toys', '$1,250,000']] },
  charts: [
    {
      kind: 'tier_progress',
      title: 'Progress to Gold',
      categories: ['Revenue', 'Certifications'],
      series: [{ name: 'current', values: [82, 100] }],
      unit: 'percent',
    },
  ],
  suggestions: [
    { label: 'Register a deal', url: 'https://partners.contoso.example/deals/new' },
    { label: 'See renewals due', question: 'which renewals are due?' },
  ],
  sensitive: true,
  asOf: '2026-11-23T09:05:00.000Z',
};

describe('console renderReply', () => {
  const text = renderReply(reply, { color: false, width: 80 });
  const lines = text.split('\n');

  it('starts with the summary and ends with the data date', () => {
    expect(lines[0]).toBe(reply.summary);
    expect(lines[lines.length - 1]).toBe('Data as of Nov 23, 2026, 09:05 UTC');
  });

  it('aligns facts as label and value', () => {
    const tier = lines.find((l) => l.includes('Current tier')) ?? '';
    const rev = lines.find((l) => l.includes('Revenue (trailing')) ?? '';
    expect(tier.indexOf('Silver')).toBe(rev.indexOf('$412,300'));
  });

  it('shows requirements with ✓/✗, gap and projected date', () => {
    const revenue = lines.find((l) => /✗\s+Revenue /.test(l)) ?? '';
    expect(revenue).toMatch(/\$412,300\s+\$500,000\s+\$87,700\s+Mar 14, 2027/);
    const certs = lines.find((l) => l.includes('Active certifications')) ?? '';
    expect(certs).toMatch(/^\s*✓/);
    expect(certs).toContain('—');
    const renewal = lines.find((l) => l.includes('Renewal rate')) ?? '';
    expect(renewal).toMatch(/72%\s+80%\s+8.5 pts\s+not at this pace/);
  });

  it('right-aligns figure columns of a table', () => {
    const a = lines.find((l) => l.includes('Litware')) ?? '';
    const b = lines.find((l) => l.includes('Tailspin')) ?? '';
    expect(a.length).toBe(b.length);
    expect(a.endsWith('$12,000')).toBe(true);
  });

  it('renders charts as text and numbers the suggestions', () => {
    expect(text).toContain('Progress to Gold');
    expect(text).toContain('  1. Register a deal — https://partners.contoso.example/deals/new');
    expect(text).toContain('  2. See renewals due — ask “which renewals are due?”');
  });

  it('has no escape codes without colour, and some with', () => {
    expect(text).not.toContain('\u001b[');
    const colored = renderReply(reply, { color: true });
    expect(colored).toContain('\u001b[');
    // Colour never changes what is written.
    // eslint-disable-next-line no-control-regex -- stripping ANSI escapes
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderReply(reply, { color: false }));
  });

  it('numbers clarification options and marks what-ifs', () => {
    const t = renderReply({
      summary: 'Which partner do you mean?',
      facts: [],
      charts: [],
      suggestions: [],
      clarify: { question: 'Which partner do you mean?', options: [{ label: 'Northwind Traders', text: 'a' }, { label: 'Northwind Health', text: 'b' }] },
      hypothetical: true,
      sensitive: false,
      asOf: 'not a date',
    });
    expect(t).toContain('What-if: Which partner');
    expect(t).toContain('  1. Northwind Traders\n  2. Northwind Health');
    expect(t).toContain('Data as of not a date');
  });

  it('counts wide characters twice when aligning', () => {
    expect(displayWidth('金牌')).toBe(4);
    const [a, b] = columns([['金牌', 'x'], ['ab', 'y']]);
    expect(a?.indexOf('x')).toBe(4);
    expect(b?.indexOf('y')).toBe(6);
    expect(formatAsOf('2026-01-02T03:04:05Z')).toBe('Jan 2, 2026, 03:04 UTC');
  });
});
