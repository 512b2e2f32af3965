// Reads the project config (`wave-bench.config.json` in the workspace, or --config FILE) and merges one
// lane's defaults with the command-line flags: flags win, then the config, then built-in defaults.
// Every effective setting carries where it came from; the launcher records them with the run.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXECUTOR_IDS, InputError, type InputIssue, type LaunchOptions, type RoleExecutor } from '../../orchestrator/index.js';
import { ProjectConfigSchema, type LaneConfig } from '../schema/lane-config.js';
import { readJsonFile } from './json-file.js';
import { zodIssues } from './zod-issues.js';

export const CONFIG_FILE = 'wave-bench.config.json';
const FIX = 'see docs/launcher.md "Lane configuration" for the fields and their ranges';

export interface LoadedLaneConfig {
  file?: string;
  lane?: LaneConfig;
}

/** The lane's section of the project config; none when there is no file (or the lane is not in it). */
export function loadLaneConfig(workspace: string, lane: string, explicit?: string): LoadedLaneConfig {
  const file = explicit ? resolve(explicit) : join(workspace, CONFIG_FILE);
  if (!existsSync(file)) {
    if (explicit)
      throw new InputError(
        [{ file, where: '(file)', message: 'no such file' }],
        'pass --config with an existing file, or leave it out to use <workspace>/wave-bench.config.json when present',
      );
    return {};
  }
  const parsed = ProjectConfigSchema.safeParse(readJsonFile(file).value);
  if (!parsed.success) throw new InputError(zodIssues(file, parsed.error), FIX);
  const section = parsed.data.lanes[lane];
  if (section) checkChoices(file, lane, section);
  return { file, ...(section ? { lane: section } : {}) };
}

function checkChoices(file: string, lane: string, cfg: LaneConfig): void {
  const issues: InputIssue[] = [];
  const check = (where: string, choice: string | undefined) => {
    if (choice === undefined) return;
    if (choice.startsWith('profile:')) {
      const name = choice.slice('profile:'.length);
      if (!cfg.executors.profiles[name])
        issues.push({
          file,
          where,
          message: `no profile "${name}" in lanes.${lane}.executors.profiles (profiles: ${Object.keys(cfg.executors.profiles).join(', ') || 'none'})`,
        });
    } else if (!EXECUTOR_IDS.includes(choice))
      issues.push({ file, where, message: `"${choice}" is neither an executor (${EXECUTOR_IDS.join(', ')}) nor "profile:<name>"` });
  };
  check(`lanes.${lane}.executors.default`, cfg.executors.default);
  check(`lanes.${lane}.executors.fallback`, cfg.executors.fallback);
  for (const [role, choice] of Object.entries(cfg.executors.byRole)) check(`lanes.${lane}.executors.byRole.${role}`, choice);
  if (issues.length) throw new InputError(issues, FIX);
}

function roleExecutor(cfg: LaneConfig, choice: string | undefined, model: string | undefined): RoleExecutor | undefined {
  if (choice === undefined && model === undefined) return undefined;
  const profile = choice?.startsWith('profile:') ? cfg.executors.profiles[choice.slice('profile:'.length)] : undefined;
  const executor = profile?.executor ?? choice;
  const out: RoleExecutor = {};
  if (executor) out.executor = executor;
  const m = model ?? profile?.model;
  if (m) out.model = m;
  if (profile?.timeoutMinutes) out.timeoutMinutes = profile.timeoutMinutes;
  if (profile?.maxTurns) out.maxTurns = profile.maxTurns;
  return out;
}

export interface LaunchFlags {
  concurrency?: number;
  maxRetries?: number;
  agentTimeoutMinutes?: number;
  waveTimeoutMinutes?: number;
  humanTimeoutMinutes?: number;
}

export const BUILTIN = { concurrency: 4, maxRetries: 2, humanTimeoutMinutes: 30 } as const;

/** Launch options from flags over the lane config over built-in defaults, with each one's source. */
export function laneLaunchSettings(
  loaded: LoadedLaneConfig,
  flags: LaunchFlags,
): {
  options: Partial<LaunchOptions> & { concurrency: number; maxRetries: number };
  humanTimeoutMinutes: number;
  sources: Record<string, string>;
} {
  const cfg = loaded.lane;
  const from = `config:${loaded.file}`;
  const sources: Record<string, string> = {};
  const pick = <T>(name: string, flag: T | undefined, config: T | undefined, builtin?: T): T | undefined => {
    if (flag !== undefined) {
      sources[name] = 'flag';
      return flag;
    }
    if (config !== undefined) {
      sources[name] = from;
      return config;
    }
    if (builtin !== undefined) sources[name] = 'default';
    return builtin;
  };
  const concurrency = pick('concurrency', flags.concurrency, cfg?.budgets.concurrency, BUILTIN.concurrency)!;
  const maxRetries = pick('maxRetries', flags.maxRetries, cfg?.budgets.maxRetries, BUILTIN.maxRetries)!;
  const agentTimeoutMinutes = pick('agentTimeoutMinutes', flags.agentTimeoutMinutes, cfg?.budgets.agentTimeoutMinutes);
  const waveTimeoutMinutes = pick('waveTimeoutMinutes', flags.waveTimeoutMinutes, cfg?.budgets.waveTimeoutMinutes);
  const humanTimeoutMinutes = pick(
    'humanTimeoutMinutes',
    flags.humanTimeoutMinutes,
    cfg?.budgets.humanTimeoutMinutes,
    BUILTIN.humanTimeoutMinutes,
  )!;
  const options: Partial<LaunchOptions> & { concurrency: number; maxRetries: number } = { concurrency, maxRetries };
  if (agentTimeoutMinutes !== undefined) options.agentTimeoutMinutes = agentTimeoutMinutes;
  if (waveTimeoutMinutes !== undefined) options.waveTimeoutMinutes = waveTimeoutMinutes;
  if (cfg) {
    const roles: NonNullable<LaunchOptions['roleExecutors']> = {};
    const roleNames = new Set([...Object.keys(cfg.executors.byRole), ...Object.keys(cfg.models.byRole)]);
    for (const role of roleNames) {
      const r = roleExecutor(cfg, cfg.executors.byRole[role], cfg.models.byRole[role]);
      if (r) roles[role as keyof typeof roles] = r;
    }
    if (Object.keys(roles).length) {
      options.roleExecutors = roles;
      sources.roleExecutors = from;
    }
    const def = roleExecutor(cfg, cfg.executors.default, cfg.models.default);
    if (def) {
      options.defaultExecutor = def;
      sources.defaultExecutor = from;
    }
    const fallback = cfg.executors.fallback ? roleExecutor(cfg, cfg.executors.fallback, undefined)?.executor : undefined;
    if (fallback) {
      options.fallbackExecutor = fallback;
      sources.fallbackExecutor = from;
    }
    if (Object.keys(cfg.preferredAgents).length) {
      options.preferredAgents = cfg.preferredAgents;
      sources.preferredAgents = from;
    }
    if (cfg.budgets.rateLimit) {
      options.rateLimit = cfg.budgets.rateLimit;
      sources.rateLimit = from;
    }
    const closure = Object.fromEntries(Object.entries(cfg.closureRoles).filter(([, v]) => v !== undefined)) as NonNullable<
      LaunchOptions['closureIds']
    >;
    if (Object.keys(closure).length) {
      options.closureIds = closure;
      sources.closureIds = from;
    }
  }
  return { options, humanTimeoutMinutes, sources };
}
