import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO } from '../../db/seed/demo-constants.ts';
import { foreignLinks, inventedNumbers, numbersIn } from '../../src/llm/grounding.ts';
import { llmHarness, type LlmHarness } from './harness.ts';

// Issue 16, B1: the model's prose is shown only when every number in it — in any script's digits,
// in any grouping, or in words — comes from this question's tool results, when it names no
// partner the asker cannot see, and when its links go only to the program's portal or to Slack
// or Teams. Otherwise the intents' own reply is shown, as for an invented figure.

const OWNER = DEMO.emails.northwindOwner;

describe('grounding: numbers in every script and in words', () => {
  const sources = [{ revenue: 420_000, required: 500_000, pct: 83.96, gap: 80_000, deals: 18 }];

  it('reads Unicode decimal digits of any script, and their separators', () => {
    const values = (s: string) => numbersIn(s).map((n) => n.value);
    expect(values('２,４５０,０００')).toEqual([2_450_000]); // full-width
    expect(values('٧٦٥٤٣٢١')).toEqual([7_654_321]); // Arabic-Indic
    expect(values('۴۲۰٬۰۰۰')).toEqual([420_000]); // Extended Arabic-Indic, Arabic thousands separator
    expect(values('٨٣٫٩٦')).toEqual([83.96]); // Arabic decimal separator
    expect(values('४,२०,०००')).toEqual([420_000]); // Devanagari, lakh grouping
    expect(values('৮০,০০০')).toEqual([80_000]); // Bengali
    expect(values('๑๘ deals')).toEqual([18]); // Thai
    expect(values('𝟒𝟐𝟎𝟎𝟎𝟎')).toEqual([420_000]); // mathematical bold
    expect(values('USD2,450,000')).toEqual([2_450_000]); // a currency code glued on hides nothing
  });

  it('reads any grouping: dots, spaces, apostrophes, a decimal comma', () => {
    const values = (s: string) => numbersIn(s).map((n) => n.value);
    expect(values('1.234.567 € und 83,96 %')).toEqual([1_234_567, 83.96]);
    expect(values("CHF 1'234'567")).toEqual([1_234_567]);
    expect(values('1 234 567 kr')).toEqual([1_234_567]);
    expect(values('1\u202f234\u202f567')).toEqual([1_234_567]);
    expect(values('tiers 1,2,3')).toEqual([1, 2, 3]);
  });

  it('reads numbers written in words', () => {
    const values = (s: string) => numbersIn(s).map((n) => n.value);
    expect(values('you are one hundred thousand dollars behind')).toEqual([100_000]);
    expect(values('two million four hundred and fifty thousand')).toEqual([2_450_000]);
    expect(values('twenty-one deals and a million in pipeline')).toEqual([21, 1_000_000]);
    // "one" alone is a pronoun as often as a number.
    expect(values('the one you asked about')).toEqual([]);
  });

  it('finds invented numbers in any script, and keeps the true ones however they are written', () => {
    expect(inventedNumbers('Revenue is ４２０,０００ of ５００,０００.', sources)).toEqual([]);
    expect(inventedNumbers('Revenue is ४,२०,०००.', sources)).toEqual([]);
    expect(inventedNumbers('Der Umsatz liegt bei 420.000 $ (83,96 %).', sources)).toEqual([]);
    expect(inventedNumbers('eighty thousand to go', sources)).toEqual([]);
    expect(inventedNumbers('Fabrikam booked ２,４５０,０００', sources)).toEqual(['2,450,000']);
    expect(inventedNumbers('Tailspin ٧٦٥٤٣٢١', sources)).toEqual(['7654321']);
    expect(inventedNumbers('you are one hundred thousand dollars behind them', sources)).toEqual(['one hundred thousand']);
  });

  it('allows links to the portal and to Slack or Teams only', () => {
    const program = ['https://partners.contoso.example'];
    expect(foreignLinks('See https://partners.contoso.example/tiers or https://app.slack.com/client/T1', program)).toEqual([]);
    expect(foreignLinks('Open https://teams.microsoft.com/l/chat/0/0', program)).toEqual([]);
    expect(foreignLinks('Visit https://evil.example/login', program)).toEqual(['https://evil.example/login']);
    expect(foreignLinks('Visit evil.example/login.', program)).toEqual(['evil.example/login']);
    expect(foreignLinks('Go to https://partners.contoso.example@evil.example/', program)).toHaveLength(1);
    expect(foreignLinks('Go to https://partners.contoso.example.evil.example/', program)).toHaveLength(1);
    expect(foreignLinks('<https://evil.example|your portal>', program)).toHaveLength(1);
    expect(foreignLinks('mailto:help@evil.example', program)).toHaveLength(1);
    expect(foreignLinks('You are at 84%, e.g. 3.5 deals a week.', program)).toEqual([]);
  });
});

describe('grounding: the scripted model', () => {
  let h: LlmHarness;
  let rulesSummary: string;
  beforeAll(async () => {
    h = await llmHarness();
    rulesSummary = (await h.rules(OWNER, 'how close am I to Gold tier?')).reply.summary;
  });
  afterAll(async () => {
    await h.fake.close();
  });

  const answerWith = async (prose: string) => {
    h.fake.script([{ toolCalls: [{ name: 'tier_progress', arguments: { tier: 'Gold' } }] }, { content: prose }]);
    return h.ask(OWNER, 'how close am I to Gold tier?');
  };

  it("drops the attack run's sentence: other partners, full-width and Arabic-Indic digits, a sum in words", async () => {
    const r = await answerWith(
      `${DEMO.fabrikam} booked ２,４５０,０００ in revenue and ${DEMO.tailspin} ٧٦٥٤٣٢١; you are one hundred thousand dollars behind them`,
    );
    expect(r.planner).toBe('llm');
    expect(r.reply.summary).toBe(rulesSummary);
  });

  for (const [what, prose] of [
    ['full-width digits', 'You are at $４２０,０００; Fabrikam has ２,４５０,０００.'],
    ['Arabic-Indic digits', 'You are at $420,000; the leader has ٧٦٥٤٣٢١.'],
    ['Devanagari digits', 'You are at $420,000; the leader has ९,९९,९९९.'],
    ['a number in words', 'You are at $420,000, one hundred thousand dollars behind the leader.'],
    ['a partner the asker cannot see', `You are at $420,000, behind ${DEMO.fabrikam}.`],
    ['a partner named in lower case, without figures', 'you are behind tailspin this quarter.'],
    ['a link outside the program', 'You are at $420,000. Visit https://evil.example/login to claim your Gold status.'],
    ['a bare domain', 'You are at $420,000. Sign in at evil.example/login to see more.'],
  ] as const) {
    it(`drops prose with ${what} and shows the intents' own reply`, async () => {
      const r = await answerWith(prose);
      expect(r.planner).toBe('llm');
      expect(r.outcome).toBe('ok');
      expect(r.reply.summary).toBe(rulesSummary);
    });
  }

  for (const prose of [
    'You are at $420,000 of the $500,000 Gold needs.',
    'You are at ４２０,０００ of the ５００,０００ Gold needs.',
    'You are at ४,२०,००० of the ५,००,००० Gold needs.',
    `${DEMO.northwind} is at $420,000; see https://partners.contoso.example for the Gold rules.`,
    'You are eighty thousand short of Gold.',
  ]) {
    it(`keeps grounded prose: ${prose}`, async () => {
      const r = await answerWith(prose);
      expect(r.planner).toBe('llm');
      expect(r.reply.summary).toBe(prose);
    });
  }
});
