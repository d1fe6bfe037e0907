import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OWNER, personalChatOf, startHarness, STRANGER, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.fake.reset());

const cardText = (card: Record<string, unknown>) => JSON.stringify(card);

describe('Teams: POST /api/messages', () => {
  it('answers "how close am I to Gold tier?" in the personal chat with an Adaptive Card', async () => {
    const res = await h.post({ from: OWNER, text: 'how close am I to Gold tier?' });
    expect(res.status).toBe(200);
    const replies = h.fake.messagesTo(personalChatOf(OWNER));
    expect(replies).toHaveLength(1);
    const [card] = h.fake.cards();
    expect(card?.version).toBe('1.5');
    console.log(JSON.stringify(card, null, 1).slice(0, 3000));
    expect(cardText(card ?? {})).toContain('$420,000 of $500,000');
  });

  it('gives an unlinked user the "not linked" answer and no data', async () => {
    const res = await h.post({ from: STRANGER, text: 'how close am I to Gold tier?' });
    expect(res.status).toBe(200);
    const replies = h.fake.messagesTo(personalChatOf(STRANGER));
    expect(replies).toHaveLength(1);
    console.log(JSON.stringify(replies[0]?.activity).slice(0, 2000));
  });
});
