import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

// A real SMTP server on loopback (smtp-server), every accepted message parsed with mailparser.
// Faults are scripted per test: a 4xx or 5xx at RCPT or at the end of DATA, or a connection cut
// right after the message arrived and before the server's 250. With `dedupe`, a Message-ID it
// already holds is accepted and dropped, as Gmail and Exchange Online do.

export interface Received {
  parsed: ParsedMail;
  raw: Buffer;
  to: string[];
}

export interface FakeSmtp {
  url: string;
  port: number;
  /** Messages the server keeps (one per Message-ID when `dedupe`). */
  received: Received[];
  /** Copies that arrived under a Message-ID already kept (dropped when `dedupe`, kept otherwise). */
  duplicates: number;
  /** Every message body that reached the end of DATA, kept or not. */
  arrivals: number;
  /** Refuse the next `count` recipients with `code` at RCPT TO. */
  rcptFault?: { code: number; count: number };
  /** Refuse the next `count` messages with `code` after DATA. */
  dataFault?: { code: number; count: number };
  /** Keep the next `count` messages, then cut the connection without answering. */
  dropAfterData?: number;
  dedupe: boolean;
  close(): Promise<void>;
}

/** A header's value as sent, unfolded: mailparser turns List-* headers into objects. */
export function rawHeader(parsed: ParsedMail, name: string): string | undefined {
  const line = parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.replace(/\r?\n[ \t]+/g, ' ').replace(/^[^:]+:\s*/, '');
}

const fault = (code: number, text: string): Error => Object.assign(new Error(text), { responseCode: code });

export async function startFakeSmtp(opts: { dedupe?: boolean } = {}): Promise<FakeSmtp> {
  const state: FakeSmtp = {
    url: '',
    port: 0,
    received: [],
    duplicates: 0,
    arrivals: 0,
    dedupe: opts.dedupe ?? true,
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      const f = state.rcptFault;
      if (f && f.count > 0) {
        f.count -= 1;
        return callback(fault(f.code, f.code >= 500 ? 'No such user here' : 'Mailbox busy, try again later'));
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        void (async () => {
          const raw = Buffer.concat(chunks);
          state.arrivals += 1;
          const f = state.dataFault;
          if (f && f.count > 0) {
            f.count -= 1;
            return callback(fault(f.code, f.code >= 500 ? 'Message rejected as spam' : 'Temporary local problem, try again'));
          }
          const parsed = await simpleParser(raw, { keepCidLinks: true });
          const known = state.received.some((r) => r.parsed.messageId === parsed.messageId);
          if (known) state.duplicates += 1;
          if (!known || !state.dedupe) state.received.push({ parsed, raw, to: session.envelope.rcptTo.map((a) => a.address) });
          if (state.dropAfterData && state.dropAfterData > 0) {
            state.dropAfterData -= 1;
            // The message is in; the client never hears so.
            for (const c of server.connections) if (c.id === session.id) c._socket.destroy();
            return;
          }
          callback();
        })();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  state.port = port;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
