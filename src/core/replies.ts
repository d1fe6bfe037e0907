import type { Role } from '../../db/schema.ts';
import type { IntentDef } from '../../intents/types.ts';
import { textReply, type Reply, type Suggestion } from '../reply/types.ts';

// The fixed wordings of the core's own answers, in one place so adapters and tests agree on them.

/** Out of scope and nonexistent read the same, so a reply never confirms that a partner exists. */
export const NOT_FOUND_TEXT = "I can't find that partner among the partners you can see.";
export const ERROR_TEXT = 'Something went wrong on my side; the team has been told.';
/** A linked user without a partner, worded for a place others read (no email). */
export const NO_PARTNER_TEXT = 'Your account is not attached to a partner yet; ask your channel manager to add you.';

const ROLE_LABELS: Record<Role, string> = {
  partner_user: 'partner users',
  partner_admin: 'partner admins',
  channel_manager: 'channel managers',
  vendor_admin: 'vendor admins',
};

const ROLE_LABEL_ONE: Record<Role, string> = {
  partner_user: 'a partner user',
  partner_admin: 'a partner admin',
  channel_manager: 'a channel manager',
  vendor_admin: 'a vendor admin',
};

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export const nowIso = (): string => new Date().toISOString();

export function notFoundReply(asOf: string): Reply {
  return textReply(NOT_FOUND_TEXT, asOf);
}

export function errorReply(asOf: string): Reply {
  return textReply(ERROR_TEXT, asOf);
}

export function roleDeniedReply(intent: IntentDef, role: Role, asOf: string): Reply {
  const who = joinWords(intent.roles.map((r) => ROLE_LABELS[r]));
  return textReply(`Sorry, that question is for ${who}; you're signed in as ${ROLE_LABEL_ONE[role]}.`, asOf);
}

/**
 * What to ask instead: the first example of each intent this role may use, as buttons that ask it.
 */
export function helpReply(reason: string, role: Role, intents: readonly IntentDef[], asOf: string): Reply {
  const suggestions: Suggestion[] = intents
    .filter((i) => i.roles.includes(role) && i.examples.length > 0)
    .slice(0, 8)
    .map((i) => ({ label: i.examples[0] ?? i.name, question: i.examples[0] ?? i.name }));
  const summary = reason.trim() ? `${reason.trim()} Here are some things you can ask:` : 'Here are some things you can ask:';
  return textReply(summary, asOf, suggestions);
}
