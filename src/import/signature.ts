import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'x-pulse-timestamp';
export const SIGNATURE_HEADER = 'x-pulse-signature';
/** A signed request older (or further in the future) than this is refused: replays go stale. */
export const MAX_SKEW_SECONDS = 300;

/** `v1=<hex of HMAC-SHA256(secret, "<timestamp>.<body>")>`: what a sender puts in x-pulse-signature. */
export function signBody(secret: string, timestamp: number | string, body: Buffer | string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `v1=${mac}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks the timestamp's age and the signature in constant time. Several `v1=` values may be
 * given, comma-separated, so a sender can sign with an old and a new secret while rotating.
 */
export function verifySignature(
  secret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  body: Buffer,
  nowSeconds: number,
): SignatureCheck {
  if (!timestampHeader || !signatureHeader) {
    return { ok: false, reason: `unsigned request: ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} are required` };
  }
  if (!/^\d{1,12}$/.test(timestampHeader.trim())) return { ok: false, reason: `${TIMESTAMP_HEADER} must be unix seconds` };
  const ts = Number(timestampHeader.trim());
  if (Math.abs(nowSeconds - ts) > MAX_SKEW_SECONDS) {
    return { ok: false, reason: `stale request: ${TIMESTAMP_HEADER} is more than ${MAX_SKEW_SECONDS / 60} minutes from now` };
  }
  const expected = Buffer.from(signBody(secret, timestampHeader.trim(), body).slice(3), 'hex');
  const given = signatureHeader
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .map((s) => s.slice(3));
  const match = given.some((hex) => {
    if (!/^[0-9a-f]{64}$/i.test(hex)) return false;
    return timingSafeEqual(Buffer.from(hex, 'hex'), expected);
  });
  return match ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
