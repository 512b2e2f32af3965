// The executor plug-in interface (SPEC 2.9): one way to run one agent once.
import { WaveBenchError } from '../errors.js';
import type { AgentDefinition } from '../wave/types.js';
import type { SpendExceeded, SpendPool } from './spend.js';

/** Limits one agent run must stay inside. */
export interface AgentBudget {
  /** Max agent turns, for CLIs that accept a limit; undefined = the CLI's default. */
  turns?: number;
  /** Wall-clock limit for the whole run, including rate-limit retries. */
  minutes: number;
  /** Rate-limit retries (real CLIs): how many, first backoff and the longest single wait. */
  rateLimit?: { retries: number; baseDelayMs: number; maxDelayMs: number };
  /** The launch's token/cost ceiling, shared with every other agent run of it: report usage as it comes, stop when it is passed. */
  spend?: SpendPool;
}

/** Everything an executor is given to run one agent. Paths are absolute. */
export interface ExecutorRunRequest {
  agent: AgentDefinition;
  lane: string;
  wave: number;
  attempt: number;
  /** The repository the agent works in (its cwd). */
  workspace: string;
  /** The compiled prompt, also written to promptFile. */
  prompt: string;
  promptFile: string;
  /** The agent's inbox and the shared summary as compiled for this run (markdown files). */
  inboxFile: string;
  summaryFile: string;
  /** Where a copy of the agent's combined stdout/stderr is written for people (markers come from ExecutorResult.output). */
  logFile: string;
  /** The wave's coordination log, for agents that post records directly. */
  coordinationLog: string;
  /** Model id when the executor takes one. */
  model?: string;
  /** The only environment variables the agent process receives (allowlist already applied). */
  env: Record<string, string>;
  budget: AgentBudget;
  /** Aborted when the launcher is stopping; the executor must kill the agent's process group. */
  signal?: AbortSignal;
}

/** Tokens and cost of one agent run, the same meaning for every CLI. */
export interface UsageFigures {
  /** Prompt tokens not read from or written to the prompt cache. */
  inputTokens?: number;
  outputTokens?: number;
  /** Prompt tokens read from the cache. */
  cachedInputTokens?: number;
  /** Prompt tokens written to the cache (Anthropic bills them apart). */
  cacheWriteInputTokens?: number;
  /** Cost from wave-bench's price table; absent when the model is not in it ("cost unknown"). */
  costUsd?: number;
  /** Which table entry and price date costUsd came from. */
  pricedAs?: string;
  /** The cost the CLI itself printed, if it prints one (its own prices, or 0 for unknown models). */
  cliCostUsd?: number;
  /** Model turns (requests answered), as the CLI counts them. */
  turns?: number;
}

/** One rate-limit retry an executor made (SPEC 2.9), kept in results. */
export interface RateLimitRetry {
  attempt: number;
  delayMs: number;
  reason: string;
  /** Who waited: the CLI itself (as its output reports it) or wave-bench's executor (absent). */
  by?: 'cli';
}

/**
 * The outcome of an agent run. A non-zero exitCode is the agent's own failure; it is data,
 * never an exception. exitCode is null when the process was killed (timedOut or signal set).
 */
export interface ExecutorResult {
  exitCode: number | null;
  timedOut: boolean;
  signal?: string;
  durationMs: number;
  usage?: UsageFigures;
  rateLimitRetries?: RateLimitRetry[];
  /**
   * The agent's stdout and stderr as the launcher read them from its own pipes (all attempts of a
   * rate-limited run). Markers and verdicts are parsed from this, never from the log file, which
   * any process of the same user can append to.
   */
  output?: string;
  /**
   * The run failed because the model endpoint did (5xx, a cut stream, no connection), as the CLI
   * reported it: infrastructure, recorded apart from the agent's own failures. Absent otherwise.
   */
  modelError?: string;
  /**
   * Which budget ended the run, when one did: the wall-clock limit, the turn limit as the CLI
   * reported it, or the launch's token or cost ceiling (this run was stopped, or its usage passed it).
   */
  budgetExhausted?: 'time' | 'turns' | SpendExceeded;
}

/** What would run, for `--dry-run` and for reports: exact argv, cwd and env variable names. */
export interface ExecutorPreview {
  executor: string;
  argv: string[];
  cwd: string;
  envKeys: string[];
  /** Text sent on stdin, if any (e.g. the prompt). */
  stdinFrom?: string;
}

/** An executor plug-in. Register implementations in registry.ts. */
export interface Executor {
  readonly id: string;
  preview(request: ExecutorRunRequest): ExecutorPreview;
  run(request: ExecutorRunRequest): Promise<ExecutorResult>;
}

/**
 * The executor itself failed (binary missing, sandbox gone, could not spawn): infrastructure,
 * never the agent's fault. Kept apart from the agent's own exit code all the way into results.
 */
export class ExecutorError extends WaveBenchError {
  readonly executor: string;
  constructor(executor: string, code: string, message: string, options: { fix?: string; cause?: unknown } = {}) {
    super(code, `executor ${executor}: ${message}`, { ...options, exitCode: 3 });
    this.name = 'ExecutorError';
    this.executor = executor;
  }
}
