import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback stand-in for Slack: the Web API methods the adapter calls (point Bolt's
// `slackApiUrl` at `apiUrl`), response_url endpoints, and the file upload URL. It records every
// call, answers like Slack does, and can be scripted to answer 429 with Retry-After, 500, or a
// Slack error such as not_in_channel. Also: request signing exactly as Slack signs, for sending
// commands, events and interactions into the real Bolt receiver.

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  at: number;
  status: number;
}

export interface RecordedResponse {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeUser {
  teamId: string;
  email?: string;
  isBot?: boolean;
  emailConfirmed?: boolean;
}

export type FakeChannelKind = 'channel' | 'private' | 'shared' | 'dm';

/**
 * `{ status: 500, afterHandling: true }`: Slack did the work (the message is posted) but the
 * answer is lost: the case a sender must reconcile rather than send again.
 */
/** `delayMs`: handled as usual, that much later (a slow Slack; the request counts as made on arrival). */
export type ScriptedReply = { status: 429; retryAfter: number } | { status: 500; afterHandling?: boolean } | { error: string } | { delayMs: number };

/** Every payload that becomes something a person sees, with where it went. */
export interface ShownPayload {
  via: string;
  payload: Record<string, unknown>;
  surface: 'message' | 'view';
}

export interface FakeSlack {
  url: string;
  /** The Web API base, for SLACK_API_URL / Bolt's `slackApiUrl`. */
  apiUrl: string;
  teamId: string;
  botUserId: string;
  calls: RecordedCall[];
  responses: RecordedResponse[];
  uploads: { fileId: string; bytes: number; png: boolean; at: number }[];
  addUser: (id: string, user: FakeUser) => void;
  addChannel: (id: string, kind: FakeChannelKind) => void;
  /** What apps.connections.open hands out (Socket Mode); unset, it answers invalid_auth. */
  setSocketModeUrl: (url: string) => void;
  /** A fresh response_url. */
  responseUrl: () => string;
  /** Queue replies for the next calls of a method ('response_url' for response URLs). */
  script: (method: string, ...replies: ScriptedReply[]) => void;
  callsOf: (method: string) => RecordedCall[];
  responsesTo: (url: string) => RecordedResponse[];
  /** Every message and view payload received, for the Block Kit validator. */
  shown: () => ShownPayload[];
  waitFor: (what: string, predicate: () => boolean, timeoutMs?: number) => Promise<void>;
  reset: () => void;
  close: () => Promise<void>;
}

const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update']);

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The Web API client sends form fields, with objects (blocks, view, files) as JSON strings. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
  res.end(text);
}

