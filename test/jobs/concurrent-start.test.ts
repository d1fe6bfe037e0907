import { afterAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import type { App } from '../../src/app.ts';
import { startJobs, type Jobs } from '../../src/jobs/runtime.ts';
import { consoleSender } from '../../src/notifications/console-sender.ts';
import { appFor } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';

// Instances of one deployment start together on a database that has no job queue yet (a first
// rollout of two replicas). pg-boss's create_queue is not locked: two creating the same queue
// deadlock on its foreign key to the queue table, and the losing instance used to exit after it had
// already said it was listening.
const handles: DbHandle[] = [];
const started: Jobs[] = [];

afterAll(async () => {
  for (const j of started) await j.stop({ deadline: Date.now() });
  for (const h of handles) await h.close();
});

describe('job queue start in several processes at once', { timeout: 120_000 }, () => {
  it('starts in every one of them, each time, on a fresh database', async () => {
    for (let round = 0; round < 6; round++) {
      const handle = await testDb({ demo: false });
      handles.push(handle);
      const apps: App[] = await Promise.all([0, 1, 2].map(() => appFor(handle)));
      const results = await Promise.all(apps.map((app) => startJobs(app, { senders: [consoleSender()], sweepOnStart: false })));
      for (const r of results) if (r.ok) started.push(r.value);
      expect(results.map((r) => (r.ok ? 'ok' : r.error.message))).toEqual(['ok', 'ok', 'ok']);
    }
  });
});
