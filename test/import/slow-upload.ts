import { connect, type Socket } from 'node:net';

// A sender that announces a body and sends it slowly, or holds back its last bytes: what fetch
// cannot do. The answer is read as soon as the server writes it, body or no body.

export interface UploadAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from connecting to the status line. */
  ms: number;
}

export interface SlowUpload {
  /** The server's answer; rejects when the connection closes without one. */
  answer: Promise<UploadAnswer>;
  /** Bytes of the body written so far. */
  readonly sent: number;
  close: () => void;
}

export interface SlowUploadOptions {
  headers: Record<string, string>;
  /** Bytes of the body to send before holding (the rest of what content-length says is held back). */
  send: number;
  /** One shared buffer written again and again: the sender's own memory stays flat. */
  chunk: Buffer;
  /** Pause between chunks. */
  everyMs: number;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function slowUpload(baseUrl: string, path: string, opts: SlowUploadOptions): SlowUpload {
  const url = new URL(baseUrl);
  const started = Date.now();
  const socket: Socket = connect(Number(url.port), url.hostname);
  socket.on('error', () => {});
  let sent = 0;
  let closed = false;
  socket.once('close', () => (closed = true));

  const answer = new Promise<UploadAnswer>((resolve, reject) => {
    let raw = Buffer.alloc(0);
    let statusAt = 0;
    const done = (): boolean => {
      const end = raw.indexOf('\r\n\r\n');
      if (end === -1) return false;
      const [statusLine = '', ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      if (raw.length - end - 4 < length) return false;
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: raw.subarray(end + 4, end + 4 + length).toString('utf8'), ms: statusAt - started });
      return true;
    };
    socket.on('data', (d: Buffer) => {
      if (statusAt === 0) statusAt = Date.now();
      raw = Buffer.concat([raw, d]);
      done();
    });
    socket.once('close', () => {
      if (!done()) reject(new Error(`connection closed without an answer after ${sent} bytes`));
    });
  });
  // Nobody may be waiting on it when the test only holds the upload.
  answer.catch(() => {});

  socket.once('connect', () => {
    const head = [`POST ${path} HTTP/1.1`, `host: ${url.host}`, ...Object.entries(opts.headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
    socket.write(head);
    void (async () => {
      while (!closed && sent < opts.send) {
        const piece = opts.send - sent >= opts.chunk.length ? opts.chunk : opts.chunk.subarray(0, opts.send - sent);
        sent += piece.length;
        if (!socket.write(piece)) await new Promise((r) => socket.once('drain', r).once('close', r));
        await pause(opts.everyMs);
      }
    })();
  });

  return {
    answer,
    get sent() {
      return sent;
    },
    close: () => socket.destroy(),
  };
}
