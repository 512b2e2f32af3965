// Options and outcome of one launcher run (SPEC 2.7), plus the orchestration feature switches arms set.
import type { GateSnapshot } from '../gates/types.js';
import type { ExecutorResult } from '../executors/types.js';

/**
 * Which orchestration mechanisms are on (SPEC 3.1). The full wave turns everything on; arms are
 * data files that set these switches, and the launcher reads only the switches, never arm names.
 */
export interface OrchestrationFeatures {
  /** `all`: every implementation agent; `primary`: only the primary agent (single-agent arm). */
  agents: 'all' | 'primary';
  /** Shared summary given to agents: compiled, counts only, or none. */
  summary: 'compiled' | 'counts' | 'none';
  /** Targeted inboxes; when off an agent sees only records it wrote itself. */
  inboxes: boolean;
  /** Capability routing of requests to helpers (assignment decisions). */
  routing: boolean;
  /** Closure stewards and proof/closure gates; when off the wave passes when every agent exits 0. */
  closure: boolean;
  /** Whether failed attempts are retried (up to the run's maxRetries). */
  retry: boolean;
  /** Computed claim conflicts block the integration gate and become blockers owned by the overruled side. */
  conflictGating: boolean;
  /** A record that reaches an earlier claim after closure started invalidates the closure and relaunches the claim's owner. */
  lateEvidence: boolean;
  /** A capability request left unacknowledged by its assignee for one run is rerouted once to the next capable agent. */
  overdueReroute: boolean;
  /** In a claim conflict the routed specialist's side prevails over unrouted claims (else the majority does). */
  evidenceRanking: boolean;
  /** A request no agent can take blocks closure (`request-unroutable`) and ends the wave without retries. */
  unroutableBlocking: boolean;
}

/** The five closure-time mechanisms (SPEC 3.2), each switchable by an arm. */
export const MECHANISM_FEATURES = ['conflictGating', 'lateEvidence', 'overdueReroute', 'evidenceRanking', 'unroutableBlocking'] as const;
export type MechanismFeature = (typeof MECHANISM_FEATURES)[number];

export const FULL_WAVE_FEATURES: OrchestrationFeatures = {
  agents: 'all',
  summary: 'compiled',
  inboxes: true,
  routing: true,
  closure: true,
  retry: true,
  conflictGating: true,
  lateEvidence: true,
  overdueReroute: true,
  evidenceRanking: true,
  unroutableBlocking: true,
};

/** Injected side effects, so cases and tests can drive the launcher deterministically. */
export interface LauncherClock {
  now(): Date;
}

export interface LaunchOptions {
  workspace: string;
  waveFile: string;
  lane?: string;
  /** Overrides the executor named in the wave file for every agent (e.g. `local`, `scripted`). */
  executor?: string;
  /** Implementations used instead of the registry's for these executor ids (e.g. a CLI placed in the task container). */
  executors?: Record<string, import('../executors/types.js').Executor>;
  model?: string;
  concurrency?: number;
  /** Attempts after the first when the retry feature is on (default DEFAULT_MAX_RETRIES). */
  maxRetries?: number;
  /** Per-agent wall-clock limit. */
  agentTimeoutMinutes?: number;
  maxTurns?: number;
  /** Token and/or cost ceiling over every agent run of this launch, enforced while they run (docs/executors.md "Budgets"). */
  spendLimit?: import('../executors/spend.js').SpendLimit;
  features?: Partial<OrchestrationFeatures>;
  /** The primary agent for `agents: primary`; default the first implementation agent. */
  primaryAgent?: string;
  dryRun?: boolean;
  clock?: LauncherClock;
  /** Environment variables passed through to agents (allowlist), in addition to PATH. */
  envAllowlist?: string[];
  /** How agents invoke the control CLI, shown in prompts. */
  controlCommand?: string;
  /** Progress lines; the CLI passes a TTY-aware renderer. */
  onEvent?: (event: LauncherEvent) => void;
  /** capability → preferred agent for routing (SPEC 2.4). */
  preferredAgents?: Record<string, string>;
  /** Run id recorded on control events; default derived from the clock. */
  runId?: string;
  /** Per agent: a file of private observations outside the shared workspace (`WAVE_OBSERVATIONS_FILE`). */
  observationFiles?: Record<string, string>;
  /**
   * The live human loop: after the implementation runs, clarifications are triaged to agents and
   * questions for a person are waited for (up to timeoutMinutes) instead of failing the attempt.
   * Absent: an open question ends the attempt (human-feedback-open), as in benchmark runs.
   */
  humanLoop?: { timeoutMinutes: number; triage?: boolean };
  /**
   * Lane defaults (from the project config): executor settings per closure role or `implementation`.
   * Precedence: `executor`/`model` above > the agent's own `### Executor` > these > `defaultExecutor` > local.
   */
  roleExecutors?: Partial<Record<import('../wave/types.js').AgentRole, RoleExecutor>>;
  defaultExecutor?: RoleExecutor;
  /** Executor for an agent whose previous run failed in its executor (infrastructure), on the retry. */
  fallbackExecutor?: string;
  /** Rate-limit retries inside an agent's budget (real CLIs). */
  rateLimit?: { retries: number; baseDelaySeconds: number; maxDelaySeconds: number };
  /** Agent ids that play the closure roles when a wave file does not name roles itself (lane config). */
  closureIds?: Partial<import('../wave/types.js').ClosureRoleIds>;
  /** No new attempt starts once the wave has run this long (minutes, wall clock of this launch). */
  waveTimeoutMinutes?: number;
  /** Run a resident orchestrator agent alongside the wave (executor keys as in a wave file's `### Executor`). */
  residentOrchestrator?: { executor: Record<string, string> };
  /** Rewrite this markdown file with the coordination board at every projection refresh. */
  orchestratorBoard?: string;
  /** An operator note posted (once per wave and text) as orchestrator guidance when the launch starts. */
  coordinationNote?: string;
  /** Where each effective setting came from (`flag`, `config:<file>`, `default`); recorded with the run. */
  settingsSources?: Record<string, string>;
  /**
   * Records from outside the wave (CI, monitoring, a late report) that arrive when the closure sweep
   * first reaches `stage` (e.g. `integration`); appended once per lane, recorded as a control event.
   */
  worldEvents?: { stage: string; records: import('../coordination/types.js').CoordinationRecord[] }[];
}

