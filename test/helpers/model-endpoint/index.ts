// A scripted model endpoint for the real agent CLIs: a loopback-only HTTP server speaking Anthropic
// Messages (/v1/messages), OpenAI Responses (/v1/responses) and OpenAI-compatible chat completions
// (/v1/chat/completions), all streaming. It never calls out. Every request is recorded (headers,
// body, the view the script decided from, the usage it reported), and faults can be switched on:
// 429 with Retry-After, 500, a stream cut mid-event, a slow first byte.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import { anthropicError, anthropicEvents, anthropicMessage, parseAnthropic } from './anthropic.js';
import { chatChunks, chatCompletion, parseChat } from './chat.js';
import { openaiError, parseResponses, responsesEvents, responsesObject } from './responses.js';
import { finalText, nextStep, scenarioFor, workingDirectory, type ConversationView, type ModelTurn, type Scenario } from './scenario.js';
import { toolCallFor } from './tools.js';
import { turnUsage, type TurnUsage } from './usage.js';

export type { Scenario, Step, ConversationView, ModelTurn } from './scenario.js';
export type { TurnUsage } from './usage.js';

export type Fault =
  | { kind: 'rate-limit'; retryAfterSec: number }
  | { kind: 'server-error' }
  | { kind: 'cut' }
  | { kind: 'slow-first-byte'; delayMs: number };

export interface RecordedRequest {
  /** ms since the endpoint started */
  at: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown> | undefined;
  view?: ConversationView;
  status: number;
  fault?: Fault['kind'];
  turn?: ModelTurn;
  usage?: TurnUsage;
}

export interface ModelEndpoint {
  /** http://127.0.0.1:PORT (no /v1) */
  url: string;
  requests: RecordedRequest[];
  /** Model requests that got a scripted reply (not faults, not titles or token counts). */
  agentTurns(): RecordedRequest[];
  setScenario(scenario: Scenario): void;
  /** Apply `fault` to the next `count` model requests (default: every one until cleared); `agentOnly`: only requests that offer tools (not titles). */
  injectFault(fault: Fault, count?: number, options?: { agentOnly?: boolean }): void;
  clearFaults(): void;
  close(): Promise<void>;
}

const PROTOCOLS = {
  '/v1/messages': parseAnthropic,
  '/v1/responses': parseResponses,
  '/v1/chat/completions': parseChat,
} as const;

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  let raw = Buffer.concat(chunks);
  const enc = String(req.headers['content-encoding'] ?? '');
  if (enc === 'gzip') raw = gunzipSync(raw);
  else if (enc === 'deflate') raw = inflateSync(raw);
  else if (enc === 'br') raw = brotliDecompressSync(raw);
  if (!raw.length) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    return { unparsed: raw.toString('utf8').slice(0, 2000) };
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

// opencode's notice once an agent's `steps` budget is spent; a compliant model answers in text
const STEPS_SPENT = /maximum steps|tools are disabled/i;

function decide(scenario: Scenario, view: ConversationView, rawBody: string): ModelTurn {
  const script = scenarioFor(scenario, view);
  if (STEPS_SPENT.test(rawBody)) return { kind: 'text', text: finalText(script, view) };
  const step = nextStep(script, view);
  if (!view.tools.length) return { kind: 'text', text: script.plain ?? 'Scripted task' };
  if (!step) return { kind: 'text', text: finalText(script, view) };
  return toolCallFor(view, step, workingDirectory(view) ?? '.');
}

