import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../adapters/slack/render/action-ids.ts';
import { DIGEST_QUESTIONS } from '../../adapters/slack/render/home.ts';
import { describeProblems, validateMessage, validateView } from '../../adapters/slack/render/limits.ts';
import { buttonClick } from '../helpers/fake-slack.ts';
import { settle, startHarness, TEAM, type Harness } from './harness.ts';

const OWNER = { id: 'U0OWNER', email: 'owner@northwind.example' };
const STRANGER = { id: 'U0STRANGER', email: 'stranger@nowhere.example' };
const MANAGER = { id: 'U0MANAGER', email: 'manager@contoso.example' };
const DISTRIBUTOR = { id: 'U0WIDEWORLD', email: 'owner@wideworld.example' };

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.fake.addUser(OWNER.id, { teamId: TEAM, email: OWNER.email });
  h.fake.addUser(STRANGER.id, { teamId: TEAM, email: STRANGER.email });
  h.fake.addUser(MANAGER.id, { teamId: TEAM, email: MANAGER.email });
  h.fake.addChannel('C0GENERAL', 'channel');
});

afterAll(async () => {
  for (const s of h.fake.shown()) {
    const problems = s.surface === 'view' ? validateView(s.payload) : validateMessage(s.payload);
    expect(problems, `${s.via}: ${describeProblems(problems)}`).toEqual([]);
  }
  await h.close();
});

type Block = { type: string; elements?: { action_id?: string; value?: string }[] };
const viewOf = (userId: string) => h.fake.callsOf('views.publish').filter((c) => c.args.user_id === userId).at(-1)?.args.view as
  | { type: string; blocks: Block[] }
  | undefined;

