// The gate snapshot (SPEC 2.6): every gate in a fixed order; the first failure is `overall`.
// Order: implementation (wave file order) → components → barriers → cont-EVAL → security →
// integration → documentation → cont-QA. Closure gates apply only when the wave has that steward.
import type { AgentSummary } from '../markers/types.js';
import type { AgentDefinition, AgentRole, WaveDefinition } from '../wave/types.js';
import { evaluateBarriers, type BarrierInput } from './barriers.js';
import {
  evaluateContEvalGate,
  evaluateContQaGate,
  evaluateDocumentationGate,
  evaluateIntegrationGate,
  evaluateSecurityGate,
  type GatedConflict,
} from './closure.js';
import { evaluateComponentGates } from './component.js';
import { evaluateImplementationGate, type PathExists } from './implementation.js';
import type { GateResult, GateSnapshot } from './types.js';

export interface SnapshotInput {
  wave: WaveDefinition;
  summaries: Readonly<Record<string, AgentSummary>>;
  exists: PathExists;
  barriers: BarrierInput;
  /** Computed conflicts that block the integration gate (conflict gating); none when the mechanism is off. */
  conflicts?: readonly GatedConflict[];
  /** A failure that invalidated the closure sweep (late evidence), placed after the barriers. */
  invalidation?: GateResult;
}

/** The closure stage gate for one steward. */
export function evaluateClosureGate(
  wave: WaveDefinition,
  agent: AgentDefinition,
  summary: AgentSummary | undefined,
  conflicts: readonly GatedConflict[] = [],
): GateResult | undefined {
  const byRole: Partial<Record<AgentRole, () => GateResult>> = {
    'cont-eval': () => evaluateContEvalGate(agent.id, summary, wave.evalTargets),
    security: () => evaluateSecurityGate(agent.id, summary),
    integration: () => evaluateIntegrationGate(agent.id, summary, conflicts),
    documentation: () => evaluateDocumentationGate(agent.id, summary),
    'cont-qa': () => evaluateContQaGate(agent.id, summary),
  };
  return byRole[agent.role]?.();
}

const CLOSURE_ROLE_ORDER: AgentRole[] = ['cont-eval', 'security', 'integration', 'documentation', 'cont-qa'];

/** All gates of the wave, in the fixed order, with the first failure as `overall`. */
export function evaluateGateSnapshot(input: SnapshotInput): GateSnapshot {
  const { wave, summaries } = input;
  const gates: GateResult[] = [
    ...wave.agents
      .filter((a) => a.role === 'implementation')
      .map((a) => evaluateImplementationGate(wave, a, summaries[a.id], input.exists)),
    ...evaluateComponentGates(wave, summaries),
    evaluateBarriers(input.barriers),
    ...(input.invalidation ? [input.invalidation] : []),
    ...CLOSURE_ROLE_ORDER.flatMap((role) =>
      wave.agents.filter((a) => a.role === role).map((a) => evaluateClosureGate(wave, a, summaries[a.id], input.conflicts ?? [])!),
    ),
  ];
  return snapshotOf(gates);
}

/** Folds an ordered gate list into a snapshot. */
export function snapshotOf(gates: GateResult[]): GateSnapshot {
  const firstFailure = gates.find((g) => !g.ok);
  const overall = firstFailure ?? {
    ok: true,
    gate: gates.at(-1)?.gate ?? 'barrier',
    statusCode: 'pass',
    detail: `all ${gates.length} gate(s) pass`,
  };
  return { ok: !firstFailure, overall, gates };
}
