// OpenAI-compatible chat completions (POST /v1/chat/completions), as opencode calls it through
// @ai-sdk/openai-compatible: request → view; a model turn → chat.completion.chunk frames, a final
// chunk with finish_reason, a usage chunk (stream_options.include_usage), then [DONE].
import { chunks } from './anthropic.js';
import type { ConversationView, ModelTurn } from './scenario.js';
import type { TurnUsage } from './usage.js';

type Json = Record<string, unknown>;

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((c: Json) => String(c.text ?? '')).join('\n');
}

export function parseChat(body: Json): ConversationView {
  const messages = (body.messages ?? []) as Json[];
  const system: string[] = [];
  const user: string[] = [];
  const toolResults: string[] = [];
  for (const m of messages) {
    if (m.role === 'system') system.push(contentText(m.content));
    if (m.role === 'user') user.push(contentText(m.content));
    if (m.role === 'tool') toolResults.push(contentText(m.content));
  }
  const tools = ((body.tools ?? []) as Json[])
    .map((t) => (t.function ?? t) as Json)
    .filter((f) => typeof f.name === 'string')
    .map((f) => ({
      name: String(f.name),
      freeform: false,
      params: Object.keys(((f.parameters as Json | undefined)?.properties ?? {}) as Json),
    }));
  return {
    protocol: 'chat',
    model: String(body.model ?? ''),
    stream: body.stream === true,
    system: system.join('\n'),
    userText: user.join('\n'),
    tools,
    toolResults,
  };
}

function usageJson(u: TurnUsage): Json {
  return {
    prompt_tokens: u.input,
    completion_tokens: u.output,
    total_tokens: u.input + u.output,
    prompt_tokens_details: { cached_tokens: u.cached },
  };
}

export function chatCompletion(turn: ModelTurn, model: string, usage: TurnUsage, id: string): Json {
  const message =
    turn.kind === 'text'
      ? { role: 'assistant', content: turn.text }
      : {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: `call_${id}`, type: 'function', function: { name: turn.name, arguments: JSON.stringify(turn.input) } }],
        };
  return {
    id: `chatcmpl-${id}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message, finish_reason: turn.kind === 'tool' ? 'tool_calls' : 'stop' }],
    usage: usageJson(usage),
  };
}

/** The data frames of a streaming reply; the caller ends the stream with `data: [DONE]`. */
export function chatChunks(turn: ModelTurn, model: string, usage: TurnUsage, id: string, includeUsage: boolean): Json[] {
  const base = { id: `chatcmpl-${id}`, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model };
  const choice = (delta: Json, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
  const out: Json[] = [];
  if (turn.kind === 'text') {
    out.push(choice({ role: 'assistant', content: '' }));
    for (const piece of chunks(turn.text)) out.push(choice({ content: piece }));
    out.push(choice({}, 'stop'));
  } else {
    out.push(
      choice({
        role: 'assistant',
        content: null,
        tool_calls: [{ index: 0, id: `call_${id}`, type: 'function', function: { name: turn.name, arguments: '' } }],
      }),
    );
    for (const piece of chunks(JSON.stringify(turn.input)))
      out.push(choice({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
    out.push(choice({}, 'tool_calls'));
  }
  if (includeUsage) out.push({ ...base, choices: [], usage: usageJson(usage) });
  return out;
}
