// Running one native item (case × arm × epoch) with the real launcher on a scratch workspace,
// then scoring it from the artifacts the run left behind (SPEC 3.2).
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  appendCoordinationRecords,
  createRecord,
  lanePaths,
  launchWave,
  materialize,
  readCoordinationLog,
  readNoFollow,
  renderWaveFile,
  type HelperAssignment,
  type IntegrationSummary,
  type LaunchOptions,
  type LaunchOutcome,
  type SpendLimit,
} from '../../orchestrator/index.js';
import type { Arm } from '../load/arms.js';
import type { EvalCase } from '../load/cases.js';
import { planCaseWave, WAVE_FILE } from '../plan/case-wave.js';
import { alignedScore, METRICS } from '../schema/metrics.js';
import { scoreNativeMetrics, type RunArtifacts } from '../score/native-metrics.js';
import type { NativeItemResult } from '../schema/native-results.js';

/** Start of the logical clock of every native run: scores never depend on wall-clock time. */
export const LOGICAL_EPOCH = Date.parse('2026-01-01T00:00:00.000Z');
const LOGICAL_STEP_MS = 60_000;

export interface NativeRunSettings {
  workRoot: string;
  maxRetries: number;
  concurrency: number;
  agentTimeoutMinutes: number;
  /** Executor of the implementation agents (stewards always run the built-in `steward`). */
  executor: string;
  command?: string;
  model?: string;
  spendLimit?: SpendLimit;
}

function logicalClock() {
  let ms = LOGICAL_EPOCH;
  return { now: () => new Date((ms += LOGICAL_STEP_MS)) };
}

/**
 * Writes a fresh item folder: `workspace/` (the shared workspace: the wave file and the case's seed
 * records, nothing else) and `private/` beside it (policies and each agent's observations), so no
 * agent-visible file holds policies, expectations or another agent's knowledge.
 */
function prepareItem(c: EvalCase, arm: Arm, itemDir: string, settings: NativeRunSettings) {
  rmSync(itemDir, { recursive: true, force: true });
  const workspace = join(itemDir, 'workspace');
  mkdirSync(join(workspace, dirname(WAVE_FILE)), { recursive: true });
  const plan = planCaseWave(c, {
    executor: settings.executor,
    ...(settings.command ? { command: settings.command } : {}),
    privateDir: join(itemDir, 'private'),
    knowledge: arm.knowledge,
  });
  for (const [path, policy] of Object.entries(plan.policies)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify(policy, null, 2) + '\n');
  }
  for (const o of plan.observations) {
    mkdirSync(dirname(o.path), { recursive: true });
    writeFileSync(o.path, o.text);
  }
  writeFileSync(join(workspace, WAVE_FILE), renderWaveFile(plan.wave));
  const seeds = c.fixture.seedRecords.map((s, i) =>
    createRecord({ ...s, lane: 'main', wave: 1, source: 'case-seed' }, { now: () => new Date(LOGICAL_EPOCH - 3_600_000 + i * 1_000) }),
  );
  appendCoordinationRecords(lanePaths(workspace).coordinationLog(1), seeds);
  return { plan, workspace };
}

/** The case's arrivals as launcher world events, grouped by closure stage. */
function worldEvents(c: EvalCase): NonNullable<LaunchOptions['worldEvents']> {
  const stages = [...new Set(c.fixture.arrivals.map((a) => a.stage))];
  return stages.map((stage) => ({
    stage,
    records: c.fixture.arrivals
      .filter((a) => a.stage === stage)
      .map((a) => createRecord({ ...a.record, lane: 'main', wave: 1, source: 'world' }, { now: () => new Date(LOGICAL_EPOCH) })),
  }));
}

// Lane state lives in the workspace agents write to: read it without following planted symlinks.
const readState = (path: string) => readNoFollow(path).toString('utf8');

function readJson<T>(path: string, fallback: T): T {
  const text = readState(path);
  try {
    return text ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback; // a projection an agent overwrote with garbage scores as absent, never as a crash
  }
}

/** The artifacts a case is scored from, read back from the workspace. */
export function collectArtifacts(workspace: string, outcome: LaunchOutcome, integrationStewardId: string | undefined): RunArtifacts {
  const paths = lanePaths(workspace);
  const projections = paths.projectionsDir(1);
  const inboxDir = join(projections, 'inboxes');
  const inboxes = existsSync(inboxDir)
    ? Object.fromEntries(readdirSync(inboxDir).map((f) => [f.replace(/\.md$/, ''), readState(join(inboxDir, f))]))
    : {};
  return {
    records: [...materialize(readCoordinationLog(paths.coordinationLog(1)).records).latest()],
    sharedSummary: readState(join(projections, 'shared-summary.md')),
    inboxes,
    assignments: readJson<HelperAssignment[]>(join(projections, 'assignments.json'), []),
    integration: readJson<IntegrationSummary | null>(join(projections, 'integration.json'), null),
    passed: outcome.ok,
    exitCode: outcome.exitCode,
    ...(integrationStewardId ? { integrationStewardId } : {}),
  };
}

