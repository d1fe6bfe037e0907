import { formatterFor, listing, withStyle, type Formatter } from '../reply/format.ts';
import type { Chart, Fact, Reply, Suggestion, Table } from '../reply/types.ts';
import type { DigestCertification, DigestData } from './build-digest.ts';

const CHART_ROWS = 10;
const TABLE_ROWS = 25;

const owned = (name: string): string => (/s$/i.test(name) ? `${name}'` : `${name}'s`);

/** "Northwind Traders drops below Gold's certification requirement on 12 Dec 2026". */
export function certLine(c: DigestCertification, f: Formatter): string {
  const what = `${owned(c.holder)} ${c.certification} expires ${f.date(c.expiresOn)} (${f.plural(c.daysLeft, 'day')})`;
  return c.breaks
    ? `${c.partner} drops below ${owned(c.breaks.tier)} certification requirement on ${f.date(c.expiresOn)}: ${what}`
    : `${c.partner}: ${what}`;
}

// "1 active certification", "3 won deals": a label names the plural, one of it drops the first "s".
const gapLabel = (g: { gap: number; unit: string; label: string }): string =>
  g.unit === 'count' && g.gap === 1 ? g.label.toLowerCase().replace(/(\w)s\b/, '$1') : g.label.toLowerCase();

// "to go" below a minimum; a maximum is brought down ("300 ppm defect rate to cut").
const gapText = (gaps: DigestData['partners'][number]['gapToNextTier'], f: Formatter): string => {
  if (gaps.length === 0) return 'every requirement met';
  const below = gaps.filter((g) => !g.atMost).map((g) => `${f.value(g.gap, g.unit)} ${gapLabel(g)}`);
  const above = gaps.filter((g) => g.atMost).map((g) => `${f.value(g.gap, g.unit)} ${gapLabel(g)}`);
  return [below.length > 0 ? `${listing(below)} to go` : '', above.length > 0 ? `${listing(above)} to cut` : ''].filter((x) => x !== '').join('; ');
};

/** The digest as a platform-neutral reply: summary, facts, one chart, a table and follow-ups, in the recipient's locale. */
export function digestReply(d: DigestData): Reply {
  const f = formatterFor(d.style);
  const who = d.audience === 'partner' ? (d.partners[0]?.name ?? 'your company') : f.plural(d.partners.length, 'partner');
  const lines: string[] = [
    `Your weekly digest for ${who}, ${d.week.label}: revenue ${f.value(d.totals.revenue.current, 'currency')} ` +
      `(${f.delta(d.totals.revenue.change, 'currency')} on the week before).`,
  ];
  const breaking = d.expiringCertifications.filter((c) => c.breaks);
  if (breaking[0]) lines.push(`${certLine(breaking[0], f)}.`);
  else if (d.expiringCertifications.length > 0) {
    lines.push(`${f.plural(d.expiringCertifications.length, 'certification')} expire within 30 days.`);
  }
  const moved = d.movedTier.filter((m) => m.direction !== 'new');
  if (moved.length > 0) {
    lines.push(`Moved tier this week: ${listing(moved.map((m) => `${m.partner} (${m.direction === 'up' ? 'up' : 'down'} from ${m.from ?? ''} to ${m.to})`))}.`);
  }
  if (d.closeToNextTier.length > 0) {
    lines.push(`Within 10% of the next tier: ${listing(d.closeToNextTier.map((c) => `${c.partner} (${c.nextTier})`))}.`);
  }
  const review = d.atRisk[0]?.reviewDate;
  if (review) lines.push(`At risk of dropping a tier at the ${f.date(review)} review at today's pace: ${listing(d.atRisk.map((r) => r.partner))}.`);

  const facts: Fact[] = [
    fact(f, 'Revenue this week', d.totals.revenue.current, 'currency', d.totals.revenue.change),
    fact(f, 'Pipeline', d.totals.pipeline.current, 'currency', d.totals.pipeline.change),
    fact(f, 'Deal registrations', d.totals.dealRegistrations.current, 'count', d.totals.dealRegistrations.change),
    { label: 'Certifications expiring in 30 days', value: d.expiringCertifications.length, unit: 'count', display: f.count(d.expiringCertifications.length) },
  ];
  for (const m of moved) {
    facts.push({ label: `Moved ${m.direction}: ${m.partner}`, value: m.to, display: `${m.from ?? ''} → ${m.to} on ${f.date(m.on)}` });
  }
  for (const m of d.topMovers) facts.push({ label: `Top mover: ${m.partner}`, value: m.revenueChange, unit: 'currency', display: f.delta(m.revenueChange, 'currency') });
  for (const m of d.bottomMovers) facts.push({ label: `Bottom mover: ${m.partner}`, value: m.revenueChange, unit: 'currency', display: f.delta(m.revenueChange, 'currency') });

  const reply: Reply = {
    summary: lines.join(' '),
    facts,
    table: partnerTable(d, f),
    charts: chart(d),
    suggestions: followUps(d),
    sensitive: true,
    asOf: d.asOf,
  };
  return withStyle(reply, d.style);
}

