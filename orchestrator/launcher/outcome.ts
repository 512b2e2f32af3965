// The verdict of an attempt, as a pure function of its artifacts, so `replay` can recompute it
// from a trace bundle alone: the gate snapshot and the coordination/closure quality figures.
import type { CoordinationView } from '../coordination/types.js';
import { isOpen } from '../coordination/status.js';
import { evaluateGateSnapshot, snapshotOf } from '../gates/snapshot.js';
import type { GateResult, GateSnapshot } from '../gates/types.js';
import type { AgentSummary } from '../markers/types.js';
import { integrationMechanisms } from '../projections/compile.js';
import { compileIntegrationSummary } from '../projections/integration.js';
import { computeResponseMetrics, type ResponseMetrics } from '../projections/metrics.js';
import { resolveAssignments, SEED_SOURCE } from '../projections/routing.js';
import type { AgentDefinition, WaveDefinition } from '../wave/types.js';
import { lateEvidenceGate, type LateArrival } from '../projections/late-evidence.js';
import type { OrchestrationFeatures } from './types.js';

export interface AgentRunOutcome {
  agentId: string;
  exitCode: number | null;
  timedOut: boolean;
  executorError?: string;
}

export interface OutcomeInput {
  wave: WaveDefinition;
  features: OrchestrationFeatures;
  runnable: readonly AgentDefinition[];
  /** Marker summaries with proof bundles already applied. */
  summaries: Readonly<Record<string, AgentSummary>>;
  view: CoordinationView;
  exists: (relativePath: string) => boolean;
  /** The latest run of each runnable agent. */
  runs: readonly AgentRunOutcome[];
  preferredAgents?: Record<string, string>;
  /** Records that reached an earlier claim after the closure sweep started (late-evidence mechanism). */
  lateEvidence?: readonly LateArrival[];
}

export interface Quality {
  coordination: {
    recordVersions: number;
    records: number;
    openRecords: number;
    openBlockers: number;
    openClarifications: number;
    conflicts: number;
    unresolvedAssignments: number;
    metrics: ResponseMetrics;
  };
  closure: {
    gatesEvaluated: number;
    gatesPassed: number;
    failingStatusCode: string | null;
    failingGate: string | null;
  };
}

export interface Outcome {
  snapshot: GateSnapshot;
  quality: Quality;
}

/** Without closure gates a wave passes when every agent that ran exited 0 (SPEC 3.1). */
export function agentRunSnapshot(runs: readonly AgentRunOutcome[]): GateSnapshot {
  const gates: GateResult[] = runs.map((r) => {
    const base = { gate: 'implementation' as const, agentId: r.agentId };
    if (r.executorError) return { ...base, ok: false, statusCode: 'executor-error', detail: r.executorError };
    if (r.timedOut) return { ...base, ok: false, statusCode: 'agent-timeout', detail: 'the agent ran out of time' };
    if (r.exitCode !== 0) return { ...base, ok: false, statusCode: 'agent-exit-nonzero', detail: `exit code ${r.exitCode}` };
    return { ...base, ok: true, statusCode: 'pass', detail: 'exited 0' };
  });
  return snapshotOf(gates);
}

/**
 * An implementation agent whose latest run failed (non-zero exit, timeout, executor error) fails the
 * wave even when it has no exit contract for the implementation gate to check: the run's own result
 * comes first, so an executor error is never read as the work being done.
 */
function withRunFailures(input: OutcomeInput, snapshot: GateSnapshot): GateSnapshot {
  const implementation = new Set(input.runnable.filter((a) => a.role === 'implementation').map((a) => a.id));
  const failed = agentRunSnapshot(input.runs.filter((r) => implementation.has(r.agentId))).gates.filter((g) => !g.ok);
  return failed.length ? snapshotOf([...failed, ...snapshot.gates]) : snapshot;
}

export function computeOutcome(input: OutcomeInput): Outcome {
  const assignments = input.features.routing
    ? resolveAssignments(input.view, input.runnable, { preferredAgents: input.preferredAgents ?? {} })
    : [];
  const integration = compileIntegrationSummary({
    view: input.view,
    agents: input.runnable,
    summaries: input.summaries,
    assignments,
    mechanisms: integrationMechanisms(input.features),
  });
  const late = input.features.lateEvidence !== false && input.lateEvidence?.length ? lateEvidenceGate(input.lateEvidence) : undefined;
  const snapshot = input.features.closure
    ? withRunFailures(
        input,
        evaluateGateSnapshot({
          wave: { ...input.wave, agents: [...input.runnable] },
          summaries: input.summaries,
          exists: input.exists,
          barriers: {
            view: input.view,
            assignments,
            ignoredSources: [SEED_SOURCE],
            unroutableBlocking: input.features.unroutableBlocking !== false,
          },
          conflicts: integration.conflictsBlock ? integration.conflicts : [],
          ...(late ? { invalidation: late } : {}),
        }),
      )
    : agentRunSnapshot(input.runs);
  const now = new Date(input.view.newestTimestamp ?? 0);
  const open = input.view.open().filter((r) => r.source !== SEED_SOURCE);
  return {
    snapshot,
    quality: {
      coordination: {
        recordVersions: input.view.versionCount,
        records: input.view.latest().length,
        openRecords: open.length,
        openBlockers: open.filter((r) => r.kind === 'blocker').length,
        openClarifications: input.view.byKind('clarification-request').filter(isOpen).length,
        conflicts: integration.conflicts.length,
        unresolvedAssignments: assignments.filter((a) => a.assignee === 'unresolved').length,
        metrics: computeResponseMetrics(input.view, { now }),
      },
      closure: {
        gatesEvaluated: snapshot.gates.length,
        gatesPassed: snapshot.gates.filter((g) => g.ok).length,
        failingStatusCode: snapshot.ok ? null : snapshot.overall.statusCode,
        failingGate: snapshot.ok ? null : snapshot.overall.gate,
      },
    },
  };
}
