import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback chat platform that counts deliveries: POST /messages with an Idempotency-Key header
// and a JSON body; GET /messages?key=K answers whether a message with that key arrived. Faults
// are switched on per test: 5xx for a while, 429 with Retry-After, or "accept and never answer"
// (the message counts as delivered, the sender never hears so).

export interface Delivery {
  key: string;
  to: string;
  summary: string;
  id: string;
}

export interface FakePlatform {
  url: string;
  deliveries: Delivery[];
  /** Requests seen, faults included. */
  requests: { method: string; status: number; at: number }[];
  /** Answer 500 to sends until this returns false. */
  failWhile: (() => boolean) | undefined;
  /** Answer 429 with this Retry-After (seconds) to the next `count` sends. */
  rateLimit: { count: number; retryAfterSeconds: number } | undefined;
  /** Record the next send as delivered, then call this instead of answering (the sender dies). */
  acceptAndHang: (() => void) | undefined;
  /** Users (the `to` field) the platform refuses as unknown (404). */
  unknownUsers: Set<string>;
  close: () => Promise<void>;
}

export async function startFakePlatform(): Promise<FakePlatform> {
  const hanging: ServerResponse[] = [];
  const fake: FakePlatform = {
    url: '',
    deliveries: [],
    requests: [],
    failWhile: undefined,
    rateLimit: undefined,
    acceptAndHang: undefined,
    unknownUsers: new Set(),
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const answer = (req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    fake.requests.push({ method: req.method ?? '', status, at: Date.now() });
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.method === 'GET' && url.pathname === '/messages') {
      const key = url.searchParams.get('key') ?? '';
      const found = fake.deliveries.find((d) => d.key === key);
      answer(req, res, 200, { found: found ? { id: found.id } : null });
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/messages') {
      answer(req, res, 404, { error: 'not_found' });
      return;
    }
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const body = JSON.parse(raw) as { to: string; summary: string };
      const key = String(req.headers['idempotency-key'] ?? '');
      if (fake.failWhile?.()) return answer(req, res, 500, { error: 'internal' });
      if (fake.rateLimit && fake.rateLimit.count > 0) {
        fake.rateLimit.count -= 1;
        return answer(req, res, 429, { error: 'ratelimited' }, { 'retry-after': String(fake.rateLimit.retryAfterSeconds) });
      }
      if (fake.unknownUsers.has(body.to)) return answer(req, res, 404, { error: 'user_not_found' });
      const delivery = { key, to: body.to, summary: body.summary, id: `m${fake.deliveries.length + 1}` };
      fake.deliveries.push(delivery);
      const hang = fake.acceptAndHang;
      if (hang) {
        fake.acceptAndHang = undefined;
        hanging.push(res);
        hang();
        return;
      }
      answer(req, res, 200, { id: delivery.id });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
