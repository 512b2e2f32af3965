// The integration summary (SPEC 2.4): is the wave ready for documentation closure?
//
// Two open claims conflict when different authors claim the same subject (a shared
// `component:<id>` or `subject:<key>` target, or a shared artifactRef) with different summaries, or
// when an open claim/evidence targets `conflicts-with:<id>` of another open claim.
import { isOpen } from '../coordination/status.js';
import type { CoordinationRecord, CoordinationView } from '../coordination/types.js';
import type { AgentSummary } from '../markers/types.js';
import type { AgentDefinition } from '../wave/types.js';
import type { HelperAssignment } from './routing.js';

export type IntegrationRecommendation = 'ready-for-doc-closure' | 'needs-more-work';

export interface ClaimConflict {
  subject: string;
  claimIds: [string, string];
}

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
}

export interface IntegrationInput {
  view: CoordinationView;
  agents: readonly AgentDefinition[];
  summaries: Readonly<Record<string, AgentSummary>>;
  assignments: readonly HelperAssignment[];
  /** The integration steward's marker summary, when it has reported. */
  stewardSummary?: AgentSummary;
}

/** Computes the integration summary; the steward's marker state, when present, is authoritative. */
export function compileIntegrationSummary(input: IntegrationInput): IntegrationSummary {
  const claims = input.view.byKind('claim').filter(isOpen);
  const conflicts = findConflicts(claims, input.view);
  const blockers = input.view.byKind('blocker').filter(isOpen).map((r) => r.id);
  const implementers = input.agents.filter((a) => a.role === 'implementation' && a.exitContract);
  const proofGaps = implementers.filter((a) => input.summaries[a.id]?.proof?.state !== 'met').map((a) => a.id);
  const docGaps = implementers.filter((a) => a.exitContract!.docImpact !== 'none' && !input.summaries[a.id]?.docDelta).map((a) => a.id);
  const open = input.assignments.filter((a) => a.open);
  const unresolved = open.filter((a) => a.assignee === 'unresolved').length;
  const computed: IntegrationRecommendation =
    conflicts.length === 0 && blockers.length === 0 && proofGaps.length === 0 && docGaps.length === 0 && open.length === 0 ? 'ready-for-doc-closure' : 'needs-more-work';
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
  };
}

function subjectsOf(record: CoordinationRecord): string[] {
  return [...record.targets.filter((t) => t.startsWith('component:') || t.startsWith('subject:')), ...record.artifactRefs.map((a) => `artifact:${a}`)];
}

function findConflicts(claims: readonly CoordinationRecord[], view: CoordinationView): ClaimConflict[] {
  const out: ClaimConflict[] = [];
  const seen = new Set<string>();
  const add = (subject: string, a: string, b: string) => {
    const pair: [string, string] = a < b ? [a, b] : [b, a];
    const key = pair.join('|');
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ subject, claimIds: pair });
  };
  const bySubject = new Map<string, CoordinationRecord[]>();
  for (const claim of claims) for (const s of subjectsOf(claim)) bySubject.set(s, [...(bySubject.get(s) ?? []), claim]);
  for (const [subject, list] of [...bySubject.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    for (let i = 0; i < list.length; i += 1)
      for (let j = i + 1; j < list.length; j += 1)
        if (list[i]!.agentId !== list[j]!.agentId && list[i]!.summary !== list[j]!.summary) add(subject, list[i]!.id, list[j]!.id);
  }
  for (const record of [...view.byKind('claim'), ...view.byKind('evidence')].filter(isOpen)) {
    for (const t of record.targets.filter((x) => x.startsWith('conflicts-with:'))) {
      const other = view.get(t.slice('conflicts-with:'.length));
      if (other && isOpen(other)) add(t, record.id, other.id);
    }
  }
  return out;
}
