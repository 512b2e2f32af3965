// The exact marker lines each role must print for its gate to pass (SPEC 2.5, 2.6).
import { formatMarker } from '../markers/format.js';
import type { AgentDefinition, WaveDefinition } from '../wave/types.js';

const DETAIL = '<one line on what proves it>';

/** Marker lines with the values the gates need; `<...>` is free text for the agent to fill. */
export function requiredMarkerLines(wave: WaveDefinition, agent: AgentDefinition): string[] {
  switch (agent.role) {
    case 'implementation': {
      const c = agent.exitContract;
      if (!c) return [];
      const promoted = new Map(wave.componentPromotions.map((p) => [p.component, p.level]));
      return [
        formatMarker.proof({ completion: c.completion, durability: c.durability, proof: c.proof, state: 'met', detail: DETAIL }),
        formatMarker.docDelta({ state: c.docImpact, paths: [], detail: '<docs you changed, or why none>' }),
        ...agent.components
          .filter((id) => promoted.has(id))
          .map((id) => formatMarker.component({ component: id, level: promoted.get(id)!, state: 'met', detail: DETAIL })),
      ];
    }
    case 'cont-eval': {
      const targetIds = wave.evalTargets.map((t) => t.id);
      const benchmarkIds = [...new Set(wave.evalTargets.flatMap((t) => t.benchmarks))];
      return [
        formatMarker.eval({
          state: 'satisfied',
          targets: targetIds.length,
          benchmarks: benchmarkIds.length,
          regressions: 0,
          targetIds,
          benchmarkIds,
          detail: '<results per target>',
        }),
      ];
    }
    case 'security':
      return [formatMarker.security({ state: 'clear', findings: 0, approvals: 1, detail: '<what you reviewed>' })];
    case 'integration':
      return [
        formatMarker.integration({ state: 'ready-for-doc-closure', claims: 0, conflicts: 0, blockers: 0, detail: '<why the pieces fit>' }),
      ];
    case 'documentation':
      return [formatMarker.docClosure({ state: 'closed', paths: [], detail: '<docs checked>' })];
    case 'cont-qa':
      return [
        formatMarker.gate({
          dimensions: { architecture: 'pass', integration: 'pass', durability: 'pass', live: 'pass', docs: 'pass' },
          detail: '<evidence per dimension>',
        }),
        formatMarker.verdict({ verdict: 'pass', detail: '<final reasoning>' }),
      ];
  }
}
