// One executor per real CLI: run it with its endpoint settings and its own HOME / TMPDIR, retry on
// rate limits inside the budget (honouring a stated retry-after), parse and price usage (read live
// against the launch's token/cost ceiling, which stops the run when passed), and
// append the assistant's text to the log so markers in it are read like any agent's. Everything
// here reads the output the launcher captured from the CLI's pipes, never the log file.
import { appendFileSync, mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { runAgentProcess } from '../process.js';
import type { Executor, ExecutorResult, ExecutorRunRequest, RateLimitRetry, UsageFigures } from '../types.js';
import type { CliInvocation } from './argv.js';
import { backoffDelay, MAX_RETRIES, rateLimitReason, retryAfterMs, retryRecord } from './rate-limit.js';
import { transcriptBlock } from './transcript.js';
import { LiveUsageMeter, watchSpend } from './live-usage.js';
import { priceUsage } from './usage.js';

export interface CliSpec {
  id: string;
  invocation(request: ExecutorRunRequest): CliInvocation;
  usage(log: string): UsageFigures | undefined;
  /** Usage so far from a run's output while it runs (and of a run stopped early); default `usage`. */
  liveUsage?(log: string): UsageFigures | undefined;
  /** The assistant's own text in the CLI's output (for markers); omitted = the log is plain text. */
  transcript?(log: string): string[];
  /** The model endpoint's failure in a failed run's output (infrastructure, not the agent). */
  modelError?(output: string): string | undefined;
  /** True when the CLI says it stopped at its turn limit. */
  turnLimitHit?(output: string): boolean;
  /** Retries the CLI made on its own (rate limits, overload), when its output reports them. */
  ownRetries?(output: string): RateLimitRetry[];
  /** Backoff base and retry cap; defaults from rate-limit.ts (tests shorten them). */
  retry?: { baseDelayMs: number; maxRetries: number };
}

/**
 * Where a CLI runs. By default a host process in the workspace; a placement moves it elsewhere
 * (the task's container: harness/sandboxes/docker/agent-container.ts) by rewriting the request the
 * CLI sees (working directory, HOME, endpoint) and the host command that runs it there.
 */
export interface AgentPlacement {
  request(request: ExecutorRunRequest): ExecutorRunRequest;
  /**
   * The host command that runs the CLI there, and how to end what it started there once the host
   * command has ended (stopped, timed out or done): killing the host command does not reach it.
   */
  command(
    inv: CliInvocation,
    inner: ExecutorRunRequest,
  ): { argv: string[]; env: Record<string, string>; cwd: string; stop?: () => Promise<void> };
}

/** The process environment: the agent's, the CLI's settings, and directories that must exist. */
function processEnv(request: ExecutorRunRequest, inv: CliInvocation, create: boolean): Record<string, string> {
  const env = { ...request.env, ...inv.env };
  if (create) for (const key of ['TMPDIR', 'CODEX_HOME', 'XDG_STATE_HOME']) if (env[key]) mkdirSync(env[key]!, { recursive: true });
  return env;
}

/** An Executor for a CLI described by `spec`. */
export function cliExecutor(spec: CliSpec, placement?: AgentPlacement): Executor {
  const placed = (request: ExecutorRunRequest, create = false) => {
    const inner = placement ? placement.request(request) : request;
    const inv = spec.invocation(inner);
    return {
      inv,
      ...(placement ? placement.command(inv, inner) : { argv: inv.argv, env: processEnv(request, inv, create), cwd: request.workspace }),
    };
  };
  return {
    id: spec.id,
    preview(request) {
      const { inv, argv, env, cwd } = placed(request);
      return {
        executor: spec.id,
        argv,
        cwd,
        envKeys: Object.keys(env).sort(),
        ...(inv.input !== undefined ? { stdinFrom: request.promptFile } : {}),
      };
    },
    async run(request): Promise<ExecutorResult> {
      const deadline = performance.now() + request.budget.minutes * 60_000;
      const retries: RateLimitRetry[] = [];
      const started = performance.now();
      const model = request.model ?? request.agent.executor.model;
      const liveUsage = spec.liveUsage ?? spec.usage;
      // A run stopped early has no closing usage event: its figures so far stand.
      const usageOf = (text: string) => {
        const parsed = spec.usage(text) ?? liveUsage(text);
        return parsed ? priceUsage(parsed, model) : undefined;
      };
      let captured = '';
      for (let n = 1; ; n += 1) {
        const { inv, argv, env, cwd, stop } = placed(request, true);
        const spend = watchSpend(
          request.budget.spend,
          request.signal,
          () => new LiveUsageMeter(liveUsage, model),
          `${request.agent.id}@${request.attempt}`,
        );
        const result = await runAgentProcess({
          executor: spec.id,
          argv,
          cwd,
          env,
          logFile: request.logFile,
          timeoutMs: Math.max(1_000, deadline - performance.now()),
          ...(inv.input !== undefined ? { input: inv.input } : {}),
          ...(spend.signal ? { signal: spend.signal } : {}),
          ...(spend.onOutput ? { onOutput: spend.onOutput } : {}),
        });
        await stop?.();
        const output = result.output;
        captured += output;
        const reason = result.exitCode !== 0 && !result.timedOut && !spend.exhausted() ? rateLimitReason(output) : undefined;
        const limits = request.budget.rateLimit;
        const backoff = Math.min(
          backoffDelay(n, Math.random, limits?.baseDelayMs ?? spec.retry?.baseDelayMs),
          limits?.maxDelayMs ?? Infinity,
        );
        const delay = Math.max(backoff, retryAfterMs(output) ?? 0);
        if (reason && n <= (limits?.retries ?? spec.retry?.maxRetries ?? MAX_RETRIES) && performance.now() + delay < deadline) {
          spend.finish(usageOf(output));
          retries.push(retryRecord(n, delay, reason));
          await sleep(delay);
          continue;
        }
        if (spec.transcript) {
          // The log and the captured output stay the same text (a resumed launch checks its hash).
          const block = transcriptBlock(spec.id, spec.transcript(output));
          appendFileSync(request.logFile, block);
          captured += block;
        }
        const usage = usageOf(captured);
        spend.finish(usageOf(output)); // this attempt's own figures (earlier rate-limited attempts reported theirs)
        const modelError = result.exitCode !== 0 && !spend.exhausted() ? spec.modelError?.(output) : undefined;
        const budgetExhausted = result.timedOut ? 'time' : (spend.exhausted() ?? (spec.turnLimitHit?.(output) ? 'turns' : undefined));
        retries.push(...(spec.ownRetries?.(captured) ?? []));
        return {
          ...result,
          output: captured,
          durationMs: Math.round(performance.now() - started),
          ...(usage ? { usage } : {}),
          ...(retries.length ? { rateLimitRetries: retries } : {}),
          ...(modelError ? { modelError } : {}),
          ...(budgetExhausted ? { budgetExhausted } : {}),
        };
      }
    },
  };
}
