import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SORRY_TEXT } from '../../adapters/slack/guard.ts';
import { describeProblems, validateMessage } from '../../adapters/slack/render/limits.ts';
import { defaultPlanner } from '../../src/core/default-planner.ts';
import { ERROR_TEXT } from '../../src/core/replies.ts';
import { BUSY_TEXT } from '../../src/core/turn-gate.ts';
import type { Planner } from '../../src/planner/types.ts';
import { startHarness, TEAM, type Harness } from './harness.ts';

// Help, "not linked", busy and error replies carry nothing for everyone: in a channel they go to
// the asker alone (ephemeral); in a DM they are an ordinary reply. No reply in a channel shows an
// email, whoever can read it.

const OWNER = { id: 'U0OWNER', email: 'owner@northwind.example' };
const STRANGER = { id: 'U0STRANGER', email: 'stranger@nowhere.example' };
const EXTERNAL_STRANGER = { id: 'U0EXTSTRANGER', team: 'T0OTHERORG', email: 'guest@other-company.example' };

const channelCalls = (h: Harness, channel: string) =>
  h.fake.calls.filter((c) => ['chat.postMessage', 'chat.postEphemeral', 'chat.update'].includes(c.method) && c.args.channel === channel);

const replyTo = async (h: Harness, userId: string, text: string, channel: string) => {
  const { responseUrl } = await h.command(userId, text, channel);
  await h.fake.waitFor('the reply', () => h.fake.responsesTo(responseUrl).length > 0);
  return h.fake.responsesTo(responseUrl).map((r) => r.body);
};

describe('Slack: system replies are private in channels', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    h.fake.addUser(OWNER.id, { teamId: TEAM, email: OWNER.email });
    h.fake.addUser(STRANGER.id, { teamId: TEAM, email: STRANGER.email });
    h.fake.addUser(EXTERNAL_STRANGER.id, { teamId: EXTERNAL_STRANGER.team, email: EXTERNAL_STRANGER.email });
    h.fake.addChannel('C0GENERAL', 'channel');
    h.fake.addChannel('C0CONNECT', 'shared');
  });
  afterAll(async () => {
    for (const s of h.fake.shown()) expect(validateMessage(s.payload), describeProblems(validateMessage(s.payload))).toEqual([]);
    await h.close();
  });

  it('/pulse help in a channel answers the asker alone; in the DM it is an ordinary reply', async () => {
    const inChannel = await replyTo(h, OWNER.id, 'help', 'C0GENERAL');
    expect(inChannel.map((b) => b.response_type)).toEqual(['ephemeral']);
    expect(JSON.stringify(inChannel)).toContain('pulse_suggest_0');
    const inDm = await replyTo(h, OWNER.id, 'help', 'D0DM');
    expect(inDm.map((b) => b.response_type)).toEqual(['in_channel']);
  });

  it('a bare /pulse (help) in a Slack Connect channel is ephemeral too', async () => {
    const bodies = await replyTo(h, OWNER.id, '', 'C0CONNECT');
    expect(bodies.every((b) => b.response_type === 'ephemeral')).toBe(true);
  });

  it('"not linked" in a channel is ephemeral and never shows the email', async () => {
    const bodies = await replyTo(h, STRANGER.id, 'how close am I to Gold tier?', 'C0GENERAL');
    expect(bodies.map((b) => b.response_type)).toEqual(['ephemeral']);
    const shown = JSON.stringify(bodies);
    expect(shown).toMatch(/not linked/i);
    expect(shown).not.toContain(STRANGER.email);
    expect(shown).not.toMatch(/@[a-z-]+\.example/);
  });

  it('"not linked" in the DM names the email to give the channel manager', async () => {
    const bodies = await replyTo(h, STRANGER.id, 'how close am I to Gold tier?', 'D0DM');
    expect(bodies.map((b) => b.response_type)).toEqual(['in_channel']);
    expect(JSON.stringify(bodies)).toContain(STRANGER.email);
  });

  it('a mention by an outside user in a Slack Connect channel gets an ephemeral "not linked" without their email', async () => {
    const ts = '1700000100.000100';
    await h.event('Ev0PRIVNL', { type: 'app_mention', channel: 'C0CONNECT', user: EXTERNAL_STRANGER.id, user_team: EXTERNAL_STRANGER.team, text: `<@${h.fake.botUserId}> how close am I to Gold?`, ts, event_ts: ts }, { extShared: true });
    await h.fake.waitFor('the reply', () => channelCalls(h, 'C0CONNECT').length > 0);
    const calls = channelCalls(h, 'C0CONNECT');
    expect(calls.map((c) => c.method)).toEqual(['chat.postEphemeral']);
    expect(calls[0]?.args).toMatchObject({ user: EXTERNAL_STRANGER.id, thread_ts: ts });
    const shown = JSON.stringify(calls[0]?.args);
    expect(shown).toMatch(/not linked/i);
    expect(shown).not.toContain(EXTERNAL_STRANGER.email);
  });

  it('help for a question it cannot read goes to the asker alone in a channel', async () => {
    const bodies = await replyTo(h, OWNER.id, 'what was it last quarter?', 'C0GENERAL');
    expect(JSON.stringify(bodies)).toContain("I'm not sure what you're asking");
    expect(bodies.every((b) => b.response_type === 'ephemeral')).toBe(true);
  });
});

describe('Slack: busy and error replies in a channel', () => {
  let h: Harness;
  // One turn at a time and none waiting: a second question while the first is worked is refused.
  const planner: Planner = {
    name: 'rules',
    plan: async (input) => {
      if (input.text.includes('explode')) throw new Error('planner exploded');
      await new Promise((r) => setTimeout(r, 500));
      return defaultPlanner().plan(input);
    },
  };
  beforeAll(async () => {
    h = await startHarness({ planner, env: { PULSE_MAX_CONCURRENT_TURNS: '1', PULSE_MAX_QUEUED_TURNS: '0' } });
    h.fake.addUser(OWNER.id, { teamId: TEAM, email: OWNER.email });
    h.fake.addChannel('C0GENERAL', 'channel');
  });
  afterAll(() => h?.close());

  it('tells the asker alone that it is busy', async () => {
    const [first, second] = await Promise.all([h.command(OWNER.id, 'help', 'C0GENERAL'), h.command(OWNER.id, 'help', 'C0GENERAL')]);
    const urls = [first.responseUrl, second.responseUrl];
    await h.fake.waitFor('both replies', () => urls.every((u) => h.fake.responsesTo(u).length > 0), 10_000);
    const bodies = urls.flatMap((u) => h.fake.responsesTo(u).map((r) => r.body));
    const busy = bodies.filter((b) => JSON.stringify(b).includes(BUSY_TEXT));
    expect(busy).toHaveLength(1);
    expect(busy[0]?.response_type).toBe('ephemeral');
  });

  it('says something went wrong to the asker alone', async () => {
    const bodies = await replyTo(h, OWNER.id, 'explode', 'C0GENERAL');
    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.response_type).toBe('ephemeral');
    const text = JSON.stringify(bodies[0]);
    expect(text.includes(ERROR_TEXT) || text.includes(SORRY_TEXT)).toBe(true);
  });
});
