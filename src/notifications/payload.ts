import { certExpiryReply, type CertExpiryAlert } from '../alerts/alert-reply.ts';
import type { Reply } from '../reply/types.ts';

/** The reply a stored payload stands for; undefined when the payload is not one we wrote. */
export function payloadReply(payload: unknown): Reply | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const p = payload as { reply?: unknown; certExpiry?: unknown };
  if (isReply(p.reply)) return p.reply;
  if (typeof p.certExpiry === 'object' && p.certExpiry !== null) return certExpiryReply(p.certExpiry as CertExpiryAlert);
  return undefined;
}

function isReply(v: unknown): v is Reply {
  return typeof v === 'object' && v !== null && typeof (v as { summary?: unknown }).summary === 'string';
}
