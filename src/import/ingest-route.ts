import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { sendJson, type Route } from '../server/routes.ts';
import { createBodySlots, spoolBody } from './ingest-body.ts';
import { bodyMac, macMatches } from './signature.ts';
import { admitIngest, badSignature, formatOf, INGEST_BODY_LIMIT, ingestVerified, refuse, tooLarge, type IngestDeps, type IngestResponse } from './webhook.ts';

export const INGEST_PATH = '/ingest/';

/**
 * Bodies read at once before their signature is known. Each goes to a temporary file, not memory;
 * this bounds the disk (8 × 10 MB) and the sockets a crowd of slow, forged senders can hold.
 */
export const MAX_UNVERIFIED_BODIES = 8;

/** Seconds a sender refused with 503 (every body slot busy) is asked to wait. */
const RETRY_AFTER_SECONDS = 5;

export interface IngestRouteOptions {
  maxUnverifiedBodies?: number;
  /** Where bodies are spooled; the OS temporary directory by default. */
  spoolDir?: string;
}

/** How long a sender refused before its body was read has to read the answer, before the close. */
const LINGER_MS = 2_000;

/**
 * Answers a request whose body is not (all) read, without reading more of it. `read(0)` marks the
 * body as taken, so node does not drain it after the answer (megabytes, when a sender announced
 * 10 MB); once a few kilobytes wait unread, node stops reading the socket and the sender's TCP
 * window closes. The connection is half-closed after the answer and cut a little later: cutting
 * it at once would reset it, and the sender could lose the answer it has not read yet.
 */
function answerUnread(req: IncomingMessage, res: ServerResponse, answer: IngestResponse, extra: Record<string, string> = {}): void {
  if (!req.complete) {
    req.pause();
    req.read(0);
    res.once('finish', () => {
      const socket = req.socket;
      socket.end();
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
    });
  }
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  sendJson(res, answer.status, answer.body);
}

/**
 * POST /ingest/<entity> on the `pulse serve` server: the CRM webhook. The path and signature
 * headers are checked first; only then is the body read, streamed through the MAC into a
 * temporary file (capped at 10 MB, at most `MAX_UNVERIFIED_BODIES` at once), and imported from
 * there once the signature matches.
 */
export function ingestRoute(deps: IngestDeps, log: Logger, opts: IngestRouteOptions = {}): Route {
  const slots = createBodySlots(opts.maxUnverifiedBodies ?? MAX_UNVERIFIED_BODIES);
  const refused = (entity: string, answer: IngestResponse) =>
    log.warn({ entity, status: answer.status, error: answer.body.ok ? undefined : answer.body.error }, 'ingest refused');

  return {
    method: 'POST',
    path: INGEST_PATH,
    prefix: true,
    handler: async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const entity = path.slice(INGEST_PATH.length);
      const admitted = admitIngest(deps, entity, req.headers);
      if (!admitted.ok) {
        refused(entity, admitted.response);
        return answerUnread(req, res, admitted.response);
      }
      const release = slots.acquire();
      if (!release) {
        const busy = refuse(503, `too many requests arriving at once; send again in ${RETRY_AFTER_SECONDS} seconds`);
        refused(entity, busy);
        return answerUnread(req, res, busy, { 'retry-after': String(RETRY_AFTER_SECONDS) });
      }
      const { signed, secret } = admitted.value;
      const spooled = await spoolBody(req, {
        limit: INGEST_BODY_LIMIT,
        mac: bodyMac(secret, signed.timestamp),
        ...(opts.spoolDir ? { dir: opts.spoolDir } : {}),
      }).finally(release);
      if (!spooled.ok) {
        if (spooled.reason === 'aborted') return void res.destroy();
        if (spooled.reason === 'spool_failed') {
          log.error({ err: spooled.error, entity }, 'ingest body could not be stored');
          return answerUnread(req, res, refuse(500, 'could not store the body; see the server log'));
        }
        refused(entity, tooLarge());
        return answerUnread(req, res, tooLarge());
      }
      const body = spooled.body;
      let answer: IngestResponse;
      try {
        answer = !macMatches(body.mac, signed.given)
          ? badSignature()
          : await ingestVerified(deps, {
              entity: admitted.value.entity,
              format: formatOf(req.headers, body.head),
              mac: body.mac,
              timestamp: signed.timestamp,
              input: body.read(),
            });
      } finally {
        // Gone before the answer: a sender that has its answer finds nothing of its body left.
        await body.dispose();
      }
      if (answer.status !== 200) refused(entity, answer);
      else log.info({ entity, ...answer.body }, 'ingest done');
      sendJson(res, answer.status, answer.body);
    },
  };
}
