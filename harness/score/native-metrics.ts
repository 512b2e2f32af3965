// Native case metrics (SPEC 3.2), scored only from a run's artifacts: the final coordination log,
// shared summary, inboxes, assignments, integration summary and gate outcome. Pure.
import type { CoordinationRecord, HelperAssignment, IntegrationSummary } from '../../orchestrator/index.js';
import type { CaseFile } from '../schema/case.js';
import type { MetricId } from '../schema/metrics.js';

export interface RunArtifacts {
  /** Latest version of every record. */
  records: CoordinationRecord[];
  sharedSummary: string;
  inboxes: Record<string, string>;
  assignments: HelperAssignment[];
  integration: IntegrationSummary | null;
  /** Whether the run's own verdict closed the wave (gate snapshot passed). */
  passed: boolean;
  exitCode: number;
  /** The integration steward's id when it ran. */
  integrationStewardId?: string;
}

const TERMINAL = new Set(['resolved', 'closed', 'superseded', 'cancelled']);
const pct = (n: number, d: number) => (d === 0 ? 100 : Math.round((10_000 * n) / d) / 100);
const textOf = (r: CoordinationRecord) => `${r.summary} ${r.detail}`;

function surfaced(a: RunArtifacts, token: string): boolean {
  return a.records.some((r) => r.source !== 'launcher-seed' && textOf(r).includes(token));
}

function integrationVisible(a: RunArtifacts, token: string): boolean {
  const stewardInbox = a.integrationStewardId ? (a.inboxes[a.integrationStewardId] ?? '') : '';
  return a.sharedSummary.includes(token) || stewardInbox.includes(token);
}

/** The fact reached a decision record (a single agent has no integration view; its decision is what counts). */
function inDecision(a: RunArtifacts, token: string): boolean {
  return a.records.some((r) => r.kind === 'decision' && r.source !== 'router' && textOf(r).includes(token));
}

/** The decision record covering most of the expected tokens, and how many it covers. */
function bestDecision(c: CaseFile, a: RunArtifacts): { record?: CoordinationRecord; covered: number } {
  const d = c.expectations.decision;
  if (!d) return { covered: 0 };
  let best: { record?: CoordinationRecord; covered: number } = { covered: 0 };
  for (const r of a.records.filter((x) => x.kind === d.kind && x.source !== 'router')) {
    const covered = d.tokens.filter((t) => textOf(r).includes(t)).length;
    if (covered > best.covered) best = { record: r, covered };
  }
  return best;
}

function conflictDetected(a: RunArtifacts, pair: [string, string]): boolean {
  // Detected only when it became owned work: a blocker or decision naming both records. A conflict
  // merely listed in integration.json, with nothing acting on it, is not detected.
  return a.records.some((r) => (r.kind === 'blocker' || r.kind === 'decision') && pair.every((id) => r.dependsOn.includes(id)));
}

function conflictRepaired(a: RunArtifacts, pair: [string, string]): boolean {
  // Both records must have been posted (a conflict nobody raised was never repaired), one of them
  // settled, and no blocker on them still open.
  const records = pair.map((id) => a.records.find((r) => r.id === id));
  if (records.some((r) => r === undefined)) return false;
  const settled = records.some((r) => TERMINAL.has(r!.status));
  const openBlocker = a.records.some((r) => r.kind === 'blocker' && !TERMINAL.has(r.status) && pair.some((id) => r.dependsOn.includes(id)));
  return settled && !openBlocker;
}

