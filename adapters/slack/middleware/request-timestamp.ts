import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';

/** How far a request's X-Slack-Request-Timestamp may be from this server's clock, either way. */
export const MAX_SKEW_SECONDS = 5 * 60;

type Listener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * Slack signs its timestamp with the body and asks for requests more than five minutes off to be
 * refused. Bolt's receiver refuses old ones only, so a signed request dated in the future could be
 * replayed until that time plus five minutes; this refuses those too, with Bolt's own answer to a
 * stale request (401, no body), before anything is read. A missing or unreadable header is left to
 * Bolt, which refuses it.
 */
export function refuseSkewedRequests(listener: Listener, log: Logger, nowMs: () => number = Date.now): Listener {
  return (req, res) => {
    const raw = req.headers['x-slack-request-timestamp'];
    const ts = Number(Array.isArray(raw) ? raw[0] : raw);
    const skew = Number.isFinite(ts) ? ts - Math.floor(nowMs() / 1000) : 0;
    if (Math.abs(skew) > MAX_SKEW_SECONDS) {
      log.warn(
        { skewSeconds: skew, ip: req.socket.remoteAddress },
        `Slack request refused: its timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} this server's clock (more than ${MAX_SKEW_SECONDS} s); if every request is refused, check the server's clock`,
      );
      res.writeHead(401).end();
      return;
    }
    return listener(req, res);
  };
}
