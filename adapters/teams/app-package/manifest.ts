import { aspirationalTier } from '../../../src/program/examples.ts';
import type { Program } from '../../../src/program/schema.ts';

// The Teams app manifest (schema v1.22, the current one): the bot in personal chat, teams and group chats, with a
// command list that mirrors the Slack examples. Built as data so tests can check Teams' limits.

export const MANIFEST_VERSION = '1.22';
export const MANIFEST_SCHEMA = `https://developer.microsoft.com/json-schemas/teams/v${MANIFEST_VERSION}/MicrosoftTeams.schema.json`;
export const ICON_FILES = { color: 'color.png', outline: 'outline.png' } as const;

/**
 * Teams shows these under the compose box; each title is sent as the question when picked. The
 * tier in them is the program's own (program.yml), so another vendor's tiers are never "Gold".
 */
export function botCommands(program: Program): { title: string; description: string }[] {
  const goal = aspirationalTier(program);
  return [
    { title: `how close am I to ${goal}?`, description: 'Each requirement for the next tier: where you are, the gap, and what closes it fastest' },
    { title: 'which certifications expire?', description: 'Certifications that run out soon, and what a lapse would cost your tier' },
    { title: 'our revenue last quarter', description: 'Revenue, pipeline, win rate and more, against the period before' },
    { title: 'show my deal registrations', description: 'Your deal registrations: open, approved, expiring' },
    { title: `can I make ${goal} by end of Q1?`, description: 'The projected date at today’s pace, and what it takes to get there sooner' },
    { title: 'how do I compare to my peers?', description: 'Anonymous benchmarks against partners like you (cohorts of five or more)' },
    { title: 'help', description: 'What you can ask Partner Pulse' },
  ];
}

export interface ManifestInput {
  /** The partner program the app answers about: its tier names go into the command list. */
  program: Program;
  /** The bot's Microsoft App ID (a GUID): the app's id and the bot's id. */
  appId: string;
  /** The public HTTPS origin of `pulse serve`; its host is the app's valid domain. */
  baseUrl: string;
  /** The vendor's pages Teams links from the app's details: they must exist (Teams checks). */
  developer: { websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  /** The app's version (semver): raise it for every upload. */
  version: string;
}

export function buildManifest(input: ManifestInput): Record<string, unknown> {
  const origin = new URL(input.baseUrl);
  return {
    $schema: MANIFEST_SCHEMA,
    manifestVersion: MANIFEST_VERSION,
    version: input.version,
    id: input.appId,
    developer: {
      name: 'Partner Pulse',
      ...input.developer,
    },
    name: { short: 'Partner Pulse', full: 'Partner Pulse — your partner program in numbers' },
    description: {
      short: 'Your partner program in numbers: tiers, deals, certifications, next steps.',
      full:
        'Partner Pulse answers partner-program questions with the vendor’s own data: how close you are to the next tier and what ' +
        'closes the gap fastest, your revenue, pipeline and win rate against the period before, which certifications expire soon, ' +
        'and which deals need attention. Message it directly, or @mention it in a channel or group chat. A partner only ever sees ' +
        'its own data; answers that carry it are sent to you in your personal chat with the bot. Weekly digests and certification ' +
        'alerts arrive in the same chat.',
    },
    icons: { color: ICON_FILES.color, outline: ICON_FILES.outline },
    accentColor: '#1D3557',
    bots: [
      {
        botId: input.appId,
        scopes: ['personal', 'team', 'groupChat'],
        supportsFiles: false,
        isNotificationOnly: false,
        commandLists: [{ scopes: ['personal', 'team', 'groupChat'], commands: botCommands(input.program) }],
      },
    ],
    permissions: ['identity', 'messageTeamMembers'],
    validDomains: [origin.host],
  };
}
