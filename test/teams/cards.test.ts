import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTENTS } from '../../intents/index.ts';
import { botCommands } from '../../adapters/teams/app-package/manifest.ts';
import { pngSize, MAX_IMAGE_BYTES, MAX_IMAGE_PX } from '../../adapters/teams/render/images.ts';
import { fitCard, measureMessage, MAX_ACTIVITY_BYTES, SMALL_DETAIL } from '../../adapters/teams/render/fit.ts';
import { replyActivity } from '../../adapters/teams/send-card.ts';
import { openApp, type App } from '../../src/app.ts';
import { renderChartPng } from '../../src/charts/render-png.ts';
import { loadConfig } from '../../src/config.ts';
import { answer } from '../../src/core/answer.ts';
import type { TurnResult } from '../../src/core/types.ts';
import { consoleIdentity } from '../../src/identity/resolve-user.ts';
import { createLogger } from '../../src/log.ts';
import { buttonsOf, suggestionButtons, type SuggestionButton } from '../../src/reply/buttons.ts';
import type { Chart, Reply } from '../../src/reply/types.ts';
import { cardProblems } from '../helpers/adaptive-cards.ts';
import { testDb } from '../helpers/db.ts';

// Every kind of card the adapter sends — an answer to each intent's examples for a partner, a
// channel manager and an admin, the smaller card after a 413, and replies built to break the
// limits — parsed by Microsoft's adaptivecards library with no error or warning, under 100 KB.

let app: App;
const deps = { renderPng: renderChartPng, log: createLogger('silent') };
const answers: { who: string; question: string; result: TurnResult }[] = [];

beforeAll(async () => {
  const handle = await testDb({ demo: true });
  const config = loadConfig({ ...process.env, DATABASE_URL: handle.url });
  if (!config.ok) throw new Error(config.error.message);
  const opened = await openApp(config.value, { handle });
  if (!opened.ok) throw new Error(opened.error.message);
  app = opened.value;
  // Two examples per intent for a partner, one for a manager and an admin: every intent's card
  // shapes without drawing the same charts over and over (the suite must stay fast).
  const people = [
    { who: 'owner@northwind.example', examples: 2 },
    { who: 'manager@contoso.example', examples: 1 },
    { who: 'admin@contoso.example', examples: 1 },
  ];
  for (const { who, examples } of people) {
    for (const question of INTENTS.flatMap((i) => i.examples.slice(0, examples))) {
      answers.push({ who, question, result: await answer(app, { ...consoleIdentity(who), text: question }) });
    }
  }
  for (const c of botCommands(app.program)) answers.push({ who: 'command', question: c.title, result: await answer(app, { ...consoleIdentity('owner@northwind.example'), text: c.title }) });
  answers.push({ who: 'nobody', question: 'hi', result: await answer(app, { ...consoleIdentity('nobody@nowhere.example'), text: 'hi' }) });
}, 120_000);
afterAll(() => app.close());

type CardButton = { type: string; data?: { question?: string } };
type Card = { body: { type: string; url?: string; id?: string; actions?: CardButton[] }[]; actions?: CardButton[] };

function imagesOf(card: Card): string[] {
  return JSON.stringify(card).match(/data:image\/png;base64,[A-Za-z0-9+/=]+/g) ?? [];
}

function expectSound(card: unknown, summary: string) {
  expect(cardProblems(card)).toEqual([]);
  const size = measureMessage(card as never, summary);
  expect(size.bytes).toBeLessThan(MAX_ACTIVITY_BYTES);
  for (const uri of imagesOf(card as Card)) {
    const png = Buffer.from(uri.slice('data:image/png;base64,'.length), 'base64');
    const px = pngSize(png);
    expect(px).toBeDefined();
    expect(Math.max(px?.width ?? 0, px?.height ?? 0)).toBeLessThanOrEqual(MAX_IMAGE_PX);
    expect(png.length).toBeLessThan(MAX_IMAGE_BYTES);
  }
  const footer = (card as Card).body.at(-1);
  expect(footer?.id).toBe('as-of');
}

