import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import type { App } from '../../src/app.ts';
import { rehearseAnswers } from '../../src/core/rehearse.ts';
import { createLogger } from '../../src/log.ts';
import { INTENTS } from '../../intents/index.ts';
import { testDb } from '../helpers/db.ts';
import { appFor, rowCounts } from './test-app.ts';

// Before a server says ready it rehearses answers, so the first people's answers do not run in
// cold code. A rehearsal must leave nothing behind: no audit row, no subscription, no push, no
// conversation, no identity link, in any table.

let handle: DbHandle;
let app: App;

beforeAll(async () => {
  handle = await testDb({ demo: true });
  app = await appFor(handle);
});
afterAll(async () => {
  await app?.close();
  await handle?.close();
});

describe('rehearseAnswers', () => {
  it("asks every intent's examples and writes nothing anywhere, the writing intents included", async () => {
    const before = await rowCounts(handle.db);
    const outcomes = await rehearseAnswers(app, createLogger('silent'), 60_000);
    const ran = Object.values(outcomes).reduce((s, n) => s + (n ?? 0), 0);
    expect(ran).toBe(INTENTS.reduce((s, d) => s + d.examples.length, 0));
    expect(outcomes.error ?? 0).toBe(0);
    expect(outcomes.ok ?? 0).toBeGreaterThan(ran / 2);
    expect(await rowCounts(handle.db)).toEqual(before);
  });
});
