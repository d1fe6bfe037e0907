import { ChatOpenAICompletions } from '@langchain/openai';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import type { ModelMessage, ModelRequest, ModelResponse, ModelToolCall, ToolModel } from './model.ts';

export interface OpenAiModelOptions {
  apiKey?: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
}

/**
 * Any OpenAI-compatible server through the Chat Completions API (the one every compatible server
 * speaks: OpenAI, Azure OpenAI's v1 endpoint, vLLM, Ollama, LM Studio). No retries: a 429 or a
 * 500 goes straight to the rules planner instead of keeping the person waiting.
 */
export function openAiModel(opts: OpenAiModelOptions): ToolModel {
  const chat = new ChatOpenAICompletions({
    model: opts.model,
    // Local servers need no key, but the client insists on one.
    apiKey: opts.apiKey ?? 'not-needed',
    configuration: opts.baseURL ? { baseURL: opts.baseURL } : {},
    timeout: opts.timeoutMs,
    maxRetries: 0,
    temperature: 0,
  });
  return langchainModel(chat);
}

/** The one-method model over any LangChain chat model that can bind tools (fakes included). */
export function langchainModel(chat: BaseChatModel): ToolModel {
  return {
    async complete(req: ModelRequest): Promise<ModelResponse> {
      if (!chat.bindTools) throw new Error('this chat model cannot call tools');
      const tools = req.tools.map((t) => ({ type: 'function' as const, function: t }));
      const bound = req.tools.length > 0 ? chat.bindTools(tools) : chat;
      const msg = await bound.invoke(req.messages.map(toLangchain), { signal: req.signal });
      return fromLangchain(msg);
    },
  };
}

function toLangchain(m: ModelMessage): BaseMessage {
  switch (m.role) {
    case 'system':
      return new SystemMessage(m.content);
    case 'user':
      return new HumanMessage(m.content);
    case 'assistant':
      return new AIMessage({
        content: m.content,
        tool_calls: (m.toolCalls ?? []).map((c) => ({ id: c.id, name: c.name, args: c.args ?? {}, type: 'tool_call' as const })),
      });
    case 'tool':
      return new ToolMessage({ tool_call_id: m.toolCallId, content: m.content });
  }
}

function fromLangchain(msg: BaseMessage): ModelResponse {
  const ai = AIMessage.isInstance(msg) ? msg : undefined;
  const valid: ModelToolCall[] = (ai?.tool_calls ?? []).map((c, i) => ({
    id: c.id ?? `call_${i}`,
    name: c.name,
    args: isObject(c.args) ? c.args : null,
  }));
  // Arguments that were not JSON arrive here; the planner answers them with an error value.
  const invalid: ModelToolCall[] = (ai?.invalid_tool_calls ?? []).map((c, i) => ({
    id: c.id ?? `invalid_${i}`,
    name: c.name ?? '',
    args: null,
  }));
  return { text: textOf(msg.content), toolCalls: [...valid, ...invalid], tokens: ai?.usage_metadata?.total_tokens ?? 0 };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function textOf(content: BaseMessage['content']): string {
  if (typeof content === 'string') return content;
  return content
    .map((part) => (typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string' ? part.text : ''))
    .join('');
}
