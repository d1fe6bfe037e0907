import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../adapters/slack/render/escape.ts';
import { describeProblems, validateMessage, validateView } from '../../adapters/slack/render/limits.ts';
import { requirementLine } from '../../adapters/slack/render/reply.ts';
import { WORKING_TEXT } from '../../adapters/slack/outlets.ts';
import { answer } from '../../src/core/answer.ts';
import { commandBody, postSigned, slackSignature } from '../helpers/fake-slack.ts';
import { SECRET, settle, slowPlanner, startHarness, TEAM, type Harness } from './harness.ts';
import { DEFAULT_FORMAT } from '../../src/reply/format.ts';

const OWNER = { id: 'U0OWNER', email: 'owner@northwind.example' };
const STRANGER = { id: 'U0STRANGER', email: 'stranger@nowhere.example' };
const QUESTION = 'how close am I to Gold tier?';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.fake.addUser(OWNER.id, { teamId: TEAM, email: OWNER.email });
  h.fake.addUser(STRANGER.id, { teamId: TEAM, email: STRANGER.email });
  h.fake.addChannel('C0GENERAL', 'channel');
  h.fake.addChannel('C0SHARED', 'shared');
});

afterAll(async () => {
  // Whatever the tests made the fake receive stays within Slack's documented limits.
  for (const s of h.fake.shown()) {
    const problems = s.surface === 'view' ? validateView(s.payload) : validateMessage(s.payload);
    expect(problems, `${s.via}: ${describeProblems(problems)}`).toEqual([]);
  }
  await h.close();
});

describe('/pulse over the real Bolt HTTP receiver', () => {
  it('acks with an empty 200, then answers through response_url with the figures answer() gives', async () => {
    const { res, responseUrl } = await h.command(OWNER.id, QUESTION);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await h.fake.waitFor('the answer', () => h.fake.responsesTo(responseUrl).length > 0);

    const expected = await answer(h.app, {
      platform: 'slack',
      workspaceId: TEAM,
      platformUserId: OWNER.id,
      email: OWNER.email,
      text: QUESTION,
      channel: { kind: 'dm' },
    });
    expect(expected.outcome).toBe('ok');
    expect(expected.intent).toBe('tier_progress');

    const bodies = h.fake.responsesTo(responseUrl).map((r) => r.body);
    const shown = JSON.stringify(bodies);
    // In a DM nobody else reads, the answer is posted in place.
    expect(bodies[0]?.response_type).toBe('in_channel');
    const requirements = expected.reply.requirements ?? [];
    // Facts are shown as fields, except a requirement's, which its own line already shows.
    const onLines = new Set(requirements.map((r) => r.label.toLowerCase()));
    for (const f of expected.reply.facts.filter((x) => !onLines.has(x.label.toLowerCase()))) {
      expect(shown).toContain(JSON.stringify(escapeMrkdwn(f.display)).slice(1, -1));
    }
    expect(requirements.length).toBeGreaterThan(0);
    for (const r of requirements) expect(shown).toContain(JSON.stringify(requirementLine(r, DEFAULT_FORMAT)).slice(1, -1));
    expect(shown).toContain(JSON.stringify(escapeMrkdwn(expected.reply.summary)).slice(1, -1));
    // The header repeats the question; the tier chart is drawn natively.
    const blocks = bodies.flatMap((b) => (Array.isArray(b.blocks) ? (b.blocks as { type: string }[]) : []));
    expect(blocks[0]).toMatchObject({ type: 'header', text: { text: QUESTION } });
    expect(blocks.some((b) => b.type === 'data_visualization')).toBe(true);
    // The person was looked up with users.info (for the verified email), not asked.
    expect(h.fake.callsOf('users.info').some((c) => c.args.user === OWNER.id)).toBe(true);
  });

  it('rejects a bad signature with 401 and runs nothing', async () => {
    h.fake.reset();
    const responseUrl = h.fake.responseUrl();
    const body = commandBody({ text: QUESTION, userId: OWNER.id, teamId: TEAM, channelId: 'D0DM', responseUrl });
    const res = await postSigned(h.events, body, { secret: SECRET, signature: slackSignature('not-the-secret', Math.floor(Date.now() / 1000), body) });
    expect(res.status).toBe(401);
    await settle();
    expect(h.fake.calls).toEqual([]);
    expect(h.fake.responses).toEqual([]);
  });

  it('rejects a correctly signed request older than five minutes with 401 and runs nothing', async () => {
    h.fake.reset();
    const responseUrl = h.fake.responseUrl();
    const body = commandBody({ text: QUESTION, userId: OWNER.id, teamId: TEAM, channelId: 'D0DM', responseUrl });
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await postSigned(h.events, body, { secret: SECRET, timestamp: old });
    expect(res.status).toBe(401);
    await settle();
    expect(h.fake.calls).toEqual([]);
    expect(h.fake.responses).toEqual([]);
  });

  it('rejects a correctly signed request dated more than five minutes ahead with 401 and runs nothing (issue 16)', async () => {
    h.fake.reset();
    const responseUrl = h.fake.responseUrl();
    const body = commandBody({ text: QUESTION, userId: OWNER.id, teamId: TEAM, channelId: 'D0DM', responseUrl });
    const ahead = Math.floor(Date.now() / 1000) + 10 * 60;
    const res = await postSigned(h.events, body, { secret: SECRET, timestamp: ahead });
    expect(res.status).toBe(401);
    await settle();
    expect(h.fake.calls).toEqual([]);
    expect(h.fake.responses).toEqual([]);
    // A clock a little ahead (within the five minutes) is still answered.
    const near = await postSigned(h.events, commandBody({ text: QUESTION, userId: OWNER.id, teamId: TEAM, channelId: 'D0DM', responseUrl }), {
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) + 4 * 60,
    });
    expect(near.status).toBe(200);
    await h.fake.waitFor('the answer', () => h.fake.responsesTo(responseUrl).length > 0);
  });

  it('answers privately (ephemeral) in a channel others can read, and in a Slack Connect channel', async () => {
    for (const channel of ['C0GENERAL', 'C0SHARED']) {
      const { res, responseUrl } = await h.command(OWNER.id, QUESTION, channel);
      expect(res.status).toBe(200);
      await h.fake.waitFor('the answer', () => h.fake.responsesTo(responseUrl).length > 0);
      const bodies = h.fake.responsesTo(responseUrl).map((r) => r.body);
      expect(bodies.every((b) => b.response_type === 'ephemeral'), channel).toBe(true);
    }
  });

  it('tells an unlinked person to ask their channel manager, with no data', async () => {
    const { responseUrl } = await h.command(STRANGER.id, QUESTION);
    await h.fake.waitFor('the answer', () => h.fake.responsesTo(responseUrl).length > 0);
    const bodies = h.fake.responsesTo(responseUrl).map((r) => r.body);
    const shown = JSON.stringify(bodies);
    expect(shown).toMatch(/not linked/i);
    expect(shown).toMatch(/channel manager/i);
    expect(shown).not.toMatch(/\$\d|data_visualization|"fields"|"table"/);
  });

  it('treats a bare /pulse as a request for help', async () => {
    const { responseUrl } = await h.command(OWNER.id, '');
    await h.fake.waitFor('the answer', () => h.fake.responsesTo(responseUrl).length > 0);
    const blocks = JSON.stringify(h.fake.responsesTo(responseUrl).map((r) => r.body));
    expect(blocks).toContain('pulse_suggest_0');
  });
});

