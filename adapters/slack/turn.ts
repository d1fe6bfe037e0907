import { webApi } from '@slack/bolt';
import type { Turn } from '../../src/core/types.ts';
import type { ChannelKind, SlackDeps, SlackPerson } from './context.ts';
import { slackCall } from './slack-errors.ts';
import { slackPlainText } from './text.ts';

// Builds the neutral Turn from a Slack request. Who is asking comes only from Slack's signed
// payload and from users.info (the verified email), never from the message text.

export interface SlackAsker {
  /** The workspace the request came from. */
  teamId: string;
  userId: string;
  /** The asker's home team when Slack says so (Slack Connect: an external user's own org). */
  userTeamId?: string;
}

/** The asker's home team and verified email, from users.info (cached for a few minutes). */
export async function lookupPerson(client: webApi.WebClient, deps: SlackDeps, asker: SlackAsker): Promise<SlackPerson> {
  const key = `${asker.userTeamId ?? asker.teamId}:${asker.userId}`;
  const cached = deps.people.get(key);
  if (cached) return cached;
  const res = await slackCall('users.info', () => client.users.info({ user: asker.userId }));
  if (!res.ok) {
    deps.log.warn({ user: asker.userId, code: res.error.code }, res.error.message);
    // Not cached: the next message tries again.
    return { teamId: asker.userTeamId ?? asker.teamId };
  }
  const user = res.value.user;
  const email = user?.profile?.email?.trim();
  // Only an address Slack has confirmed identifies the person; bots never link.
  const verified = email && !user?.is_bot && (user as { is_email_confirmed?: boolean } | undefined)?.is_email_confirmed !== false;
  const person: SlackPerson = {
    teamId: user?.team_id || asker.userTeamId || asker.teamId,
    email: verified ? email : undefined,
  };
  deps.people.set(key, person);
  return person;
}

/**
 * DM, ordinary channel, or a channel shared with another organisation (Slack Connect). When
 * Slack cannot tell us, the answer is "channel": sensitive answers then stay private.
 */
export async function channelKind(
  client: webApi.WebClient,
  deps: SlackDeps,
  channelId: string | undefined,
  hints: { sharedExternally?: boolean; dm?: boolean } = {},
): Promise<ChannelKind> {
  if (hints.dm || (channelId !== undefined && channelId.startsWith('D'))) return 'dm';
  if (hints.sharedExternally) return 'shared';
  if (!channelId) return 'channel';
  const cached = deps.channelKinds.get(channelId);
  if (cached) return cached;
  const res = await slackCall('conversations.info', () => client.conversations.info({ channel: channelId }));
  if (!res.ok) {
    deps.log.warn({ channel: channelId, code: res.error.code }, res.error.message);
    return 'channel';
  }
  const c = res.value.channel;
  const kind: ChannelKind = c?.is_im ? 'dm' : c?.is_ext_shared || c?.is_pending_ext_shared || c?.is_shared ? 'shared' : 'channel';
  deps.channelKinds.set(channelId, kind);
  return kind;
}

export interface TurnInput {
  asker: SlackAsker;
  text: string;
  channelId?: string;
  threadTs?: string;
  /** From the event envelope (`is_ext_shared_channel`), when Slack sent it. */
  sharedExternally?: boolean;
  /** The request came from the app's own DM or App Home. */
  dm?: boolean;
}

/**
 * The Turn for `answer()`. External users in a Slack Connect channel are keyed on their own
 * team id and user id, so the same person links the same way wherever they ask from.
 */
export async function buildTurn(client: webApi.WebClient, deps: SlackDeps, input: TurnInput): Promise<Turn> {
  const [person, kind] = await Promise.all([
    lookupPerson(client, deps, input.asker),
    channelKind(client, deps, input.channelId, { sharedExternally: input.sharedExternally, dm: input.dm }),
  ]);
  return {
    platform: 'slack',
    workspaceId: person.teamId,
    platformUserId: input.asker.userId,
    ...(person.email ? { email: person.email } : {}),
    text: slackPlainText(input.text),
    ...(input.threadTs ? { threadId: input.threadTs } : {}),
    channel: { kind },
  };
}
