import type pg from 'pg';
import type { App } from '../app.ts';
import { describeError } from '../errors.ts';
import { log } from '../log.ts';
import type { Program } from '../program/schema.ts';
import { ENTITY_NAMES, isEntityName } from './entity-spec.ts';
import type { ImportProblem } from './problems.ts';
import type { ImportFormat } from './read-rows.ts';
import { importData } from './run-import.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './signature.ts';

export const INGEST_BODY_LIMIT = 10 * 1024 * 1024;

export interface IngestDeps {
  pool: pg.Pool;
  program: Program;
  /** PULSE_INGEST_SECRET; without it every request is refused. */
  secret: string | undefined;
  /** Wall-clock unix seconds for the signature's age (never PULSE_NOW: senders sign with real time). */
  nowSeconds?: () => number;
  /** "Now" for data_sources.as_of; the app clock by default. */
  now?: () => Date;
}

export const ingestDeps = (app: App): IngestDeps => ({
  pool: app.handle.pool,
  program: app.program,
  secret: app.config.PULSE_INGEST_SECRET,
});

export interface IngestRequest {
  /** The `<entity>` of POST /ingest/<entity>. */
  entity: string;
  /** The body exactly as received: the signature is over these bytes. */
  rawBody: Buffer;
  /** Node's lower-cased request headers. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export type IngestBody =
  | { ok: true; entity: string; rows: number; inserted: number; updated: number; unchanged: number }
  | { ok: false; error: string; entity?: string; rows?: number; errors?: ImportProblem[]; more_errors?: number };

export interface IngestResponse {
  status: number;
  body: IngestBody;
}

const header = (h: IngestRequest['headers'], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

const refuse = (status: number, error: string): IngestResponse => ({ status, body: { ok: false, error } });

function formatOf(contentType: string | undefined, body: Buffer): ImportFormat | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (!type) return body.toString('utf8', 0, 64).trimStart().startsWith('{') ? 'jsonl' : 'csv';
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  if (['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/json'].includes(type)) return 'jsonl';
  return undefined;
}

/**
 * POST /ingest/<entity> without a framework: the HTTP server hands over the raw body and headers
 * and writes back `status` and `body` as JSON. Same validation and all-or-nothing rule as
 * `pulse import`; HMAC-SHA256 over "<x-pulse-timestamp>.<body>" with PULSE_INGEST_SECRET.
 */
export async function handleIngest(deps: IngestDeps, req: IngestRequest): Promise<IngestResponse> {
  if (!isEntityName(req.entity)) {
    return refuse(404, `unknown entity "${req.entity}" (one of ${ENTITY_NAMES.join(', ')})`);
  }
  if (!deps.secret) return refuse(503, 'ingest is not configured: set PULSE_INGEST_SECRET');
  if (req.rawBody.length > INGEST_BODY_LIMIT) return refuse(413, `body larger than ${INGEST_BODY_LIMIT / 1024 / 1024} MB`);
  const signed = verifySignature(
    deps.secret,
    header(req.headers, TIMESTAMP_HEADER),
    header(req.headers, SIGNATURE_HEADER),
    req.rawBody,
    (deps.nowSeconds ?? (() => Math.floor(Date.now() / 1000)))(),
  );
  if (!signed.ok) return refuse(401, signed.reason);
  const format = formatOf(header(req.headers, 'content-type'), req.rawBody);
  if (!format) return refuse(415, 'content-type must be text/csv or application/x-ndjson (JSON lines)');

  try {
    const outcome = await importData(
      { pool: deps.pool, program: deps.program, ...(deps.now ? { now: deps.now } : {}) },
      { entity: req.entity, format, input: [req.rawBody], fileName: null, source: 'webhook' },
    );
    if (outcome.ok) {
      const { entity, rows, inserted, updated, unchanged } = outcome.summary;
      return { status: 200, body: { ok: true, entity, rows, inserted, updated, unchanged } };
    }
    const n = outcome.problems.length + outcome.moreProblems;
    return {
      status: 422,
      body: {
        ok: false,
        error: `${n} ${n === 1 ? 'problem' : 'problems'}; nothing was written`,
        entity: outcome.entity,
        rows: outcome.rows,
        errors: outcome.problems,
        ...(outcome.moreProblems ? { more_errors: outcome.moreProblems } : {}),
      },
    };
  } catch (e) {
    log.error({ err: describeError(e), entity: req.entity }, 'ingest failed');
    // The sender is authenticated but not an operator: the details go to the log.
    return refuse(500, 'import failed; see the server log');
  }
}
