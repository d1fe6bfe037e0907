import { TeamsInfo, type Activity, type TurnContext } from 'botbuilder';
import type { Turn } from '../../src/core/types.ts';
import { describeConnectorError } from './connector-errors.ts';
import { personKey, type TeamsDeps, type TeamsPerson } from './context.ts';

// Builds the neutral Turn from a Teams activity. Who is asking comes only from the activity the
// Bot Framework signed (tenant + Entra ID object id) and from the connector's member record (the
// email), never from the message text.

export type ConversationKind = 'personal' | 'groupChat' | 'channel';

export function conversationKind(activity: Partial<Activity>): ConversationKind {
  const t = activity.conversation?.conversationType;
  // Anything Teams does not call personal may be read by others.
  return t === 'personal' ? 'personal' : t === 'groupChat' ? 'groupChat' : 'channel';
}

/** The tenant and Entra ID object id of the sender; undefined when Teams did not say (not a Teams user). */
export function personOf(activity: Partial<Activity>): TeamsPerson | undefined {
  const channelTenant = (activity.channelData as { tenant?: { id?: unknown } } | undefined)?.tenant?.id;
  const tenantId = activity.conversation?.tenantId ?? (typeof channelTenant === 'string' ? channelTenant : undefined);
  const aadObjectId = activity.from?.aadObjectId;
  return tenantId && aadObjectId ? { tenantId, aadObjectId } : undefined;
}

const looksLikeEmail = (s: string | undefined): s is string => typeof s === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s);

/**
 * The member's email from the connector (TeamsInfo.getMember), only while the person is not
 * linked yet: after the first contact the stored link identifies them. Entra ID is the
 * authority for the address, so it is taken as verified.
 */
async function memberEmail(deps: TeamsDeps, context: TurnContext, person: TeamsPerson): Promise<string | undefined> {
  const key = personKey(person);
  const cached = deps.emails.get(key);
  if (cached !== undefined) return cached ?? undefined;
  if (await deps.store.isLinked(person)) return undefined;
  const fromId = context.activity.from?.id;
  if (!fromId) return undefined;
  try {
    const member = await TeamsInfo.getMember(context, fromId);
    const email = [member.email, member.userPrincipalName].find(looksLikeEmail);
    // The member record must be the person the activity is from.
    const same = !member.aadObjectId || member.aadObjectId === person.aadObjectId;
    const found = same ? email : undefined;
    deps.emails.set(key, found ?? null);
    return found;
  } catch (e) {
    // Not cached: the next message tries again.
    deps.log.warn({ err: describeConnectorError(e) }, 'Teams member lookup failed; answering as not linked');
    return undefined;
  }
}

export async function buildTurn(deps: TeamsDeps, context: TurnContext, person: TeamsPerson | undefined, text: string): Promise<Turn> {
  const kind = conversationKind(context.activity);
  const email = person ? await memberEmail(deps, context, person) : undefined;
  return {
    platform: 'teams',
    // Without a tenant and object id nobody can be linked: resolveUser finds no one, no data.
    workspaceId: person?.tenantId ?? 'unknown-tenant',
    platformUserId: person?.aadObjectId ?? `unknown:${context.activity.from?.id ?? ''}`,
    ...(email ? { email } : {}),
    text,
    // Context is kept per person and conversation, so a personal chat carries follow-ups too.
    ...(context.activity.conversation?.id ? { threadId: context.activity.conversation.id } : {}),
    channel: { kind: kind === 'personal' ? 'dm' : 'channel' },
  };
}
