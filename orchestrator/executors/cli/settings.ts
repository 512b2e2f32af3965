// How each real CLI is pointed at its model endpoint and kept quiet (docs/executors.md). The
// endpoint and key come from the agent's environment, in the variables each vendor's own tools
// use: ANTHROPIC_BASE_URL / ANTHROPIC_API_KEY for claude, OPENAI_BASE_URL / OPENAI_API_KEY for
// codex and opencode (both speak OpenAI's protocols). Without a base URL each CLI uses its
// vendor's default endpoint. Telemetry, update checks and other background traffic are always off.
import { join } from 'node:path';
import type { ExecutorRunRequest } from '../types.js';

/** Host variables each CLI reads for its endpoint and credentials; agents get them when set. */
export const CLI_ENDPOINT_ENV: Record<string, readonly string[]> = {
  claude: ['ANTHROPIC_BASE_URL', 'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN'],
  codex: ['OPENAI_BASE_URL', 'OPENAI_API_KEY', 'CODEX_API_KEY'],
  opencode: ['OPENAI_BASE_URL', 'OPENAI_API_KEY'],
};

/** The provider id wave-bench defines for a custom endpoint (codex -c model_providers.<id>, opencode provider.<id>). */
export const ENDPOINT_PROVIDER = 'wave-endpoint';

/** claude: its own variables carry the endpoint; these switch off every non-essential request. */
export function claudeEnv(): Record<string, string> {
  return { CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_TELEMETRY: '1', DISABLE_AUTOUPDATER: '1', DISABLE_ERROR_REPORTING: '1' };
}

/** codex: its own home under the agent's HOME (config, sessions, helper binaries). */
export function codexEnv(request: ExecutorRunRequest): Record<string, string> {
  return request.env.HOME ? { CODEX_HOME: join(request.env.HOME, '.codex') } : {};
}

/** codex `-c` overrides: a Responses-API provider for OPENAI_BASE_URL, analytics off. */
export function codexConfigArgs(request: ExecutorRunRequest): string[] {
  const args = ['-c', 'analytics.enabled=false', '--disable', 'plugins'];
  const baseUrl = request.env.OPENAI_BASE_URL;
  if (!baseUrl) return args;
  const p = `model_providers.${ENDPOINT_PROVIDER}`;
  const key = request.env.OPENAI_API_KEY ? 'OPENAI_API_KEY' : 'CODEX_API_KEY';
  return [
    ...args,
    '-c',
    `model_provider="${ENDPOINT_PROVIDER}"`,
    '-c',
    `${p}.name="${ENDPOINT_PROVIDER}"`,
    '-c',
    `${p}.base_url="${baseUrl}"`,
    '-c',
    `${p}.wire_api="responses"`,
    '-c',
    `${p}.env_key="${key}"`,
  ];
}

/** opencode: background installs, model-list fetches, project config and ~/.claude reading off. */
export function opencodeEnv(request: ExecutorRunRequest, model: string | undefined, turns?: number): Record<string, string> {
  const env: Record<string, string> = {
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
    OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
    OPENCODE_DISABLE_CLAUDE_CODE: '1',
    OPENCODE_DISABLE_PROJECT_CONFIG: '1',
  };
  env.OPENCODE_CONFIG_CONTENT = JSON.stringify(
    opencodeConfig(
      request.env.OPENAI_BASE_URL,
      model,
      turns === undefined ? undefined : { agent: request.agent.executor.agent ?? 'build', steps: turns },
    ),
  );
  return env;
}

/**
 * opencode's config: no sharing, no updates, no snapshots (opencode otherwise snapshots the whole
 * workspace with git before every step — 10–40 s a step on a workspace holding agent homes), and
 * for `baseUrl` one OpenAI-compatible provider (chat completions).
 */
export function opencodeConfig(
  baseUrl: string | undefined,
  model: string | undefined,
  limit?: { agent: string; steps: number },
): Record<string, unknown> {
  const id = model ? opencodeModelId(model) : undefined;
  // external_directory: opencode run rejects any path outside --dir, but an agent's private
  // observations file (WAVE_OBSERVATIONS_FILE) lives outside the shared workspace by design.
  const config: Record<string, unknown> = {
    $schema: 'https://opencode.ai/config.json',
    autoupdate: false,
    share: 'disabled',
    snapshot: false,
    permission: { external_directory: 'allow' },
  };
  if (limit) config.agent = { [limit.agent]: { steps: limit.steps } }; // the turn budget: opencode has no flag for it
  if (baseUrl)
    config.provider = {
      [ENDPOINT_PROVIDER]: {
        npm: '@ai-sdk/openai-compatible',
        name: ENDPOINT_PROVIDER,
        options: { baseURL: baseUrl, apiKey: '{env:OPENAI_API_KEY}' },
        models: id ? { [id]: { name: id } } : {},
      },
    };
  return config;
}

/** The model id inside the endpoint provider (`wave-endpoint/gpt-x` → `gpt-x`). */
function opencodeModelId(model: string): string {
  return model.startsWith(`${ENDPOINT_PROVIDER}/`) ? model.slice(ENDPOINT_PROVIDER.length + 1) : model;
}

/** `-m` for opencode: provider/model; a bare model id goes to the endpoint provider when one is set. */
export function opencodeModelArg(request: ExecutorRunRequest, model: string): string {
  if (request.env.OPENAI_BASE_URL) return `${ENDPOINT_PROVIDER}/${opencodeModelId(model)}`;
  return model;
}