function fact(f: Formatter, label: string, value: number, unit: 'currency' | 'count', delta: number): Fact {
  return { label, value, unit, display: `${f.value(value, unit)} (${f.delta(delta, unit)})` };
}

function partnerTable(d: DigestData, f: Formatter): Table {
  const certsBy = new Map<string, DigestCertification[]>();
  for (const c of d.expiringCertifications) certsBy.set(c.partner, [...(certsBy.get(c.partner) ?? []), c]);
  const rows = [...d.partners]
    .sort((a, b) => Math.abs(b.revenue.change) - Math.abs(a.revenue.change) || a.name.localeCompare(b.name))
    .slice(0, TABLE_ROWS)
    .map((p) => [
      p.name,
      p.tier,
      f.delta(p.revenue.change, 'currency'),
      p.nextTier ? `${p.nextTier}: ${gapText(p.gapToNextTier, f)}` : 'top tier',
      (certsBy.get(p.name) ?? []).map((c) => `${c.certification} ${f.date(c.expiresOn)}${c.breaks ? ` (breaks ${c.breaks.tier})` : ''}`).join('; ') || '—',
    ]);
  return { columns: ['Partner', 'Tier', 'Revenue vs last week', 'Gap to next tier', 'Certifications expiring'], rows };
}

function chart(d: DigestData): Chart[] {
  const top = [...d.partners].sort((a, b) => b.revenue.current - a.revenue.current || a.name.localeCompare(b.name)).slice(0, CHART_ROWS);
  if (top.length === 0) return [];
  return [
    {
      kind: 'leaderboard',
      title: 'Revenue this week by partner',
      categories: top.map((p) => p.name),
      series: [{ name: 'Revenue', values: top.map((p) => p.revenue.current) }],
      unit: 'currency',
    },
  ];
}

function followUps(d: DigestData): Suggestion[] {
  const out: Suggestion[] = [];
  const partnerView = d.audience === 'partner';
  const firstCert = d.expiringCertifications.find((c) => c.breaks) ?? d.expiringCertifications[0];
  if (firstCert) {
    out.push({
      label: 'Expiring certifications',
      question: partnerView ? 'Which certifications expire in the next 30 days?' : `Which certifications expire in the next 30 days for ${firstCert.partner}?`,
    });
  }
  const close = d.closeToNextTier[0] ?? d.partners.find((p) => p.nextTier && p.gapToNextTier.length > 0);
  if (close) {
    const name = 'partner' in close ? close.partner : close.name;
    const tier = close.nextTier ?? 'the next tier';
    out.push({ label: `Gap to ${tier}`, question: partnerView ? `How close are we to ${tier}?` : `How close is ${name} to ${tier}?` });
  }
  const mover = d.bottomMovers[0] ?? d.topMovers[0];
  if (mover && !partnerView) out.push({ label: `How is ${mover.partner} doing?`, question: `How is ${mover.partner} doing?` });
  return out.slice(0, 3);
}
