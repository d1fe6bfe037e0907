import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback stand-in for an OpenAI-compatible server (POST /v1/chat/completions), driven by the
// real `openai` client inside @langchain/openai. Each test scripts what the "model" answers, in
// order: tool calls (valid or not), prose, an HTTP error, or no answer at all. Every request body
// is recorded, so tests can check what was sent to the model (tools, system prompt, tool results).

export interface ScriptedCall {
  name: string;
  /** An object is sent as JSON; a string is sent as written (invalid JSON included). */
  arguments: Record<string, unknown> | string;
}

export type Scripted =
  /** `delayMs`: the answer comes that much later (a slow model). */
  | { toolCalls: ScriptedCall[]; content?: string; delayMs?: number }
  | { content: string; delayMs?: number }
  | { status: number; message?: string }
  | { hang: true };

export interface ChatRequest {
  model: string;
  messages: { role: string; content?: unknown; tool_calls?: unknown[]; tool_call_id?: string }[];
  tools?: { type: string; function: { name: string; description?: string; parameters?: unknown } }[];
}

export interface FakeOpenAi {
  /** The base URL for OPENAI_BASE_URL (ends in /v1). */
  url: string;
  requests: ChatRequest[];
  /** Replaces the script: a list answered in order, or a function of the request number (from 0 at each call). */
  script: (s: Scripted[] | ((n: number, req: ChatRequest) => Scripted)) => void;
  close: () => Promise<void>;
}

const TOKENS_PER_ANSWER = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 };

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: ChatRequest[] = [];
  let next: (n: number, req: ChatRequest) => Scripted = () => ({ status: 500, message: 'nothing scripted' });
  // Script steps count from the last `script()` call, not from the server's start.
  let base = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) return send(res, 404, { error: { message: `no route ${req.url}` } });
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
      requests.push(body);
      const s = next(requests.length - 1 - base, body);
      if ('hang' in s) return; // never answers; the client's timeout or abort must end it
      if ('status' in s) return send(res, s.status, { error: { message: s.message ?? `scripted ${s.status}`, type: 'scripted' } });
      const n = requests.length;
      if (s.delayMs) setTimeout(() => send(res, 200, completion(body.model, n, s)), s.delayMs);
      else send(res, 200, completion(body.model, n, s));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    script: (s) => {
      base = requests.length;
      next = typeof s === 'function' ? s : (n) => s[n] ?? { status: 500, message: 'script exhausted' };
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function completion(model: string, n: number, s: { toolCalls: ScriptedCall[]; content?: string } | { content: string }) {
  const calls = 'toolCalls' in s ? s.toolCalls : [];
  return {
    id: `chatcmpl-${n}`,
    object: 'chat.completion',
    created: 1_764_000_000,
    model,
    choices: [
      {
        index: 0,
        finish_reason: calls.length > 0 ? 'tool_calls' : 'stop',
        message: {
          role: 'assistant',
          content: s.content ?? null,
          ...(calls.length > 0
            ? {
                tool_calls: calls.map((c, i) => ({
                  id: `call_${n}_${i}`,
                  type: 'function',
                  function: { name: c.name, arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments) },
                })),
              }
            : {}),
        },
      },
    ],
    usage: TOKENS_PER_ANSWER,
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
