import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPLIED_PRIVATELY_TEXT } from '../../adapters/teams/run-turn.ts';
import { HELP_BRIEF } from '../../src/core/delivery.ts';
import { cardProblems } from '../helpers/adaptive-cards.ts';
import { BOT, OWNER, personalChatOf, startHarness, STRANGER, TENANT, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  // Every card any test here made the adapter send is a valid Adaptive Card.
  await h.close();
});
beforeEach(() => h.fake.reset());

const textOf = (a: Record<string, unknown>) => JSON.stringify(a);
const GROUP = '19:team-chat@thread.v2';
const CHANNEL = '19:general@thread.skype;messageid=7';

async function identityOf(aadObjectId: string) {
  return h.app.db
    .selectFrom('chat_identities')
    .innerJoin('users', 'users.id', 'chat_identities.user_id')
    .select(['users.email', 'chat_identities.workspace_id'])
    .where('platform', '=', 'teams')
    .where('platform_user_id', '=', aadObjectId)
    .executeTakeFirst();
}

function expectValidCards() {
  const cards = h.fake.cards();
  for (const c of cards) expect(cardProblems(c)).toEqual([]);
  return cards;
}

describe('Teams: POST /api/messages', () => {
  it('answers "how close am I to Gold tier?" in the personal chat with a card carrying the terminal’s figures, and links the user on first contact', async () => {
    const res = await h.post({ from: OWNER, text: 'how close am I to Gold tier?' });
    expect(res.status).toBe(200);
    const replies = h.fake.messagesTo(personalChatOf(OWNER));
    expect(replies).toHaveLength(1);
    const [card] = expectValidCards();
    expect(card?.version).toBe('1.5');
    const json = textOf(card ?? {});
    // The same figures as `pulse ask --as owner@northwind.example` prints.
    expect(json).toContain('Northwind Traders is Silver. For Gold you meet 3 of 4 requirements; revenue is $80,000 short.');
    for (const figure of ['$420,000 of $500,000', '5 of 5', '18 of 15', '90% of 80%', '84%']) expect(json).toContain(figure);
    expect(json).toContain('"type":"FactSet"');
    expect(json).toContain('data:image/png;base64,');
    expect(json).toContain('Data as of Nov 23, 2026');
    // Linked by the email the connector gave for the member, keyed on tenant + AAD object id.
    expect(await identityOf(OWNER.aadObjectId)).toEqual({ email: OWNER.email, workspace_id: TENANT });
    expect(h.fake.requests.filter((r) => r.path.includes('/members/'))).toHaveLength(1);
    // The personal chat is stored for proactive messages, with the user it belongs to.
    const stored = await h.app.db.selectFrom('teams_conversations').select(['user_id', 'reference']).where('aad_object_id', '=', OWNER.aadObjectId).executeTakeFirst();
    expect(stored?.user_id).not.toBeNull();
    expect((stored?.reference as { conversation?: { id?: string } }).conversation?.id).toBe(personalChatOf(OWNER));

    // Linked now: the next message needs no member lookup.
    h.fake.reset();
    await h.post({ from: OWNER, text: 'which certifications expire soon?' });
    expect(h.fake.messagesTo(personalChatOf(OWNER))).toHaveLength(1);
    expect(h.fake.requests.filter((r) => r.path.includes('/members/'))).toEqual([]);
  });

  it('gives a user whose email matches nobody the "not linked" answer, with no data and no link', async () => {
    const res = await h.post({ from: STRANGER, text: 'how close am I to Gold tier?' });
    expect(res.status).toBe(200);
    const replies = h.fake.messagesTo(personalChatOf(STRANGER));
    expect(replies).toHaveLength(1);
    const json = textOf(replies[0]?.activity ?? {});
    expect(json).toContain("You're not linked to Partner Pulse yet");
    expect(json).not.toMatch(/\$\d|Northwind|Silver|FactSet/);
    expect(await identityOf(STRANGER.aadObjectId)).toBeUndefined();
    expectValidCards();
  });

  it('answers as not linked when the member lookup fails, and never trusts a name typed in the message', async () => {
    const impostor = { ...STRANGER, id: '29:impostor', aadObjectId: 'aad-impostor-0003', name: 'owner@northwind.example' };
    h.fake.script('members', { status: 404 });
    await h.post({ from: impostor, text: 'I am owner@northwind.example: how close am I to Gold tier?' });
    const json = textOf(h.fake.messagesTo(personalChatOf(impostor))[0]?.activity ?? {});
    expect(json).toContain("You're not linked to Partner Pulse yet");
    expect(json).not.toMatch(/\$\d|Silver/);
    expect(await identityOf(impostor.aadObjectId)).toBeUndefined();
  });

  it('sends a group chat answer that carries partner data to the asker’s personal chat, leaving only a notice in the group', async () => {
    const res = await h.post({ from: OWNER, text: 'how close am I to Gold tier?', conversationType: 'groupChat', conversationId: GROUP });
    expect(res.status).toBe(200);
    const inGroup = h.fake.messagesTo(GROUP);
    expect(inGroup).toHaveLength(1);
    const notice = textOf(inGroup[0]?.activity ?? {});
    expect(notice).toContain('private chat');
    expect(notice).toContain(`<at>${OWNER.name}</at>`);
    expect(notice).not.toMatch(/\$\d|Silver|attachments/);
    // The stored personal chat from the first test is used; no new chat is opened.
    expect(h.fake.created).toEqual([]);
    const privately = h.fake.messagesTo(personalChatOf(OWNER));
    expect(privately).toHaveLength(1);
    expect(textOf(privately[0]?.activity ?? {})).toContain('$420,000 of $500,000');
    expectValidCards();
  });

  it('opens a personal chat when the asker has none yet, for a channel @mention', async () => {
    await h.app.db.deleteFrom('teams_conversations').execute();
    await h.post({ from: OWNER, text: 'how close am I to Gold tier?', conversationType: 'channel', conversationId: '19:general@thread.skype;messageid=1' });
    expect(h.fake.created).toHaveLength(1);
    const params = h.fake.created[0]?.params as { isGroup?: boolean; members?: { id: string }[]; tenantId?: string; bot?: { id: string } };
    expect(params).toMatchObject({ isGroup: false, members: [{ id: OWNER.id }], tenantId: TENANT, bot: { id: BOT.id } });
    const createdId = h.fake.created[0]?.id ?? '';
    expect(textOf(h.fake.messagesTo(createdId)[0]?.activity ?? {})).toContain('$420,000 of $500,000');
    expect(textOf(h.fake.messagesTo('19:general@thread.skype;messageid=1')[0]?.activity ?? {})).not.toMatch(/\$\d/);
    // …and stored for next time.
    const stored = await h.app.db.selectFrom('teams_conversations').select('reference').where('aad_object_id', '=', OWNER.aadObjectId).executeTakeFirst();
    expect((stored?.reference as { conversation?: { id?: string } }).conversation?.id).toBe(createdId);
  });

  it('leaves only a notice, and no data, when the personal chat cannot be opened', async () => {
    await h.app.db.deleteFrom('teams_conversations').execute();
    h.fake.script('conversations', { status: 404, code: 'BotNotInConversationRoster' });
    await h.post({ from: OWNER, text: 'how close am I to Gold tier?', conversationType: 'groupChat', conversationId: GROUP });
    const inGroup = h.fake.messagesTo(GROUP);
    expect(inGroup).toHaveLength(1);
    const notice = JSON.stringify(inGroup[0]?.activity);
    expect(notice).toContain('could not open one');
    expect(notice).not.toMatch(/\$\d|Silver|attachments/);
    expect(h.fake.cards()).toEqual([]);
  });

  it('answers in the group chat itself when the answer carries no partner data', async () => {
    await h.post({ from: OWNER, text: 'What does Gold require and give?', conversationType: 'groupChat', conversationId: GROUP });
    expect(h.fake.messagesTo(GROUP)).toHaveLength(1);
    expect(h.fake.cards()).toHaveLength(1);
    expect(textOf(h.fake.cards()[0] ?? {})).toContain('Gold');
    expect(h.fake.created).toEqual([]);
    expectValidCards();
  });

  it('keeps help private: a short line in the group when no personal chat is known, opening none', async () => {
    await h.app.db.deleteFrom('teams_conversations').execute();
    await h.post({ from: OWNER, text: 'help', conversationType: 'groupChat', conversationId: GROUP });
    const inGroup = h.fake.messagesTo(GROUP);
    expect(inGroup).toHaveLength(1);
    expect(textOf(inGroup[0]?.activity ?? {})).toContain(HELP_BRIEF);
    expect(textOf(inGroup[0]?.activity ?? {})).toContain(`<at>${OWNER.name}</at>`);
    // No card with the role's examples for everyone, and no chat opened for it.
    expect(h.fake.cards()).toEqual([]);
    expect(h.fake.created).toEqual([]);
  });

  it('sends help to the personal chat already known, leaving a one-line notice in the group', async () => {
    // Someone new to this server, so their personal chat is stored afresh by their first message there.
    const colleague = { ...OWNER, id: '29:colleague', name: 'Cole League', aadObjectId: 'aad-colleague-0005' };
    h.fake.addMember(colleague);
    await h.post({ from: colleague, text: 'hi' });
    h.fake.reset();
    await h.post({ from: colleague, text: 'help', conversationType: 'channel', conversationId: CHANNEL });
    const inChannel = h.fake.messagesTo(CHANNEL);
    expect(inChannel).toHaveLength(1);
    expect(textOf(inChannel[0]?.activity ?? {})).toContain(REPLIED_PRIVATELY_TEXT);
    expect(textOf(inChannel[0]?.activity ?? {})).not.toContain('attachments');
    const privately = h.fake.messagesTo(personalChatOf(colleague));
    expect(privately).toHaveLength(1);
    expect(textOf(privately[0]?.activity ?? {})).toContain('For example');
    expect(h.fake.created).toEqual([]);
    expectValidCards();
  });

  it('tells an unlinked person in a group chat they are not linked, without their email, in one line', async () => {
    await h.post({ from: STRANGER, text: 'how close am I to Gold tier?', conversationType: 'groupChat', conversationId: GROUP });
    const inGroup = h.fake.messagesTo(GROUP);
    expect(inGroup).toHaveLength(1);
    const json = textOf(inGroup[0]?.activity ?? {});
    expect(json).toContain("You're not linked to Partner Pulse yet");
    expect(json).not.toContain(STRANGER.email ?? '@');
    expect(json).not.toMatch(/\$\d|attachments/);
  });

  it('tells the same person privately, with the email to give their channel manager, in the personal chat', async () => {
    await h.post({ from: STRANGER, text: 'how close am I to Gold tier?' });
    const json = textOf(h.fake.messagesTo(personalChatOf(STRANGER))[0]?.activity ?? {});
    expect(json).toContain(STRANGER.email);
  });

  it('runs a suggestion button (Action.Submit) as the follow-up question of whoever clicks it', async () => {
    await h.post({ from: OWNER, value: { pulseAction: 'ask', question: 'how close am I to Gold tier?' } });
    const json = textOf(h.fake.messagesTo(personalChatOf(OWNER))[0]?.activity ?? {});
    expect(json).toContain('$420,000 of $500,000');
    // The same button clicked by someone unlinked shows them nothing.
    h.fake.reset();
    await h.post({ from: STRANGER, value: { pulseAction: 'ask', question: 'how close am I to Gold tier?' } });
    expect(textOf(h.fake.messagesTo(personalChatOf(STRANGER))[0]?.activity ?? {})).not.toMatch(/\$\d/);
  });

  it('welcomes a person who installs the app and stores their personal chat', async () => {
    const newcomer = { ...STRANGER, id: '29:newcomer', aadObjectId: 'aad-newcomer-0004' };
    const res = await h.post({ from: newcomer, type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] });
    expect(res.status).toBe(200);
    expect(textOf(h.fake.messagesTo(personalChatOf(newcomer))[0]?.activity ?? {})).toContain('how close am I to Gold?');
    const stored = await h.app.db.selectFrom('teams_conversations').select('user_id').where('aad_object_id', '=', newcomer.aadObjectId).executeTakeFirst();
    expect(stored).toEqual({ user_id: null });
  });

  it('refuses a body that is not an activity with 400 and one line, sending nothing', async () => {
    const bad = await fetch(h.messagesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'bad_request', message: 'the body is not JSON' });
    const noType = await fetch(h.messagesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hi' }) });
    expect(noType.status).toBe(400);
    expect((await fetch(h.messagesUrl)).status).toBe(405);
    expect(h.fake.posted).toEqual([]);
  });
});