describe('a slow answer', () => {
  let slow: Harness;
  beforeAll(async () => {
    slow = await startHarness({ slowAfterMs: 50, planner: slowPlanner(400) });
    slow.fake.addUser(OWNER.id, { teamId: TEAM, email: OWNER.email });
    slow.fake.addChannel('C0GENERAL', 'channel');
  });
  afterAll(() => slow.close());

  it('is acked first, shows "working on it", then replaces it with the answer', async () => {
    const { res, responseUrl } = await slow.command(OWNER.id, QUESTION, 'C0GENERAL');
    const ackedAt = Date.now();
    expect(res.status).toBe(200);
    await slow.fake.waitFor('the answer', () => slow.fake.responsesTo(responseUrl).length >= 2);
    const [working, final] = slow.fake.responsesTo(responseUrl);
    // The ack came back before any answer was sent.
    expect(working!.at).toBeGreaterThanOrEqual(ackedAt - 5);
    expect(working!.body).toMatchObject({ response_type: 'ephemeral', text: WORKING_TEXT });
    // A private answer takes the private "working" message's place.
    expect(final!.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(JSON.stringify(final!.body.blocks)).toContain('data_visualization');
  });

  it('in a DM, posts "working on it" with chat.postMessage and replaces it with chat.update', async () => {
    const dm = 'D0OWNER';
    const res = await slow.event('Ev0SLOWDM', { type: 'message', channel_type: 'im', channel: dm, user: OWNER.id, text: QUESTION, ts: '1700000000.000100' });
    expect(res.status).toBe(200);
    await slow.fake.waitFor('chat.update', () => slow.fake.callsOf('chat.update').length > 0);
    const working = slow.fake.callsOf('chat.postMessage').find((c) => c.args.channel === dm);
    expect(working?.args.text).toBe(WORKING_TEXT);
    const update = slow.fake.callsOf('chat.update')[0];
    expect(update?.args.channel).toBe(dm);
    expect(JSON.stringify(update?.args.blocks)).toContain('data_visualization');
  });
});
