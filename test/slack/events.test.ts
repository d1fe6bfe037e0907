import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeProblems, validateMessage, validateView } from '../../adapters/slack/render/limits.ts';
import { startServe } from '../../src/cli/commands/serve.ts';
import { createLogger } from '../../src/log.ts';
import { eventBody, postSigned } from '../helpers/fake-slack.ts';
import { SECRET, settle, startHarness, TEAM, type Harness } from './harness.ts';

const OWNER = { id: 'U0OWNER', email: 'owner@northwind.example' };
const FABRIKAM = { id: 'U0FABRIKAM', email: 'owner@fabrikam.example' };
const EXTERNAL = { id: 'U0EXT', team: 'T0OTHERORG', email: 'owner@northwind.example' };
const QUESTION = 'how close am I to Gold tier?';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.fake.addUser(OWNER.id, { teamId: TEAM, email: OWNER.email });
  h.fake.addUser(EXTERNAL.id, { teamId: EXTERNAL.team, email: EXTERNAL.email });
  h.fake.addUser(FABRIKAM.id, { teamId: TEAM, email: FABRIKAM.email });
  h.fake.addChannel('C0GENERAL', 'channel');
  h.fake.addChannel('C0CONNECT', 'shared');
});

afterAll(async () => {
  for (const s of h.fake.shown()) {
    const problems = s.surface === 'view' ? validateView(s.payload) : validateMessage(s.payload);
    expect(problems, `${s.via}: ${describeProblems(problems)}`).toEqual([]);
  }
  await h.close();
});

const mention = (channel: string, user: string, ts: string, extra: Record<string, unknown> = {}) => ({
  type: 'app_mention',
  channel,
  user,
  text: `<@${h.fake.botUserId}> ${QUESTION}`,
  ts,
  event_ts: ts,
  ...extra,
});

const answersIn = (channel: string) =>
  h.fake.calls.filter((c) => ['chat.postMessage', 'chat.postEphemeral', 'chat.update'].includes(c.method) && c.args.channel === channel);

