// Running one agent process: argv, cwd, an explicit env, output appended to the agent's log, a
// wall-clock limit that kills the whole process group. A non-zero exit is data; a binary that
// cannot be started is an ExecutorError.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { execa, type Options } from 'execa';
import { ExecutorError, type ExecutorResult } from './types.js';

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
}

const KILL_GRACE_MS = 2_000; // time between SIGTERM and SIGKILL for the process group

/** Runs the process to completion or timeout; the log receives stdout and stderr interleaved. */
export async function runAgentProcess(spec: ProcessSpec): Promise<ExecutorResult> {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  writeFileSync(spec.logFile, '', { flag: 'a' });
  const started = performance.now();
  let timedOut = false;
  {
    const log = { file: spec.logFile, append: true } as const;
    const base = { cwd: spec.cwd, env: spec.env, extendEnv: false, detached: true, reject: false, stdout: log, stderr: log, cleanup: true } as const;
    const options: Options = spec.input === undefined ? { ...base, stdin: 'ignore' } : { ...base, input: spec.input };
    const child = execa(spec.argv[0]!, spec.argv.slice(1), options);
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const stop = () => {
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      stop();
    }, spec.timeoutMs);
    spec.signal?.addEventListener('abort', stop, { once: true });
    const result = await child;
    clearTimeout(timer);
    spec.signal?.removeEventListener('abort', stop);
    const code = (result as { code?: string }).code;
    if (result.failed && (code === 'ENOENT' || code === 'EACCES') && result.exitCode === undefined) {
      throw new ExecutorError(spec.executor, 'executor-binary-missing', `cannot start ${spec.argv[0]}: ${code}`, { fix: `install ${spec.argv[0]} or put it on PATH (wave-bench doctor lists agent CLIs)` });
    }
    return {
      exitCode: timedOut || result.signal ? null : (result.exitCode ?? null),
      timedOut,
      ...(result.signal ? { signal: result.signal } : {}),
      durationMs: Math.round(performance.now() - started),
    };
  }
}
