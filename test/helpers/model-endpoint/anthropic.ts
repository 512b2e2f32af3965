// Anthropic Messages API (POST /v1/messages), as claude calls it: request → view; a model turn →
// the streaming event sequence (message_start, content_block_start/delta/stop, message_delta,
// message_stop) or one message object when stream is false.
import type { ConversationView, ModelTurn } from './scenario.js';
import type { TurnUsage } from './usage.js';

type Json = Record<string, unknown>;

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((b: Json) => (b.type === 'text' ? String(b.text ?? '') : b.type === 'tool_result' ? textOf(b.content) : ''))
    .join('\n');
}

export function parseAnthropic(body: Json): ConversationView {
  const messages = (body.messages ?? []) as Json[];
  const toolResults: string[] = [];
  const user: string[] = [];
  const system: string[] = [textOf(body.system)];
  for (const m of messages) {
    if (m.role === 'system') system.push(textOf(m.content)); // claude sends one inside messages
    if (m.role !== 'user') continue;
    if (Array.isArray(m.content)) for (const b of m.content as Json[]) if (b.type === 'tool_result') toolResults.push(textOf(b.content));
    user.push(textOf(m.content));
  }
  const tools = ((body.tools ?? []) as Json[])
    .filter((t) => typeof t.name === 'string')
    .map((t) => ({
      name: String(t.name),
      freeform: false,
      params: Object.keys(((t.input_schema as Json | undefined)?.properties ?? {}) as Json),
    }));
  return {
    protocol: 'anthropic',
    model: String(body.model ?? ''),
    stream: body.stream === true,
    system: system.join('\n'),
    userText: user.join('\n'),
    tools,
    toolResults,
  };
}

function usageJson(u: TurnUsage) {
  return { input_tokens: u.input - u.cached, cache_creation_input_tokens: 0, cache_read_input_tokens: u.cached, output_tokens: u.output };
}

function block(turn: ModelTurn, id: string): Json {
  return turn.kind === 'text' ? { type: 'text', text: turn.text } : { type: 'tool_use', id, name: turn.name, input: turn.input };
}

/** A non-streaming reply. */
export function anthropicMessage(turn: ModelTurn, model: string, usage: TurnUsage, id: string): Json {
  return {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [block(turn, `toolu_${id}`)],
    stop_reason: turn.kind === 'tool' ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: usageJson(usage),
  };
}

/** The SSE frames of a streaming reply. */
export function anthropicEvents(turn: ModelTurn, model: string, usage: TurnUsage, id: string): { event: string; data: Json }[] {
  const start = {
    id: `msg_${id}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { ...usageJson(usage), output_tokens: 1 },
  };
  const out: { event: string; data: Json }[] = [{ event: 'message_start', data: { type: 'message_start', message: start } }];
  if (turn.kind === 'text') {
    out.push({ event: 'content_block_start', data: { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } } });
    out.push({ event: 'ping', data: { type: 'ping' } });
    for (const piece of chunks(turn.text))
      out.push({
        event: 'content_block_delta',
        data: { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } },
      });
  } else {
    out.push({
      event: 'content_block_start',
      data: { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: `toolu_${id}`, name: turn.name, input: {} } },
    });
    for (const piece of chunks(JSON.stringify(turn.input)))
      out.push({
        event: 'content_block_delta',
        data: { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: piece } },
      });
  }
  out.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index: 0 } });
  out.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason: turn.kind === 'tool' ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: usage.output },
    },
  });
  out.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return out;
}

/** The error body Anthropic sends with a status (429 rate_limit_error, 500 api_error, 529 overloaded_error). */
export function anthropicError(status: number, message: string): Json {
  const type = status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : 'api_error';
  return { type: 'error', error: { type, message } };
}

/** Splits text into a few stream pieces, as a real model streams tokens. */
export function chunks(text: string, size = 24): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}
