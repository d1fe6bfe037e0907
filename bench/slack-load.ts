import { createLogger } from '../src/log.ts';
import type { App } from '../src/app.ts';
import { startServe } from '../src/cli/commands/serve.ts';
import { loadConfig } from '../src/config.ts';
import { errorReply } from '../src/core/replies.ts';
import { commandBody, postSigned, startFakeSlack } from '../test/helpers/fake-slack.ts';
import type { Question } from './questions.ts';
import { summarize, type Summary } from './stats.ts';

// Signed /pulse commands into the real Bolt HTTP receiver of `pulse serve`, at a fixed rate, on
// loopback; the Slack Web API and response_url endpoints are the tests' fake Slack server.

const SECRET = 'bench-signing-secret-0123456789abcdef';
const TEAM = 'T0BENCH';
const DRAIN_MS = 15_000;

export interface SlackLoadResult {
  sent: number;
  seconds: number;
  ack: Summary;
  answer: Summary;
  errors: number;
  errorKinds: Record<string, number>;
  maxRssMb: number;
}

export async function slackLoad(app: App, questions: readonly Question[], opts: { rate: number; seconds: number }): Promise<SlackLoadResult> {
  const fake = await startFakeSlack({ teamId: TEAM });
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: app.handle.url,
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_APP_TOKEN: '',
    SLACK_API_URL: fake.apiUrl,
  });
  if (!config.ok) throw new Error(config.error.message);
  const served = await startServe({ ...app, config: config.value }, { port: 0, host: '127.0.0.1', log: createLogger('silent') });
  if (!served.ok) throw new Error(served.error.message);
  const url = `${served.value.url}/slack/events`;

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
  let maxRss = process.memoryUsage().rss;
  const rss = setInterval(() => (maxRss = Math.max(maxRss, process.memoryUsage().rss)), 100);
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
        inflight.push(
          postSigned(url, body, { secret: SECRET })
            .then(async (res) => {
              acks.push(performance.now() - t0);
              if (res.status !== 200) bump(`ack HTTP ${res.status}`);
              await res.arrayBuffer();
            })
            .catch(() => bump('ack failed')),
        );
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const sendSeconds = (performance.now() - started) / 1000;
    await Promise.all(inflight);
    const until = Date.now() + DRAIN_MS;
    const answered = () => new Set(fake.responses.map((r) => r.id)).size;
    while (answered() < sent && Date.now() < until) await new Promise((r) => setTimeout(r, 50));

    const first = new Map<string, number>();
    for (const r of fake.responses) {
      if (first.has(r.id)) continue;
      first.set(r.id, r.at);
      const text = typeof r.body.text === 'string' ? r.body.text : JSON.stringify(r.body);
      if (text.includes(errorText)) bump('error reply');
    }
    const answers: number[] = [];
    for (const [id, at] of sentAt) {
      const got = first.get(id);
      if (got === undefined) bump('no answer');
      else answers.push(got - at);
    }
    const errors = Object.values(kinds).reduce((s, n) => s + n, 0);
    return { sent, seconds: sendSeconds, ack: summarize(acks), answer: summarize(answers), errors, errorKinds: kinds, maxRssMb: maxRss / 2 ** 20 };
  } finally {
    clearInterval(rss);
    await served.value.close();
    await fake.close();
  }
}
