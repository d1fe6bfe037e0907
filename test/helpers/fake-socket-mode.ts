import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// A loopback stand-in for Slack's Socket Mode endpoint: the WebSocket URL apps.connections.open
// hands out. Just enough of RFC 6455 for the real @slack/socket-mode client: the handshake,
// unfragmented text frames, ping → pong and the close handshake. It says `hello`, delivers
// envelopes as Slack does, and records each acknowledgement the app sends back.

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
  at: number;
}

export interface FakeSocketMode {
  /** ws://127.0.0.1:PORT/link — what apps.connections.open returns. */
  url: string;
  /** Connections made so far (a reconnect adds one). */
  connections: () => number;
  /** Sends an envelope to the connected app; returns its envelope_id. */
  send: (type: 'slash_commands' | 'events_api' | 'interactive', payload: Record<string, unknown>, extra?: Record<string, unknown>) => string;
  acks: SocketAck[];
  waitForConnection: (timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, len]) : len < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (len >= 126 && len < 65_536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(len, 2);
  } else if (len >= 65_536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(len), 2);
  }
  return Buffer.concat([head, payload]);
}

/** Reads client frames (always masked) from the buffered bytes; returns what is left over. */
function readFrames(buf: Buffer, onFrame: (opcode: number, payload: Buffer) => void): Buffer {
  let rest = buf;
  for (;;) {
    if (rest.length < 2) return rest;
    const opcode = rest[0]! & 0x0f;
    let len = rest[1]! & 0x7f;
    let offset = 2;
    if (len === 126) {
      if (rest.length < 4) return rest;
      len = rest.readUInt16BE(2);
      offset = 4;
    } else if (len === 127) {
      if (rest.length < 10) return rest;
      len = Number(rest.readBigUInt64BE(2));
      offset = 10;
    }
    const masked = (rest[1]! & 0x80) !== 0;
    const end = offset + (masked ? 4 : 0) + len;
    if (rest.length < end) return rest;
    const payload = Buffer.from(rest.subarray(end - len, end));
    if (masked) {
      const mask = rest.subarray(offset, offset + 4);
      for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    }
    onFrame(opcode, payload);
    rest = rest.subarray(end);
  }
}

export async function startFakeSocketMode(): Promise<FakeSocketMode> {
  const acks: SocketAck[] = [];
  const sockets = new Set<Socket>();
  let live: Socket | undefined;
  let count = 0;

  const server = createServer((_req, res) => {
    res.writeHead(426).end('upgrade required');
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket) => {
    const key = req.headers['sec-websocket-key'];
    if (typeof key !== 'string') return socket.destroy();
    const accept = createHash('sha1').update(key + GUID).digest('base64');
    socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${accept}`, '', ''].join('\r\n'));
    sockets.add(socket);
    count += 1;
    live = socket;
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = readFrames(Buffer.concat([pending, chunk]), (opcode, payload) => {
        if (opcode === 0x1) {
          const msg = JSON.parse(payload.toString('utf8')) as { envelope_id: string; payload?: unknown };
          acks.push({ envelope_id: msg.envelope_id, payload: msg.payload, at: Date.now() });
        } else if (opcode === 0x9) {
          socket.write(frame(0xa, payload));
        } else if (opcode === 0x8) {
          socket.end(frame(0x8, payload));
        }
      });
    });
    socket.on('close', () => {
      sockets.delete(socket);
      if (live === socket) live = undefined;
    });
    socket.on('error', () => sockets.delete(socket));
    socket.write(frame(0x1, Buffer.from(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'APULSE' } }))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    url: `ws://127.0.0.1:${port}/link`,
    connections: () => count,
    acks,
    send: (type, payload, extra = {}) => {
      if (!live) throw new Error('no Socket Mode connection');
      const envelope_id = randomUUID();
      live.write(frame(0x1, Buffer.from(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', ...extra }))));
      return envelope_id;
    },
    waitForConnection: async (timeoutMs = 10_000) => {
      const until = Date.now() + timeoutMs;
      while (!live) {
        if (Date.now() > until) throw new Error('timed out waiting for the Socket Mode connection');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
