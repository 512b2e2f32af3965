// The implementation gate (SPEC 2.6): an implementation agent's markers and files prove its exit contract.
import type { AgentSummary } from '../markers/types.js';
import {
  COMPLETION_LEVELS,
  COMPONENT_LEVELS,
  DOC_IMPACT_LEVELS,
  DURABILITY_LEVELS,
  PROOF_LEVELS,
  type AgentDefinition,
  type ComponentLevel,
  type WaveDefinition,
} from '../wave/types.js';
import { NOT_APPLICABLE, PASS } from './codes.js';
import type { GateResult } from './types.js';

/** Checks whether a workspace-relative path exists; supplied by the caller so gates stay pure. */
export type PathExists = (relativePath: string) => boolean;

const rank = <T extends string>(levels: readonly T[], value: T) => levels.indexOf(value);
const fail = (agentId: string, statusCode: string, detail: string): GateResult => ({
  ok: false,
  gate: 'implementation',
  statusCode,
  agentId,
  detail,
});

/** The component levels this wave promotes, by component id. */
export function promotedLevels(wave: WaveDefinition): Map<string, ComponentLevel> {
  return new Map(wave.componentPromotions.map((p) => [p.component, p.level]));
}

/** Evaluates one implementation agent; the first unmet condition is the status code. */
export function evaluateImplementationGate(
  wave: WaveDefinition,
  agent: AgentDefinition,
  summary: AgentSummary | undefined,
  exists: PathExists,
): GateResult {
  const contract = agent.exitContract;
  if (!contract) return { ok: true, gate: 'implementation', statusCode: NOT_APPLICABLE, agentId: agent.id, detail: 'no exit contract' };
  const proof = summary?.proof;
  if (!proof) return fail(agent.id, 'missing-wave-proof', 'no [wave-proof] marker in the agent log');
  if (proof.state !== 'met') return fail(agent.id, 'wave-proof-gap', `[wave-proof] state=gap${proof.detail ? `: ${proof.detail}` : ''}`);
  if (rank(COMPLETION_LEVELS, proof.completion) < rank(COMPLETION_LEVELS, contract.completion))
    return fail(agent.id, 'completion-gap', `completion=${proof.completion}, contract needs ${contract.completion}`);
  if (rank(DURABILITY_LEVELS, proof.durability) < rank(DURABILITY_LEVELS, contract.durability))
    return fail(agent.id, 'durability-gap', `durability=${proof.durability}, contract needs ${contract.durability}`);
  if (rank(PROOF_LEVELS, proof.proof) < rank(PROOF_LEVELS, contract.proof))
    return fail(agent.id, 'proof-level-gap', `proof=${proof.proof}, contract needs ${contract.proof}`);
  const doc = summary.docDelta;
  if (!doc) return fail(agent.id, 'missing-doc-delta', `no [wave-doc-delta] marker (doc-impact ${contract.docImpact})`);
  if (rank(DOC_IMPACT_LEVELS, doc.state) < rank(DOC_IMPACT_LEVELS, contract.docImpact))
    return fail(agent.id, 'doc-impact-gap', `doc delta ${doc.state}, contract needs ${contract.docImpact}`);
  // Shared components (several implementation owners) are judged by the component gate, so a
  // pending sibling becomes a continuation instead of a failed implementation.
  const soleOwner = (c: string) => wave.agents.filter((a) => a.role === 'implementation' && a.components.includes(c)).length <= 1;
  const component = checkOwnedComponents(
    { ...wave, componentPromotions: wave.componentPromotions.filter((p) => soleOwner(p.component)) },
    agent,
    summary,
  );
  if (component) return component;
  const missing = agent.deliverables.find((path) => !exists(path));
  if (missing) return fail(agent.id, 'missing-deliverable', `deliverable ${missing} does not exist`);
  const levels = agent.components.map((c) => promotedLevels(wave).get(c)).filter((l): l is ComponentLevel => l !== undefined);
  const artifact = agent.proofArtifacts.find(
    (a) => (a.requiredFor.length === 0 || a.requiredFor.some((l) => levels.includes(l))) && !exists(a.path),
  );
  if (artifact) return fail(agent.id, 'missing-proof-artifact', `proof artifact ${artifact.path} does not exist`);
  return { ok: true, gate: 'implementation', statusCode: PASS, agentId: agent.id, detail: 'exit contract proved' };
}

/** The first owned, promoted component whose marker is missing, too low or a gap. */
export function checkOwnedComponents(
  wave: WaveDefinition,
  agent: AgentDefinition,
  summary: AgentSummary | undefined,
): GateResult | undefined {
  const targets = promotedLevels(wave);
  for (const component of agent.components) {
    const target = targets.get(component);
    if (!target) continue;
    const marker = summary?.components[component];
    if (!marker) return fail(agent.id, 'missing-wave-component', `no [wave-component] marker for ${component} (target ${target})`);
    if (rank(COMPONENT_LEVELS, marker.level) < rank(COMPONENT_LEVELS, target))
      return fail(agent.id, 'component-level-mismatch', `${component} reported at ${marker.level}, wave promotes it to ${target}`);
    if (marker.state !== 'met')
      return fail(agent.id, 'component-gap', `${component} state=gap${marker.detail ? `: ${marker.detail}` : ''}`);
  }
  return undefined;
}