describe('events', () => {
  it('answers one event delivered four times (X-Slack-Retry-Num 1..3) exactly once', async () => {
    const event = mention('C0GENERAL', OWNER.id, '1700000001.000100');
    const statuses: number[] = [];
    statuses.push((await h.event('Ev0RETRY', event)).status);
    for (const retryNum of [1, 2, 3]) statuses.push((await h.event('Ev0RETRY', event, { retryNum })).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
    await h.fake.waitFor('the answer', () => answersIn('C0GENERAL').length > 0);
    await settle(500);
    expect(answersIn('C0GENERAL')).toHaveLength(1);
  });

  it('answers one message delivered under two event ids once, in a DM and in a channel (issue 16)', async () => {
    const dm = { type: 'message', channel_type: 'im', channel: 'D0TWICE', user: OWNER.id, text: QUESTION, ts: '1700000011.000100' };
    expect((await h.event('Ev0TWICE1', dm)).status).toBe(200);
    expect((await h.event('Ev0TWICE2', dm)).status).toBe(200);
    const event = mention('C0GENERAL', OWNER.id, '1700000012.000100');
    const before = answersIn('C0GENERAL').length;
    await h.event('Ev0TWICE3', event);
    await h.event('Ev0TWICE4', event);
    await h.fake.waitFor('the answers', () => answersIn('D0TWICE').length > 0 && answersIn('C0GENERAL').length > before);
    await settle(500);
    expect(answersIn('D0TWICE')).toHaveLength(1);
    expect(answersIn('C0GENERAL').length - before).toBe(1);
  });

  it('answers a message once across two instances on one database, whichever each delivery reaches (issue 16)', async () => {
    const other = await startServe(h.app, { port: 0, host: '127.0.0.1', slowAfterMs: 10_000, log: createLogger('silent') });
    if (!other.ok) throw new Error(other.error.message);
    try {
      const dm = { type: 'message', channel_type: 'im', channel: 'D0ACROSS', user: OWNER.id, text: QUESTION, ts: '1700000013.000100' };
      const post = (url: string, eventId: string) =>
        postSigned(`${url}/slack/events`, eventBody({ teamId: TEAM, eventId, event: dm }), { secret: SECRET, contentType: 'application/json' });
      // The same event id too: each instance remembers only the ids it saw itself.
      const statuses = await Promise.all([post(h.serve.url, 'Ev0ACROSS1'), post(other.value.url, 'Ev0ACROSS1'), post(other.value.url, 'Ev0ACROSS2')]);
      expect(statuses.map((r) => r.status)).toEqual([200, 200, 200]);
      await h.fake.waitFor('the answer', () => answersIn('D0ACROSS').length > 0);
      await settle(500);
      expect(answersIn('D0ACROSS')).toHaveLength(1);
    } finally {
      await other.value.close();
    }
  });

  it('answers a mention in an ordinary channel privately, in the thread', async () => {
    const before = answersIn('C0GENERAL').length;
    await h.event('Ev0PLAIN', mention('C0GENERAL', OWNER.id, '1700000002.000100'));
    await h.fake.waitFor('the answer', () => answersIn('C0GENERAL').length > before);
    const call = answersIn('C0GENERAL').at(-1);
    expect(call?.method).toBe('chat.postEphemeral');
    expect(call?.args).toMatchObject({ user: OWNER.id, thread_ts: '1700000002.000100' });
  });

  it('answers a message in a Slack Connect channel ephemerally, and keys the external user on their own team', async () => {
    await h.event('Ev0SHARED', mention('C0CONNECT', EXTERNAL.id, '1700000003.000100', { user_team: EXTERNAL.team }), { extShared: true });
    await h.fake.waitFor('the answer', () => answersIn('C0CONNECT').length > 0);
    await settle(200);
    const calls = answersIn('C0CONNECT');
    expect(calls.map((c) => c.method)).toEqual(['chat.postEphemeral']);
    expect(JSON.stringify(calls[0]?.args.blocks)).toContain('data_visualization');
    // Nothing with data went to the channel for everyone.
    expect(h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === 'C0CONNECT')).toEqual([]);
    const link = await h.app.db
      .selectFrom('chat_identities')
      .select(['workspace_id', 'platform_user_id'])
      .where('platform', '=', 'slack')
      .where('platform_user_id', '=', EXTERNAL.id)
      .executeTakeFirst();
    expect(link).toEqual({ workspace_id: EXTERNAL.team, platform_user_id: EXTERNAL.id });
  });

  it('treats a channel as shared when conversations.info says so, even without the envelope flag', async () => {
    await h.event('Ev0SHARED2', mention('C0CONNECT', OWNER.id, '1700000004.000100'));
    await h.fake.waitFor('the answer', () => answersIn('C0CONNECT').length > 1);
    expect(answersIn('C0CONNECT').at(-1)?.method).toBe('chat.postEphemeral');
    expect(h.fake.callsOf('conversations.info').some((c) => c.args.channel === 'C0CONNECT')).toBe(true);
  });

  it('answers a direct message in the DM, in place', async () => {
    await h.event('Ev0DM', { type: 'message', channel_type: 'im', channel: 'D0OWNER', user: OWNER.id, text: QUESTION, ts: '1700000005.000100' });
    await h.fake.waitFor('the answer', () => answersIn('D0OWNER').length > 0);
    const call = answersIn('D0OWNER')[0];
    expect(call?.method).toBe('chat.postMessage');
    expect(JSON.stringify(call?.args.blocks)).toContain('data_visualization');
  });

  it('carries a follow-up across top-level messages of one DM ("and this year?")', async () => {
    const dm = (id: string, text: string, ts: string) => h.event(id, { type: 'message', channel_type: 'im', channel: 'D0FOLLOW', user: OWNER.id, text, ts });
    await dm('Ev0FOLLOW1', 'what was our revenue last quarter?', '1700000009.000100');
    await h.fake.waitFor('the first answer', () => answersIn('D0FOLLOW').length > 0);
    await dm('Ev0FOLLOW2', 'and this year?', '1700000010.000100');
    await h.fake.waitFor('the second answer', () => answersIn('D0FOLLOW').length > 1);
    const last = await h.app.db
      .selectFrom('audit_log')
      .select(['intent', 'args', 'text'])
      .where('text', '=', 'and this year?')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last.intent).toBe('metric_query');
    expect(last.args).toMatchObject({ metric: 'revenue', period: 'this year' });
  });

  it('shows the demo customer `<!channel> & Sons` as text and never as a ping', async () => {
    // Slack itself would send a typed @channel as <!channel>; the question echoes it back too.
    await h.event('Ev0HOSTILE', { type: 'message', channel_type: 'im', channel: 'D0FABRIKAM', user: FABRIKAM.id, text: 'show my deals with <!channel> & Sons', ts: '1700000008.000100' });
    await h.fake.waitFor('the answer', () => answersIn('D0FABRIKAM').length > 0);
    const args = answersIn('D0FABRIKAM').map((c) => c.args);
    for (const a of args) expect(validateMessage(a), describeProblems(validateMessage(a))).toEqual([]);
    const shown = JSON.stringify(args);
    // In a table cell (raw text, never parsed) or escaped in mrkdwn — both are just text.
    expect(shown.includes('"text":"<!channel> & Sons"') || shown.includes('&lt;!channel&gt; &amp; Sons')).toBe(true);
  });

  it('ignores its own messages, edits and other bots', async () => {
    const before = h.fake.calls.length;
    await h.event('Ev0BOT', { type: 'message', channel_type: 'im', channel: 'D0OWNER', bot_id: 'BPULSE', user: h.fake.botUserId, text: 'hi', ts: '1700000006.000100' });
    await h.event('Ev0EDIT', { type: 'message', subtype: 'message_changed', channel_type: 'im', channel: 'D0OWNER', ts: '1700000007.000100' });
    await settle(400);
    expect(h.fake.calls.slice(before).filter((c) => c.method.startsWith('chat.'))).toEqual([]);
  });
});
