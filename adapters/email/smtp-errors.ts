import type { DeliveryError } from '../../src/notifications/platform-sender.ts';

// What an SMTP failure means for the outbox (RFC 5321 reply classes):
// - a 4yz reply (and 503, a wrong session state): refused for now, nothing was accepted → deferred,
//   tried again with backoff;
// - a 5yz reply to MAIL, RCPT or DATA: refused for good → rejected, the outbox's dead letter
//   (`pulse notifications --failed`, sent again only by `--retry ID`);
// - a failed login (EAUTH, ENOAUTH) or TLS: our configuration, not the message → deferred, so the
//   mail waits while a person fixes SMTP_URL, and the error says so;
// - the connection lost with no reply (ECONNECTION, ESOCKET, ETIMEDOUT): it may have been lost
//   after the server took the message → unavailable; the next copy carries the same Message-ID.

export interface SmtpFailure {
  code?: string | undefined;
  responseCode?: number | undefined;
  response?: string | undefined;
  command?: string | undefined;
  message?: string | undefined;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim().slice(0, 300);

export function smtpDeliveryError(e: SmtpFailure): DeliveryError {
  const reply = e.response ? oneLine(e.response) : undefined;
  const code = e.responseCode;
  if (e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return { kind: 'deferred', message: `SMTP_URL: the mail server refused our login (${reply ?? e.code}); check the user and password in SMTP_URL` };
  }
  if (e.code === 'ETLS' || e.code === 'EREQUIRETLS') {
    return { kind: 'deferred', message: `SMTP_URL: TLS with the mail server failed (${reply ?? oneLine(e.message ?? e.code)}); check smtp:// (STARTTLS) vs smtps:// and the port` };
  }
  if (e.code === 'EDNS' || (e.code === 'ESOCKET' && /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(e.message ?? ''))) {
    return { kind: 'deferred', message: `SMTP_URL: cannot reach the mail server (${oneLine(e.message ?? e.code)})` };
  }
  if (code !== undefined && code >= 400 && code < 500) return { kind: 'deferred', message: `mail server: ${reply ?? code} (at ${e.command ?? 'SMTP'}; tried again later)` };
  if (code === 503) return { kind: 'deferred', message: `mail server: ${reply ?? code} (at ${e.command ?? 'SMTP'}; tried again later)` };
  if (code !== undefined && code >= 500) {
    return { kind: 'rejected', message: `mail server refused it for good: ${reply ?? code} (at ${e.command ?? 'SMTP'}); fix the address or the message, then pulse notifications --retry ID` };
  }
  if (e.code === 'EENVELOPE' || e.code === 'EMESSAGE') return { kind: 'rejected', message: `mail server refused it: ${oneLine(e.message ?? e.code)}` };
  return { kind: 'unavailable', message: `mail server: ${oneLine(e.message ?? e.code ?? 'connection lost')} (it may have arrived; sent again with the same Message-ID)` };
}
