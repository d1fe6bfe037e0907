import { createServer } from 'node:net';

/** A loopback port nothing listens on right now (for servers that need a real port, not 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const addr = probe.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * A free port below Linux's ephemeral range (32768–60999), for a server that binds it only seconds
 * later (a PostgreSQL after initdb): servers that bind port 0 meanwhile are never given it.
 */
export async function freePortOutsideEphemeral(avoid: readonly number[] = []): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (avoid.includes(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port between 20000 and 32000');
}