/** SSE frames for the reply in the request's protocol. */
function frames(view: ConversationView, turn: ModelTurn, usage: TurnUsage, id: string, body: Record<string, unknown>): string[] {
  if (view.protocol === 'anthropic')
    return anthropicEvents(turn, view.model, usage, id).map((e) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
  if (view.protocol === 'responses')
    return responsesEvents(turn, view.model, usage, id).map((e) => `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`);
  const includeUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  return [...chatChunks(turn, view.model, usage, id, includeUsage).map((c) => `data: ${JSON.stringify(c)}\n\n`), 'data: [DONE]\n\n'];
}

function whole(view: ConversationView, turn: ModelTurn, usage: TurnUsage, id: string): unknown {
  if (view.protocol === 'anthropic') return anthropicMessage(turn, view.model, usage, id);
  if (view.protocol === 'responses') return responsesObject(turn, view.model, usage, id);
  return chatCompletion(turn, view.model, usage, id);
}

/** Starts the endpoint on 127.0.0.1 (an ephemeral port unless `port` is given). */
export async function startModelEndpoint(options: { scenario: Scenario; port?: number }): Promise<ModelEndpoint> {
  let scenario = options.scenario;
  const faults: { fault: Fault; left: number; agentOnly: boolean }[] = [];
  const requests: RecordedRequest[] = [];
  const t0 = performance.now();
  let counter = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const body = await readBody(req);
    const rec: RecordedRequest = {
      at: Math.round(performance.now() - t0),
      method: req.method ?? '',
      path,
      headers: req.headers,
      body,
      status: 0,
    };
    requests.push(rec);
    if (path === '/v1/messages/count_tokens') {
      rec.status = 200;
      return sendJson(res, 200, { input_tokens: Math.ceil(JSON.stringify(body ?? {}).length / 4) });
    }
    if (req.method === 'GET' && path === '/v1/models') {
      rec.status = 200;
      return sendJson(res, 200, { object: 'list', data: [] });
    }
    const parse = PROTOCOLS[path as keyof typeof PROTOCOLS];
    if (req.method !== 'POST' || !parse || !body) {
      rec.status = 404;
      return sendJson(res, 404, { error: { message: `scripted endpoint: no route ${req.method} ${path}` } });
    }
    const view = parse(body);
    rec.view = view;
    const active = faults.find((f) => f.left > 0 && (!f.agentOnly || view.tools.length > 0));
    if (active) active.left -= 1;
    const fault = active?.fault;
    if (fault) rec.fault = fault.kind;
    if (fault?.kind === 'rate-limit' || fault?.kind === 'server-error') {
      const status = fault.kind === 'rate-limit' ? 429 : 500;
      rec.status = status;
      const message =
        fault.kind === 'rate-limit'
          ? `Rate limit reached for requests. Please try again in ${fault.retryAfterSec}s.`
          : 'The server had an error while processing your request.';
      const error = view.protocol === 'anthropic' ? anthropicError(status, message) : openaiError(status, message);
      return sendJson(res, status, error, fault.kind === 'rate-limit' ? { 'retry-after': String(fault.retryAfterSec) } : {});
    }
    if (fault?.kind === 'slow-first-byte') await new Promise((r) => setTimeout(r, fault.delayMs));
    counter += 1;
    const id = `scripted${String(counter).padStart(4, '0')}`;
    const turn = decide(scenario, view, JSON.stringify(body));
    const fixed = view.tools.length > 0 ? scenarioFor(scenario, view).usage : undefined;
    const usage = fixed ?? turnUsage(JSON.stringify(body).length, JSON.stringify(turn).length, view.toolResults.length);
    rec.turn = turn;
    rec.usage = usage;
    rec.status = 200;
    if (!view.stream && fault?.kind === 'cut') {
      const text = JSON.stringify(whole(view, turn, usage, id));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(text.length) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    if (!view.stream) return sendJson(res, 200, whole(view, turn, usage, id));
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const out = frames(view, turn, usage, id, body);
    if (fault?.kind === 'cut') {
      // half the frames, then half of the next one, then the connection drops
      const half = Math.max(1, Math.floor(out.length / 2));
      res.write(out.slice(0, half).join('') + out[half]!.slice(0, Math.floor(out[half]!.length / 2)));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    for (const f of out) res.write(f);
    res.end();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `scripted endpoint bug: ${(error as Error).message}` } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    agentTurns: () => requests.filter((r) => r.status === 200 && r.view && r.view.tools.length > 0),
    setScenario: (s) => {
      scenario = s;
    },
    injectFault: (fault, count = Number.POSITIVE_INFINITY, options = {}) => {
      faults.push({ fault, left: count, agentOnly: options.agentOnly ?? false });
    },
    clearFaults: () => {
      faults.length = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
