import { z } from 'zod';
import { exampleQuestions } from '../src/program/examples.ts';
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
    'tell me a joke',
    "what's the weather like",
    'write me a poem',
    'book a meeting room for tomorrow',
    'who won the game last night',
    'reset my password',
  ],
  // A figure, a tier, a partner or a period means a real question.
  evidence: (a) => (a.metric?.cued || a.tier || a.partner || a.period ? -2 : 0),
  rephrase: () => 'What can you do?',
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: async (_a, ctx) => {
    const role = ctx.principal.role;
    const examples = await examplesFor(ctx);
    const { tiers } = ctx.program;
    const tierWords = `${tiers[0]?.name ?? ''} to ${tiers.at(-1)?.name ?? ''}`;
    const intro =
      role === 'channel_manager' || role === 'vendor_admin'
        ? `I answer questions about the partners you look after in the ${ctx.program.vendor} program (${tierWords}): how they do as a group, who is at risk or close to the next tier, rankings, and any one partner's tier progress, figures, deals and certifications.`
        : `I answer questions about ${ctx.principal.partnerName ?? 'your company'} in the ${ctx.program.vendor} program (${tierWords}): how close you are to the next tier and when you will get there, what-ifs, how you compare with peers (anonymously), revenue and other figures, your deals and your certifications.`;
    const suggestions: Suggestion[] = examples.map((q) => ({ label: q, question: q }));
    return {
      reply: plainReply({ summary: `${intro} For example: “${examples[0] ?? ''}”`, suggestions }, await ctx.data.asOf()),
      data: { role, examples },
    };
  },
};

/** The program's own examples for this asker; a manager's name one of their own partners. */
async function examplesFor(ctx: IntentContext): Promise<string[]> {
  const p = ctx.principal;
  const visible = await ctx.data.visiblePartners();
  const manager = p.role === 'channel_manager' || p.role === 'vendor_admin';
  const somePartner = manager ? [...visible].sort((a, b) => a.name.localeCompare(b.name))[0]?.name : undefined;
  const distributor = p.role === 'partner_admin' && visible.length > 1;
  return exampleQuestions(ctx.program, { role: p.role, distributor, ...(somePartner ? { somePartner } : {}) });
}
