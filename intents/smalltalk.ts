import { z } from 'zod';
import type { Analysis } from './language.ts';
import { plainReply } from './reply-parts.ts';
import type { IntentDef } from './types.ts';

const KINDS = ['thanks', 'greeting', 'bye', 'ack'] as const;
type Kind = (typeof KINDS)[number];

const args = z.object({
  kind: z.enum(KINDS).optional().describe('What the person said: thanks, a greeting, goodbye, or a plain acknowledgement ("ok", "cool").'),
});

const THANKS = /\b(thank|thanks|thx|ty|cheers|appreciate|appreciated|grazie|merci|danke|gracias|obrigad[oa]|helpful)\b/;
const BYE = /\b(bye|goodbye|see (you|ya)|later|cya|good ?night|ttyl|have a good)\b/;
const GREETING = /\b(hi|hello|hey|hiya|howdy|yo|hola|good (morning|afternoon|evening)|morning|afternoon|evening|greetings|sup)\b/;

function kindOf(lower: string): Kind {
  if (THANKS.test(lower)) return 'thanks';
  if (BYE.test(lower)) return 'bye';
  if (GREETING.test(lower)) return 'greeting';
  return 'ack';
}

const FIRST_NAME = (name: string): string => name.split(/\s+/)[0] ?? name;

export const smalltalk: IntentDef<typeof args> = {
  name: 'smalltalk',
  label: 'Small talk',
  description: 'Thanks, hello, goodbye or "ok": one short friendly line, nothing else.',
  args,
  examples: [
    'thanks',
    'thank you!',
    'thanks a lot',
    'cheers',
    'much appreciated',
    'great, thanks',
    'perfect thank you',
    'awesome thx',
    'hi',
    'hello',
    'hey there',
    'good morning',
    'morning!',
    'hiya',
    'bye',
    'goodbye',
    'see you later',
    'have a good one',
    'ok',
    'okay cool',
    'got it',
    'nice',
    'great',
    'cool',
    'sounds good',
    'perfect',
    'lol',
    'haha ok',
    'no worries',
    'all good',
    'noted',
    'sweet',
    'hola',
    'hey',
    'hey hey',
    'yo',
    'danke',
    'merci',
    'gracias',
    'thanks, super helpful',
    'that was helpful, thank you',
    "how's it going",
    'how are you',
    'good night',
    'ok thanks bye',
  ],
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  // Small talk is the whole message: any figure, name or period in it means a real question.
  evidence: (a: Analysis) => (a.metric || a.tier || a.period || a.partner || a.namesOwn || a.numbers.length > 0 ? -4 : 0),
  readSlots: (a: Analysis) => ({ kind: kindOf(a.lower) }),
  rephrase: () => 'thanks',
  handler: async (a, ctx) => {
    const name = FIRST_NAME(ctx.principal.name);
    const kind = a.kind ?? 'ack';
    const summary =
      kind === 'thanks'
        ? `You're welcome, ${name}!`
        : kind === 'greeting'
          ? `Hi ${name}! Ask me about tiers, figures, deals or certifications.`
          : kind === 'bye'
            ? `Bye for now, ${name}.`
            : 'Anything else I can look up?';
    return { reply: plainReply({ summary }, ctx.now.toISOString()), data: { kind } };
  },
};
