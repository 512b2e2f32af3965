// The scripted model endpoint itself, without any CLI: it picks its reply from the request (no
// tools → plain text; n tool results → step n+1; all done → the final text with the prompt's
// required markers), streams it in each protocol's event shape with usage, and serves the faults
// it is told to (429 with Retry-After, 500, a cut stream). Runs everywhere, CLIs or not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModelEndpoint, type ModelEndpoint } from '../helpers/model-endpoint/index.js';

let endpoint: ModelEndpoint;
beforeAll(async () => {
  endpoint = await startModelEndpoint({
    scenario: { steps: [{ kind: 'write', path: 'a.txt', content: 'x\n' }], final: 'Done.\n{{required-markers}}', plain: 'Title' },
  });
});
afterAll(async () => {
  await endpoint.close();
});

const PROMPT =
  'You are agent A1 (Owner), role: implementation.\nWorking directory: /w\n## Required markers\n\nPrint...\n\n```\n[wave-proof] completion=contract durability=none proof=unit state=met detail=<why>\n```\n';
const post = (path: string, body: unknown) =>
  fetch(`${endpoint.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const events = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('data: ') && l !== 'data: [DONE]')
    .map((l) => JSON.parse(l.slice(6)) as Record<string, unknown>);

describe('scripted model endpoint', () => {
  it("anthropic: a tool call first, then the final text with the prompt's markers filled in", async () => {
    const tools = [{ name: 'Write', input_schema: { properties: { file_path: {}, content: {} } } }];
    const first = events(
      await (await post('/v1/messages', { model: 'm', stream: true, tools, messages: [{ role: 'user', content: PROMPT }] })).text(),
    );
    expect(first.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(first[1]).toMatchObject({ content_block: { type: 'tool_use', name: 'Write' } });
    const args = JSON.parse(
      first
        .filter((e) => e.type === 'content_block_delta')
        .map((e) => (e.delta as { partial_json: string }).partial_json)
        .join(''),
    );
    expect(args).toEqual({ file_path: '/w/a.txt', content: 'x\n' });
    const second = (await (
      await post('/v1/messages', {
        model: 'm',
        stream: false,
        tools,
        messages: [
          { role: 'user', content: PROMPT },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'ok' }] },
        ],
      })
    ).json()) as { content: { text: string }[]; usage: { input_tokens: number; cache_read_input_tokens: number } };
    expect(second.content[0]!.text).toBe(
      'Done.\n[wave-proof] completion=contract durability=none proof=unit state=met detail=scripted model followed the prompt',
    );
    expect(second.usage.cache_read_input_tokens).toBeGreaterThan(0);
  });

  it('responses: free-form apply_patch as a custom_tool_call, usage on response.completed', async () => {
    const r = events(
      await (
        await post('/v1/responses', {
          model: 'm',
          stream: true,
          tools: [{ type: 'custom', name: 'apply_patch' }],
          input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: '<cwd>/w</cwd>' }] }],
        })
      ).text(),
    );
    expect(r.map((e) => e.type)).toEqual([
      'response.created',
      'response.output_item.added',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(r[2]).toMatchObject({
      item: { type: 'custom_tool_call', name: 'apply_patch', input: '*** Begin Patch\n*** Add File: a.txt\n+x\n*** End Patch\n' },
    });
    expect((r[3]!.response as { usage: { input_tokens: number } }).usage.input_tokens).toBeGreaterThan(0);
  });

  it('chat completions: a request without tools (a title) gets plain text and never uses up a step', async () => {
    const title = events(
      await (
        await post('/v1/chat/completions', {
          model: 'm',
          stream: true,
          stream_options: { include_usage: true },
          messages: [{ role: 'user', content: 'title?' }],
        })
      ).text(),
    );
    expect(title.flatMap((c) => (c.choices as { delta: { content?: string } }[]).map((x) => x.delta.content ?? '')).join('')).toBe('Title');
    expect(title.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: expect.any(Number) } });
    const agent = events(
      await (
        await post('/v1/chat/completions', {
          model: 'm',
          stream: true,
          tools: [{ type: 'function', function: { name: 'write', parameters: { properties: { filePath: {}, content: {} } } } }],
          messages: [
            { role: 'system', content: 'Working directory: /w' },
            { role: 'user', content: 'go' },
          ],
        })
      ).text(),
    );
    expect(agent[0]).toMatchObject({ choices: [{ delta: { tool_calls: [{ function: { name: 'write' } }] } }] });
  });

  it('faults: 429 with Retry-After, 500, and a stream cut before the end', async () => {
    const body = { model: 'm', stream: true, tools: [{ name: 'Write' }], messages: [{ role: 'user', content: 'x' }] };
    endpoint.injectFault({ kind: 'rate-limit', retryAfterSec: 7 }, 1);
    endpoint.injectFault({ kind: 'server-error' }, 1);
    endpoint.injectFault({ kind: 'cut' }, 1);
    const limited = await post('/v1/messages', body);
    expect([
      limited.status,
      limited.headers.get('retry-after'),
      ((await limited.json()) as { error: { type: string } }).error.type,
    ]).toEqual([429, '7', 'rate_limit_error']);
    expect((await post('/v1/messages', body)).status).toBe(500);
    const cut = await post('/v1/messages', body);
    await expect(cut.text()).rejects.toThrow();
    expect((await post('/v1/messages', body)).status).toBe(200);
    expect(endpoint.requests.slice(-4).map((r) => r.fault ?? r.status)).toEqual(['rate-limit', 'server-error', 'cut', 200]);
  });
});
