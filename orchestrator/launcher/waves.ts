// Multi-wave runs: the waves of a directory, in order, for one lane. A run-state file records which
// waves completed and with which wave-file hash, so the same command after a crash skips them; the
// middle wave itself resumes from its control log (launchWave). Declared dependencies gate each wave.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendControlEvents, createControlEvent, readControlLog } from '../control/events.js';
import { WaveBenchError } from '../errors.js';
import { lanePaths } from '../paths.js';
import { loadWaveFile } from '../wave/load.js';
import { waveNumberFromName } from '../wave/parse.js';
import { launchWave } from './launch.js';
import { findResumePoint, type LauncherControlEvent } from './resume.js';
import { sha256 } from './run-agent.js';
import type { LaunchOptions, LaunchOutcome } from './types.js';

export const RUN_STATE_FILE = 'run-state.json';
export const EXIT_DEPENDENCY_OPEN = 44; // a wave's declared dependency has not completed

export interface CompletedWave {
  wave: number;
  waveFile: string;
  sha256: string;
  completedAt: string;
  attempts: number;
  /** How the entry got here: a launch that passed, or `--reconcile-status` from the control log. */
  via: 'launch' | 'reconcile';
}

export interface RunState {
  schema: 1;
  lane: string;
  completed: CompletedWave[];
}

export interface MultiWaveOptions extends Omit<LaunchOptions, 'waveFile'> {
  wavesDir: string;
  startWave?: number;
  endWave?: number;
  /** Start at the first wave (from startWave) not completed, and go on to endWave (default: the last). */
  autoNext?: boolean;
  /** Rebuild the run state from the lane's control logs before running. */
  reconcile?: boolean;
}

export interface MultiWaveOutcome {
  ok: boolean;
  exitCode: number;
  ran: { wave: number; outcome: LaunchOutcome }[];
  skipped: { wave: number; reason: string }[];
  reason: string;
  runStateFile: string;
}

export function runStatePath(workspace: string, lane = 'main'): string {
  return join(lanePaths(workspace, lane).root, RUN_STATE_FILE);
}

export function readRunState(workspace: string, lane = 'main'): RunState {
  const file = runStatePath(workspace, lane);
  if (!existsSync(file)) return { schema: 1, lane, completed: [] };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new WaveBenchError('run-state-unreadable', `${file} is not valid JSON (${(error as Error).message})`, {
      fix: `rebuild it from the control logs: wave-bench launch --waves-dir <dir> --workspace ${workspace} --lane ${lane} --reconcile-status`,
    });
  }
  const state = value as Partial<RunState>;
  if (
    state.schema !== 1 ||
    !Array.isArray(state.completed) ||
    !state.completed.every((c) => typeof c?.wave === 'number' && typeof c?.sha256 === 'string')
  ) {
    throw new WaveBenchError('run-state-invalid', `${file}: expected {"schema": 1, "completed": [{"wave": <n>, "sha256": "..."}]}`, {
      fix: `rebuild it from the control logs with --reconcile-status`,
    });
  }
  return { schema: 1, lane, completed: state.completed };
}

/** Written whole to a temporary file and renamed, so a crash leaves the old state or the new one. */
export function writeRunState(workspace: string, state: RunState): void {
  const file = runStatePath(workspace, state.lane);
  mkdirSync(join(file, '..'), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ ...state, completed: [...state.completed].sort((a, b) => a.wave - b.wave) }, null, 2) + '\n');
  renameSync(tmp, file);
}

/** The `wave-<N>.md` files of a directory, by wave number. */
export function listWaveFiles(dir: string): { wave: number; file: string }[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new WaveBenchError('waves-dir-missing', `--waves-dir ${dir} does not exist or is not a directory`, {
      fix: 'pass the directory holding wave-<N>.md files',
    });
  }
  const waves = readdirSync(dir)
    .map((name) => ({ wave: waveNumberFromName(name), file: join(dir, name) }))
    .filter((w): w is { wave: number; file: string } => w.wave !== undefined)
    .sort((a, b) => a.wave - b.wave);
  if (waves.length === 0)
    throw new WaveBenchError('waves-dir-empty', `${dir} holds no wave-<N>.md files`, {
      fix: "pass the directory holding the lane's wave files",
    });
  return waves;
}

/** Rebuilds the run state from each wave's control log: a wave completed when its last attempt passed. */
export function reconcileRunState(workspace: string, lane: string, waves: { wave: number; file: string }[]): RunState {
  const paths = lanePaths(workspace, lane);
  const completed: CompletedWave[] = [];
  for (const w of waves) {
    const events = readControlLog(paths.controlLog(w.wave)).events as unknown as (LauncherControlEvent & { recordedAt: string })[];
    const point = findResumePoint(events);
    if (!point.alreadyPassed) continue;
    const finished = events.filter((e) => e.entityType === 'wave_run' && e.action === 'finished' && e.data.ok === true).at(-1);
    const passed = events.filter((e) => e.entityType === 'attempt' && e.action === 'finished' && e.data.ok === true).at(-1)!;
    // Logs from before wave_run events carry no hash: the wave file as it is now is taken to be the one that passed.
    const hash = typeof finished?.data.sha256 === 'string' ? finished.data.sha256 : sha256(readFileSync(w.file, 'utf8'));
    completed.push({
      wave: w.wave,
      waveFile: w.file,
      sha256: hash,
      completedAt: passed.recordedAt,
      attempts: passed.attempt,
      via: 'reconcile',
    });
  }
  return { schema: 1, lane, completed };
}

