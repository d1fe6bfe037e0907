import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Db } from '../../db/connect.ts';
import { emailSubscription, setEmailSubscription, type EmailSubscriptionState } from '../notifications/email-preferences.ts';
import { readUnsubscribeToken, type EmailTopic } from '../notifications/unsubscribe.ts';
import type { Route } from './routes.ts';

// The page every email's unsubscribe link opens, `/unsubscribe?token=…` (the token is signed, see
// src/notifications/unsubscribe.ts).
// - GET shows what the link stops and a button. It changes nothing: mail scanners (Safe Links
//   and the like) open every link in a message, and must not unsubscribe anyone by doing so.
// - POST does it: the button's form, and the one-click unsubscribe of RFC 8058 that mail
//   programs send for the List-Unsubscribe-Post header (body "List-Unsubscribe=One-Click").
//   A form field action=resubscribe turns the mail back on.

export const UNSUBSCRIBE_PATH = '/unsubscribe';

export interface UnsubscribeDeps {
  db: Db;
  /** PULSE_UNSUBSCRIBE_SECRET; without it (no email configured) the page says so with 503. */
  secret: string | undefined;
  log: Logger;
}

const MAX_BODY = 2048;

const WHAT: Record<EmailTopic, string> = {
  digest: 'the weekly digest',
  alerts: 'certification alerts and vendor messages by email',
};

export function unsubscribeRoutes(deps: UnsubscribeDeps): Route[] {
  const target = (req: IncomingMessage, res: ServerResponse) => {
    if (!deps.secret) {
      page(res, 503, 'Email is not set up', 'This Partner Pulse server sends no email (PULSE_UNSUBSCRIBE_SECRET is not set), so there is nothing to unsubscribe from here.');
      return undefined;
    }
    const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? '';
    const read = readUnsubscribeToken(deps.secret, token);
    if (!read.ok) {
      page(res, 400, 'This link does not work', read.error.message);
      return undefined;
    }
    return { ...read.value, token };
  };

  return [
    {
      method: 'GET',
      path: UNSUBSCRIBE_PATH,
      handler: async (req, res) => {
        const t = target(req, res);
        if (!t) return;
        const state = await emailSubscription(deps.db, t.userId, t.topic);
        if (!state.ok) return page(res, 404, 'Nothing to unsubscribe', state.error.message);
        const s = state.value;
        const form = (action: 'unsubscribe' | 'resubscribe', label: string) =>
          `<form method="post" action="${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(t.token)}">` +
          `<input type="hidden" name="action" value="${action}"><button type="submit">${label}</button></form>`;
        if (s.subscribed) {
          return page(res, 200, 'Unsubscribe', `Stop ${WHAT[s.topic]} for ${s.email}?`, form('unsubscribe', 'Unsubscribe'));
        }
        return page(res, 200, 'You are unsubscribed', `${s.email} no longer gets ${WHAT[s.topic]}.`, form('resubscribe', 'Subscribe again'));
      },
    },
    {
      method: 'POST',
      path: UNSUBSCRIBE_PATH,
      handler: async (req, res) => {
        const t = target(req, res);
        if (!t) return;
        const body = await readSmallBody(req);
        if (body === undefined) return page(res, 413, 'Request too large', 'An unsubscribe request is a few bytes; open the link from the email again.');
        const on = /(?:^|[&\s])action=resubscribe(?:$|[&\s])/.test(body);
        const state = await setEmailSubscription(deps.db, t.userId, t.topic, on);
        if (!state.ok) return page(res, 404, 'Nothing to unsubscribe', state.error.message);
        deps.log.info({ user: t.userId, topic: t.topic, subscribed: state.value.subscribed }, on ? 'email resubscribed' : 'email unsubscribed');
        return page(res, 200, on ? 'Subscribed again' : 'You are unsubscribed', done(state.value, on));
      },
    },
  ];
}

function done(s: EmailSubscriptionState, on: boolean): string {
  if (on) return `${s.email} gets ${WHAT[s.topic]} again.`;
  const chat = s.topic === 'digest' ? ' To get it again, say "send my digest by email" to Partner Pulse in Slack or Teams.' : '';
  return `Done: ${s.email} will not get ${WHAT[s.topic]} any more.${chat}`;
}

/** The body as text, or undefined past MAX_BODY (the rest is not read). */
async function readSmallBody(req: IncomingMessage): Promise<string | undefined> {
  let size = 0;
  const parts: Buffer[] = [];
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > MAX_BODY) {
      req.destroy();
      return undefined;
    }
    parts.push(b);
  }
  return Buffer.concat(parts).toString('utf8');
}

const escape = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

function page(res: ServerResponse, status: number, title: string, text: string, form = ''): void {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escape(title)} · Partner Pulse</title></head>` +
    `<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5">` +
    `<h1 style="font-size:1.4rem">${escape(title)}</h1><p>${escape(text)}</p>${form}</body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
    // The token is in the address: never sent on to another site, never indexed, never framed.
    'referrer-policy': 'no-referrer',
    'x-robots-tag': 'noindex',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  });
  res.end(html);
}
