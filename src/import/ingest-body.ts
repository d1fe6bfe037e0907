import { randomUUID, type Hmac } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A webhook body cannot be authenticated before its last byte: the signature is over all of it.
// Until then it is a stranger's, so it is not kept in memory: each chunk goes to the MAC and to a
// temporary file (0600, removed whatever happens), and only the first bytes stay in memory, to
// tell CSV from JSON lines. Memory per request is a chunk, not the body; how many bodies are read
// at once is bounded by the caller (`createBodySlots`).

/** Bytes kept in memory from the start of the body: enough to see whether it opens with "{". */
const HEAD_BYTES = 64;

export interface SpooledBody {
  size: number;
  /** The first bytes of the body. */
  head: Buffer;
  /** The MAC of the signing prefix and every byte of the body. */
  mac: Buffer;
  /** The body again, streamed from the file. */
  read: () => AsyncIterable<Uint8Array>;
  /** Removes the file; safe to call more than once. */
  dispose: () => Promise<void>;
}

export type SpoolOutcome =
  | { ok: true; body: SpooledBody }
  /** Past `limit`: reading stopped there. */
  | { ok: false; reason: 'too_large' }
  /** The sender went away (or timed out) before the last byte: there is no one to answer. */
  | { ok: false; reason: 'aborted' }
  | { ok: false; reason: 'spool_failed'; error: Error };

export interface SpoolOptions {
  limit: number;
  mac: Hmac;
  /** Where the file goes; the OS temporary directory by default. */
  dir?: string;
}

/** Reads `req` to its end into a temporary file, through `mac`, refusing more than `limit` bytes. */
export function spoolBody(req: IncomingMessage, opts: SpoolOptions): Promise<SpoolOutcome> {
  const path = join(opts.dir ?? tmpdir(), `pulse-ingest-${randomUUID()}`);
  const file = createWriteStream(path, { flags: 'wx', mode: 0o600 });
  const dispose = () => rm(path, { force: true });
  const head: Buffer[] = [];
  let headSize = 0;
  let size = 0;

  return new Promise<SpoolOutcome>((resolve) => {
    let settled = false;
    const stop = (outcome: SpoolOutcome, keepFile = false) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      file.off('drain', onDrain);
      // A write cut short by destroy() below fails on its own; nothing waits for it any more.
      file.off('error', onFileError).on('error', () => {});
      if (keepFile) return resolve(outcome);
      // Nothing more is read: the caller answers without it.
      req.pause();
      file.destroy();
      // Once the stream is closed, no write can recreate the file after it is removed.
      const removed = () => void dispose().finally(() => resolve(outcome));
      if (file.closed) removed();
      else file.once('close', removed);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > opts.limit) return stop({ ok: false, reason: 'too_large' });
      opts.mac.update(chunk);
      if (headSize < HEAD_BYTES) {
        // A copy: a view would keep the whole 64 KiB chunk alive with it.
        head.push(Buffer.from(chunk.subarray(0, HEAD_BYTES - headSize)));
        headSize += Math.min(chunk.length, HEAD_BYTES - headSize);
      }
      // A disk slower than the sender pauses the socket instead of queueing in memory.
      if (!file.write(chunk)) req.pause();
    };
    const onDrain = () => {
      if (!settled) req.resume();
    };
    const onEnd = () => {
      file.end(() => {
        if (settled) return;
        stop(
          {
            ok: true,
            body: {
              size,
              head: Buffer.concat(head, headSize),
              mac: opts.mac.digest(),
              read: () => createReadStream(path, { highWaterMark: 1 << 16 }),
              dispose,
            },
          },
          true,
        );
      });
    };
    const onClose = () => {
      if (!req.readableEnded) stop({ ok: false, reason: 'aborted' });
    };
    const onFileError = (e: Error) => stop({ ok: false, reason: 'spool_failed', error: e });
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
    // 'error' on the request is followed by 'close'; a listener keeps it from being thrown.
    req.on('error', () => {});
    file.on('error', onFileError);
    file.on('drain', onDrain);
  });
}

/**
 * How many bodies may be read before they are authenticated, at once. Past it, `acquire` returns
 * undefined and the caller answers 503 without reading: a crowd of slow senders holds sockets,
 * not memory, and the temporary files stay within `max` times the body limit.
 */
export function createBodySlots(max: number): { acquire: () => (() => void) | undefined; readonly inUse: number } {
  let inUse = 0;
  return {
    acquire() {
      if (inUse >= max) return undefined;
      inUse++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        inUse--;
      };
    },
    get inUse() {
      return inUse;
    },
  };
}
