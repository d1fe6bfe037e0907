import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { respondTo } from '../../adapters/slack/response-url.ts';

// A response_url post goes over a kept-alive connection. When the other side closes that
// connection just as it is reused, the post never arrived: it is sent again once, on a new
// connection, instead of losing the person's answer.

let server: net.Server;
let url = '';
const bodies: string[] = [];
let connections = 0;
const sockets = new Set<net.Socket>();

beforeAll(async () => {
  server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    let served = 0;
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(buffered)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      // The second request on a connection: the server had already closed it (a reset, no reply).
      if (served === 1) return void socket.resetAndDestroy();
      bodies.push(buffered.slice(end + 4, end + 4 + length));
      buffered = '';
      served++;
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  url = `http://127.0.0.1:${port}/respond/1`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('respondTo', () => {
  it('posts again on a new connection when the kept-alive one was closed under it', async () => {
    const respond = respondTo(url);
    expect((await respond({ text: 'first' })).status).toBe(200);
    expect((await respond({ text: 'second' })).status).toBe(200);
    expect(bodies.map((b) => (JSON.parse(b) as { text: string }).text)).toEqual(['first', 'second']);
    expect(connections).toBe(2);
  });
});
