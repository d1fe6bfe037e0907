import { z } from 'zod';
import { DAY_NAMES, DEFAULT_SCHEDULE, describeSchedule, type WeeklySchedule } from '../src/digest/schedule.ts';
import { plainReply } from './reply-parts.ts';
import type { IntentContext, IntentDef, IntentResult } from './types.ts';

const args = z.object({
  action: z
    .enum(['subscribe', 'stop', 'status'])
    .default('subscribe')
    .describe('subscribe (or change the schedule), stop the digest, or status: what the user is subscribed to.'),
  days: z
    .array(z.number().int().min(0).max(6))
    .min(1)
    .max(7)
    .optional()
    .describe('Days of the week to send it, 0 = Sunday … 6 = Saturday; Monday when not said.'),
  time: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .optional()
    .describe("Local time to send it, 24-hour HH:MM in the user's own time zone; 08:00 when not said."),
  channel: z
    .enum(['chat', 'email'])
    .optional()
    .describe('Where to send it, only when the user says so: email ("send my digest by email"), or chat (Slack or Teams, "in Slack again"); unchanged when not said.'),
});

// "by email", "to my inbox", "email it to me"; not "too much email" or "instead of email".
const BY_EMAIL = /\b(?:by|via|per|over|through|as an?|in an?|to my|in my|into my) (?:e-?mail|inbox|mailbox)\b|\be-?mail (?:it|me|them)\b/;
const NOT_EMAIL = /\b(?:instead of|not|no longer|rather than) (?:by |via )?e-?mail/;
const IN_CHAT = /\b(?:in|on|via|over|through|to|back (?:in|on|to)) (?:slack|(?:microsoft |ms )?teams|chat|the chat)\b/;
const NOT_CHAT = /\b(?:not|instead of|rather than) (?:in |on |via )?(?:slack|(?:microsoft |ms )?teams|chat)\b/;

/** Where the person wants it, when they said: "by email" or "in Slack"; undefined when not said or said both ways. */
function readChannel(t: string): 'chat' | 'email' | undefined {
  const email = BY_EMAIL.test(t) && !NOT_EMAIL.test(t);
  const chat = (IN_CHAT.test(t) && !NOT_CHAT.test(t)) || NOT_EMAIL.test(t);
  if (email && !chat) return 'email';
  if (chat && !email) return 'chat';
  return undefined;
}

const DAY_WORDS: readonly [RegExp, number][] = DAY_NAMES.map((d, i) => [new RegExp(`\\b${d.slice(0, 3).toLowerCase()}(${d.slice(3).toLowerCase()})?s?\\b`), i]);

