import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { welcomeText } from '../../adapters/teams/bot.ts';
import { program } from '../intents/ask.ts';
import { PORTFOLIO_WELCOME_TITLE } from '../../adapters/teams/welcome.ts';
import { cardProblems } from '../helpers/adaptive-cards.ts';
import { BOT, OWNER, personalChatOf, startHarness, TENANT, type Harness } from './harness.ts';

// A channel manager or vendor admin who opens the personal chat gets, after the welcome text,
// their portfolio at a glance as one card, with buttons that ask about a partner; a partner's
// welcome stays the text alone.

let h: Harness;
const MANAGER = { id: '29:manager', name: 'Morgan Manager', aadObjectId: 'aad-manager-0003', email: 'manager@contoso.example', tenantId: TENANT };
const DISTRIBUTOR = { id: '29:wideworld', name: 'Wide World Owner', aadObjectId: 'aad-wideworld-0005', email: 'owner@wideworld.example', tenantId: TENANT };

beforeAll(async () => {
  h = await startHarness();
  h.fake.addMember(MANAGER);
  h.fake.addMember(DISTRIBUTOR);
});
afterAll(async () => h.close());
beforeEach(() => h.fake.reset());

const textOf = (a: unknown) => JSON.stringify(a);

describe('Teams personal chat welcome', () => {
  it("shows a channel manager's portfolio summary card after the welcome text, and stores the chat with the user", async () => {
    const res = await h.post({ from: MANAGER, type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] });
    expect(res.status).toBe(200);
    const sent = h.fake.messagesTo(personalChatOf(MANAGER));
    expect(sent).toHaveLength(2);
    expect(textOf(sent[0]?.activity)).toContain(welcomeText(program()).slice(0, 40));
    const card = textOf(sent[1]?.activity);
    for (const part of [PORTFOLIO_WELCOME_TITLE, 'Your 30 partners', "At today's pace", 'Closest to the next tier among your 30 partners', 'How close is ']) {
      expect(card, part).toContain(part);
    }
    for (const c of h.fake.cards()) expect(cardProblems(c)).toEqual([]);
    const stored = await h.app.db
      .selectFrom('teams_conversations')
      .innerJoin('users', 'users.id', 'teams_conversations.user_id')
      .select('users.email')
      .where('aad_object_id', '=', MANAGER.aadObjectId)
      .executeTakeFirst();
    expect(stored).toEqual({ email: MANAGER.email });
  });

  it('a drill-down button on the card asks about that partner as whoever clicks it', async () => {
    await h.post({ from: MANAGER, type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] });
    const card = textOf(h.fake.messagesTo(personalChatOf(MANAGER))[1]?.activity);
    const question = /"question":"(How close is [^"]+\?)"/.exec(card)?.[1];
    expect(question).toBeDefined();
    h.fake.reset();
    await h.post({ from: MANAGER, value: { pulseAction: 'ask', question } });
    const partner = /^How close is (.+) to /.exec(question ?? '')?.[1] ?? '';
    expect(textOf(h.fake.messagesTo(personalChatOf(MANAGER))[0]?.activity)).toContain(partner);
  });

  it('keeps the welcome of a partner, a distributor included, to the text', async () => {
    for (const who of [OWNER, DISTRIBUTOR]) {
      h.fake.reset();
      await h.post({ from: who, type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] });
      const sent = h.fake.messagesTo(personalChatOf(who));
      expect(sent).toHaveLength(1);
      expect(textOf(sent[0]?.activity)).not.toContain(PORTFOLIO_WELCOME_TITLE);
    }
  });
});