/** Runs the selected waves in order; stops at the first wave that does not pass. */
export async function launchWaves(options: MultiWaveOptions): Promise<MultiWaveOutcome> {
  const lane = options.lane ?? 'main';
  const all = listWaveFiles(options.wavesDir);
  const stateFile = runStatePath(options.workspace, lane);
  let state = options.reconcile ? reconcileRunState(options.workspace, lane, all) : readRunState(options.workspace, lane);
  if (options.reconcile) {
    writeRunState(options.workspace, state);
    options.onEvent?.({
      type: 'message',
      text: `run state rebuilt from control logs: completed waves ${state.completed.map((c) => c.wave).join(', ') || 'none'}`,
    });
  }
  const hashOf = (file: string) => sha256(readFileSync(file, 'utf8'));
  const isComplete = (w: { wave: number; file: string }) => state.completed.some((c) => c.wave === w.wave && c.sha256 === hashOf(w.file));
  const first = options.startWave ?? all[0]!.wave;
  if (options.startWave !== undefined && !all.some((w) => w.wave === options.startWave)) {
    throw new WaveBenchError(
      'wave-missing',
      `--start-wave ${options.startWave}: ${options.wavesDir} has no wave-${options.startWave}.md (waves: ${all.map((w) => w.wave).join(', ')})`,
      { fix: 'name a wave that exists' },
    );
  }
  const skipped: MultiWaveOutcome['skipped'] = [];
  let selected = all.filter((w) => w.wave >= first && w.wave <= (options.endWave ?? (options.autoNext ? Infinity : first)));
  if (options.endWave !== undefined && options.endWave < first)
    throw new WaveBenchError('wave-range', `--end-wave ${options.endWave} is before --start-wave ${first}`, {
      fix: 'give --end-wave >= --start-wave',
    });
  if (options.autoNext) {
    const next = selected.findIndex((w) => !isComplete(w));
    const done = next < 0 ? selected : selected.slice(0, next);
    selected = next < 0 ? [] : selected.slice(next);
    for (const w of done) skipped.push({ wave: w.wave, reason: 'already completed' });
  }
  const ran: MultiWaveOutcome['ran'] = [];
  const say = (text: string) => options.onEvent?.({ type: 'message', text });
  for (const w of selected) {
    const recorded = state.completed.find((c) => c.wave === w.wave);
    if (recorded && recorded.sha256 === hashOf(w.file)) {
      skipped.push({ wave: w.wave, reason: 'already completed' });
      say(`wave ${w.wave}: already completed (${recorded.completedAt}); skipped`);
      continue;
    }
    const def = loadWaveFile(w.file, {
      requireContQa: options.features?.closure !== false,
      ...(options.closureIds ? { closureIds: options.closureIds } : {}),
    });
    const missing = (def.dependsOn ?? []).filter((d) => !state.completed.some((c) => c.wave === d));
    if (missing.length) {
      throw new WaveBenchError(
        'wave-dependency-open',
        `wave ${w.wave} depends on wave ${missing.join(', wave ')}, which has not completed in lane ${lane} (run state: ${stateFile})`,
        {
          exitCode: EXIT_DEPENDENCY_OPEN,
          fix: `run wave ${missing[0]} first (wave-bench launch --waves-dir ${options.wavesDir} --start-wave ${missing[0]} ...), or --reconcile-status if it completed in an earlier run`,
        },
      );
    }
    if (recorded && !options.dryRun) {
      // The wave passed before with different text: its control log says "passed", so ask for a rerun
      // of its implementation agents (a recorded rerun request, as an operator would).
      say(`wave ${w.wave}: ${w.file} changed since it completed; running it again`);
      const agentIds = def.agents.filter((a) => a.role === 'implementation').map((a) => a.id);
      appendControlEvents(lanePaths(options.workspace, lane).controlLog(w.wave), [
        createControlEvent({
          lane,
          wave: w.wave,
          runId: options.runId ?? `waves-${process.pid}`,
          entityType: 'rerun_request',
          entityId: `rerun-changed-${hashOf(w.file).slice(0, 12)}`,
          action: 'requested',
          actor: 'launcher',
          attempt: 0,
          data: { agentIds, reason: 'wave file changed since the wave completed', previousSha256: recorded.sha256 },
        }),
      ]);
    }
    say(`wave ${w.wave}: starting (${w.file})`);
    const { wavesDir: _d, startWave: _s, endWave: _e, autoNext: _a, reconcile: _r, ...launch } = options;
    const outcome = await launchWave({ ...launch, waveFile: w.file });
    ran.push({ wave: w.wave, outcome });
    if (!outcome.ok) {
      return {
        ok: false,
        exitCode: outcome.exitCode,
        ran,
        skipped,
        reason: `wave ${w.wave} did not pass: ${outcome.reason}`,
        runStateFile: stateFile,
      };
    }
    if (!options.dryRun) {
      state = {
        ...state,
        completed: [
          ...state.completed.filter((c) => c.wave !== w.wave),
          {
            wave: w.wave,
            waveFile: w.file,
            sha256: hashOf(w.file),
            completedAt: new Date().toISOString(),
            attempts: outcome.attempts,
            via: 'launch',
          },
        ],
      };
      writeRunState(options.workspace, state);
    }
  }
  const done = ran.map((r) => r.wave);
  return {
    ok: true,
    exitCode: 0,
    ran,
    skipped,
    reason:
      selected.length === 0
        ? 'every selected wave has already completed; nothing to do'
        : `waves ${done.join(', ') || 'none'} passed${skipped.length ? `; ${skipped.map((s) => s.wave).join(', ')} already complete` : ''}`,
    runStateFile: stateFile,
  };
}
