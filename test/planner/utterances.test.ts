import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { INTENTS } from '../../intents/index.ts';
import type { DbHandle } from '../../db/connect.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, plan } from '../intents/ask.ts';

interface Row {
  text: string;
  as: string;
  intent: string;
  args: Record<string, unknown>;
}

const rows = JSON.parse(readFileSync(new URL('../fixtures/utterances.json', import.meta.url), 'utf8')) as Row[];
const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

describe('utterance fixtures', () => {
  it('cover every intent and every role, phrased differently from the examples', () => {
    expect(rows.length).toBeGreaterThanOrEqual(80);
    expect(new Set(rows.map((r) => r.intent))).toEqual(new Set(INTENTS.map((i) => i.name)));
    const emails = new Set(rows.map((r) => r.as));
    for (const e of ['owner@northwind.example', 'seller@northwind.example', 'manager@contoso.example', 'admin@contoso.example']) {
      expect(emails).toContain(e);
    }
    const examples = new Set(INTENTS.flatMap((i) => i.examples.map(norm)));
    const copied = rows.filter((r) => examples.has(norm(r.text)));
    expect(copied.map((r) => r.text)).toEqual([]);
  });
});

describe('rules planner on the demo database', () => {
  let h: DbHandle;
  beforeAll(async () => {
    h = await testDb({ demo: true });
  });

  it('plans at least 95% of the fixture utterances to the right intent and arguments', async () => {
    let right = 0;
    const wrong: string[] = [];
    for (const r of rows) {
      const ctx = await contextFor(h.db, r.as);
      const p = await plan(ctx, r.text);
      // A help plan and the help intent are the same answer to the person.
      const intent = p.kind === 'intent' ? p.intent : p.kind;
      const args = p.kind === 'intent' ? p.args : {};
      const argsOk = Object.entries(r.args).every(([k, v]) => JSON.stringify(args[k]) === JSON.stringify(v));
      if (intent === r.intent && argsOk) right++;
      else wrong.push(`${r.as}: "${r.text}" → expected ${r.intent} ${JSON.stringify(r.args)}, got ${JSON.stringify(p)}`);
    }
    const pct = (right / rows.length) * 100;
    console.log(`utterance accuracy: ${right}/${rows.length} = ${pct.toFixed(1)}%`);
    if (wrong.length) console.log(wrong.join('\n'));
    expect(pct).toBeGreaterThanOrEqual(95);
  }, 120_000);
});