const EXCERPT_LINES = 20;

/** The last lines of the log of the agent the failing gate names (else the last agent that ran). */
function logExcerpt(outcome: LaunchOutcome): string {
  const trace = outcome.traceDirs.at(-1);
  if (!trace) return '';
  const agentId = outcome.snapshot && !outcome.snapshot.ok ? outcome.snapshot.overall.agentId : undefined;
  const id = agentId ?? outcome.agentRuns.at(-1)?.agentId;
  const file = id ? join(trace, 'agents', id, 'log.txt') : undefined;
  if (!file) return '';
  const lines = readState(file).trimEnd().split('\n');
  return `${id}: ${lines.slice(-EXCERPT_LINES).join('\n')}`.slice(-4_000);
}

/** Runs and scores one item. Infrastructure failures (executor errors) are reported, not scored as model failures. */
export async function runNativeItem(c: EvalCase, arm: Arm, epoch: number, settings: NativeRunSettings): Promise<NativeItemResult> {
  const itemDir = join(settings.workRoot, c.id, arm.id, `epoch-${epoch}`);
  const { plan, workspace } = prepareItem(c, arm, itemDir, settings);
  const started = performance.now();
  const outcome = await launchWave({
    workspace,
    waveFile: join(workspace, WAVE_FILE),
    features: arm.features,
    maxRetries: settings.maxRetries,
    concurrency: settings.concurrency,
    agentTimeoutMinutes: settings.agentTimeoutMinutes,
    clock: logicalClock(),
    primaryAgent: c.fixture.primaryAgent,
    preferredAgents: c.fixture.preferredAgents,
    runId: `${c.id}--${arm.id}--${epoch}`,
    observationFiles: Object.fromEntries(plan.observations.map((o) => [o.agentId, o.path])),
    worldEvents: worldEvents(c),
    ...(settings.model ? { model: settings.model } : {}),
    ...(settings.spendLimit ? { spendLimit: settings.spendLimit } : {}),
  });
  const steward = arm.features.closure ? plan.wave.agents.find((a) => a.role === 'integration')?.id : undefined;
  const artifacts = collectArtifacts(workspace, outcome, steward);
  const metrics = scoreNativeMetrics(c, artifacts);
  const primaryValue = metrics[c.scoring.primaryMetric] ?? 0;
  const aligned = alignedScore(c.scoring.primaryMetric, primaryValue);
  // The wave verdict must agree with the case: closing a must-not-close case (or refusing to close
  // one that should close) fails the item whatever the primary metric says.
  const verdict = { expected: c.expectations.closure, closed: outcome.ok, agrees: (c.expectations.closure === 'close') === outcome.ok };
  // An item whose agents were stopped by its spend ceiling was not measured to the end: it cannot pass.
  const budgetExceeded = outcome.budgetExceeded?.detail;
  const passed = aligned >= c.scoring.threshold && verdict.agrees && !budgetExceeded;
  const infraErrors = outcome.agentRuns.filter((r) => r.executorError).map((r) => `${r.agentId}: ${r.executorError}`);
  return {
    itemId: `${c.id}::${arm.id}::${epoch}`,
    caseId: c.id,
    family: c.family,
    benchmarkId: c.benchmarkId,
    arm: arm.id,
    epoch,
    metrics,
    primary: {
      metric: c.scoring.primaryMetric,
      direction: METRICS[c.scoring.primaryMetric],
      value: primaryValue,
      alignedScore: aligned,
      threshold: c.scoring.threshold,
      passed,
    },
    verdict,
    classification: infraErrors.length ? 'infra-error' : passed ? 'passed' : 'failed',
    ...(infraErrors.length ? { infraErrors } : {}),
    ...(budgetExceeded ? { budgetExceeded } : {}),
    live: {
      attempts: outcome.attempts,
      relaunchesByRole: outcome.relaunchesByRole,
      gateOutcome: outcome.snapshot?.ok ? 'pass' : 'fail',
      failingStatusCode: outcome.snapshot && !outcome.snapshot.ok ? outcome.snapshot.overall.statusCode : null,
      finalStatus: outcome.ok ? 'passed' : `failed (exit ${outcome.exitCode})`,
      exitCode: outcome.exitCode,
      recordsWritten: artifacts.records.length,
      responseMetrics: readJson(join(lanePaths(workspace).projectionsDir(1), 'metrics.json'), {}),
      wallTimeMs: Math.round(performance.now() - started),
      agentProcessTimeMs: outcome.agentProcessTimeMs,
    },
    gates: outcome.snapshot?.gates ?? [],
    logExcerpt: logExcerpt(outcome),
    artifacts: { workspace, traceDir: outcome.traceDirs.at(-1) ?? null },
  };
}
