import { createHmac } from 'node:crypto';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBodySlots, spoolBody } from '../../src/import/ingest-body.ts';

// A webhook body on its way to being authenticated: through the MAC into a temporary file, never
// into memory, and the file gone whatever happens to the request.

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pulse-spool-unit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sizes = async () => Promise.all((await readdir(dir)).map(async (f) => (await stat(join(dir, f)).catch(() => ({ size: 0 }))).size));
const request = () => new PassThrough() as PassThrough & IncomingMessage;
const mac = () => createHmac('sha256', 'k').update('1.');

describe('spoolBody', () => {
  it('keeps the body in a file, the first bytes in memory and the MAC; dispose removes the file', async () => {
    const req = request();
    const spooled = spoolBody(req, { limit: 1 << 20, mac: mac(), dir });
    req.write('{"external_id":');
    req.end(`"X-1"}\n${'y'.repeat(100_000)}`);
    const out = await spooled;
    if (!out.ok) throw new Error(out.reason);
    const body = `{"external_id":"X-1"}\n${'y'.repeat(100_000)}`;
    expect(out.body.size).toBe(body.length);
    expect(out.body.head.toString()).toBe(body.slice(0, 64));
    expect(out.body.mac).toEqual(createHmac('sha256', 'k').update('1.').update(body).digest());
    const chunks: Buffer[] = [];
    for await (const c of out.body.read()) chunks.push(Buffer.from(c));
    expect(Buffer.concat(chunks).toString()).toBe(body);
    expect(await readdir(dir)).toHaveLength(1);
    await out.body.dispose();
    await out.body.dispose();
    expect(await readdir(dir)).toEqual([]);
  });

  it('stops at the limit without the file', async () => {
    const req = request();
    const spooled = spoolBody(req, { limit: 1000, mac: mac(), dir });
    req.write(Buffer.alloc(600));
    req.write(Buffer.alloc(600));
    expect(await spooled).toEqual({ ok: false, reason: 'too_large' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('a sender gone while a write is still on its way to disk: aborted, the file removed, nothing thrown', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (e: unknown) => uncaught.push(e);
    process.on('uncaughtException', onUncaught);
    try {
      for (let i = 0; i < 5; i++) {
        const req = request();
        const spooled = spoolBody(req, { limit: 64 << 20, mac: mac(), dir });
        // Once the file is open and written to, a large write is handed to the thread pool and
        // the sender goes in the same tick: the write is still under way when the file is dropped.
        req.write('a');
        for (let n = 0; n < 200 && !(await sizes()).some((s) => s > 0); n++) await new Promise((r) => setTimeout(r, 5));
        req.write(Buffer.alloc(32 << 20, 0x61));
        req.destroy();
        expect(await spooled).toEqual({ ok: false, reason: 'aborted' });
        expect(await readdir(dir)).toEqual([]);
      }
      await new Promise((r) => setTimeout(r, 50));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});

describe('createBodySlots', () => {
  it('hands out at most max slots; a slot released twice frees one place', () => {
    const slots = createBodySlots(2);
    const a = slots.acquire();
    const b = slots.acquire();
    expect(a && b).toBeTruthy();
    expect(slots.acquire()).toBeUndefined();
    a?.();
    a?.();
    expect(slots.inUse).toBe(1);
    expect(slots.acquire()).toBeDefined();
    expect(slots.acquire()).toBeUndefined();
  });
});
