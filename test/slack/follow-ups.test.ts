import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../adapters/slack/render/action-ids.ts';
import { escapeMrkdwn } from '../../adapters/slack/render/escape.ts';
import { answer } from '../../src/core/answer.ts';
import { buttonClick } from '../helpers/fake-slack.ts';
import { startHarness, TEAM, type Harness } from './harness.ts';

// Follow-up buttons end to end: the real receiver, the demo data, the fake.

const OWNER = { id: 'U0OWNER', email: 'owner@northwind.example' };

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.fake.addUser(OWNER.id, { teamId: TEAM, email: OWNER.email });
});
afterAll(() => h.close());

const postsTo = (channel: string) => h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === channel);

describe('follow-up buttons', () => {
  it('a metric answer in a DM offers "Show chart" and "Explain"; clicking Explain asks why the figure changed, as the clicker', async () => {
    const question = 'what was our revenue last quarter compared with the quarter before?';
    await h.event('Ev0METRIC', { type: 'message', channel_type: 'im', channel: 'D0OWNER', user: OWNER.id, text: question, ts: '1700000401.000100' });
    await h.fake.waitFor('the answer', () => postsTo('D0OWNER').length > 0);
    const buttons = postsTo('D0OWNER')
      .flatMap((c) => (c.args.blocks as { type: string; elements?: { action_id: string; value?: string }[] }[]) ?? [])
      .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
    // The answer has a chart, so "Show chart" re-asks the same question.
    expect(buttons.find((b) => b.action_id === ACTIONS.showChart)?.value).toBe(question);
    const explain = buttons.find((b) => b.action_id === ACTIONS.explain);
    expect(explain?.value).toMatch(/^Why did my revenue change/i);

    const followUp = h.fake.responseUrl();
    await h.interact(buttonClick({ teamId: TEAM, userId: OWNER.id, actionId: ACTIONS.explain, value: explain!.value, channelId: 'D0OWNER', responseUrl: followUp }));
    await h.fake.waitFor('the explanation', () => h.fake.responsesTo(followUp).length > 0);
    const shown = JSON.stringify(h.fake.responsesTo(followUp).map((r) => r.body));
    expect(shown).toContain('Why did my revenue change');
    expect(shown).toMatch(/revenue/i);
    const expected = await answer(h.app, { platform: 'slack', workspaceId: TEAM, platformUserId: OWNER.id, email: OWNER.email, text: explain!.value!, channel: { kind: 'dm' } });
    expect(expected.intent).toBe('explain_change');
    // What the button answered is what the core answers that question with.
    expect(shown).toContain(JSON.stringify(escapeMrkdwn(expected.reply.summary)).slice(1, -1));
  });
});
