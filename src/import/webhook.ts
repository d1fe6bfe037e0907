import type pg from 'pg';
import type { App } from '../app.ts';
import { describeError } from '../errors.ts';
import { log } from '../log.ts';
import type { Program } from '../program/schema.ts';
import { ENTITY_NAMES, isEntityName, type EntityName } from './entity-spec.ts';
import type { ImportProblem } from './problems.ts';
import type { ImportFormat } from './read-rows.ts';
import { claimSignature, releaseSignature } from './replays.ts';
import { importData, type ImportDeps } from './run-import.ts';
import { bodyMac, checkSignatureHeaders, macMatches, SIGNATURE_HEADER, TIMESTAMP_HEADER, type SignedHeaders } from './signature.ts';

/** The largest body accepted (10 MiB): about 80,000 revenue lines; send more as several requests. */
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
  /** Counts the rows imported (GET /metrics). */
  metrics?: ImportDeps['metrics'];
}

export const ingestDeps = (app: App): IngestDeps => ({
  pool: app.handle.pool,
  program: app.program,
  secret: app.config.PULSE_INGEST_SECRET,
  metrics: app.metrics,
});

type Headers = Readonly<Record<string, string | string[] | undefined>>;

export interface IngestRequest {
  /** The `<entity>` of POST /ingest/<entity>. */
  entity: string;
  /** The body exactly as received: the signature is over these bytes. */
  rawBody: Buffer;
  /** Node's lower-cased request headers. */
  headers: Headers;
}

export type IngestBody =
  | { ok: true; entity: string; rows: number; inserted: number; updated: number; unchanged: number; stale: number }
  | { ok: false; error: string; entity?: string; rows?: number; errors?: ImportProblem[]; more_errors?: number };

export interface IngestResponse {
  status: number;
  body: IngestBody;
}

const wallClock = (deps: IngestDeps): number => (deps.nowSeconds ? deps.nowSeconds() : Math.floor(Date.now() / 1000));

const header = (h: Headers, name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

export const refuse = (status: number, error: string): IngestResponse => ({ status, body: { ok: false, error } });

export const tooLarge = (): IngestResponse => refuse(413, `body larger than ${INGEST_BODY_LIMIT / 1024 / 1024} MB; send the rows in several requests`);

export const badSignature = (): IngestResponse => refuse(401, 'signature does not match');

const TYPES: Record<string, ImportFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
  'application/json': 'jsonl',
};

const typeOf = (h: Headers): string | undefined => header(h, 'content-type')?.split(';')[0]?.trim().toLowerCase() || undefined;

/** The body's format from its content type, or from its first bytes when none is given. */
export function formatOf(h: Headers, head: Buffer): ImportFormat {
  const type = typeOf(h);
  if (type) return TYPES[type] ?? 'csv';
  return head.toString('utf8').trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

/** A request whose headers passed: the body is next. */
export interface Admitted {
  entity: EntityName;
  signed: SignedHeaders;
  secret: string;
}

/**
 * Everything decided from the path and headers alone, before a byte of the body is read: the
 * entity (404), the secret (503), the declared size (413), the signature headers' presence, shape
 * and age (401) and the content type (415). Only the signature itself needs the body.
 */
export function admitIngest(deps: IngestDeps, entity: string, headers: Headers): { ok: true; value: Admitted } | { ok: false; response: IngestResponse } {
  if (!isEntityName(entity)) {
    return { ok: false, response: refuse(404, `unknown entity "${entity}" (one of ${ENTITY_NAMES.join(', ')})`) };
  }
  if (!deps.secret) return { ok: false, response: refuse(503, 'ingest is not configured: set PULSE_INGEST_SECRET') };
  const declared = Number(header(headers, 'content-length'));
  if (Number.isFinite(declared) && declared > INGEST_BODY_LIMIT) return { ok: false, response: tooLarge() };
  const signed = checkSignatureHeaders(
    header(headers, TIMESTAMP_HEADER),
    header(headers, SIGNATURE_HEADER),
    wallClock(deps),
  );
  if (!signed.ok) return { ok: false, response: refuse(401, signed.reason) };
  const type = typeOf(headers);
  if (type && !TYPES[type]) return { ok: false, response: refuse(415, 'content-type must be text/csv or application/x-ndjson (JSON lines)') };
  return { ok: true, value: { entity, signed: signed.value, secret: deps.secret } };
}

export interface VerifiedBody {
  entity: EntityName;
  format: ImportFormat;
  /** The body's MAC, which matched one of the signatures given. */
  mac: Buffer;
  timestamp: string;
  input: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/**
 * An authenticated body: refused with 409 when its signature was used before (by this instance or
 * another), else imported with the same checks and all-or-nothing rule as `pulse import`. The
 * signature is remembered only when the import wrote: a refused one writes nothing at all.
 */
export async function ingestVerified(deps: IngestDeps, body: VerifiedBody): Promise<IngestResponse> {
  let claimed = false;
  try {
    claimed = await claimSignature(deps.pool, body.mac, Number(body.timestamp), wallClock(deps));
    if (!claimed) {
      return refuse(409, 'replayed request: this signature was used before; sign each request, retries too, with a new x-pulse-timestamp');
    }
    const outcome = await importData(
      { pool: deps.pool, program: deps.program, ...(deps.now ? { now: deps.now } : {}), ...(deps.metrics ? { metrics: deps.metrics } : {}) },
      { entity: body.entity, format: body.format, input: body.input, fileName: null, source: 'webhook' },
    );
    if (outcome.ok) {
      const { entity, rows, inserted, updated, unchanged, stale } = outcome.summary;
      return { status: 200, body: { ok: true, entity, rows, inserted, updated, unchanged, stale } };
    }
    // Nothing was written, and the same request would be refused the same way: no need to keep it.
    await releaseSignature(deps.pool, body.mac);
    claimed = false;
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
    log.error({ err: describeError(e), entity: body.entity }, 'ingest failed');
    // Nothing was written: the sender may send the same request again.
    if (claimed) await releaseSignature(deps.pool, body.mac).catch(() => {});
    // The sender is authenticated but not an operator: the details go to the log.
    return refuse(500, 'import failed; see the server log');
  }
}

/**
 * POST /ingest/<entity> for a body already in memory (the HTTP route streams instead, see
 * ingest-route.ts): the headers' checks, the signature (HMAC-SHA256 over
 * "<x-pulse-timestamp>.<body>" with PULSE_INGEST_SECRET), then `ingestVerified`.
 */
export async function handleIngest(deps: IngestDeps, req: IngestRequest): Promise<IngestResponse> {
  const admitted = admitIngest(deps, req.entity, req.headers);
  if (!admitted.ok) return admitted.response;
  if (req.rawBody.length > INGEST_BODY_LIMIT) return tooLarge();
  const { entity, signed, secret } = admitted.value;
  const mac = bodyMac(secret, signed.timestamp).update(req.rawBody).digest();
  if (!macMatches(mac, signed.given)) return badSignature();
  return ingestVerified(deps, {
    entity,
    format: formatOf(req.headers, req.rawBody.subarray(0, 64)),
    mac,
    timestamp: signed.timestamp,
    input: [req.rawBody],
  });
}
