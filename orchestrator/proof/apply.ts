// Proof bundles upgrade an agent's parsed summary before gates run (SPEC 2.8): the latest active
// authoritative bundle stands in for markers the agent could not print itself (e.g. proof that
// needed an operator, a live environment or a long-running check).
import type { ProofBundle } from '../control/types.js';
import type { AgentSummary } from '../markers/types.js';
import {
  COMPLETION_LEVELS,
  COMPONENT_LEVELS,
  DOC_IMPACT_LEVELS,
  DURABILITY_LEVELS,
  PROOF_LEVELS,
  type ComponentLevel,
} from '../wave/types.js';

const known = <T extends string>(levels: readonly T[], v: string): v is T => (levels as readonly string[]).includes(v);

/** The summary as the gates should see it, given the agent's active bundle (if any). */
export function applyProofBundle(summary: AgentSummary, bundle: ProofBundle | undefined): AgentSummary {
  if (bundle?.state !== 'active' || !bundle.authoritative || bundle.agentId !== summary.agentId) return summary;
  const next: AgentSummary = { ...summary, components: { ...summary.components } };
  const p = bundle.proof;
  if (p && known(COMPLETION_LEVELS, p.completion) && known(DURABILITY_LEVELS, p.durability) && known(PROOF_LEVELS, p.proof)) {
    next.proof = { completion: p.completion, durability: p.durability, proof: p.proof, state: 'met', detail: `proof bundle ${bundle.id}` };
  }
  if (bundle.docDelta && known(DOC_IMPACT_LEVELS, bundle.docDelta))
    next.docDelta = { state: bundle.docDelta, paths: [], detail: `proof bundle ${bundle.id}` };
  for (const c of bundle.componentsMet) {
    if (known(COMPONENT_LEVELS, c.level))
      next.components[c.component] = {
        component: c.component,
        level: c.level as ComponentLevel,
        state: 'met',
        detail: `proof bundle ${bundle.id}`,
      };
  }
  return next;
}

/** Applies each agent's active bundle to its summary. */
export function applyProofBundles(
  summaries: Readonly<Record<string, AgentSummary>>,
  active: Readonly<Record<string, ProofBundle>>,
): Record<string, AgentSummary> {
  const out: Record<string, AgentSummary> = { ...summaries };
  for (const [agentId, bundle] of Object.entries(active)) {
    out[agentId] = applyProofBundle(summaries[agentId] ?? { agentId, components: {}, gaps: [], invalid: [] }, bundle);
  }
  return out;
}
