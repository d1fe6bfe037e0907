import { generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback stand-in for the Bot Framework connector (the `serviceUrl` of Teams activities):
// the REST calls the adapter makes through botbuilder's real connector client — send and reply
// to a conversation, create a personal chat, read a member (TeamsInfo.getMember). It records
// every activity, answers like the connector does, and can be scripted to answer 429 with
// Retry-After, 413, 412, 5xx or 404 for the next calls. It also publishes Bot Framework signing
// keys (OpenID metadata and JWKS, as login.botframework.com does) and signs tokens with them, so
// the adapter's real token check can be pointed here (`openIdMetadataUrl`).

export interface FakeMember {
  /** The Teams user id ("29:…"), the `from.id` of their activities. */
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  tenantId: string;
}

export interface PostedActivity {
  conversationId: string;
  /** The activity replied to, for replyToActivity. */
  replyToId?: string;
  activity: Record<string, unknown>;
  /** Id the fake gave the activity. */
  id: string;
  authorization?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
}

export interface CreatedConversation {
  id: string;
  params: Record<string, unknown>;
}

export type Scripted = { status: 429; retryAfter?: number } | { status: 412 | 413 | 404 | 500 | 502 | 504; code?: string };

export interface FakeConnector {
  /** The serviceUrl to put on activities, with the trailing slash Teams uses. */
  serviceUrl: string;
  /** OpenID metadata whose jwks_uri lists the fake's signing key (script 'keys' to make it fail). */
  openIdMetadataUrl: string;
  /**
   * A JWT (RS256) over `claims` signed with the published key, or with a key of the same id that
   * is not published (`forged`): what an attacker without Microsoft's key could make.
   */
  token: (claims: Record<string, unknown>, opts?: { forged?: boolean; kid?: string }) => string;
  requests: RecordedRequest[];
  /** Activities that reached a conversation (scripted refusals not included). */
  posted: PostedActivity[];
  created: CreatedConversation[];
  addMember: (member: FakeMember) => void;
  /** Queue answers for the next requests whose path matches `kind`. */
  script: (kind: 'activities' | 'members' | 'conversations' | 'keys', ...replies: Scripted[]) => void;
  /** Messages (not typing indicators) posted to a conversation. */
  messagesTo: (conversationId: string) => PostedActivity[];
  /** Every Adaptive Card posted anywhere. */
  cards: () => Record<string, unknown>[];
  waitFor: (what: string, predicate: () => boolean, timeoutMs?: number) => Promise<void>;
  reset: () => void;
  close: () => Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const ERROR_CODES: Record<number, string> = {
  404: 'ConversationNotFound',
  412: 'PreconditionFailed',
  413: 'MessageSizeTooBig',
  429: 'Throttled',
  500: 'ServiceError',
  502: 'BadGateway',
  504: 'GatewayTimeout',
};

/** The key id the fake publishes its signing key under. */
export const FAKE_KEY_ID = 'fake-bf-key-1';

const b64url = (v: string | Buffer): string => Buffer.from(v).toString('base64url');

export async function startFakeConnector(): Promise<FakeConnector> {
  const requests: RecordedRequest[] = [];
  const posted: PostedActivity[] = [];
  const created: CreatedConversation[] = [];
  const members = new Map<string, FakeMember>();
  const scripts = new Map<string, Scripted[]>();

  // Made on first use: most tests never check a token.
  let keys: { published: KeyObject; forged: KeyObject; jwk: Record<string, unknown> } | undefined;
  const keyPair = () => {
    if (keys) return keys;
    const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const jwk = published.publicKey.export({ format: 'jwk' });
    keys = { published: published.privateKey, forged: forged.privateKey, jwk: { kty: 'RSA', use: 'sig', kid: FAKE_KEY_ID, n: jwk.n, e: jwk.e } };
    return keys;
  };

  const kindOf = (path: string): 'activities' | 'members' | 'conversations' | 'keys' | undefined => {
    if (path === '/v1/.well-known/openidconfiguration' || path === '/v1/keys') return 'keys';
    if (/^\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/.test(path)) return 'activities';
    if (/^\/v3\/conversations\/[^/]+\/members\/[^/]+$/.test(path)) return 'members';
    if (path === '/v3/conversations') return 'conversations';
    return undefined;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname.replace(/\/{2,}/g, '/');
      const method = req.method ?? 'GET';
      const raw = await readBody(req);
      const kind = kindOf(path);
      const record = (status: number) => requests.push({ method, path, status });

      const scripted = kind ? scripts.get(kind)?.shift() : undefined;
      if (scripted) {
        record(scripted.status);
        const headers: Record<string, string> = scripted.status === 429 && scripted.retryAfter !== undefined ? { 'retry-after': String(scripted.retryAfter) } : {};
        const code = 'code' in scripted && scripted.code ? scripted.code : (ERROR_CODES[scripted.status] ?? 'Error');
        return send(res, scripted.status, { error: { code, message: `scripted ${scripted.status}` } }, headers);
      }

      if (kind === 'keys') {
        record(200);
        if (path === '/v1/keys') return send(res, 200, { keys: [keyPair().jwk] });
        return send(res, 200, { issuer: 'https://api.botframework.com', jwks_uri: `${base}v1/keys`, id_token_signing_alg_values_supported: ['RS256'] });
      }
      const segments = path.split('/').map(decodeURIComponent);
      if (kind === 'activities' && method === 'POST') {
        const activity = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
        const id = `act-${posted.length + 1}-${randomUUID().slice(0, 8)}`;
        posted.push({
          conversationId: segments[3] ?? '',
          ...(segments[5] ? { replyToId: segments[5] } : {}),
          activity,
          id,
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        });
        record(200);
        return send(res, 200, { id });
      }
      if (kind === 'members' && method === 'GET') {
        const member = members.get(segments[5] ?? '');
        if (!member) {
          record(404);
          return send(res, 404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found' } });
        }
        record(200);
        return send(res, 200, {
          id: member.id,
          name: member.name,
          aadObjectId: member.aadObjectId,
          ...(member.email ? { email: member.email, userPrincipalName: member.email } : {}),
          tenantId: member.tenantId,
          userRole: 'user',
        });
      }
      if (kind === 'conversations' && method === 'POST') {
        const params = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
        const id = `a:personal-${created.length + 1}`;
        created.push({ id, params });
        record(201);
        return send(res, 201, { id, activityId: '', serviceUrl: '' });
      }
      record(404);
      send(res, 404, { error: { code: 'NotFound', message: `${method} ${path}` } });
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, { error: { code: 'FakeFailed', message: String(e) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}/`;

  const isMessage = (p: PostedActivity) => p.activity.type === 'message';
  return {
    serviceUrl: base,
    openIdMetadataUrl: `${base}v1/.well-known/openidconfiguration`,
    token: (claims, opts = {}) => {
      const k = keyPair();
      const head = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: opts.kid ?? FAKE_KEY_ID }));
      const body = b64url(JSON.stringify(claims));
      const signature = sign('sha256', Buffer.from(`${head}.${body}`), opts.forged ? k.forged : k.published);
      return `${head}.${body}.${b64url(signature)}`;
    },
    requests,
    posted,
    created,
    addMember: (m) => members.set(m.id, m),
    script: (kind, ...replies) => scripts.set(kind, [...(scripts.get(kind) ?? []), ...replies]),
    messagesTo: (conversationId) => posted.filter((p) => p.conversationId === conversationId && isMessage(p)),
    cards: () =>
      posted.flatMap((p) =>
        ((p.activity.attachments as { contentType?: string; content?: Record<string, unknown> }[] | undefined) ?? [])
          .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive' && a.content)
          .map((a) => a.content as Record<string, unknown>),
      ),
    waitFor: async (what, predicate, timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset: () => {
      requests.length = 0;
      posted.length = 0;
      created.length = 0;
      scripts.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
