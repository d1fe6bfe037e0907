import { sql } from 'kysely';
import { runCertificationSweep } from '../src/alerts/cert-sweep.ts';
import type { App } from '../src/app.ts';
import { runDigests } from '../src/digest/run-digests.ts';
import type { ResultRow } from './report.ts';
import { round } from './stats.ts';

// The weekly digests of every channel manager (100 on 5,000 partners) and the certification
// expiry sweep over all certifications, each timed once as the job runs them. Both write to the
// outbox; the bench clears their rows before and after, so every run measures a first run
// (a repeat the same day would find its alerts already written and do less). The slot id starts
// with the day, as runDigests reads the digest's "today" from it.

async function clearOutbox(app: App, kind: 'digest' | 'cert_expiry'): Promise<void> {
  await sql`delete from notifications where kind = ${kind}`.execute(app.db);
}

export async function optionalRows(app: App, say: (m: string) => void, today: string): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];

  say('weekly digests');
  await clearOutbox(app, 'digest');
  // Answers to "send me a weekly digest" in the bench's questions subscribe partner users too;
  // the row measures the managers' default digests, which runDigests puts back.
  await sql`delete from digest_subscriptions`.execute(app.db);
  const managers = Number((await sql<{ n: number }>`select count(*)::int as n from users where role = 'channel_manager'`.execute(app.db)).rows[0]?.n ?? 0);
  const t0 = performance.now();
  const d = await runDigests(app, new Date(`${today}T08:00:00Z`), { forceSlot: `${today}T08:00` });
  const digestMs = performance.now() - t0;
  await clearOutbox(app, 'digest');
  rows.push({
    name: `digests ${managers} managers`,
    p50_ms: digestMs,
    p95_ms: null,
    p99_ms: null,
    ratio_to_bare: null,
    target: '<30s (100 managers)',
    // A digest with no way to reach its recipient is built but not enqueued; only failures count.
    met: d.failed === 0 && d.due > 0 && digestMs < 30_000,
    note: `${round(digestMs / 1000, 1)} s for ${d.due} digests, ${d.enqueued} enqueued, ${d.failed} failed`,
  });

  say('certification sweep');
  await clearOutbox(app, 'cert_expiry');
  const certs = Number((await sql<{ n: number }>`select count(*)::int as n from certifications`.execute(app.db)).rows[0]?.n ?? 0);
  const t1 = performance.now();
  const s = await runCertificationSweep(app, today);
  const sweepMs = performance.now() - t1;
  await clearOutbox(app, 'cert_expiry');
  rows.push({
    name: 'certification sweep',
    p50_ms: sweepMs,
    p95_ms: null,
    p99_ms: null,
    ratio_to_bare: null,
    target: '<5s (500k certs)',
    met: sweepMs < 5_000,
    note: `${round(sweepMs / 1000, 2)} s over ${certs.toLocaleString('en-US')} certifications: ${s.certifications} expiring, ${s.created} alerts`,
  });
  return rows;
}