describe('App Home', () => {
  it('publishes the dashboard (≤ 100 blocks) when the Home tab opens', async () => {
    const res = await h.event('Ev0HOME', { type: 'app_home_opened', user: OWNER.id, channel: 'D0OWNER', tab: 'home', event_ts: '1700000010.000100' });
    expect(res.status).toBe(200);
    await h.fake.waitFor('views.publish', () => viewOf(OWNER.id) !== undefined);
    const view = viewOf(OWNER.id)!;
    expect(view.type).toBe('home');
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(validateView(view)).toEqual([]);
    const text = JSON.stringify(view);
    expect(text).toContain('Tier progress');
    expect(view.blocks.some((b) => b.type === 'data_visualization')).toBe(true);
    const actionIds = view.blocks.flatMap((b) => b.elements?.map((e) => e.action_id) ?? []);
    expect(actionIds).toContain(ACTIONS.askOpen);
    expect(actionIds).toContain(`${ACTIONS.digest}_0`);
    // Every part the dashboard promises: key metrics against the period before, expiring
    // certifications, the top suggestions as buttons, and the digest buttons asking as text.
    for (const part of ['Key metrics', 'Revenue change', 'Win rate change', 'Expiring certifications', 'What to do next', 'Weekly digest']) {
      expect(text, part).toContain(part);
    }
    expect(actionIds).toContain(`${ACTIONS.suggest}_0`);
    const values = view.blocks.flatMap((b) => b.elements ?? []).filter((e) => e.action_id?.startsWith(ACTIONS.digest)).map((e) => e.value);
    expect(values).toEqual([DIGEST_QUESTIONS.subscribe, DIGEST_QUESTIONS.unsubscribe]);
  });

  it("opens a channel manager's Home on their portfolio, with buttons that drill into a partner", async () => {
    await h.event('Ev0HOME3', { type: 'app_home_opened', user: MANAGER.id, channel: 'D0MANAGER', tab: 'home', event_ts: '1700000013.000100' });
    await h.fake.waitFor('views.publish', () => viewOf(MANAGER.id) !== undefined);
    const view = viewOf(MANAGER.id)!;
    expect(validateView(view)).toEqual([]);
    const text = JSON.stringify(view);
    for (const part of ['Your portfolio', 'Your 30 partners', 'At risk at the next review', 'Closest to the next tier', 'Weekly digest']) {
      expect(text, part).toContain(part);
    }
    // No partner picker: the portfolio is the answer.
    expect(text).not.toContain('Which partner do you mean');
    const buttons = view.blocks.flatMap((b) => b.elements ?? []);
    const drills = buttons.filter((e) => e.action_id?.startsWith(`${ACTIONS.suggest}_`));
    expect(drills.length).toBeGreaterThan(2);
    expect(drills.some((e) => /^How close is .+ to (Registered|Silver|Gold|Platinum)\?$/.test(e.value ?? ''))).toBe(true);
    // Every action id on the view is unique, as Slack requires.
    const ids = buttons.flatMap((e) => (e.action_id ? [e.action_id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    // Each part was asked as the manager, through the core, and audited.
    const audited = await h.app.db.selectFrom('audit_log').select(['intent', 'outcome']).where('text', 'like', 'portfolio%').execute();
    expect(audited.filter((a) => a.intent === 'portfolio' && a.outcome === 'ok').length).toBeGreaterThanOrEqual(3);
  });

  it("a drill-down button on the manager's Home asks about that partner as the clicker, answered in the DM", async () => {
    const view = viewOf(MANAGER.id)!;
    const drill = view.blocks.flatMap((b) => b.elements ?? []).find((e) => /^How close is /.test(e.value ?? ''));
    expect(drill).toBeDefined();
    const before = h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === MANAGER.id).length;
    await h.interact(buttonClick({ teamId: TEAM, userId: MANAGER.id, actionId: drill!.action_id!, value: drill!.value!, home: true }));
    await h.fake.waitFor('the DM answer', () => h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === MANAGER.id).length > before);
    const answer = JSON.stringify(h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === MANAGER.id).at(-1)?.args.blocks);
    const partner = /^How close is (.+) to /.exec(drill!.value!)?.[1] ?? '';
    expect(answer).toContain(partner);
  });

  it('keeps a partner admin of a distributor on the partner dashboard', async () => {
    h.fake.addUser(DISTRIBUTOR.id, { teamId: TEAM, email: DISTRIBUTOR.email });
    await h.event('Ev0HOME4', { type: 'app_home_opened', user: DISTRIBUTOR.id, channel: 'D0DISTRIBUTOR', tab: 'home', event_ts: '1700000014.000100' });
    await h.fake.waitFor('views.publish', () => viewOf(DISTRIBUTOR.id) !== undefined);
    const text = JSON.stringify(viewOf(DISTRIBUTOR.id));
    expect(text).toContain('Tier progress');
    expect(text).not.toContain('Your portfolio');
  });

  it('does nothing for the Messages tab', async () => {
    const before = h.fake.callsOf('views.publish').length;
    await h.event('Ev0MSGTAB', { type: 'app_home_opened', user: OWNER.id, channel: 'D0OWNER', tab: 'messages', event_ts: '1700000011.000100' });
    await settle(300);
    expect(h.fake.callsOf('views.publish')).toHaveLength(before);
  });

  it('shows an unlinked person the "not linked" note and no data', async () => {
    await h.event('Ev0HOME2', { type: 'app_home_opened', user: STRANGER.id, channel: 'D0STRANGER', tab: 'home', event_ts: '1700000012.000100' });
    await h.fake.waitFor('views.publish', () => viewOf(STRANGER.id) !== undefined);
    const text = JSON.stringify(viewOf(STRANGER.id));
    expect(text).toMatch(/not linked/i);
    expect(text).not.toMatch(/Tier progress|data_visualization|\$\d/);
  });
});

