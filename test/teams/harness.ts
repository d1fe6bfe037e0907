import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DbHandle } from '../../db/connect.ts';
import { openApp, type App } from '../../src/app.ts';
import { startServe, type ServeHandle } from '../../src/cli/commands/serve.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/log.ts';
import type { Planner } from '../../src/planner/types.ts';
import { testDb } from '../helpers/db.ts';
import { startFakeConnector, type FakeConnector, type FakeMember } from '../helpers/fake-teams-connector.ts';

// The whole Teams path on loopback: a real database with the demo data, `pulse serve`'s server
// with the real CloudAdapter at /api/messages (a test configuration: no app id, so no token
// checks), and the fake Bot Framework connector as the activities' serviceUrl.

export const TENANT = '72f988bf-0000-4000-8000-00000000test';
export const BOT = { id: '28:pulse-bot', name: 'Partner Pulse' };

export const OWNER: FakeMember = {
  id: '29:owner',
  name: 'Nora Owner',
  aadObjectId: 'aad-owner-0001',
  email: 'owner@northwind.example',
  tenantId: TENANT,
};
export const STRANGER: FakeMember = { id: '29:stranger', name: 'Sam Stranger', aadObjectId: 'aad-stranger-0002', email: 'stranger@elsewhere.example', tenantId: TENANT };

export type ConversationType = 'personal' | 'groupChat' | 'channel';

export interface ActivityInput {
  from: FakeMember;
  text?: string;
  /** A card button's data (Action.Submit). */
  value?: unknown;
  conversationId?: string;
  conversationType?: ConversationType;
  /** Adds the bot's <at> mention, as Teams does in channels and group chats. */
  mention?: boolean;
  type?: string;
  membersAdded?: { id: string }[];
}

export const personalChatOf = (m: FakeMember) => `a:personal-${m.aadObjectId}`;

export function activity(serviceUrl: string, input: ActivityInput): Record<string, unknown> {
  const type = input.conversationType ?? 'personal';
  const mention = input.mention ?? type !== 'personal';
  const tag = `<at>${BOT.name}</at>`;
  const text = input.text === undefined ? undefined : mention ? `${tag} ${input.text}` : input.text;
  return {
    type: input.type ?? 'message',
    id: `f:${randomUUID()}`,
    timestamp: new Date().toISOString(),
    serviceUrl,
    channelId: 'msteams',
    from: { id: input.from.id, name: input.from.name, aadObjectId: input.from.aadObjectId },
    recipient: BOT,
    conversation: {
      id: input.conversationId ?? (type === 'personal' ? personalChatOf(input.from) : '19:group@thread.v2'),
      conversationType: type,
      tenantId: input.from.tenantId,
      isGroup: type !== 'personal',
    },
    channelData: { tenant: { id: input.from.tenantId }, ...(type === 'channel' ? { channel: { id: '19:general@thread.skype' } } : {}) },
    ...(text !== undefined ? { text, textFormat: 'plain' } : {}),
    ...(input.value !== undefined ? { value: input.value } : {}),
    ...(input.membersAdded ? { membersAdded: input.membersAdded } : {}),
    ...(mention && text ? { entities: [{ type: 'mention', text: tag, mentioned: BOT }] } : {}),
  };
}

export interface Harness {
  fake: FakeConnector;
  app: App;
  handle: DbHandle;
  serve: ServeHandle;
  /** POST /api/messages */
  messagesUrl: string;
  post: (input: ActivityInput, headers?: Record<string, string>) => Promise<Response>;
  close: () => Promise<void>;
}

export interface HarnessOptions {
  planner?: Planner;
  log?: Logger;
  env?: NodeJS.ProcessEnv;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const handle = await testDb({ demo: true });
  const fake = await startFakeConnector();
  fake.addMember(OWNER);
  fake.addMember(STRANGER);
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: handle.url,
    SLACK_SIGNING_SECRET: '',
    SLACK_BOT_TOKEN: '',
    SLACK_APP_TOKEN: '',
    MICROSOFT_APP_ID: '',
    MICROSOFT_APP_PASSWORD: '',
    MICROSOFT_APP_TYPE: 'MultiTenant',
    ...opts.env,
  });
  if (!config.ok) throw new Error(config.error.message);
  const opened = await openApp(config.value, { handle });
  if (!opened.ok) throw new Error(opened.error.message);
  const app = opened.value;
  const served = await startServe(app, {
    port: 0,
    host: '127.0.0.1',
    planner: opts.planner,
    slowAfterMs: 10_000,
    log: opts.log ?? createLogger('silent'),
    // The connector's 429s and 5xx are waited out in milliseconds here.
    teamsRetry: { baseMs: 5, maxMs: 20, maxRetryAfterMs: 50 },
  });
  if (!served.ok) throw new Error(served.error.message);
  const serve = served.value;
  const messagesUrl = `${serve.url}/api/messages`;
  return {
    fake,
    app,
    handle,
    serve,
    messagesUrl,
    post: (input, headers = {}) =>
      fetch(messagesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(activity(fake.serviceUrl, input)),
      }),
    close: async () => {
      await serve.close();
      await fake.close();
      await app.close();
    },
  };
}