export async function startFakeSlack(opts: { teamId?: string; botUserId?: string } = {}): Promise<FakeSlack> {
  const teamId = opts.teamId ?? 'T0PULSE';
  const botUserId = opts.botUserId ?? 'UBOTPULSE';
  const calls: RecordedCall[] = [];
  const responses: RecordedResponse[] = [];
  const uploads: FakeSlack['uploads'] = [];
  const users = new Map<string, FakeUser>();
  const channels = new Map<string, FakeChannelKind>();
  const scripts = new Map<string, ScriptedReply[]>();
  const shown: ShownPayload[] = [];
  /** Posted messages per conversation, oldest first, for conversations.history. */
  const history = new Map<string, { ts: string; text: unknown; user: string; thread_ts?: string; metadata?: unknown }[]>();
  let seq = 0;
  let base = '';
  let socketModeUrl: string | undefined;
  const ts = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, '0')}`;

  const method = (name: string, args: Record<string, unknown>): Record<string, unknown> => {
    switch (name) {
      case 'auth.test':
        return { ok: true, url: 'https://pulse-test.slack.com/', team: 'Pulse Test', user: 'partner_pulse', team_id: teamId, user_id: botUserId, bot_id: 'BPULSE' };
      case 'users.info': {
        const id = String(args.user);
        const u = users.get(id);
        if (!u) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id,
            team_id: u.teamId,
            is_bot: u.isBot ?? false,
            is_email_confirmed: u.emailConfirmed ?? true,
            profile: u.email ? { email: u.email, real_name: id } : { real_name: id },
          },
        };
      }
      case 'apps.connections.open':
        return socketModeUrl ? { ok: true, url: socketModeUrl } : { ok: false, error: 'invalid_auth' };
      case 'conversations.info': {
        const id = String(args.channel);
        const kind = channels.get(id);
        if (!kind) return { ok: false, error: 'channel_not_found' };
        return {
          ok: true,
          channel: {
            id,
            is_im: kind === 'dm',
            is_channel: kind === 'channel' || kind === 'shared',
            is_private: kind === 'private',
            is_shared: kind === 'shared',
            is_ext_shared: kind === 'shared',
          },
        };
      }
      case 'chat.postMessage': {
        const channel = String(args.channel);
        // Posting to a user id lands in the app's DM with that user.
        const resolved = channel.startsWith('U') ? `D${channel.slice(1)}` : channel;
        const t = ts();
        const posted = history.get(resolved) ?? [];
        posted.push({
          ts: t,
          text: args.text,
          user: botUserId,
          ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
          ...(args.metadata ? { metadata: args.metadata } : {}),
        });
        history.set(resolved, posted);
        return { ok: true, channel: resolved, ts: t, message: { text: args.text, ts: t, bot_id: 'BPULSE' } };
      }
      case 'conversations.open': {
        const user = String(args.users ?? '');
        if (!user.startsWith('U')) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: `D${user.slice(1)}` } };
      }
      case 'conversations.history': {
        const oldest = Number(args.oldest ?? 0);
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const messages = (history.get(String(args.channel)) ?? [])
          .filter((m) => Number(m.ts) >= oldest)
          .reverse()
          .map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m));
        return { ok: true, messages, has_more: false };
      }
      case 'conversations.replies': {
        // The thread's parent and replies, oldest first (the assistant's context store reads them).
        const parent = String(args.ts);
        const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
        const messages = (history.get(String(args.channel)) ?? [])
          .filter((m) => m.ts === parent || m.thread_ts === parent)
          .map(({ metadata, ...m }) => (withMetadata && metadata ? { ...m, metadata } : m));
        return { ok: true, messages, has_more: false };
      }
      case 'assistant.threads.setSuggestedPrompts':
      case 'assistant.threads.setStatus':
      case 'assistant.threads.setTitle':
        return { ok: true };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: ts() };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case 'chat.delete':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'views.publish':
      case 'views.open':
        return { ok: true, view: { id: `V${++seq}`, ...(args.view as object) } };
      case 'files.getUploadURLExternal': {
        const fileId = `F${String(++seq).padStart(8, '0')}`;
        return { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(args.files) ? (args.files as { id: string; title?: string }[]) : [];
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? '' })) };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };

  const scripted = (name: string): ScriptedReply | undefined => scripts.get(name)?.shift();

  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const at = Date.now();
      if (path.startsWith('/api/')) {
        const name = path.slice('/api/'.length);
        const args = parseArgs(raw.toString('utf8'), req.headers['content-type']);
        const s = scripted(name);
        if (s && 'delayMs' in s) await new Promise((r) => setTimeout(r, s.delayMs));
        if (s && 'status' in s) {
          calls.push({ method: name, args, at, status: s.status });
          if ('afterHandling' in s && s.afterHandling) method(name, args);
          return s.status === 429 ? send(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(s.retryAfter) }) : send(res, 500, 'internal error');
        }
        calls.push({ method: name, args, at, status: 200 });
        if (s && 'error' in s) return send(res, 200, { ok: false, error: s.error });
        const result = method(name, args);
        if (result.ok && MESSAGE_METHODS.has(name)) shown.push({ via: name, payload: args, surface: 'message' });
        if (result.ok && (name === 'views.publish' || name === 'views.open')) {
          shown.push({ via: name, payload: (args.view ?? {}) as Record<string, unknown>, surface: 'view' });
        }
        return send(res, 200, result);
      }
      if (path.startsWith('/response/')) {
        const id = path.slice('/response/'.length);
        const s = scripted('response_url');
        if (s && 'status' in s) return send(res, s.status, 'error', s.status === 429 ? { 'retry-after': String(s.retryAfter) } : {});
        const body = parseArgs(raw.toString('utf8'), 'application/json');
        responses.push({ id, body, at });
        if (body.delete_original !== true) shown.push({ via: 'response_url', payload: body, surface: 'message' });
        return send(res, 200, 'ok');
      }
      if (path.startsWith('/upload/')) {
        const fileId = path.slice('/upload/'.length);
        const png = raw.includes(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
        uploads.push({ fileId, bytes: raw.length, png, at });
        return send(res, 200, `OK - ${raw.length}`);
      }
      send(res, 404, 'not found');
    })().catch((e: unknown) => send(res, 500, String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let responseSeq = 0;

  return {
    url: base,
    apiUrl: `${base}/api/`,
    teamId,
    botUserId,
    calls,
    responses,
    uploads,
    addUser: (id, user) => users.set(id, user),
    addChannel: (id, kind) => channels.set(id, kind),
    setSocketModeUrl: (url) => {
      socketModeUrl = url;
    },
    responseUrl: () => `${base}/response/R${++responseSeq}`,
    script: (name, ...replies) => scripts.set(name, [...(scripts.get(name) ?? []), ...replies]),
    callsOf: (name) => calls.filter((c) => c.method === name && c.status === 200),
    responsesTo: (url) => responses.filter((r) => url.endsWith(`/response/${r.id}`)),
    shown: () => [...shown],
    waitFor: async (what, predicate, timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset: () => {
      calls.length = 0;
      responses.length = 0;
      uploads.length = 0;
      shown.length = 0;
      scripts.clear();
      history.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// Signed requests into the receiver

/** Slack's signature: v0=HMAC-SHA256(signing secret, "v0:{timestamp}:{raw body}") in hex. */
export function slackSignature(secret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export interface SignedOptions {
  secret: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Overrides the computed signature (to test rejection). */
  signature?: string;
  retryNum?: number;
  contentType?: string;
}

export async function postSigned(url: string, body: string, opts: SignedOptions): Promise<Response> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': opts.contentType ?? 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': opts.signature ?? slackSignature(opts.secret, timestamp, body),
  };
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  return fetch(url, { method: 'POST', headers, body });
}

/** A slash command as Slack posts it (form fields). */
export function commandBody(f: {
  text: string;
  userId: string;
  teamId: string;
  channelId: string;
  channelName?: string;
  responseUrl: string;
  command?: string;
}): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: f.teamId,
    team_domain: 'pulse-test',
    channel_id: f.channelId,
    channel_name: f.channelName ?? (f.channelId.startsWith('D') ? 'directmessage' : 'general'),
    user_id: f.userId,
    user_name: f.userId.toLowerCase(),
    command: f.command ?? '/pulse',
    text: f.text,
    api_app_id: 'APULSE',
    is_enterprise_install: 'false',
    response_url: f.responseUrl,
    trigger_id: `trigger.${Date.now()}`,
  }).toString();
}

/** An Events API delivery (JSON). */
export function eventBody(f: { teamId: string; eventId: string; event: Record<string, unknown>; extShared?: boolean }): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: f.teamId,
    api_app_id: 'APULSE',
    event: f.event,
    type: 'event_callback',
    event_id: f.eventId,
    event_time: Math.floor(Date.now() / 1000),
    is_ext_shared_channel: f.extShared ?? false,
    authorizations: [{ enterprise_id: null, team_id: f.teamId, user_id: 'UBOTPULSE', is_bot: true, is_enterprise_install: false }],
  });
}

/** An interaction (button click, view submission): a form field `payload` holding JSON. */
export function interactionBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A block_actions payload for a button click on a message (or on the App Home with `home`). */
export function buttonClick(f: {
  teamId: string;
  userId: string;
  actionId: string;
  value?: string;
  channelId?: string;
  responseUrl?: string;
  home?: boolean;
  ephemeral?: boolean;
}): Record<string, unknown> {
  const action = { type: 'button', action_id: f.actionId, block_id: 'b1', value: f.value, action_ts: `${Date.now() / 1000}`, text: { type: 'plain_text', text: 'x' } };
  return {
    type: 'block_actions',
    team: { id: f.teamId, domain: 'pulse-test' },
    user: { id: f.userId, username: f.userId.toLowerCase(), team_id: f.teamId },
    api_app_id: 'APULSE',
    token: 'deprecated-verification-token',
    trigger_id: `trigger.${Date.now()}`,
    actions: [action],
    ...(f.home
      ? { container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home' } }
      : {
          container: { type: 'message', message_ts: '1.000001', channel_id: f.channelId, is_ephemeral: f.ephemeral ?? false },
          channel: { id: f.channelId, name: 'general' },
          message: { type: 'message', ts: '1.000001', text: 'earlier answer' },
          response_url: f.responseUrl,
        }),
  };
}
