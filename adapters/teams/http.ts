import type { IncomingMessage } from 'node:http';
import type { Activity } from 'botbuilder';
import type { Logger } from 'pino';
import { z } from 'zod';
import { sendJson, type Route } from '../../src/server/routes.ts';
import { InboundAuthRefused, type PulseCloudAdapter, type TurnLogic } from './cloud-adapter.ts';

export const TEAMS_MESSAGES_PATH = '/api/messages';

/** Teams activities are a few KB; a card submit with data stays far below this. */
const MAX_BODY_BYTES = 1_000_000;

// Only what the adapter relies on is checked; the rest of the activity passes through as sent.
const activitySchema = z
  .object({
    type: z.string().min(1),
    id: z.string().optional(),
    serviceUrl: z.string().url().optional(),
    channelId: z.string().optional(),
    from: z.object({ id: z.string() }).passthrough().optional(),
    recipient: z.object({ id: z.string() }).passthrough().optional(),
    conversation: z.object({ id: z.string() }).passthrough().optional(),
    text: z.string().optional(),
  })
  .passthrough()
  .refine((a) => a.type !== 'message' || (a.serviceUrl && a.from && a.conversation), {
    message: 'a message activity needs serviceUrl, from and conversation',
  });

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * `POST /api/messages`: reads and checks the activity, then hands it to the CloudAdapter, which
 * verifies the Bot Framework token whenever an app id is configured and runs the bot only when the
 * token passed: 401 without a valid one, 503 (Retry-After) when Microsoft's signing keys cannot be
 * fetched, so no token can be checked. The answer is sent through the connector before this
 * request is answered.
 */
export function messagesRoute(adapter: PulseCloudAdapter, logic: TurnLogic, log: Logger): Route {
  return {
    method: 'POST',
    path: TEAMS_MESSAGES_PATH,
    handler: async (req, res) => {
      let raw: string;
      try {
        raw = await readBody(req);
      } catch (e) {
        if (e instanceof BodyTooLarge) return sendJson(res, 413, { error: 'too_large' });
        throw e;
      }
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return sendJson(res, 400, { error: 'bad_request', message: 'the body is not JSON' });
      }
      const parsed = activitySchema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return sendJson(res, 400, { error: 'bad_request', message: `activity ${issue?.path.join('.') || ''} ${issue?.message ?? 'is invalid'}`.replace(/\s+/g, ' ') });
      }
      const auth = req.headers.authorization ?? '';
      try {
        const invoke = await adapter.run(auth, parsed.data as unknown as Activity, logic);
        if (invoke?.body !== undefined) return sendJson(res, invoke.status, invoke.body);
        res.writeHead(invoke?.status ?? 200).end();
      } catch (e) {
        if (!(e instanceof InboundAuthRefused)) throw e;
        if (e.status === 503) {
          log.error({ ip: req.socket.remoteAddress, why: e.why }, 'Teams request refused (503): the Bot Framework signing keys could not be fetched; check outbound HTTPS to login.botframework.com');
          res.setHeader('retry-after', '30');
          return sendJson(res, 503, { error: 'unavailable', message: 'the token cannot be checked right now; try again shortly' });
        }
        log.warn({ ip: req.socket.remoteAddress, why: e.why }, 'Teams request without a valid Bot Framework token refused');
        sendJson(res, 401, { error: 'unauthorized' });
      }
    },
  };
}
