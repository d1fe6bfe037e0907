import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASSISTANT_STATUS, assistantGreeting, MAX_PROMPTS, PROMPTS_TITLE } from '../../adapters/slack/listeners/assistant/pulse-assistant.ts';
import { WORKING_TEXT } from '../../adapters/slack/outlets.ts';
import { escapeMrkdwn } from '../../adapters/slack/render/escape.ts';
import { describeProblems, validateMessage } from '../../adapters/slack/render/limits.ts';
import { requirementLine } from '../../adapters/slack/render/reply.ts';
import { answer } from '../../src/core/answer.ts';
import { neutralQuestions } from '../../src/program/examples.ts';
import { DEFAULT_FORMAT } from '../../src/reply/format.ts';
import type { RecordedCall } from '../helpers/fake-slack.ts';
import { settle, startHarness, TEAM, type Harness } from './harness.ts';

// Slack's assistant container, end to end: signed events into the real Bolt receiver, Bolt's
// Assistant, and the fake Web API on loopback.

const OWNER = { id: 'U0OWNER', email: 'owner@northwind.example' };
const MANAGER = { id: 'U0MANAGER', email: 'manager@contoso.example' };
const STRANGER = { id: 'U0STRANGER', email: 'stranger@nowhere.example' };
const QUESTION = 'how close am I to Gold tier?';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.fake.addUser(OWNER.id, { teamId: TEAM, email: OWNER.email });
  h.fake.addUser(MANAGER.id, { teamId: TEAM, email: MANAGER.email });
  h.fake.addUser(STRANGER.id, { teamId: TEAM, email: STRANGER.email });
  h.fake.addChannel('C0GENERAL', 'channel');
});

afterAll(async () => {
  for (const s of h.fake.shown()) {
    expect(validateMessage(s.payload), `${s.via}: ${describeProblems(validateMessage(s.payload))}`).toEqual([]);
  }
  await h.close();
});

const threadStarted = (user: string, channel: string, threadTs: string) => ({
  type: 'assistant_thread_started',
  assistant_thread: { user_id: user, context: { channel_id: 'C0GENERAL', team_id: TEAM, enterprise_id: null }, channel_id: channel, thread_ts: threadTs },
  event_ts: threadTs,
});

const inThread = (user: string, channel: string, threadTs: string, ts: string, text = QUESTION) => ({
  type: 'message',
  channel_type: 'im',
  channel,
  user,
  text,
  ts,
  thread_ts: threadTs,
  event_ts: ts,
});

const callsIn = (method: string, channel: string) => h.fake.callsOf(method).filter((c) => c.args.channel === channel || c.args.channel_id === channel);
const promptsOf = (c: RecordedCall | undefined) => (c?.args.prompts ?? []) as { title: string; message: string }[];

/** The examples the help intent gives this person, as a typed "what can you do?" would. */
async function examplesFor(userId: string, email: string): Promise<string[]> {
  const r = await answer(h.app, { platform: 'slack', workspaceId: TEAM, platformUserId: userId, email, text: 'what can you do?', channel: { kind: 'dm' } });
  return (r.data.examples ?? []) as string[];
}

async function startThread(user: string, channel: string, threadTs: string, eventId: string) {
  expect((await h.event(eventId, threadStarted(user, channel, threadTs))).status).toBe(200);
  await h.fake.waitFor('the suggested prompts', () => callsIn('assistant.threads.setSuggestedPrompts', channel).length > 0);
  return callsIn('assistant.threads.setSuggestedPrompts', channel).at(-1);
}

