// Claim conflicts and which side prevails (SPEC 3.2 mechanisms "conflict gating" and "evidence over
// majority"). Pure: the materialised view in, the conflicts out.
//
// Two open claims conflict when different authors claim the same subject (a shared `component:<id>`
// or `subject:<key>` target, or a shared artifactRef) with different summaries, or when an open
// claim/evidence targets `conflicts-with:<id>` of another open claim. For each contested subject
// one side prevails and every claim on the other side is "overruled": its author owns the repair.
//
// Which side prevails, in order:
//   1. routed-specialist (evidence ranking on): the only side holding a record (claim or evidence)
//      by an agent the router assigned a capability request to;
//   2. majority: the side with the most distinct authors;
//   3. component-owner: on a tie, the side of the subject's owner is overruled (the owner can repair);
//   4. newest: otherwise the newer observation prevails over the earlier claim.
// An explicit `conflicts-with:<id>` always overrules the claim it names (rule `explicit`).
import { isOpen } from '../coordination/status.js';
import type { CoordinationRecord, CoordinationView } from '../coordination/types.js';
import type { AgentDefinition } from '../wave/types.js';
import { recordedAssignments, UNRESOLVED } from './routing.js';

export type ConflictRule = 'routed-specialist' | 'majority' | 'component-owner' | 'newest' | 'explicit';

export interface ClaimConflict {
  subject: string;
  /** The two records in conflict, sorted. */
  claimIds: [string, string];
  /** The claim that must be repaired or withdrawn. */
  overruled: string;
  /** The record that prevails over it. */
  prevailing: string;
  /** The author of the overruled claim: the owner of the repair. */
  owner: string;
  rule: ConflictRule;
}

export interface ConflictOptions {
  /** Rank a routed specialist's side first (the `evidenceRanking` mechanism). */
  evidenceRanking: boolean;
}

/** Agents the router has ever assigned a capability request to (open or since resolved). */
export function routedSpecialists(view: CoordinationView): Set<string> {
  const out = new Set<string>();
  for (const [key, { assignee }] of recordedAssignments(view))
    if (key.includes('::capability:') && assignee !== UNRESOLVED) out.add(assignee);
  return out;
}

export function subjectsOf(record: CoordinationRecord): string[] {
  return [
    ...record.targets.filter((t) => t.startsWith('component:') || t.startsWith('subject:')),
    ...record.artifactRefs.map((a) => `artifact:${a}`),
  ];
}

/** Every conflict among open claims, with the side that prevails; deterministic order. */
export function findClaimConflicts(view: CoordinationView, agents: readonly AgentDefinition[], options: ConflictOptions): ClaimConflict[] {
  const routed = options.evidenceRanking ? routedSpecialists(view) : new Set<string>();
  const out = new Map<string, ClaimConflict>();
  const add = (c: ClaimConflict) => {
    if (!out.has(c.overruled)) out.set(c.overruled, c);
  };
  for (const c of explicitConflicts(view)) add(c);
  const bySubject = new Map<string, CoordinationRecord[]>();
  const claims = view.byKind('claim').filter(isOpen);
  const routedEvidence = view.byKind('evidence').filter((r) => isOpen(r) && routed.has(r.agentId));
  for (const record of [...claims, ...routedEvidence])
    for (const s of subjectsOf(record)) bySubject.set(s, [...(bySubject.get(s) ?? []), record]);
  for (const [subject, records] of [...bySubject.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    for (const c of contestedSubject(subject, records, { routed, agents })) add(c);
  }
  return [...out.values()].sort((a, b) => a.subject.localeCompare(b.subject) || a.overruled.localeCompare(b.overruled));
}

function pairOf(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

function explicitConflicts(view: CoordinationView): ClaimConflict[] {
  const out: ClaimConflict[] = [];
  for (const record of [...view.byKind('claim'), ...view.byKind('evidence')].filter(isOpen)) {
    for (const t of record.targets.filter((x) => x.startsWith('conflicts-with:'))) {
      const other = view.get(t.slice('conflicts-with:'.length));
      if (other && other.kind === 'claim' && isOpen(other) && other.agentId !== record.agentId) {
        out.push({
          subject: t,
          claimIds: pairOf(record.id, other.id),
          overruled: other.id,
          prevailing: record.id,
          owner: other.agentId,
          rule: 'explicit',
        });
      }
    }
  }
  return out;
}

interface Side {
  summary: string;
  records: CoordinationRecord[];
  authors: Set<string>;
}

function contestedSubject(
  subject: string,
  records: CoordinationRecord[],
  ctx: { routed: Set<string>; agents: readonly AgentDefinition[] },
): ClaimConflict[] {
  const sides = new Map<string, Side>();
  for (const r of records) {
    const side = sides.get(r.summary) ?? { summary: r.summary, records: [], authors: new Set<string>() };
    side.records.push(r);
    side.authors.add(r.agentId);
    sides.set(r.summary, side);
  }
  const list = [...sides.values()];
  const allAuthors = new Set(records.map((r) => r.agentId));
  if (list.length < 2 || allAuthors.size < 2) return [];
  const { side: winner, rule } = prevailingSide(subject, list, ctx);
  const lead = [...winner.records].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id))[0]!;
  return list
    .filter((s) => s !== winner)
    .flatMap((s) => s.records.filter((r) => r.kind === 'claim' && !winner.authors.has(r.agentId)))
    .map((r) => ({ subject, claimIds: pairOf(r.id, lead.id), overruled: r.id, prevailing: lead.id, owner: r.agentId, rule }));
}

function prevailingSide(
  subject: string,
  sides: Side[],
  ctx: { routed: Set<string>; agents: readonly AgentDefinition[] },
): { side: Side; rule: ConflictRule } {
  const withRouted = sides.filter((s) => [...s.authors].some((a) => ctx.routed.has(a)));
  if (withRouted.length === 1) return { side: withRouted[0]!, rule: 'routed-specialist' };
  const most = Math.max(...sides.map((s) => s.authors.size));
  const largest = sides.filter((s) => s.authors.size === most);
  if (largest.length === 1) return { side: largest[0]!, rule: 'majority' };
  const component = subject.startsWith('component:') ? subject.slice('component:'.length) : undefined;
  const owners = new Set(ctx.agents.filter((a) => component !== undefined && a.components.includes(component)).map((a) => a.id));
  const notOwner = largest.filter((s) => ![...s.authors].some((a) => owners.has(a)));
  if (owners.size > 0 && notOwner.length === 1) return { side: notOwner[0]!, rule: 'component-owner' };
  const newest = (s: Side) =>
    s.records
      .map((r) => r.createdAt)
      .sort()
      .at(-1)!;
  const byNewest = [...largest].sort((a, b) => newest(b).localeCompare(newest(a)) || a.summary.localeCompare(b.summary));
  return { side: byNewest[0]!, rule: 'newest' };
}