/** The action, days and time a person wrote: "every Monday at 8am", "stop my digest", "what am I subscribed to?". */
export function readDigestSlots(text: string): Record<string, unknown> {
  const t = text.toLowerCase();
  const out: Record<string, unknown> = {};
  if (/\b(stop|unsubscribe|cancel|turn off|switch off|no more|don'?t send|do not send|opt out|pause)\b/.test(t)) out.action = 'stop';
  else if (/\b(what|which|am i|status|when (is|does|do)|do i (still )?(get|have)|show my|is my \w+ (still )?(on|active|running|set)|still (on|active|running))\b/.test(t) && !/\b(send|every|at \d)/.test(t)) out.action = 'status';
  else out.action = 'subscribe';
  const channel = out.action === 'subscribe' ? readChannel(t) : undefined;
  if (channel) out.channel = channel;
  const days = DAY_WORDS.filter(([re]) => re.test(t)).map(([, i]) => i);
  if (/\b(daily|every day|each day)\b/.test(t)) out.days = [0, 1, 2, 3, 4, 5, 6];
  else if (/\bweekdays?\b/.test(t)) out.days = [1, 2, 3, 4, 5];
  else if (days.length > 0) out.days = days;
  const time = /\b(?:at|@)\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?/.exec(t) ?? /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm)\b/.exec(t);
  if (time) {
    let hour = Number(time[1]);
    const minute = Number(time[2] ?? '0');
    const half = time[3]?.replace(/\./g, '');
    if (half === 'pm' && hour < 12) hour += 12;
    if (half === 'am' && hour === 12) hour = 0;
    if (hour <= 23 && minute <= 59) out.time = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  } else if (/\bnoon\b/.test(t)) out.time = '12:00';
  return out;
}

export const digestSubscribe: IntentDef<typeof args> = {
  name: 'digest_subscribe',
  description:
    "Subscribe to the weekly digest (a channel manager's partners, or a partner's own), change its day and time or whether it comes in chat or by email, stop it (unsubscribe), or say what the user is subscribed to.",
  args,
  label: 'Your weekly digest',
  examples: [
    'send me a weekly digest every Monday at 8am',
    'stop my digest',
    'what am I subscribed to?',
    'subscribe me to the weekly summary',
    'unsubscribe from the digest',
    'move my digest to Friday at 4pm',
    'sign me up for the weekly digest',
    'I want the partner digest on Tuesdays at 9:30',
    'please cancel the weekly digest',
    'which digest schedule am I on',
    'is my digest still on',
    'turn off the weekly email',
    'change my digest to Wednesday mornings',
    'send the weekly roundup on Fridays instead',
    'pause my digest',
    'when does my digest arrive',
    'daily digest at 7am please',
    'weekly summary every Monday',
    'send my digest by email',
    'email me the weekly digest instead',
    'deliver the digest to my inbox on Mondays',
    'put my digest back in Slack',
  ],
  evidence: (a) => (/\b(digest|newsletter|weekly (summary|email|report|roundup|update)|subscri\w*|unsubscri\w*)\b/.test(a.lower) ? 2.5 : 0),
  rephrase: () => 'Send me a weekly digest every Monday at 8am',
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  readSlots: (a) => readDigestSlots(a.text),
  handler: async (a, ctx) => {
    const store = ctx.actions?.subscriptions;
    const asOf = ctx.now.toISOString();
    if (!store) return plain(ctx, 'Digest subscriptions are not available here.', { error: 'unavailable' });
    const me = ctx.principal;
    if (a.action === 'status') {
      const sub = await store.get(me.userId);
      if (!sub?.enabled) {
        return {
          reply: plainReply(
            { summary: 'You are not subscribed to a digest.', suggestions: [{ label: 'Subscribe', question: 'Send me a weekly digest every Monday at 8am' }] },
            asOf,
          ),
          data: { subscribed: false },
        };
      }
      const when = describeSchedule(sub.schedule, sub.timeZone);
      const byEmail = sub.channel === 'email' ? ' by email' : '';
      return plain(ctx, `You get the weekly digest ${when}${byEmail}${sub.isDefault ? ' (the channel managers’ default)' : ''}.`, {
        subscribed: true,
        cron: sub.cron,
        timeZone: sub.timeZone,
        isDefault: sub.isDefault,
        channel: sub.channel,
      });
    }
    if (a.action === 'stop') {
      const stopped = await store.stop(me.userId);
      return plain(ctx, stopped ? 'Done: you will not get the weekly digest any more.' : 'You were not subscribed to a digest.', {
        subscribed: false,
        stopped,
      });
    }
    const current = await store.get(me.userId);
    const base = current?.enabled ? current.schedule : DEFAULT_SCHEDULE;
    const schedule: WeeklySchedule = {
      days: a.days ?? base.days,
      hour: a.time ? Number(a.time.slice(0, 2)) : base.hour,
      minute: a.time ? Number(a.time.slice(3, 5)) : base.minute,
    };
    // Email only where it is set up (SMTP_URL); otherwise the digest stays in chat and the reply says so.
    const noEmail = a.channel === 'email' && !ctx.actions?.email;
    const sub = await store.set(me.userId, schedule, me.timeZone, noEmail ? undefined : a.channel);
    const what = me.partnerName && (me.role === 'partner_user' || me.role === 'partner_admin') ? `${me.partnerName}${/s$/i.test(me.partnerName) ? '’' : '’s'}` : 'your partners’';
    const where = noEmail ? '' : sub.channel === 'email' ? ' by email' : a.channel === 'chat' ? ' in chat' : '';
    const note = noEmail ? ' Email is not set up on this Partner Pulse, so it comes in chat.' : '';
    return plain(ctx, `Done: you will get a digest of ${what} week ${describeSchedule(sub.schedule, sub.timeZone)}${where}.${note}`, {
      subscribed: true,
      cron: sub.cron,
      timeZone: sub.timeZone,
      channel: sub.channel,
    });
  },
};

function plain(ctx: IntentContext, summary: string, data: Record<string, unknown>): IntentResult {
  return { reply: plainReply({ summary }, ctx.now.toISOString()), data };
}
