// Running one agent process: argv, cwd, an explicit env, a wall-clock limit. The agent starts as
// a session leader; its stdout and stderr come through pipes the launcher owns, are appended to the
// agent's log for people to read, and are handed back as `output`, the only text markers are read
// from. When the agent ends (exit, timeout, abort) every process it started is killed, and a
// watchdog does the same if the launcher itself dies (docs/launcher.md "Process isolation"). A
// non-zero exit is data; a binary that cannot be started is an ExecutorError.
import { randomBytes } from 'node:crypto';
import { closeSync, writeSync } from 'node:fs';
// execa is loaded on first use: the control CLI imports the orchestrator and must stay cheap to start.
import type { Options } from 'execa';
import { AGENT_TOKEN_ENV, AgentProcessTree, PROC_AVAILABLE } from './process-tree.js';
import { openLogNoFollow } from '../safe-fs.js';
import { ExecutorError, type ExecutorResult } from './types.js';
import { watchAgentRun } from './watchdog.js';

export interface ProcessSpec {
  executor: string;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  logFile: string;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Text for stdin; otherwise stdin is closed (some CLIs block forever on an open pipe). */
  input?: string;
  /** Called with each chunk of stdout/stderr as it arrives (usage meters read it while the agent runs). */
  onOutput?: (chunk: Buffer) => void;
}

const KILL_GRACE_MS = 2_000; // time between SIGTERM and SIGKILL for the process group
const SAMPLE_MS = 100; // how often the agent's descendants are looked up while it runs
const DRAIN_MS = 2_000; // after the tree is killed, how long the pipes may take to close

/** Runs the process to completion or timeout; `output` is its stdout and stderr as this process read them. */
export async function runAgentProcess(spec: ProcessSpec): Promise<ExecutorResult & { output: string }> {
  const { execa } = await import('execa');
  // One descriptor for the whole run: an agent that swaps its log for a symlink never redirects it.
  const logFd = openLogNoFollow(spec.logFile);
  let logOpen = true;
  const started = performance.now();
  const token = randomBytes(12).toString('hex');
  const base = {
    cwd: spec.cwd,
    env: { ...spec.env, [AGENT_TOKEN_ENV]: token },
    extendEnv: false,
    detached: true,
    reject: false,
    stdout: 'pipe',
    stderr: 'pipe',
    buffer: false,
    cleanup: true,
  } as const;
  const options: Options = spec.input === undefined ? { ...base, stdin: 'ignore' } : { ...base, input: spec.input };
  const watched = watchAgentRun(token); // before the start: a launcher killed right after it leaves nothing behind
  const child = execa(spec.argv[0]!, spec.argv.slice(1), options);
  const chunks: Buffer[] = [];
  const capture = (chunk: Buffer) => {
    chunks.push(chunk);
    if (logOpen) writeSync(logFd, chunk);
    spec.onOutput?.(chunk);
  };
  child.stdout?.on('data', (c: Buffer) => capture(Buffer.from(c)));
  child.stderr?.on('data', (c: Buffer) => capture(Buffer.from(c)));
  const tree = child.pid && PROC_AVAILABLE ? new AgentProcessTree(child.pid, token) : undefined;
  if (child.pid) watched.started(child.pid);
  const sampler = tree ? setInterval(() => tree.sample(), SAMPLE_MS) : undefined;
  let timedOut = false;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const stop = () => {
    killGroup('SIGTERM');
    setTimeout(() => {
      killGroup('SIGKILL');
      tree?.killAll();
    }, KILL_GRACE_MS).unref();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    stop();
  }, spec.timeoutMs);
  spec.signal?.addEventListener('abort', stop, { once: true });
  if (spec.signal?.aborted) stop(); // aborted before the agent started (wave budget spent, or a sibling passed the spend ceiling)
  // The agent's own exit ends its run: whatever it left behind is killed before its pipes are drained.
  child.once('exit', () => {
    clearInterval(sampler);
    killGroup('SIGKILL');
    tree?.killAll();
    setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, DRAIN_MS).unref();
  });
  const result = await child;
  logOpen = false;
  closeSync(logFd);
  clearTimeout(timer);
  clearInterval(sampler);
  spec.signal?.removeEventListener('abort', stop);
  tree?.killAll();
  watched.done();
  const code = (result as { code?: string }).code;
  if (result.failed && (code === 'ENOENT' || code === 'EACCES') && result.exitCode === undefined) {
    throw new ExecutorError(spec.executor, 'executor-binary-missing', `cannot start ${spec.argv[0]}: ${code}`, {
      fix: `install ${spec.argv[0]} or put it on PATH (wave-bench doctor lists agent CLIs)`,
    });
  }
  return {
    exitCode: timedOut || result.signal ? null : (result.exitCode ?? null),
    timedOut,
    ...(result.signal ? { signal: result.signal } : {}),
    durationMs: Math.round(performance.now() - started),
    output: Buffer.concat(chunks).toString('utf8'),
  };
}
