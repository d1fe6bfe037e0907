import { Kysely, PostgresDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../db/connect.ts';
import { DEMO } from '../../db/seed/demo-constants.ts';
import type { Database } from '../../db/schema.ts';
import { peerBenchmark } from '../../src/metrics/peers/benchmark.ts';
import { loadPrincipal, userIdByEmail } from '../../src/access/principal.ts';
import type { App } from '../../src/app.ts';
import { defaultPeerPeriod } from '../../src/metrics/peers/cohort-values.ts';
import { startCohortWarmer } from '../../src/jobs/cohort-warmer.ts';
import { log } from '../../src/log.ts';
import { appFor } from '../core/test-app.ts';
import { testDb } from '../helpers/db.ts';
import { metricDef } from '../../src/metrics/catalog.ts';

// pulse serve reads every tier's cohorts at start, so the first partner to ask how it compares
// does not wait for ~1,000 peers to be aggregated; a write to the data makes it read them again.
let handle: DbHandle;
let app: App;
const statements: string[] = [];

beforeAll(async () => {
  handle = await testDb({ demo: true });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: handle.pool }),
    log: (e) => {
      if (e.level === 'query') statements.push(e.query.sql);
    },
  });
  app = { ...(await appFor(handle)), db };
});
afterAll(async () => handle?.close());

const cohortReads = () => statements.filter((s) => /from "revenue"/.test(s) && /any\(/.test(s)).length;

describe('cohort warmer', () => {
  it('reads the cohorts before the first question, and again after the data changes', async () => {
    const warmer = startCohortWarmer(app, log, 60_000);
    await warmer.ready;
    await warmer.stop();
    const principal = await loadPrincipal(app.db, (await userIdByEmail(app.db, DEMO.emails.northwindOwner)) ?? -1);
    if (!principal.ok) throw new Error(principal.error.message);
    const partnerId = principal.value.partnerId ?? -1;
    const ask = () =>
      peerBenchmark(app.db, principal.value, { metric: 'revenue', partnerId, period: defaultPeerPeriod(metricDef('revenue'), '2026-11-23'), cohort: { tier: 'Silver', region: 'NA' }, today: '2026-11-23' });

    statements.length = 0;
    const first = await ask();
    expect(first.ok && !first.value.withheld).toBe(true);
    // Only Northwind's own figure was read; the Silver cohort was ready.
    expect(cohortReads()).toBe(1);

    await app.db.updateTable('revenue').set({ amount_cents: 1 }).where('id', '=', -1).execute();
    const again = startCohortWarmer(app, log, 60_000);
    await again.ready;
    await again.stop();
    statements.length = 0;
    await ask();
    expect(cohortReads()).toBe(1);
  });
});