describe("Slack's assistant container", () => {
  it('greets a partner in one line and suggests the example questions for their role, in the thread', async () => {
    const set = await startThread(OWNER.id, 'D0ASSIST1', '1700001000.000100', 'Ev0AST1');
    expect(set?.args).toMatchObject({ channel_id: 'D0ASSIST1', thread_ts: '1700001000.000100', title: PROMPTS_TITLE });
    const expected = (await examplesFor(OWNER.id, OWNER.email)).slice(0, MAX_PROMPTS);
    expect(expected.length).toBe(MAX_PROMPTS);
    expect(promptsOf(set).map((p) => p.message)).toEqual(expected);
    expect(promptsOf(set).some((p) => /\bGold\b/.test(p.message))).toBe(true);

    const greeting = callsIn('chat.postMessage', 'D0ASSIST1');
    expect(greeting).toHaveLength(1);
    expect(greeting[0]?.args).toMatchObject({ thread_ts: '1700001000.000100', text: assistantGreeting(h.app.program) });
    expect(String(greeting[0]?.args.text)).not.toContain('\n');
    // The greeting carries the thread's context, where Bolt's store keeps it.
    expect(greeting[0]?.args.metadata).toMatchObject({ event_type: 'assistant_thread_context', event_payload: { channel_id: 'C0GENERAL' } });
  });

  it("suggests a channel manager's questions, and partner-neutral ones to a person not linked", async () => {
    const manager = await startThread(MANAGER.id, 'D0ASSIST2', '1700002000.000100', 'Ev0AST2');
    expect(promptsOf(manager).map((p) => p.message)).toEqual((await examplesFor(MANAGER.id, MANAGER.email)).slice(0, MAX_PROMPTS));
    expect(promptsOf(manager)[0]?.message).toBe('How are my partners doing?');

    const stranger = await startThread(STRANGER.id, 'D0ASSIST3', '1700003000.000100', 'Ev0AST3');
    expect(promptsOf(stranger).map((p) => p.message)).toEqual(neutralQuestions(h.app.program).slice(0, MAX_PROMPTS));
    // The greeting says nothing about the person: no email, no partner.
    expect(JSON.stringify(callsIn('chat.postMessage', 'D0ASSIST3'))).not.toContain(STRANGER.email);
  });

  it('shows the status line, answers in the thread with the figures answer() gives, then clears the status', async () => {
    const [channel, threadTs, ts] = ['D0ASSIST4', '1700004000.000100', '1700004001.000100'];
    expect((await h.event('Ev0AST4', inThread(OWNER.id, channel, threadTs, ts))).status).toBe(200);
    const statuses = () => callsIn('assistant.threads.setStatus', channel);
    await h.fake.waitFor('the status cleared', () => statuses().length >= 2);

    const answers = callsIn('chat.postMessage', channel);
    expect(answers.length).toBeGreaterThan(0);
    for (const a of answers) expect(a.args.thread_ts).toBe(threadTs);
    const [set, cleared] = statuses();
    expect(set?.args).toMatchObject({ channel_id: channel, thread_ts: threadTs, status: ASSISTANT_STATUS });
    expect(cleared?.args).toMatchObject({ channel_id: channel, thread_ts: threadTs, status: '' });
    // Status first, then the answer, then the status cleared.
    const at = (c: RecordedCall | undefined) => h.fake.calls.indexOf(c as RecordedCall);
    expect(at(set)).toBeLessThan(at(answers[0]));
    expect(at(answers.at(-1))).toBeLessThan(at(cleared));
    expect(callsIn('assistant.threads.setTitle', channel)[0]?.args).toMatchObject({ thread_ts: threadTs, title: QUESTION });

    const expected = await answer(h.app, { platform: 'slack', workspaceId: TEAM, platformUserId: OWNER.id, email: OWNER.email, text: QUESTION, channel: { kind: 'dm' } });
    expect(expected.intent).toBe('tier_progress');
    const shown = JSON.stringify(answers.map((a) => a.args));
    expect(shown).toContain(JSON.stringify(escapeMrkdwn(expected.reply.summary)).slice(1, -1));
    const requirements = expected.reply.requirements ?? [];
    expect(requirements.length).toBeGreaterThan(0);
    for (const r of requirements) expect(shown).toContain(JSON.stringify(requirementLine(r, DEFAULT_FORMAT)).slice(1, -1));
    // The status line does the "working on it" message's job.
    expect(shown).not.toContain(WORKING_TEXT);
  });

  it('answers a message in an assistant thread once: not twice under two event ids, not also as a DM', async () => {
    const [channel, threadTs, ts] = ['D0ASSIST5', '1700005000.000100', '1700005001.000100'];
    const message = inThread(OWNER.id, channel, threadTs, ts);
    const sent = await Promise.all([h.event('Ev0AST5A', message), h.event('Ev0AST5B', message), h.event('Ev0AST5A', message, { retryNum: 1 })]);
    expect(sent.map((r) => r.status)).toEqual([200, 200, 200]);
    await h.fake.waitFor('the answer', () => callsIn('assistant.threads.setStatus', channel).length >= 2);
    await settle(500);
    expect(callsIn('assistant.threads.setStatus', channel).filter((c) => c.args.status === ASSISTANT_STATUS)).toHaveLength(1);
    const answers = callsIn('chat.postMessage', channel);
    expect(answers).toHaveLength(1);
    expect(answers[0]?.args.thread_ts).toBe(threadTs);
  });

  it('ignores its own replies in the thread', async () => {
    const channel = 'D0ASSIST6';
    const own = { ...inThread(OWNER.id, channel, '1700006000.000100', '1700006001.000100', 'an answer'), user: h.fake.botUserId, bot_id: 'BPULSE' };
    await h.event('Ev0AST6', own);
    await settle(300);
    expect(h.fake.calls.filter((c) => c.args.channel === channel || c.args.channel_id === channel)).toEqual([]);
  });

  it('keeps the new context when the person switches channel, and answers nothing', async () => {
    const [channel, threadTs] = ['D0ASSIST7', '1700007000.000100'];
    await startThread(OWNER.id, channel, threadTs, 'Ev0AST7');
    const greeting = callsIn('chat.postMessage', channel)[0];
    const changed = {
      type: 'assistant_thread_context_changed',
      assistant_thread: { user_id: OWNER.id, context: { channel_id: 'C0OTHER', team_id: TEAM, enterprise_id: null }, channel_id: channel, thread_ts: threadTs },
      event_ts: '1700007002.000100',
    };
    expect((await h.event('Ev0AST7B', changed)).status).toBe(200);
    await h.fake.waitFor('the context saved', () => callsIn('chat.update', channel).length > 0);
    await settle(200);
    const update = callsIn('chat.update', channel)[0];
    expect(update?.args).toMatchObject({ metadata: { event_type: 'assistant_thread_context', event_payload: { channel_id: 'C0OTHER' } } });
    expect(update?.args.text).toBe(greeting?.args.text);
    expect(callsIn('chat.postMessage', channel)).toHaveLength(1);
  });

  it("never tags a new thread with another thread's context (Bolt's default store holds one for the process)", async () => {
    // After the test above, the store's memory holds C0OTHER, saved from someone else's thread.
    const [channel, threadTs] = ['D0ASSIST8', '1700008000.000100'];
    const opened = { ...threadStarted(MANAGER.id, channel, threadTs), assistant_thread: { ...threadStarted(MANAGER.id, channel, threadTs).assistant_thread, context: {} } };
    await h.event('Ev0AST8', opened);
    await h.fake.waitFor('the suggested prompts', () => callsIn('assistant.threads.setSuggestedPrompts', channel).length > 0);
    const greeting = callsIn('chat.postMessage', channel);
    expect(greeting).toHaveLength(1);
    expect(JSON.stringify(greeting[0]?.args)).not.toContain('C0OTHER');
  });
});
