import { WORKING_TEXT } from '../adapters/slack/outlets.ts';
import { errorReply } from '../src/core/replies.ts';
import { BUSY_TEXT } from '../src/core/turn-gate.ts';
import { commandBody, postSigned, startFakeSlack } from '../test/helpers/fake-slack.ts';
import { startServeChild } from '../test/helpers/serve-child.ts';
import { rssMb } from './proc.ts';
import type { Question } from './questions.ts';
import { serverAcks, type ServerAcks } from './server-acks.ts';
import { summarize, type Summary } from './stats.ts';

// Signed /pulse commands into the real Bolt HTTP receiver of `pulse serve`, run as a child process
// as in production (its own event loop, its own RSS), at a fixed rate on loopback. The Slack Web
// API and response_url endpoints are the tests' fake Slack server, here in the bench process.

const SECRET = 'bench-signing-secret-0123456789abcdef';
const TEAM = 'T0BENCH';
const DRAIN_MS = 15_000;
export const SERVE_NODE_OPTIONS = '--max-old-space-size=192 --max-semi-space-size=8';
/** The error kind of a busy reply: the question went unanswered, but at once and in words. */
export const BUSY_ERROR = 'told to ask again (server busy)';
/** Slack gives up after 3 s; an ack this late counts as an error, and the bench stops waiting for it. */
const ACK_GIVE_UP_MS = 10_000;

export interface SlackLoadResult {
  sent: number;
  seconds: number;
  ack: Summary;
  answer: Summary;
  errors: number;
  errorKinds: Record<string, number>;
  maxRssMb: number;
  /** The server's own measure of its acks (its /metrics), when it could be read. */
  serverAck?: ServerAcks;
}

export async function slackLoad(databaseUrl: string, questions: readonly Question[], opts: { rate: number; seconds: number }): Promise<SlackLoadResult> {
  const fake = await startFakeSlack({ teamId: TEAM });
  // With the jobs (the outbox, digests, the certification sweep at start) in the same server, as a
  // vendor with one instance runs it; the load starts once /readyz says ready, as a load balancer's would.
  const serve = await startServeChild({
    DATABASE_URL: databaseUrl,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_API_URL: fake.apiUrl,
    // As the README's production advice runs it (Performance: memory): a V8 heap sized for a
    // chat server rather than the default that lets garbage pile up to gigabytes.
    NODE_OPTIONS: process.env.PULSE_SERVE_NODE_OPTIONS ?? SERVE_NODE_OPTIONS,
    MICROSOFT_APP_ID: '',
    MICROSOFT_APP_PASSWORD: '',
  }).catch(async (e: unknown) => {
    await fake.close();
    throw e;
  });
  const child = serve.child;
  const base = serve.url;
  try {
    const url = `${base}/slack/events`;
    const users = new Map<string, string>();
    for (const q of questions) {
      if (users.has(q.email)) continue;
      const id = `UB${users.size + 1}`;
      users.set(q.email, id);
      fake.addUser(id, { teamId: TEAM, email: q.email });
    }

    const errorText = errorReply('').summary;
    const kinds: Record<string, number> = {};
    const bump = (k: string) => void (kinds[k] = (kinds[k] ?? 0) + 1);
    const acks: number[] = [];
    const sentAt = new Map<string, number>();
    let maxRss = rssMb(child.pid);
    // A reading from a process already gone is NaN, and must not wipe out the peak.
    const rss = setInterval(() => {
      const now = rssMb(child.pid);
      if (Number.isFinite(now)) maxRss = Math.max(maxRss, now);
    }, 100);
    const inflight: Promise<void>[] = [];
    const total = Math.round(opts.rate * opts.seconds);
    const started = performance.now();
    let sent = 0;
    try {
      while (sent < total) {
        const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * opts.rate) + 1);
        for (; sent < due; sent++) {
          const q = questions[sent % questions.length] as Question;
          const responseUrl = fake.responseUrl();
          const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
          const body = commandBody({ text: q.text, userId: users.get(q.email) ?? 'U0', teamId: TEAM, channelId: 'D0BENCH', responseUrl });
          const t0 = performance.now();
          sentAt.set(id, Date.now());
          // An overloaded server must not hold the bench hostage: an ack later than the limit is
          // counted once, as an error at the limit, and no longer waited for.
          let settled = false;
          inflight.push(
            new Promise<void>((resolve) => {
              const timer = setTimeout(() => {
                if (settled) return;
                settled = true;
                acks.push(ACK_GIVE_UP_MS);
                bump(`no ack within ${ACK_GIVE_UP_MS / 1000} s`);
                resolve();
              }, ACK_GIVE_UP_MS);
              postSigned(url, body, { secret: SECRET })
                .then(async (res) => {
                  if (settled) return;
                  settled = true;
                  acks.push(performance.now() - t0);
                  if (res.status !== 200) bump(`ack HTTP ${res.status}`);
                  await res.arrayBuffer();
                })
                .catch(() => {
                  if (settled) return;
                  settled = true;
                  bump('ack failed');
                })
                .finally(() => {
                  clearTimeout(timer);
                  resolve();
                });
            }),
          );
        }
        await new Promise((r) => setTimeout(r, 2));
      }
      const sendSeconds = (performance.now() - started) / 1000;
      await Promise.all(inflight);
      const until = Date.now() + DRAIN_MS;
      // The answer is the first response that is neither the "working on it" placeholder nor a
      // busy reply; a busy reply ("ask again in a minute") is an error: the question went unanswered.
      const isWorking = (text: string) => text.includes(WORKING_TEXT);
      const textOf = (body: Record<string, unknown>) => (typeof body.text === 'string' ? body.text : JSON.stringify(body));
      const settledIds = () => new Set(fake.responses.filter((r) => !isWorking(textOf(r.body))).map((r) => r.id)).size;
      while (settledIds() < sent && Date.now() < until) await new Promise((r) => setTimeout(r, 50));

      const final = new Map<string, number>();
      for (const r of fake.responses) {
        const text = textOf(r.body);
        if (isWorking(text) || final.has(r.id)) continue;
        final.set(r.id, r.at);
        if (text.includes(errorText)) bump('error reply');
        if (text.includes(BUSY_TEXT)) bump(BUSY_ERROR);
      }
      const answers: number[] = [];
      for (const [id, at] of sentAt) {
        const got = final.get(id);
        if (got === undefined) bump(`no answer within ${DRAIN_MS / 1000} s of the last request`);
        else answers.push(got - at);
      }
      const errors = Object.values(kinds).reduce((s, n) => s + n, 0);
      const metrics = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${process.env.PULSE_METRICS_TOKEN ?? ''}` } })
        .then((r) => (r.ok ? r.text() : ''))
        .catch(() => '');
      const serverAck = serverAcks(metrics);
      return { sent, seconds: sendSeconds, ack: summarize(acks), answer: summarize(answers), errors, errorKinds: kinds, maxRssMb: maxRss, ...(serverAck ? { serverAck } : {}) };
    } finally {
      clearInterval(rss);
    }
  } finally {
    // Whatever is still queued in the server dies with it instead of slowing the next measurement.
    serve.kill();
    await fake.close();
  }
}
