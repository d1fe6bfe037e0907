import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { Config } from '../../src/config.ts';
import { log as rootLog } from '../../src/log.ts';
import type { NotificationKind } from '../../src/notifications/kinds.ts';
import type { Recipient, Sender } from '../../src/notifications/platform-sender.ts';
import { topicOf, unsubscribeUrl, type EmailTopic } from '../../src/notifications/unsubscribe.ts';
import type { Chart, Reply } from '../../src/reply/types.ts';
import { emailContent, type EmailChartPart, type EmailFooter } from './content.ts';
import { renderHtml } from './render-html.ts';
import { renderText } from './render-text.ts';
import { smtpDeliveryError, type SmtpFailure } from './smtp-errors.ts';

// Digests and alerts by email (SMTP through nodemailer), for people with no linked chat account
// or who asked for it. Transport only: the outbox decides who gets what and when to try again,
// so each send is one try (the pool never re-sends a message by itself).
//
// Exactly once, as far as SMTP allows: every copy of a notification carries the same Message-ID,
// <outbox key@sender's domain>. SMTP has no way to ask "did you get this one?", so there is no
// lookup: after a connection lost once the server had the message, the next attempt sends it
// again, and a server or mailbox that drops a Message-ID it already holds keeps one copy
// (Gmail, Exchange Online, the tests' server); others show two (docs/email.md).

