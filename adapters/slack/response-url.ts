import http from 'node:http';
import https from 'node:https';
import type { RespondArguments, RespondFn } from '@slack/bolt';

// Posting to a response_url is what the acknowledging thread does most when the line is full
// (every refused turn is told it is busy): through node:http with kept-alive connections it costs
// a fraction of fetch's CPU (no web streams), and acks do not queue behind it.

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
const TIMEOUT_MS = 10_000;

/** What the response_url answered when it refused the post. */
export class ResponseUrlError extends Error {
  constructor(readonly status: number) {
    super(`Failed to respond to the response_url: HTTP ${status}`);
  }
}

/** A kept-alive connection the other side closed just as we reused it: the post never arrived. */
const closedUnderUs = (e: unknown): boolean => {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ECONNRESET' || code === 'EPIPE';
};

function postJson(url: string, body: string, retried = false): Promise<number> {
  const target = new URL(url);
  const client = target.protocol === 'http:' ? http : https;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        agent: target.protocol === 'http:' ? agents.http : agents.https,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        // Drained, so the connection goes back to the agent.
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`the response_url did not answer within ${TIMEOUT_MS / 1000} s`)));
    // Once, on a new connection: under load an idle kept-alive socket is closed by the server at
    // the moment it is reused, and the person's answer would be lost (3 in 24,000 at 400/s).
    req.on('error', (e) => (req.reusedSocket && !retried && closedUnderUs(e) ? postJson(url, body, true).then(resolve, reject) : reject(e)));
    req.end(body);
  });
}

/** Bolt's respond() for a response_url: a refused post throws, as Bolt's does. */
export function respondTo(url: string): RespondFn {
  return async (message: string | RespondArguments) => {
    const status = await postJson(url, JSON.stringify(typeof message === 'string' ? { text: message } : message));
    if (status < 200 || status >= 300) throw new ResponseUrlError(status);
    // Bolt's type promises the fetch Response; nothing here reads it.
    return new Response(null, { status });
  };
}
