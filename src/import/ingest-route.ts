import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import { sendJson, type Route } from '../server/routes.ts';
import { ENTITY_NAMES, isEntityName } from './entity-spec.ts';
import { handleIngest, INGEST_BODY_LIMIT, type IngestDeps } from './webhook.ts';

export const INGEST_PATH = '/ingest/';

type BodyRead = { ok: true; body: Buffer } | { ok: false; tooLarge: true };

/**
 * Reads the body up to `limit` bytes. A sender that says (content-length) or sends more is cut
 * off there: a 10 MB limit must not cost more than 10 MB of memory.
 */
function readBounded(req: IncomingMessage, limit: number): Promise<BodyRead> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve({ ok: false, tooLarge: true });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.off('data', onData);
        // Drain the rest without keeping it, so the 413 can still be written.
        req.resume();
        resolve({ ok: false, tooLarge: true });
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.once('end', () => resolve({ ok: true, body: Buffer.concat(chunks, size) }));
    req.once('error', reject);
  });
}

/** POST /ingest/<entity> on the `pulse serve` server: the CRM webhook of `handleIngest`. */
export function ingestRoute(deps: IngestDeps, log: Logger): Route {
  return {
    method: 'POST',
    path: INGEST_PATH,
    prefix: true,
    handler: async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const entity = path.slice(INGEST_PATH.length);
      // Unknown entities are refused before a byte of the body is read.
      if (!isEntityName(entity)) {
        req.resume();
        return sendJson(res, 404, { ok: false, error: `unknown entity "${entity}" (one of ${ENTITY_NAMES.join(', ')})` });
      }
      const read = await readBounded(req, INGEST_BODY_LIMIT);
      if (!read.ok) {
        res.setHeader('connection', 'close');
        return sendJson(res, 413, { ok: false, error: `body larger than ${INGEST_BODY_LIMIT / 1024 / 1024} MB` });
      }
      const answer = await handleIngest(deps, { entity, rawBody: read.body, headers: req.headers });
      if (answer.status !== 200) log.warn({ entity, status: answer.status, error: answer.body.ok ? undefined : answer.body.error }, 'ingest refused');
      else log.info({ entity, ...answer.body }, 'ingest done');
      sendJson(res, answer.status, answer.body);
    },
  };
}