describe('buttons', () => {
  it('a suggestion button on the App Home asks its question and answers in the DM', async () => {
    const click = buttonClick({ teamId: TEAM, userId: OWNER.id, actionId: `${ACTIONS.suggest}_0`, value: 'how close am I to Gold tier?', home: true });
    const res = await h.interact(click);
    expect(res.status).toBe(200);
    await h.fake.waitFor('the DM answer', () => h.fake.callsOf('chat.postMessage').some((c) => c.args.channel === OWNER.id));
    const call = h.fake.callsOf('chat.postMessage').find((c) => c.args.channel === OWNER.id);
    expect(JSON.stringify(call?.args.blocks)).toContain('data_visualization');
  });

  it('a suggestion button in a channel answers through its response_url, privately', async () => {
    const responseUrl = h.fake.responseUrl();
    await h.interact(
      buttonClick({ teamId: TEAM, userId: OWNER.id, actionId: `${ACTIONS.suggest}_1`, value: 'how close am I to Gold tier?', channelId: 'C0GENERAL', responseUrl }),
    );
    await h.fake.waitFor('the answer', () => h.fake.responsesTo(responseUrl).length > 0);
    const body = h.fake.responsesTo(responseUrl)[0]!.body;
    expect(body.response_type).toBe('ephemeral');
    // A follow-up is a new message: the answer the button was on stays.
    expect(body.replace_original).toBe(false);
  });

  it('"Show chart" posts the answer’s charts as uploaded PNG images', async () => {
    const responseUrl = h.fake.responseUrl();
    await h.interact(
      buttonClick({ teamId: TEAM, userId: OWNER.id, actionId: ACTIONS.showChart, value: 'how close am I to Gold tier?', channelId: 'D0OWNER', responseUrl }),
    );
    await h.fake.waitFor('the chart', () => h.fake.responsesTo(responseUrl).length > 0);
    const upload = h.fake.uploads.at(-1);
    expect(upload?.png).toBe(true);
    const completed = h.fake.callsOf('files.completeUploadExternal').at(-1);
    // Uploaded to no channel: the file is only ever shown through the image block.
    expect(completed?.args.channel_id).toBeUndefined();
    const blocks = h.fake.responsesTo(responseUrl)[0]!.body.blocks as { type: string; slack_file?: { id: string } }[];
    expect(blocks.find((b) => b.type === 'image')?.slack_file?.id).toBe(upload?.fileId);
    expect(blocks.some((b) => b.type === 'data_visualization')).toBe(false);
  });

  it('a clarifying choice replaces the question it answers', async () => {
    const responseUrl = h.fake.responseUrl();
    await h.interact(
      buttonClick({ teamId: TEAM, userId: OWNER.id, actionId: `${ACTIONS.clarify}_0`, value: 'how close am I to Gold tier?', channelId: 'D0OWNER', responseUrl }),
    );
    await h.fake.waitFor('the answer', () => h.fake.responsesTo(responseUrl).length > 0);
    expect(h.fake.responsesTo(responseUrl)[0]!.body.replace_original).toBe(true);
  });

  it('a digest button on the App Home asks its request as a question, answered in the DM', async () => {
    const before = h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === MANAGER.id).length;
    const res = await h.interact(buttonClick({ teamId: TEAM, userId: MANAGER.id, actionId: `${ACTIONS.digest}_0`, value: DIGEST_QUESTIONS.subscribe, home: true }));
    expect(res.status).toBe(200);
    await h.fake.waitFor('the DM answer', () => h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === MANAGER.id).length > before);
    const call = h.fake.callsOf('chat.postMessage').filter((c) => c.args.channel === MANAGER.id).at(-1);
    // The header is the request itself: the core answered that text, whatever intent takes it.
    expect(JSON.stringify(call?.args.blocks)).toContain(DIGEST_QUESTIONS.subscribe);
  });

  it('acknowledges link buttons without doing anything else', async () => {
    const before = h.fake.calls.length;
    const res = await h.interact(buttonClick({ teamId: TEAM, userId: OWNER.id, actionId: `${ACTIONS.link}_0`, channelId: 'C0GENERAL', responseUrl: h.fake.responseUrl() }));
    expect(res.status).toBe(200);
    await settle(300);
    expect(h.fake.calls.length).toBe(before);
  });
});
