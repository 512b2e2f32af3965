// Late evidence (SPEC 3.2 mechanism "late evidence"): a record that arrives after the closure sweep
// started and reaches an earlier open claim — it names the claim (`claim:<id>`,
// `conflicts-with:<id>`, `dependsOn`) or shares its subject — invalidates the closure; the claim's
// author is relaunched to reconsider it. Records by the claim's own author, stewards, the router
// and the launcher never count. Pure.
import { isOpen } from '../coordination/status.js';
import type { CoordinationRecord, CoordinationView } from '../coordination/types.js';
import { CLOSURE_INVALIDATED } from '../gates/codes.js';
import type { GateResult } from '../gates/types.js';
import { subjectsOf } from './conflicts.js';

export interface LateArrival {
  recordId: string;
  claimId: string;
  /** The claim's author: relaunched to reconsider it. */
  owner: string;
}

const LATE_KINDS = new Set(['evidence', 'claim', 'blocker']);

function reaches(record: CoordinationRecord, claim: CoordinationRecord): boolean {
  if (record.dependsOn.includes(claim.id)) return true;
  if (record.targets.some((t) => t === `claim:${claim.id}` || t === `conflicts-with:${claim.id}`)) return true;
  const subjects = new Set(subjectsOf(claim));
  return subjectsOf(record).some((s) => subjects.has(s)) && record.summary !== claim.summary;
}

/** Arrivals after `sinceIso` from anyone but `ignoredAgents` that reach an open claim made before it. */
export function findLateEvidence(view: CoordinationView, sinceIso: string, ignoredAgents: ReadonlySet<string>): LateArrival[] {
  const claims = view.byKind('claim').filter((c) => isOpen(c) && c.createdAt <= sinceIso);
  const arrivals = view
    .latest()
    .filter(
      (r) =>
        LATE_KINDS.has(r.kind) &&
        r.createdAt > sinceIso &&
        !ignoredAgents.has(r.agentId) &&
        !['router', 'launcher', 'conflict-gate'].includes(r.source),
    );
  const out: LateArrival[] = [];
  for (const record of arrivals.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))) {
    for (const claim of claims)
      if (claim.agentId !== record.agentId && reaches(record, claim))
        out.push({ recordId: record.id, claimId: claim.id, owner: claim.agentId });
  }
  return out;
}

/** The failing gate that stands in for the invalidated closure stages. */
export function lateEvidenceGate(arrivals: readonly LateArrival[]): GateResult {
  const first = arrivals[0]!;
  return {
    ok: false,
    gate: 'barrier',
    statusCode: CLOSURE_INVALIDATED,
    agentId: first.owner,
    detail: `closure invalidated: ${arrivals.map((a) => `${a.recordId} reached claim ${a.claimId} (owner ${a.owner})`).join('; ')} after the closure sweep started`,
  };
}
