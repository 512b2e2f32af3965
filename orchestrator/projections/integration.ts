// The integration summary (SPEC 2.4): is the wave ready for documentation closure?
//
// Conflicts and which side prevails come from ./conflicts.ts. With conflict gating on they count
// against readiness; the steward's marker, when present, is reported beside the computed state.
import { isOpen } from '../coordination/status.js';
import type { CoordinationView } from '../coordination/types.js';
import type { AgentSummary } from '../markers/types.js';
import type { AgentDefinition } from '../wave/types.js';
import { findClaimConflicts, type ClaimConflict } from './conflicts.js';
import type { HelperAssignment } from './routing.js';

export type IntegrationRecommendation = 'ready-for-doc-closure' | 'needs-more-work';

export interface IntegrationSummary {
  openClaims: string[];
  conflicts: ClaimConflict[];
  unresolvedBlockers: string[];
  /** Implementation agents whose proof marker is missing or a gap. */
  proofGaps: string[];
  /** Agents owing documentation: a doc delta missing or below their doc impact. */
  docGaps: string[];
  openAssignments: number;
  unresolvedAssignments: number;
  recommendation: IntegrationRecommendation;
  /** `marker` when the integration steward's [wave-integration] decided it. */
  decidedBy: 'computed' | 'marker';
  /** What the orchestrator computes on its own, whatever the marker says. */
  computedRecommendation: IntegrationRecommendation;
  /** Whether conflicts count against readiness (the conflict-gating mechanism). */
  conflictsBlock: boolean;
}

export interface IntegrationMechanisms {
  conflictGating: boolean;
  evidenceRanking: boolean;
  /** When off, a request no agent can take does not count against readiness. */
  unroutableBlocking?: boolean;
}

export interface IntegrationInput {
  view: CoordinationView;
  agents: readonly AgentDefinition[];
  summaries: Readonly<Record<string, AgentSummary>>;
  assignments: readonly HelperAssignment[];
  /** The integration steward's marker summary, when it has reported. */
  stewardSummary?: AgentSummary;
  /** Default: both on. */
  mechanisms?: IntegrationMechanisms;
}

/** Computes the integration summary; the steward's marker state, when present, is authoritative. */
export function compileIntegrationSummary(input: IntegrationInput): IntegrationSummary {
  const mechanisms = input.mechanisms ?? { conflictGating: true, evidenceRanking: true };
  const claims = input.view.byKind('claim').filter(isOpen);
  const conflicts: ClaimConflict[] = findClaimConflicts(input.view, input.agents, { evidenceRanking: mechanisms.evidenceRanking });
  const blockers = input.view
    .byKind('blocker')
    .filter(isOpen)
    .map((r) => r.id);
  const implementers = input.agents.filter((a) => a.role === 'implementation' && a.exitContract);
  const proofGaps = implementers.filter((a) => input.summaries[a.id]?.proof?.state !== 'met').map((a) => a.id);
  const docGaps = implementers.filter((a) => a.exitContract!.docImpact !== 'none' && !input.summaries[a.id]?.docDelta).map((a) => a.id);
  const open = input.assignments.filter((a) => a.open && (mechanisms.unroutableBlocking !== false || a.assignee !== 'unresolved'));
  const unresolved = open.filter((a) => a.assignee === 'unresolved').length;
  const computed: IntegrationRecommendation =
    (conflicts.length === 0 || !mechanisms.conflictGating) &&
    blockers.length === 0 &&
    proofGaps.length === 0 &&
    docGaps.length === 0 &&
    open.length === 0
      ? 'ready-for-doc-closure'
      : 'needs-more-work';
  const marker = input.stewardSummary?.integration;
  return {
    openClaims: claims.map((c) => c.id),
    conflicts,
    unresolvedBlockers: blockers,
    proofGaps,
    docGaps,
    openAssignments: open.length,
    unresolvedAssignments: unresolved,
    recommendation: marker ? marker.state : computed,
    decidedBy: marker ? 'marker' : 'computed',
    computedRecommendation: computed,
    conflictsBlock: mechanisms.conflictGating,
  };
}
