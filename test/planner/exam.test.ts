import { beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { INTENTS } from '../../intents/index.ts';
import type { IntentContext } from '../../intents/types.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, plan } from '../intents/ask.ts';
import { emptyReport, expectedParts, formatReport, grade, readExam, record, type ExamReport } from './exam.ts';

// `npm run exam` runs this file with EXAM_MISSES=1 and prints every miss; `npm test` prints the
// figures. The held-out part is the measure (SPEC.md): nobody tunes the planner to it line by line.

const HELD_OUT_TARGET = 92;
// EXAM_MISSES=train shows the train part's misses only: what one may tune against.
const showMisses = (part: string): boolean => process.env.EXAM_MISSES === '1' || process.env.EXAM_MISSES === part;

let h: DbHandle;
const contexts = new Map<string, IntentContext>();

beforeAll(async () => {
  h = await testDb({ demo: true });
});

async function take(file: string): Promise<ExamReport> {
  const report = emptyReport();
  for (const line of readExam(file)) {
    let ctx = contexts.get(line.as);
    if (!ctx) {
      ctx = await contextFor(h.db, line.as);
      contexts.set(line.as, ctx);
    }
    record(report, line, grade(line, await plan(ctx, line.text), ctx));
  }
  return report;
}

describe('planner exam', () => {
  it('every line names a real asker, an intent the product has, and well-formed arguments', async () => {
    const names = new Set([...INTENTS.map((i) => i.name), 'clarify', 'help']);
    for (const file of ['train.jsonl', 'heldout.jsonl']) {
      for (const line of readExam(file)) {
        for (const part of expectedParts(line)) expect(names, `${file}: ${line.text}`).toContain(part.intent);
      }
    }
    const askers = new Set([...readExam('train.jsonl'), ...readExam('heldout.jsonl')].map((l) => l.as));
    for (const email of askers) await expect(contextFor(h.db, email), email).resolves.toBeDefined();
    expect(readExam('heldout.jsonl').length).toBeGreaterThanOrEqual(200);
    expect(readExam('train.jsonl').length + readExam('heldout.jsonl').length).toBeGreaterThanOrEqual(600);
  });

  it(`plans at least ${HELD_OUT_TARGET}% of the held-out part right (intent and arguments)`, async () => {
    const train = await take('train.jsonl');
    const held = await take('heldout.jsonl');
    console.log(`${formatReport('train', train, showMisses('train'))}\n\n${formatReport('held-out', held, showMisses('heldout'))}`);
    expect((100 * held.overall.right) / held.overall.total).toBeGreaterThanOrEqual(HELD_OUT_TARGET);
  }, 300_000);
});