/** Every metric the case lists, 0–100. */
export function scoreNativeMetrics(c: CaseFile, a: RunArtifacts): Partial<Record<MetricId, number>> {
  const e = c.expectations;
  const facts = e.facts;
  const decisionFacts = facts.filter((f) => f.decisionChanging);
  const best = bestDecision(c, a);
  const accuracy = e.decision ? pct(best.covered, e.decision.tokens.length) : 0;
  const surfacing = pct(facts.filter((f) => surfaced(a, f.token)).length, facts.length);
  const surfacedFacts = facts.filter((f) => surfaced(a, f.token));
  const openClarification = a.records.some((r) => r.kind === 'clarification-request' && !TERMINAL.has(r.status));
  const deliveries = facts.flatMap((f) => f.deliverTo.map((to) => ({ token: f.token, to })));
  const targetedOpen = a.records.filter(
    (r) =>
      ['request', 'blocker', 'clarification-request'].includes(r.kind) &&
      !TERMINAL.has(r.status) &&
      r.source !== 'launcher-seed' &&
      r.targets.some((t) => t.startsWith('agent:')),
  );
  const unrepaired = e.conflicts.some((x) => !conflictRepaired(a, x.claims));
  const routerDecisions = a.records.filter((r) => r.source === 'router');
  const assigneeOf = (requestId: string) =>
    routerDecisions.map((r) => /^request=(\S+) assignee=(\S+)/.exec(r.detail)).find((m) => m?.[1] === requestId)?.[2];
  const signalsInDecision = e.specialistSignals.filter((s) => best.record && textOf(best.record).includes(s.token)).length;
  const mustNotClose = e.closure === 'must-not-close';
  const truthNeedsWork = mustNotClose || unrepaired || a.records.some((r) => r.kind === 'blocker' && !TERMINAL.has(r.status));
  const recommendation = a.integration ? (a.integration.computedRecommendation ?? a.integration.recommendation) : null;
  const all: Record<MetricId, () => number> = {
    'distributed-info-accuracy': () => accuracy,
    'latent-asymmetry-surfacing-rate': () => surfacing,
    'premature-convergence-rate': () =>
      a.passed &&
      (mustNotClose || openClarification || decisionFacts.some((f) => !integrationVisible(a, f.token) && !inDecision(a, f.token)))
        ? 100
        : 0,
    'global-state-reconstruction-rate': () => pct(facts.filter((f) => integrationVisible(a, f.token)).length, facts.length),
    'summary-fact-retention-rate': () =>
      surfacedFacts.length === 0 ? 0 : pct(surfacedFacts.filter((f) => a.sharedSummary.includes(f.token)).length, surfacedFacts.length),
    'communication-reasoning-gap': () => Math.max(0, surfacing - accuracy),
    'projection-consistency-rate': () =>
      pct(
        targetedOpen.filter(
          (r) =>
            a.sharedSummary.includes(`\`${r.id}\``) &&
            r.targets.filter((t) => t.startsWith('agent:')).every((t) => (a.inboxes[t.slice(6)] ?? '').includes(`\`${r.id}\``)),
        ).length,
        targetedOpen.length,
      ),
    'targeted-inbox-recall': () => pct(deliveries.filter((d) => (a.inboxes[d.to] ?? '').includes(d.token)).length, deliveries.length),
    'integration-coherence-rate': () => {
      const checks = [recommendation !== null && (recommendation === 'needs-more-work') === truthNeedsWork, a.passed !== truthNeedsWork];
      return pct(checks.filter(Boolean).length, checks.length);
    },
    'contradiction-detection-rate': () => pct(e.conflicts.filter((x) => conflictDetected(a, x.claims)).length, e.conflicts.length),
    'repair-closure-rate': () => pct(e.conflicts.filter((x) => conflictRepaired(a, x.claims)).length, e.conflicts.length),
    'false-consensus-rate': () => (a.passed && unrepaired ? 100 : 0),
    // A correct refusal to close (the case says must-not-close) is not a deadlock.
    'deadlock-rate': () =>
      !a.passed && !mustNotClose && (a.exitCode === 43 || a.records.some((r) => r.kind === 'blocker' && !TERMINAL.has(r.status))) ? 100 : 0,
    'contention-resolution-rate': () =>
      pct(
        e.simultaneousBlockers.filter((id) => TERMINAL.has(a.records.find((r) => r.id === id)?.status ?? 'open')).length,
        e.simultaneousBlockers.length,
      ),
    'symmetry-breaking-rate': () => {
      const owners = new Set(e.simultaneousBlockers.map(assigneeOf).filter((x): x is string => x !== undefined && x !== 'unresolved'));
      return pct(owners.size, e.simultaneousBlockers.length);
    },
    'expert-preservation-rate': () => pct(signalsInDecision, e.specialistSignals.length),
    'capability-routing-precision': () =>
      pct(e.routing.filter((r) => assigneeOf(r.request) === r.expectedAssignee).length, e.routing.length),
    'expert-performance-gap': () =>
      pct(e.specialistSignals.filter((s) => surfaced(a, s.token)).length - signalsInDecision, e.specialistSignals.length),
  };
  return Object.fromEntries(c.scoring.metrics.map((m) => [m, all[m]()]));
}