/** One executor setting: which executor, and optionally model and budgets for it. */
export interface RoleExecutor {
  executor?: string;
  model?: string;
  timeoutMinutes?: number;
  maxTurns?: number;
}

export type LauncherEvent =
  | { type: 'attempt-start'; attempt: number; agents: string[] }
  | { type: 'agent-start'; attempt: number; agentId: string }
  | { type: 'agent-end'; attempt: number; agentId: string; result: ExecutorResult | { error: string } }
  | { type: 'agent-reused'; attempt: number; agentId: string }
  | { type: 'stage'; attempt: number; stage: string; ok: boolean; statusCode: string }
  | { type: 'alert'; attempt: number; alert: string; detail: string }
  | { type: 'coordination'; attempt: number; open: number; openBlockers: number; overdueAcks: number; overdueClarifications: number }
  | { type: 'attempt-end'; attempt: number; ok: boolean; statusCode: string }
  | { type: 'message'; text: string };

/** How a launch ended. */
export interface LaunchOutcome {
  ok: boolean;
  /** 0 pass, 1 gates failed after all retries, 43 no safe relaunch target, 45 the wave's time budget was spent. */
  exitCode: number;
  wave: number;
  attempts: number;
  snapshot?: GateSnapshot;
  reason: string;
  relaunchesByRole: Record<string, number>;
  agentRuns: AgentRunRecord[];
  traceDirs: string[];
  wallTimeMs: number;
  agentProcessTimeMs: number;
  /** `wave-timeout`: the wave's time budget ended the launch (not an agent failure; the same command resumes). */
  stoppedBy?: 'wave-timeout';
  /** The launch's spend ceiling was passed (`spendLimit`): which one, and what was spent. The wave did not pass. */
  budgetExceeded?: { ceiling: import('../executors/spend.js').SpendExceeded; detail: string };
}

export interface AgentRunRecord {
  agentId: string;
  attempt: number;
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /** Set when the executor itself or the model endpoint failed (infrastructure), never for the agent's own exit. */
  executorError?: string;
  reused?: boolean;
  promptHash: string;
  usage?: import('../executors/types.js').UsageFigures;
  /** The budget that ended the run, when one did ('time': the agent timeout; 'turns': the CLI's turn limit; 'tokens'/'cost': the launch's ceiling). */
  budgetExhausted?: import('../executors/types.js').ExecutorResult['budgetExhausted'];
  /** The run never started: the launch's token or cost ceiling was already passed. */
  notStarted?: 'budget-exceeded';
  /** Rate-limit retries the executor made (each with its wait). */
  rateLimitRetries?: import('../executors/types.js').RateLimitRetry[];
  /** Set when the launcher stopped the run before it finished: `wave-timeout` (the wave's time budget was spent) or `wave-end`. */
  stoppedBy?: string;
}

export const EXIT_WAVE_FAILED = 1; // the gate snapshot did not pass after all retries
export const EXIT_NO_RELAUNCH_TARGET = 43; // the wave failed and no agent can safely be relaunched
export const EXIT_WAVE_BUDGET_SPENT = 45; // the wave's time budget ran out (running agents stopped); the same command resumes
