import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPrincipal, userIdByEmail } from '../../src/access/principal.ts';
import type { App } from '../../src/app.ts';
import { renderChartText } from '../../src/charts/render-text.ts';
import { chartSpec } from '../../src/charts/spec.ts';
import { answer } from '../../src/core/answer.ts';
import { buildDigest } from '../../src/digest/build-digest.ts';
import { digestReply } from '../../src/digest/digest-reply.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { createPartnerData } from '../../src/metrics/create-partner-data.ts';
import { checkProgramText } from '../../src/program/load.ts';
import { programMetrics } from '../../src/program/metrics.ts';
import { renderReply } from '../../adapters/console/render.ts';
import { appFor } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';

// Money in the program's currency, numbers and dates in the reader's locale: the demo program
// with `currency: EUR`, one reader on de-DE and another on the program's en-US, asking at once.

const TODAY = '2026-11-23';
const nb = (s: string): string => s.replace(/[\u00a0\u202f]/g, ' ');

let app: App;

beforeAll(async () => {
  const handle = await testDb({ demo: true });
  const base = await appFor(handle);
  const text = readFileSync(new URL('../../program.yml', import.meta.url), 'utf8').replace(/^currency: USD$/m, 'currency: EUR');
  const program = checkProgramText(text);
  if (!program.ok) throw new Error(program.error.message);
  app = { ...base, program: program.value };
  // The Northwind seller reads German; the owner keeps the program's en-US.
  await handle.db.updateTable('users').set({ locale: 'de-DE' }).where('email', '=', 'seller@northwind.example').execute();
});

const ask = (email: string, text: string) => answer(app, { ...consoleIdentity(email), text });

describe('an EUR program, read in two locales at once', () => {
  it('prints euros in a reply and its chart, numbers and dates in each reader’s own way', async () => {
    const question = 'what was our revenue last quarter compared with the quarter before?';
    const [de, us] = await Promise.all([ask('seller@northwind.example', question), ask('owner@northwind.example', question)]);
    expect(de.intent).toBe('metric_query');
    expect(de.data.value).toBe(us.data.value);
    const v = Number(de.data.value);
    expect(v).toBeGreaterThan(1000);
    // en-US: "€118,199"; de-DE: "118.199 €" — the same figure, each in its reader's grouping.
    expect(us.reply.summary).toContain(`€${new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }).format(v)}`);
    expect(nb(de.reply.summary)).toContain(`${new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 }).format(v)} €`);
    expect(us.reply.summary).not.toContain('$');
    expect(de.reply.summary).toMatch(/\d\.\d{3}/);

    // The comparison chart: its bar labels and axis in the same terms.
    const [chartDe] = de.reply.charts;
    const [chartUs] = us.reply.charts;
    expect(chartDe?.format).toEqual({ locale: 'de-DE', currency: 'EUR' });
    expect(chartUs?.format).toEqual({ locale: 'en-US', currency: 'EUR' });
    if (!chartDe || !chartUs) throw new Error('no chart');
    expect(nb(renderChartText(chartDe))).toMatch(/\d+(,\d)? (Mio\. )?€|\d{1,3}(\.\d{3})+ €/);
    expect(renderChartText(chartUs)).toMatch(/€\d/);
    const spec = chartSpec(chartDe) as { config?: { locale?: { number?: { decimal: string; thousands: string; currency: string[] } } } };
    expect(spec.config?.locale?.number).toMatchObject({ decimal: ',', thousands: '.' });
    expect(nb(spec.config?.locale?.number?.currency.join('|') ?? '')).toBe('| €');
  });

  it('German dates for the German reader, US ones for the other, in the same moment', async () => {
    const q = 'which certifications expire in the next 60 days?';
    const [de, us] = await Promise.all([ask('seller@northwind.example', q), ask('owner@northwind.example', q)]);
    expect(de.intent).toBe('certifications');
    const rows = (us.data.certifications ?? []) as { expiresOn: string }[];
    const first = rows[0];
    if (!first) throw new Error('no expiring certification in the demo data');
    const day = new Date(`${first.expiresOn}T00:00:00Z`);
    const deDay = new Intl.DateTimeFormat('de-DE', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(day);
    const usDay = new Intl.DateTimeFormat('en-US', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(day);
    expect(de.reply.summary).toContain(deDay);
    expect(us.reply.summary).toContain(usDay);
    expect(de.reply.table?.rows[0]?.[2]).toBe(deDay);
    // The terminal's "data as of" line follows the reply's locale too.
    expect(renderReply(de.reply)).toMatch(/Data as of \d{1,2}\. \w+\.? 2026, \d{2}:\d{2} UTC/);
    expect(renderReply(us.reply)).toMatch(/Data as of \w{3} \d{1,2}, 2026, \d{2}:\d{2} UTC/);
  });

  it('a digest for a German reader of the EUR program is in euros and German numbers', async () => {
    const id = await userIdByEmail(app.db, 'seller@northwind.example');
    const p = await loadPrincipal(app.db, id ?? 0);
    if (!p.ok) throw new Error(p.error.message);
    const digest = await buildDigest(createPartnerData(app.db, p.value, TODAY, programMetrics(app.program)), app.program, p.value);
    expect(digest.style).toEqual({ locale: 'de-DE', currency: 'EUR' });
    const reply = digestReply(digest);
    expect(nb(reply.summary)).toMatch(/revenue -?[\d.]+ € \([+-]?[\d.]+ €/);
    expect(reply.summary).not.toContain('$');
    expect(reply.format).toEqual({ locale: 'de-DE', currency: 'EUR' });
    // The week's label in German dates.
    expect(digest.week.label).toMatch(/\d{1,2}\.(\s\w+\.?)?–\d{1,2}\. \w+\.? 2026|\d{1,2}\. \w+\.? – \d{1,2}\. \w+\.? 2026/);
  });
});
