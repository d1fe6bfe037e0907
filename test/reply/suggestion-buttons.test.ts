import { beforeAll, describe, expect, it } from 'vitest';
import { describeProblems, validateMessage } from '../../adapters/slack/render/limits.ts';
import { renderReply } from '../../adapters/slack/render/reply.ts';
import type { ButtonElement } from '../../adapters/slack/render/block-types.ts';
import { renderCard } from '../../adapters/teams/render/card.ts';
import type { DbHandle } from '../../db/connect.ts';
import { suggestionButtons } from '../../src/reply/buttons.ts';
import type { Reply } from '../../src/reply/types.ts';
import { cardProblems } from '../helpers/adaptive-cards.ts';
import { testDb } from '../helpers/db.ts';
import { contextFor, program, run } from '../intents/ask.ts';

// A suggestion is a step ("Register a deal", with its portal link) and a follow-up question. The
// link opens the portal (Slack url button, Teams Action.OpenUrl); the question's button says what
// it asks. Checked on the payloads Slack and Teams would get for real demo answers.

/** Every word of the button that means something is in the question it asks ("expiring" ~ "expire"). */
function namesQuestion(text: string, question: string): boolean {
  const q = question.toLowerCase();
  const words = text.toLowerCase().match(/[a-z][a-z-]{3,}/g) ?? [];
  return words.every((w) => q.includes(w.slice(0, 5)));
}

let h: DbHandle;
const replies: { who: string; reply: Reply }[] = [];
beforeAll(async () => {
  h = await testDb({ demo: true });
  for (const [email, tier] of [
    ['owner@northwind.example', 'Gold'],
    ['owner@fabrikam.example', 'Platinum'],
  ] as const) {
    const r = await run(await contextFor(h.db, email), 'tier_progress', { tier });
    replies.push({ who: email, reply: r.reply });
  }
});

describe('suggestion buttons', () => {
  it('the demo answers have steps with a portal link and a follow-up question', () => {
    const northwind = replies[0]?.reply.suggestions ?? [];
    const deal = northwind.find((s) => s.metric === 'revenue');
    expect(deal).toMatchObject({ label: 'Register a deal', url: program().actions.revenue?.url, question: 'Show approved deals', askLabel: 'Show approved deals' });
  });

  it('Slack: a link button opens the action’s portal page; an ask button asks the question its text names', () => {
    const actions = program().actions;
    const portal = new Map(Object.values(actions).map((a) => [a.url, a.label]));
    for (const { who, reply } of replies) {
      const messages = renderReply(reply);
      for (const m of messages) expect(validateMessage(m), describeProblems(validateMessage(m))).toEqual([]);
      const buttons = messages.flatMap((m) => m.blocks).flatMap((b) => (b.type === 'actions' ? (b.elements as ButtonElement[]) : []));
      const links = buttons.filter((b) => b.url);
      const asks = buttons.filter((b) => b.action_id.startsWith('pulse_suggest_'));
      expect(links.length, who).toBeGreaterThan(0);
      for (const l of links) {
        expect(l.action_id).toMatch(/^pulse_link_\d+$/);
        expect(portal.get(l.url ?? ''), l.url).toBe(l.text.text);
        expect(l.value).toBeUndefined();
      }
      for (const a of asks) expect(namesQuestion(a.text.text, a.value ?? ''), `${a.text.text} → ${a.value}`).toBe(true);
      // "Register a deal" opens the deal form; it never asks "Show approved deals".
      expect(asks.find((a) => a.text.text === 'Register a deal')).toBeUndefined();
      expect(links.find((l) => l.text.text === 'Register a deal')?.url).toBe(actions.revenue?.url);
      // Every question of the suggestions has its button, and every link too, each once.
      const questions = new Set(reply.suggestions.map((s) => s.question).filter(Boolean));
      expect(new Set(asks.map((a) => a.value))).toEqual(questions);
      expect(links.map((l) => l.url)).toEqual([...new Set(links.map((l) => l.url))]);
    }
  });

  it('Teams: each next step carries Action.OpenUrl to its portal page and an Action.Submit that asks what it says', () => {
    for (const { who, reply } of replies) {
      const card = renderCard(reply);
      expect(cardProblems(card), who).toEqual([]);
      const sets = card.body.filter((e) => e.type === 'ActionSet');
      expect(sets.length, who).toBe(reply.suggestions.filter((s) => s.reason).length);
      for (const [i, set] of sets.entries()) {
        const step = reply.suggestions.filter((s) => s.reason)[i];
        if (set.type !== 'ActionSet' || !step) throw new Error('not an ActionSet');
        const open = set.actions.find((a) => a.type === 'Action.OpenUrl');
        const submit = set.actions.find((a) => a.type === 'Action.Submit');
        expect(open).toEqual({ type: 'Action.OpenUrl', title: step.label, url: step.url });
        expect(submit?.type === 'Action.Submit' && submit.data.question).toBe(step.question);
        expect(submit && namesQuestion(submit.title, step.question ?? ''), submit?.title).toBe(true);
      }
    }
  });

  it('links that are not web pages are left out, and a link or a question shared by two steps shows once', () => {
    const buttons = suggestionButtons([
      { label: 'Register a deal', url: 'https://partners.example/deals/new', question: 'Show approved deals', askLabel: 'Show approved deals' },
      { label: 'Register a deal', url: 'https://partners.example/deals/new', question: 'Show approved deals', askLabel: 'Show approved deals' },
      { label: 'Call us', url: 'javascript:alert(1)' },
      { label: 'How close are we to Gold?', question: 'How close are we to Gold?' },
      { label: 'Claim your MDF', url: 'https://partners.example/mdf', question: 'What is the MDF utilization this year?' },
    ]);
    expect(buttons).toEqual([
      { kind: 'link', text: 'Register a deal', url: 'https://partners.example/deals/new' },
      { kind: 'ask', text: 'Show approved deals', question: 'Show approved deals' },
      { kind: 'ask', text: 'How close are we to Gold?', question: 'How close are we to Gold?' },
      { kind: 'link', text: 'Claim your MDF', url: 'https://partners.example/mdf' },
      // Without its own button text, a question next to a link is its own text.
      { kind: 'ask', text: 'What is the MDF utilization this year?', question: 'What is the MDF utilization this year?' },
    ]);
  });
});
