import { readFileSync } from 'node:fs';
import path from 'node:path';
import { withClient, withDatabase } from '../db/admin.ts';
import { createDb } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedDemo } from '../db/seed/demo.ts';
import { loadPrincipal, userIdByEmail } from '../src/access/principal.ts';
import { createPartnerData } from '../src/metrics/create-partner-data.ts';
import { createRulesPlanner } from '../src/planner/rules.ts';
import type { Program } from '../src/program/schema.ts';
import { ROOT } from '../src/root.ts';
import type { ResultRow } from './report.ts';
import { summarize } from './stats.ts';

// Planning alone: the rules planner over every question of the exam (test/fixtures/exam), on the
// demo data the exam is written for, in a database of its own beside the scale set. Each question
// is planned once to warm up (the model, the name indexes), then timed.

const EXAM_DAY = '2026-11-23';
const TARGET_P95 = 2;

function examLines(): { as: string; text: string }[] {
  return ['intents/train.jsonl', 'test/fixtures/exam/heldout.jsonl'].flatMap((f) =>
    readFileSync(path.join(ROOT, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { as: string; text: string }),
  );
}

export async function planBench(serverUrl: string, program: Program, say: (m: string) => void): Promise<ResultRow> {
  const name = 'pulse_bench_plan_demo';
  await withClient(serverUrl, async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name}`);
  });
  const { db } = createDb(withDatabase(serverUrl, name), 4);
  try {
    await migrateToLatest(db);
    await seedDemo(db, EXAM_DAY);
    const lines = examLines();
    const planner = createRulesPlanner();
    const contexts = new Map<string, Parameters<typeof planner.plan>[0]>();
    for (const l of lines) {
      if (contexts.has(l.as)) continue;
      const id = await userIdByEmail(db, l.as);
      const p = id === undefined ? undefined : await loadPrincipal(db, id);
      if (!p?.ok) throw new Error(`the exam's asker ${l.as} is not in the demo data`);
      contexts.set(l.as, { text: '', principal: p.value, program, data: createPartnerData(db, p.value, EXAM_DAY), today: EXAM_DAY });
    }
    say(`planning ${lines.length} exam questions`);
    const times: number[] = [];
    for (const pass of [0, 1]) {
      for (const l of lines) {
        const base = contexts.get(l.as) as Parameters<typeof planner.plan>[0];
        // A PartnerData per question, as per turn: the data version is read each time.
        const input = { ...base, data: createPartnerData(db, base.principal, EXAM_DAY), text: l.text };
        const t0 = performance.now();
        await planner.plan(input);
        if (pass === 1) times.push(performance.now() - t0);
      }
    }
    const s = summarize(times);
    return {
      name: 'plan (rules, exam questions)',
      p50_ms: s.p50,
      p95_ms: s.p95,
      p99_ms: s.p99,
      ratio_to_bare: null,
      target: `p95<=${TARGET_P95}`,
      met: s.p95 <= TARGET_P95,
      note: `${times.length} questions of the exam on the demo data, planner warm; each reads the data version (one query), the partner-name index is built once per version`,
    };
  } finally {
    await db.destroy();
    await withClient(serverUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).catch(() => undefined);
  }
}
