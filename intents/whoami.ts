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

export const whoami: IntentDef<typeof args> = {
  name: 'whoami',
  description: 'Who the asker is signed in as: name, email, role, partner and how many partners they can see.',
  args,
  examples: [
    'Who am I?',
    'which account am I signed in as',
    'what is my role',
    'whoami',
    'what access do I have',
    'which partners can I see',
    'am I logged in',
  ],
  keywords: {
    'who am i': 4,
    whoami: 4,
    role: 2.5,
    'logged in': 3,
    'signed in': 3,
    access: 2,
    permission: 3,
    email: 2,
    profile: 1.5,
    'which user': 3,
    'whose account': 3,
    'am i using': 2,
    'allowed to see': 3,
    'can i see': 2.5,
  },
  roles: ['partner_user', 'partner_admin', 'channel_manager', 'vendor_admin'],
  handler: async (_a, ctx) => {
    const p = ctx.principal;
    const visible = (await ctx.data.visiblePartners()).length;
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
    const summary = `You are ${p.name} (${p.email}), ${role}${partnerText}. You can see ${scope}.`;
    const facts: Fact[] = [
      { label: 'Name', value: p.name, display: p.name },
      { label: 'Email', value: p.email, display: p.email },
      { label: 'Role', value: p.role, display: role },
      { label: 'Partner', value: p.partnerName ?? '—', display: p.partnerName ?? '—' },
      { label: 'Partners visible', value: visible, unit: 'count', display: String(visible) },
    ];
    return {
      reply: plainReply({ summary, facts }, await ctx.data.asOf()),
      data: { name: p.name, email: p.email, role: p.role, partner: p.partnerName, visiblePartners: visible },
    };
  },
};
