// OpenAI Responses API (POST /v1/responses), as codex calls it: request → view; a model turn →
// response.created, response.output_item.added, output_text deltas, response.output_item.done,
// response.completed (with usage). Tool calls are function_call or, for free-form tools such as
// codex's apply_patch, custom_tool_call items.
import { chunks } from './anthropic.js';
import type { ConversationView, ModelTurn } from './scenario.js';
import type { TurnUsage } from './usage.js';

type Json = Record<string, unknown>;

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((c: Json) => String(c.text ?? '')).join('\n');
}

export function parseResponses(body: Json): ConversationView {
  const input = (Array.isArray(body.input) ? body.input : [{ type: 'message', role: 'user', content: body.input }]) as Json[];
  const system = [String(body.instructions ?? '')];
  const user: string[] = [];
  const toolResults: string[] = [];
  for (const item of input) {
    const type = item.type ?? 'message';
    if (type === 'message' && (item.role === 'system' || item.role === 'developer')) system.push(contentText(item.content));
    if (type === 'message' && item.role === 'user') user.push(contentText(item.content));
    if (type === 'function_call_output' || type === 'custom_tool_call_output')
      toolResults.push(typeof item.output === 'string' ? item.output : JSON.stringify(item.output));
  }
  const tools = ((body.tools ?? []) as Json[])
    .filter((t) => typeof t.name === 'string')
    .map((t) => ({
      name: String(t.name),
      freeform: t.type === 'custom',
      params: Object.keys(((t.parameters as Json | undefined)?.properties ?? {}) as Json),
    }));
  return {
    protocol: 'responses',
    model: String(body.model ?? ''),
    stream: body.stream !== false,
    system: system.join('\n'),
    userText: user.join('\n'),
    tools,
    toolResults,
  };
}

function usageJson(u: TurnUsage): Json {
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cached },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: u.input + u.output,
  };
}

function outputItem(turn: ModelTurn, id: string): Json {
  if (turn.kind === 'text')
    return {
      type: 'message',
      id: `msg_${id}`,
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: turn.text, annotations: [] }],
    };
  if (turn.freeform)
    return { type: 'custom_tool_call', id: `ctc_${id}`, call_id: `call_${id}`, name: turn.name, input: turn.input, status: 'completed' };
  return {
    type: 'function_call',
    id: `fc_${id}`,
    call_id: `call_${id}`,
    name: turn.name,
    arguments: JSON.stringify(turn.input),
    status: 'completed',
  };
}

export function responsesObject(turn: ModelTurn, model: string, usage: TurnUsage, id: string): Json {
  return {
    id: `resp_${id}`,
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    status: 'completed',
    model,
    output: [outputItem(turn, id)],
    usage: usageJson(usage),
  };
}

export function responsesEvents(turn: ModelTurn, model: string, usage: TurnUsage, id: string): { event: string; data: Json }[] {
  const item = outputItem(turn, id);
  const base = { id: `resp_${id}`, object: 'response', created_at: Math.floor(Date.now() / 1000), model };
  const out: { event: string; data: Json }[] = [
    { event: 'response.created', data: { type: 'response.created', response: { ...base, status: 'in_progress', output: [] } } },
  ];
  const added = turn.kind === 'text' ? { ...item, status: 'in_progress', content: [] } : { ...item, status: 'in_progress' };
  out.push({ event: 'response.output_item.added', data: { type: 'response.output_item.added', output_index: 0, item: added } });
  if (turn.kind === 'text') {
    for (const delta of chunks(turn.text))
      out.push({
        event: 'response.output_text.delta',
        data: { type: 'response.output_text.delta', item_id: item.id, output_index: 0, content_index: 0, delta },
      });
  }
  out.push({ event: 'response.output_item.done', data: { type: 'response.output_item.done', output_index: 0, item } });
  out.push({
    event: 'response.completed',
    data: { type: 'response.completed', response: { ...base, status: 'completed', output: [item], usage: usageJson(usage) } },
  });
  return out;
}

/** OpenAI's error body; a 429 says when to try again, as OpenAI's messages do. */
export function openaiError(status: number, message: string): Json {
  return {
    error: {
      message,
      type: status === 429 ? 'requests' : 'server_error',
      param: null,
      code: status === 429 ? 'rate_limit_exceeded' : null,
    },
  };
}
