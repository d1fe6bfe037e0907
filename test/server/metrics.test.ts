import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { signBody } from '../../src/import/signature.ts';
import { startHarness, TEAM, type Harness } from '../slack/harness.ts';

// GET /metrics and GET /readyz on `pulse serve`'s HTTP server, with the real Slack receiver in
// front of answer() and a real database behind it.

const TOKEN = 'metrics-test-token-0123456789';
const INGEST_SECRET = 'whsec_metrics_5a1e';
const OWNER = { id: 'U0OWNER', email: 'owner@northwind.example' };
const QUESTION = 'how close am I to Gold tier?';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { PULSE_METRICS_TOKEN: TOKEN, PULSE_INGEST_SECRET: INGEST_SECRET } });
  h.fake.addUser(OWNER.id, { teamId: TEAM, email: OWNER.email });
});
afterAll(() => h.close());

const scrape = async (): Promise<string> => {
  const res = await fetch(`${h.serve.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
};

/** The value of one sample, e.g. value(text, 'pulse_answers_total{intent="x",planner="rules",outcome="ok"}'). */
const value = (text: string, sample: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
};

describe('GET /metrics', () => {
  it('refuses a scrape without the bearer token when PULSE_METRICS_TOKEN is set', async () => {
    const none = await fetch(`${h.serve.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await fetch(`${h.serve.url}/metrics`, { headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain('pulse_');
    // Liveness and readiness stay open to the load balancer.
    expect((await fetch(`${h.serve.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${h.serve.url}/readyz`)).status).toBe(200);
  });

  it('counts a question answered by its intent, planner and outcome, with its latency, and the Slack ack', async () => {
    const before = await scrape();
    const labels = '{intent="tier_progress",planner="rules",outcome="ok"}';
    expect(value(before, `pulse_answers_total${labels}`)).toBeUndefined();

    const { res, responseUrl } = await h.command(OWNER.id, QUESTION);
    expect(res.status).toBe(200);
    await h.fake.waitFor('the answer', () => h.fake.responsesTo(responseUrl).some((r) => Array.isArray(r.body.blocks)));

    const audit = await h.handle.pool.query<{ intent: string; outcome: string }>('select intent, outcome from audit_log order by id desc limit 1');
    expect(audit.rows[0]).toEqual({ intent: 'tier_progress', outcome: 'ok' });

    const after = await scrape();
    expect(value(after, `pulse_answers_total${labels}`)).toBe(1);
    expect(value(after, `pulse_answer_duration_seconds_count${labels}`)).toBe(1);
    const sum = value(after, `pulse_answer_duration_seconds_sum${labels}`) ?? -1;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(30);
    expect(value(after, 'pulse_answer_duration_seconds_bucket{le="+Inf",intent="tier_progress",planner="rules",outcome="ok"}')).toBe(1);
    expect(value(after, 'pulse_chat_acks_total{platform="slack",status="200"}')).toBeGreaterThanOrEqual(1);
    expect(value(after, 'pulse_chat_ack_duration_seconds_count{platform="slack"}')).toBeGreaterThanOrEqual(1);
    // Read on scrape: nothing in flight once the answer is out.
    expect(value(after, 'pulse_turns_in_flight')).toBe(0);
    expect(value(after, 'pulse_turns_waiting')).toBe(0);
  });

  it('shows the outbox backlog by channel and the age of its oldest row, read from the table on scrape', async () => {
    const empty = await scrape();
    for (const c of ['slack', 'teams', 'email', 'console']) {
      expect(value(empty, `pulse_outbox_pending{channel="${c}"}`)).toBe(0);
      expect(value(empty, `pulse_outbox_oldest_pending_age_seconds{channel="${c}"}`)).toBe(0);
    }
    const user = await h.handle.pool.query<{ id: number }>('select id from users order by id limit 1');
    const uid = user.rows[0]?.id;
    await h.handle.pool.query(
      `insert into notifications (dedupe_key, kind, recipient_user_id, payload, status, platform, created_at, next_attempt_at)
       values ('m-1', 'digest', $1, '{}', 'pending', 'email', now() - interval '10 minutes', now() + interval '1 hour'),
              ('m-2', 'digest', $1, '{}', 'pending', 'email', now() - interval '2 minutes', now() + interval '1 hour'),
              ('m-3', 'digest', $1, '{}', 'sending', 'slack', now() - interval '30 seconds', now() + interval '1 hour'),
              ('m-4', 'digest', $1, '{}', 'pending', null, now() - interval '1 minute', now() + interval '1 hour'),
              ('m-5', 'digest', $1, '{}', 'sent', 'teams', now() - interval '1 day', now())`,
      [uid],
    );
    try {
      const text = await scrape();
      expect(value(text, 'pulse_outbox_pending{channel="email"}')).toBe(2);
      expect(value(text, 'pulse_outbox_pending{channel="slack"}')).toBe(1);
      expect(value(text, 'pulse_outbox_pending{channel="unrouted"}')).toBe(1);
      expect(value(text, 'pulse_outbox_pending{channel="teams"}')).toBe(0);
      const age = value(text, 'pulse_outbox_oldest_pending_age_seconds{channel="email"}') ?? 0;
      expect(age).toBeGreaterThanOrEqual(600);
      expect(age).toBeLessThan(700);
      expect(value(text, 'pulse_outbox_oldest_pending_age_seconds{channel="teams"}')).toBe(0);
    } finally {
      await h.handle.pool.query(`delete from notifications where dedupe_key like 'm-%'`);
    }
  });

  it('counts the rows a webhook import wrote, and those of an import refused as a whole', async () => {
    const post = (body: string) => {
      const ts = Math.floor(Date.now() / 1000);
      return fetch(`${h.serve.url}/ingest/revenue`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', 'x-pulse-timestamp': String(ts), 'x-pulse-signature': signBody(INGEST_SECRET, ts, body) },
        body,
      });
    };
    const partner = await h.handle.pool.query<{ external_id: string }>('select external_id from partners order by id limit 1');
    const pid = partner.rows[0]?.external_id ?? '';
    const good = `external_id,partner,product_line,customer,amount,booked_on\nMX-1,${pid},Cloud,Fabrikam,2500,2026-11-02\nMX-2,${pid},Cloud,Coho,250,2026-11-03\n`;
    expect((await post(good)).status).toBe(200);
    const bad = `external_id,partner,product_line,customer,amount,booked_on\nMX-3,no-such-partner,Cloud,Coho,250,2026-11-03\nMX-4,${pid},Cloud,Coho,oops,2026-11-03\nMX-5,${pid},Cloud,Coho,1,2026-11-03\n`;
    expect((await post(bad)).status).toBe(422);
    const text = await scrape();
    expect(value(text, 'pulse_import_rows_total{entity="revenue",source="webhook",result="inserted"}')).toBe(2);
    expect(value(text, 'pulse_import_rows_total{entity="revenue",source="webhook",result="rejected"}')).toBe(3);
  });

  it('shows the pool and the default process metrics', async () => {
    // The warmers may be reading too; a connection held here is in use whatever they do.
    const held = await h.app.handle.pool.connect();
    let text: string;
    try {
      text = await scrape();
    } finally {
      held.release();
    }
    expect(value(text, 'pulse_db_pool_connections{state="in_use"}')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'pulse_db_pool_connections{state="idle"}')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'pulse_db_pool_waiting')).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(text).toContain('# TYPE pulse_job_runs_total counter');
    expect(text).toContain('# TYPE pulse_import_rows_total counter');
    expect(text).toContain('# TYPE pulse_outbox_deliveries_total counter');
  });
});

describe('PULSE_METRICS_TOKEN', () => {
  it('is checked at start: too short or with spaces is refused with the variable named', () => {
    const short = loadConfig({ PULSE_METRICS_TOKEN: 'short' });
    expect(short.ok).toBe(false);
    if (!short.ok) expect(short.error.message).toMatch(/PULSE_METRICS_TOKEN.*at least 16/);
    const spaced = loadConfig({ PULSE_METRICS_TOKEN: 'has a space in it, sixteen+' });
    expect(spaced.ok).toBe(false);
    const unset = loadConfig({ PULSE_METRICS_TOKEN: '' });
    expect(unset.ok && unset.value.PULSE_METRICS_TOKEN).toBeUndefined();
  });
});
