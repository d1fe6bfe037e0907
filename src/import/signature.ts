import { createHmac, timingSafeEqual, type Hmac } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-pulse-timestamp';
export const SIGNATURE_HEADER = 'x-pulse-signature';
/** A signed request older (or further in the future) than this is refused: replays go stale. */
export const MAX_SKEW_SECONDS = 300;

/** `v1=<hex of HMAC-SHA256(secret, "<timestamp>.<body>")>`: what a sender puts in x-pulse-signature. */
export function signBody(secret: string, timestamp: number | string, body: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `v1=${mac}`;
}

/** What the signature headers say, checked before a byte of the body is read. */
export interface SignedHeaders {
  /** The timestamp as signed (unix seconds, as the sender wrote it). */
  timestamp: string;
  /** The well-formed `v1=` values, as bytes: one of them must be the body's MAC. */
  given: Buffer[];
}

export type HeaderCheck = { ok: true; value: SignedHeaders } | { ok: false; reason: string };

const V1 = /^v1=([0-9a-f]{64})$/i;

/**
 * Presence, shape and age of x-pulse-timestamp and x-pulse-signature: everything that can be
 * refused without reading the body. Several `v1=` values may be given, comma-separated, so a
 * sender can sign with an old and a new secret while rotating.
 */
export function checkSignatureHeaders(timestampHeader: string | undefined, signatureHeader: string | undefined, nowSeconds: number): HeaderCheck {
  if (!timestampHeader || !signatureHeader) {
    return { ok: false, reason: `unsigned request: ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} are required` };
  }
  const timestamp = timestampHeader.trim();
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: `${TIMESTAMP_HEADER} must be unix seconds` };
  const ts = Number(timestamp);
  if (nowSeconds - ts > MAX_SKEW_SECONDS) {
    return { ok: false, reason: `stale request: ${TIMESTAMP_HEADER} is more than ${MAX_SKEW_SECONDS / 60} minutes old; sign each request, retries too, with the current time` };
  }
  if (ts - nowSeconds > MAX_SKEW_SECONDS) {
    return { ok: false, reason: `future request: ${TIMESTAMP_HEADER} is more than ${MAX_SKEW_SECONDS / 60} minutes ahead of the server's clock; check the sender's clock` };
  }
  const given = signatureHeader
    .split(',')
    .map((s) => V1.exec(s.trim())?.[1])
    .filter((hex): hex is string => hex !== undefined)
    .map((hex) => Buffer.from(hex, 'hex'));
  if (given.length === 0) return { ok: false, reason: `${SIGNATURE_HEADER} has no v1=<64 hex digits> value (the HMAC-SHA256 of "<timestamp>.<body>")` };
  return { ok: true, value: { timestamp, given } };
}

/** The MAC a body is signed with, fed chunk by chunk as the body arrives. */
export const bodyMac = (secret: string, timestamp: string): Hmac => createHmac('sha256', secret).update(`${timestamp}.`);

/** Whether one of the given signatures is `mac`, each compared in constant time. */
export const macMatches = (mac: Buffer, given: readonly Buffer[]): boolean =>
  given.some((g) => g.length === mac.length && timingSafeEqual(g, mac));
