import { z } from 'zod';
import type { Role } from '../db/schema.ts';
import type { Fact } from '../src/reply/types.ts';
import { plainReply } from './reply-parts.ts';
import type { IntentDef } from './types.ts';

const args = z.object({});

const ROLE_NAMES: Record<Role, string> = {
  partner_user: 'partner user',
  partner_admin: 'partner admin',
  channel_manager: 'channel manager',
  vendor_admin: 'vendor admin',
};

const WHO_MANAGES = /\bwho(?:'s| is| are)?\s+(?:our|my)\s+(?:channel|partner|account)\s+manager|\bwho\s+manages\s+(?:us|our|my)\b|\b(?:our|my)\s+contact\s+at\b/;

export const whoami: IntentDef<typeof args> = {
  name: 'whoami',
  description: "Who the asker is signed in as: name, email, role, partner, the partner's channel manager and how many partners they can see.",
  args,
  label: 'Who you are signed in as',
  examples: [
    'Who am I?',
    'which account am I signed in as',
    'what is my role',
    'whoami',
    'what access do I have',
    'which partners can I see',
    'am I logged in',
    'who am i logged in as?',
    'What role do I have?',
    'which user is this',
    'how many partners am I allowed to see',
    'what are my permissions',
    'show my user profile and email',
    'whose account am I using',
    'what company am I linked to',
    'which email is this account',
    "what's my access level",
    'am I a manager or an admin here',
  ],
  // "who is our channel manager?": the asker's own contact, which this answer gives.
  evidence: (a) => (WHO_MANAGES.test(a.lower) ? 3 : 0),
  rephrase: () => 'Who am I?',
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: async (_a, ctx) => {
    const p = ctx.principal;
    const partners = await ctx.data.visiblePartners();
    const visible = partners.length;
    const role = ROLE_NAMES[p.role];
    const scope =
      p.visible.kind === 'all'
        ? `all ${visible} partners`
        : visible === 1
          ? p.partnerName
            ? `${p.partnerName} only`
            : '1 partner'
          : `${visible} partners`;
    const partnerText = p.partnerName ? ` at ${p.partnerName}` : '';
    // A partner's own contact at the vendor: the first thing a new partner user asks after who they are.
    // The asker's own partner is among those it can see: no second read of its row.
    const manager = p.partnerId === null ? null : (partners.find((x) => x.id === p.partnerId)?.channelManager ?? null);
    const managerText = manager ? ` Your channel manager is ${manager}.` : p.partnerId === null ? '' : ' No channel manager is assigned to you yet.';
    const summary = `You are ${p.name} (${p.email}), ${role}${partnerText}. You can see ${scope}.${managerText}`;
    const facts: Fact[] = [
      { label: 'Name', value: p.name, display: p.name },
      { label: 'Email', value: p.email, display: p.email },
      { label: 'Role', value: p.role, display: role },
      { label: 'Partner', value: p.partnerName ?? '—', display: p.partnerName ?? '—' },
      { label: 'Partners visible', value: visible, unit: 'count', display: String(visible) },
      ...(p.partnerId === null ? [] : [{ label: 'Channel manager', value: manager ?? '—', display: manager ?? '—' }]),
    ];
    return {
      reply: plainReply({ summary, facts }, await ctx.data.asOf()),
      data: { name: p.name, email: p.email, role: p.role, partner: p.partnerName, visiblePartners: visible, ...(p.partnerId === null ? {} : { channelManager: manager }) },
    };
  },
};
