import { z } from 'zod';
import type { Role } from '../db/schema.ts';
import type { Suggestion } from '../src/reply/types.ts';
import { plainReply } from './reply-parts.ts';
import type { IntentContext, IntentDef } from './types.ts';

const args = z.object({});

export const help: IntentDef<typeof args> = {
  name: 'help',
  description: 'What Partner Pulse can answer, with example questions for the asker’s role.',
  args,
  label: 'What I can do',
  examples: [
    'What can you do?',
    'help',
    'what kind of questions can I ask',
    'how does this bot work',
    'show me some example questions',
    'what are the commands',
    'I need help',
    'give me a few sample questions',
    'how do I use this?',
    'what sort of things can you answer',
    'what can I ask you',
    'what are you',
    'what does this app do',
    'any tips on what to ask',
    'help me get started',
    'what questions do you understand',
    'can you help me',
    'what is Partner Pulse',
  ],
  // A figure, a tier, a partner or a period means a real question.
  evidence: (a) => (a.metric?.cued || a.tier || a.partner || a.period ? -2 : 0),
  rephrase: () => 'What can you do?',
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: async (_a, ctx) => {
    const role = ctx.principal.role;
    const examples = await examplesFor(role, ctx);
    const intro =
      role === 'channel_manager' || role === 'vendor_admin'
        ? 'I answer questions about the partners you can see: tier progress and forecasts, revenue and other figures, deals, certifications, rankings and why a figure changed. Name the partner in your question.'
        : `I answer questions about ${ctx.principal.partnerName ?? 'your company'}: how close you are to the next tier and when you will get there, what-ifs, how you compare with peers (anonymously), revenue and other figures, your deals and your certifications.`;
    const suggestions: Suggestion[] = examples.map((q) => ({ label: q, question: q }));
    return {
      reply: plainReply({ summary: `${intro} For example: “${examples[0] ?? ''}”`, suggestions }, await ctx.data.asOf()),
      data: { role, examples },
    };
  },
};

async function examplesFor(role: Role, ctx: IntentContext): Promise<string[]> {
  const top = ctx.program.tiers[ctx.program.tiers.length - 1]?.name ?? 'the top tier';
  if (role === 'partner_user' || role === 'partner_admin') {
    return [
      'How close are we to the next tier?',
      'What was our revenue last quarter compared with the quarter before?',
      'Which certifications expire in the next 30 days?',
      'Show our approved deals',
      `What do we need for ${top}?`,
      'Give me a summary of our account',
      'If our open deals close, will we reach the next tier?',
      'How do we compare with other partners on our tier?',
    ];
  }
  // A real partner's name makes the examples runnable as they stand.
  const first = [...(await ctx.data.visiblePartners())].sort((a, b) => a.name.localeCompare(b.name))[0]?.name ?? 'Northwind Traders';
  return [
    `How is ${first} doing?`,
    `How close is ${first} to the next tier?`,
    `What was the revenue of ${first} last quarter?`,
    `Which certifications expire in the next 30 days for ${first}?`,
    `Show open deals for ${first}`,
    'Rank my partners by revenue this quarter',
    `Why did the revenue of ${first} drop last month?`,
    'Who am I signed in as?',
  ];
}
