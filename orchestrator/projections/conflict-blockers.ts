// Conflict gating (SPEC 3.2): every unrepaired claim conflict becomes owned repair work — a blocker
// targeted at the author of the overruled claim, naming both records — and the blocker resolves
// itself once the conflict is gone (either record settled). Pure: the records to append.
import { isOpen } from '../coordination/status.js';
import type { CoordinationRecord, CoordinationView } from '../coordination/types.js';
import type { ClaimConflict } from './conflicts.js';

/** Source of the blockers conflict gating writes. */
export const CONFLICT_GATE_SOURCE = 'conflict-gate';

export function conflictBlockerId(overruledClaimId: string): string {
  return `conflict-${overruledClaimId}`;
}

export interface BlockerContext {
  lane: string;
  wave: number;
  attempt: number;
  now: string;
}

/** New blockers for new conflicts, and resolutions of blockers whose conflict is gone. */
export function planConflictBlockers(
  view: CoordinationView,
  conflicts: readonly ClaimConflict[],
  ctx: BlockerContext,
): CoordinationRecord[] {
  const out: CoordinationRecord[] = [];
  const live = new Set(conflicts.map((c) => conflictBlockerId(c.overruled)));
  for (const conflict of conflicts) {
    const id = conflictBlockerId(conflict.overruled);
    const existing = view.get(id);
    if (existing && isOpen(existing)) continue;
    const overruled = view.get(conflict.overruled);
    const prevailing = view.get(conflict.prevailing);
    out.push({
      id,
      kind: 'blocker',
      lane: ctx.lane,
      wave: ctx.wave,
      agentId: 'launcher',
      targets: [`agent:${conflict.owner}`],
      status: 'open',
      priority: 'urgent',
      summary: `Conflict on ${conflict.subject}: your claim ${conflict.overruled} ("${overruled?.summary ?? ''}") is contradicted by ${conflict.prevailing} ("${prevailing?.summary ?? ''}") by ${prevailing?.agentId ?? '?'}; repair it or withdraw the claim`,
      detail: `rule=${conflict.rule} subject=${conflict.subject} overruled=${conflict.overruled} prevailing=${conflict.prevailing} owner=${conflict.owner}`,
      artifactRefs: [],
      dependsOn: [conflict.overruled, conflict.prevailing],
      confidence: 'high',
      createdAt: existing?.createdAt ?? ctx.now,
      updatedAt: ctx.now,
      attempt: ctx.attempt,
      source: CONFLICT_GATE_SOURCE,
      required: false,
    });
  }
  for (const blocker of view.byKind('blocker')) {
    if (blocker.source !== CONFLICT_GATE_SOURCE || !isOpen(blocker) || live.has(blocker.id)) continue;
    out.push({
      ...blocker,
      status: 'resolved',
      updatedAt: ctx.now,
      attempt: ctx.attempt,
      detail: `${blocker.detail} settled=conflict-gone`,
    });
  }
  return out;
}
