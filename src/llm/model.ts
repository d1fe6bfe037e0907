// The model sits behind one method, so tests (and other providers) swap in a scripted fake
// without touching the planner. Messages and tool calls are plain data, not LangChain classes.

export interface ToolSpec {
  name: string;
  description: string;
  /** JSON Schema of the arguments, generated from the intent's own zod schema. */
  parameters: Record<string, unknown>;
}

export interface ModelToolCall {
  id: string;
  name: string;
  /** Parsed arguments; null when the model sent something that is not a JSON object. */
  args: Record<string, unknown> | null;
}

export type ModelMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ModelToolCall[] }
  | { role: 'tool'; toolCallId: string; content: string };

export interface ModelRequest {
  messages: ModelMessage[];
  tools: ToolSpec[];
  signal: AbortSignal;
}

export interface ModelResponse {
  text: string;
  toolCalls: ModelToolCall[];
  /** Tokens this call cost (prompt + completion), 0 when the server does not say. */
  tokens: number;
}

export interface ToolModel {
  complete: (req: ModelRequest) => Promise<ModelResponse>;
}