describe('Teams cards', () => {
  it('answers to every intent example are valid Adaptive Cards 1.5 under 100 KB', async () => {
    expect(answers.length).toBeGreaterThan(30);
    const outcomes = new Set(answers.map((a) => a.result.outcome));
    expect(outcomes).toContain('ok');
    expect(outcomes).toContain('not_linked');
    let withImages = 0;
    for (const a of answers) {
      const activity = await replyActivity(deps, a.result.reply, { title: a.question });
      const card = activity.attachments?.[0]?.content as Card;
      expectSound(card, a.result.reply.summary);
      if (imagesOf(card).length > 0) withImages++;
      // Clarifying choices and suggestions that run a follow-up are Action.Submit carrying the
      // question, in order, up to the five actions a card may have; a next step (a suggestion
      // with its reason) carries its own link and question under its line.
      const reply = a.result.reply;
      const asAction = (b: SuggestionButton) => (b.kind === 'ask' ? b.question : 'open-url');
      const expected = [
        ...(reply.clarify?.options ?? []).map((o) => o.text),
        ...suggestionButtons(reply.suggestions.filter((x) => !x.reason?.trim())).map(asAction),
      ].slice(0, 5);
      const got = (card.actions ?? []).map((x) => (x.type === 'Action.Submit' ? x.data?.question : 'open-url'));
      expect(got).toEqual(expected);
      const steps = reply.suggestions.filter((x) => x.reason?.trim());
      const sets = card.body.filter((e) => e.type === 'ActionSet');
      expect(sets.map((set) => (set.actions ?? []).map((x) => (x.type === 'Action.Submit' ? x.data?.question : 'open-url')))).toEqual(
        steps.map((x) => buttonsOf(x).map(asAction)).filter((b) => b.length > 0),
      );
    }
    expect(withImages).toBeGreaterThan(0);
  });

  it('every command in the Teams manifest is a question the planner answers', () => {
    const commands = answers.filter((a) => a.who === 'command');
    expect(commands).toHaveLength(botCommands(app.program).length);
    for (const c of commands) expect({ q: c.question, outcome: c.result.outcome, intent: c.result.intent !== null }).toEqual({ q: c.question, outcome: c.question === 'help' ? 'help' : 'ok', intent: true });
  });

  it('the smaller card sent after a 413 is valid too, with no images', () => {
    for (const a of answers) {
      const { card } = fitCard(a.result.reply, { title: a.question, images: [], start: SMALL_DETAIL });
      expectSound(card, a.result.reply.summary);
      expect(imagesOf(card as unknown as Card)).toEqual([]);
    }
  });

  it('the tier answer carries the terminal’s figures: summary, FactSet, requirement rows with progress, chart image, asOf', async () => {
    const tier = answers.find((a) => a.who === 'owner@northwind.example' && a.result.intent === 'tier_progress' && a.result.reply.requirements?.length);
    expect(tier).toBeDefined();
    const reply = tier?.result.reply as Reply;
    const card = (await replyActivity(deps, reply, { title: tier?.question })).attachments?.[0]?.content as Card;
    const json = JSON.stringify(card);
    expect(json).toContain(reply.summary.replace(/\s+/g, ' ').trim().slice(0, 40));
    expect(card.body.some((e) => e.type === 'FactSet')).toBe(true);
    for (const r of reply.requirements ?? []) expect(json).toContain(r.label);
    expect(json).toMatch(/█+░* \d+%/);
    expect(card.body.some((e) => e.type === 'Image' && e.url?.startsWith('data:image/png;base64,'))).toBe(true);
    expect(json).toContain('Data as of');
  });

  it('cuts an oversized reply down to fit, says what it left out, and stays valid', () => {
    const chart = (i: number): Chart => ({
      kind: 'trend',
      title: `Trend ${i}`,
      categories: Array.from({ length: 24 }, (_, k) => `M${k + 1}`),
      series: [{ name: 'Revenue', values: Array.from({ length: 24 }, (_, k) => k * 1000 + i) }],
      unit: 'currency',
    });
    const hostile = '*ACME* [beta](http://x) <at>everyone</at> & Sons\n- item\n# heading';
    const reply: Reply = {
      summary: `A big answer for ${hostile}`,
      facts: Array.from({ length: 40 }, (_, i) => ({ label: `Figure ${i} ${hostile}`, value: i, display: `${i}` })),
      table: { columns: ['Customer', 'Amount', 'Status'], rows: Array.from({ length: 800 }, (_, i) => [`${hostile} ${i}`, `$${i},000`, 'approved']) },
      charts: Array.from({ length: 6 }, (_, i) => chart(i)),
      suggestions: Array.from({ length: 9 }, (_, i) => ({ label: `Follow-up ${i}`, question: `question ${i}?`, reason: 'because' })),
      clarify: { question: 'Which partner?', options: [{ label: 'Northwind', text: 'Northwind Traders' }] },
      hypothetical: true,
      sensitive: true,
      asOf: '2026-11-23T06:00:00.000Z',
    };
    // Images large enough that they cannot all fit (each ~60 KB of base64).
    const fake = { dataUri: `data:image/png;base64,${'A'.repeat(60_000)}`, bytes: 45_000 };
    const fitted = fitCard(reply, { title: 'everything', images: reply.charts.map(() => fake) });
    expect(cardProblems(fitted.card)).toEqual([]);
    expect(fitted.size.bytes).toBeLessThan(MAX_ACTIVITY_BYTES);
    const json = JSON.stringify(fitted.card);
    expect(json).toContain('Left out to keep this message small');
    expect(json).toContain('\\\\*ACME\\\\*');
    expect((fitted.card.actions ?? []).length).toBeLessThanOrEqual(5);
  });
});