/** What nodemailer's transport gives us; tests may pass their own. */
export interface MailTransport {
  sendMail(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

export interface MailMessage {
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
  attachments: { filename: string; content: Buffer; contentType: string; cid: string; contentDisposition: 'inline' }[];
}

export interface EmailSenderOptions {
  transport: MailTransport;
  /** PULSE_MAIL_FROM: "Partner Pulse <pulse@example.com>". */
  from: string;
  /** The unsubscribe link for this person and kind of mail. */
  unsubscribeLink: (userId: number, topic: EmailTopic) => string;
  /** Draws a chart; the charts' engines otherwise load with the first mail that has a chart. */
  renderPng?: (chart: Chart) => Promise<Buffer>;
  log?: Logger;
}

const SUBJECT_PREFIX: Record<NotificationKind, string> = {
  digest: 'Weekly digest',
  cert_expiry: 'Certification alert',
  push: 'Certifications to renew',
};

const WHY: Record<EmailTopic, string> = {
  digest: 'You get this weekly digest from Partner Pulse by email.',
  alerts: 'You get certification alerts from Partner Pulse by email because no Slack or Teams account of yours is linked to it.',
};

const ALTERNATIVE: Record<EmailTopic, string | undefined> = {
  digest: 'or say “stop my digest” to Partner Pulse in Slack or Teams',
  alerts: undefined,
};

/** "pulse@example.com" from "Partner Pulse <pulse@example.com>". */
export const addressOf = (from: string): string => (/<([^<>]+)>/.exec(from)?.[1] ?? from).trim();

/** The stable Message-ID of an outbox message: the same for every copy of it. */
export const messageIdFor = (idempotencyKey: string, from: string): string => `<${idempotencyKey}@${addressOf(from).split('@')[1] ?? 'partner-pulse.invalid'}>`;

/** "Weekly digest for 12 partners, Nov 16 – 22, 2026: revenue …", "Certification alert: …", cut at a word near 120 characters. */
export function subjectFor(kind: NotificationKind, reply: Reply): string {
  const first = (reply.summary.split(/(?<=[.!?])\s/)[0]?.trim() ?? '').replace(/[.!]$/, '');
  const prefix = SUBJECT_PREFIX[kind];
  // "Your weekly digest for 12 partners…" names itself: "Weekly digest for 12 partners…".
  const named = first.toLowerCase().replace(/^your /, '').startsWith(prefix.toLowerCase());
  const line = (named ? `${prefix}${first.replace(/^(your )?/i, '').slice(prefix.length)}` : `${prefix}: ${first}`).replace(/\s+/g, ' ');
  if (line.length <= 120) return line;
  const cut = line.slice(0, 119);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 60)).trimEnd()}…`;
}

/** A PNG's pixel width (IHDR), for the <img> width at half its 2× size. */
const pngWidth = (png: Buffer): number | undefined => (png.length > 24 && png.toString('ascii', 12, 16) === 'IHDR' ? png.readUInt32BE(16) : undefined);

export function createEmailSender(opts: EmailSenderOptions): Sender {
  const log = opts.log ?? rootLog;
  const draw = opts.renderPng ?? (async (chart: Chart) => (await import('../../src/charts/render-png.ts')).renderChartPng(chart));

  async function charts(reply: Reply, key: string): Promise<{ parts: EmailChartPart[]; files: MailMessage['attachments'] }> {
    const parts: EmailChartPart[] = [];
    const files: MailMessage['attachments'] = [];
    if (reply.charts.length === 0) return { parts, files };
    const { renderChartText } = await import('../../src/charts/render-text.ts');
    for (const [i, chart] of reply.charts.entries()) {
      const text = renderChartText(chart, 72);
      try {
        const png = await draw(chart);
        const cid = `chart-${i + 1}.${key}@partner-pulse`;
        const w = pngWidth(png);
        parts.push({ title: chart.title, cid, text, ...(w ? { width: Math.round(w / 2) } : {}) });
        files.push({ filename: `chart-${i + 1}.png`, content: png, contentType: 'image/png', cid, contentDisposition: 'inline' });
      } catch (e) {
        // The text chart stands in: the mail still goes, with the same figures.
        log.warn({ err: e, chart: chart.title }, 'chart PNG could not be drawn for an email; sent as text');
        parts.push({ title: chart.title, text });
      }
    }
    return { parts, files };
  }

  async function compose(recipient: Recipient, reply: Reply, kind: NotificationKind, key: string): Promise<MailMessage> {
    const topic = topicOf(kind);
    const link = opts.unsubscribeLink(recipient.userId, topic);
    const footer: EmailFooter = { why: WHY[topic], unsubscribeUrl: link, ...(ALTERNATIVE[topic] ? { alternative: ALTERNATIVE[topic] } : {}) };
    const { parts, files } = await charts(reply, key);
    const content = emailContent(reply, parts, footer);
    const subject = subjectFor(kind, reply);
    return {
      from: opts.from,
      to: { name: recipient.name, address: recipient.email },
      subject,
      text: renderText(content),
      html: renderHtml(content, subject),
      messageId: messageIdFor(key, opts.from),
      headers: {
        // RFC 2369 and RFC 8058: mail programs show an Unsubscribe button that POSTs to the link.
        'List-Unsubscribe': `<${link}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        // RFC 3834: no auto-replies (out of office) to a machine's mail.
        'Auto-Submitted': 'auto-generated',
        'X-Pulse-Notification': key,
      },
      attachments: files,
    };
  }

  return {
    platform: 'email',
    reachesUnlinked: true,
    async send(recipient, reply, sendOpts) {
      const message = await compose(recipient, reply, sendOpts.kind, sendOpts.idempotencyKey);
      if (sendOpts.signal.aborted) return { ok: false, error: { kind: 'unavailable', message: 'gave up before sending' } };
      try {
        await opts.transport.sendMail(message);
        return { ok: true, messageId: message.messageId };
      } catch (e) {
        return { ok: false, error: smtpDeliveryError(e as SmtpFailure) };
      }
    },
    async close() {
      opts.transport.close();
    },
  };
}

/** Below the outbox's 15 s send timeout, so nodemailer reports a stalled server first. */
const SMTP_TIMEOUT_MS = 10_000;

/** The email sender for `pulse serve` when SMTP_URL is set (validated with its companions in src/config.ts). */
export function emailSenderFor(
  config: Pick<Config, 'SMTP_URL' | 'PULSE_MAIL_FROM' | 'PULSE_PUBLIC_URL' | 'PULSE_UNSUBSCRIBE_SECRET'>,
  opts: { log?: Logger; timeoutMs?: number } = {},
): Sender | undefined {
  const { SMTP_URL: url, PULSE_MAIL_FROM: from, PULSE_PUBLIC_URL: publicUrl, PULSE_UNSUBSCRIBE_SECRET: secret } = config;
  if (!url || !from || !publicUrl || !secret) return undefined;
  const timeout = opts.timeoutMs ?? SMTP_TIMEOUT_MS;
  const transport = createTransport({
    url,
    pool: true,
    // The outbox sends one message at a time and owns every retry.
    maxConnections: 1,
    maxRequeues: 0,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return createEmailSender({
    transport,
    from,
    unsubscribeLink: (userId, topic) => unsubscribeUrl(publicUrl, secret, { userId, topic }),
    ...(opts.log ? { log: opts.log } : {}),
  });
}
