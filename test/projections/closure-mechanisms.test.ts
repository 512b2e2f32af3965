// The five closure mechanisms of the native suite (SPEC 3.2) as pure functions, each with the edge
// cases that decide an outcome: conflict gating and who owns the repair, evidence over majority,
// late evidence, overdue-acknowledgement rerouting and unroutable requests.
import { describe, expect, it } from 'vitest';
import { materialize, updateRecord } from '../../orchestrator/coordination/index.js';
import { evaluateBarriers } from '../../orchestrator/gates/barriers.js';
import { evaluateIntegrationGate } from '../../orchestrator/gates/closure.js';
import {
  compileIntegrationSummary,
  computeResponseMetrics,
  findClaimConflicts,
  findLateEvidence,
  planAssignmentDecisions,
  planConflictBlockers,
  planOverdueReroutes,
  resolveAssignments,
} from '../../orchestrator/projections/index.js';
import { agent, rec } from '../helpers/agents.js';

const ctx = { lane: 'main', wave: 1, attempt: 2, now: '2026-01-01T01:00:00.000Z' };
const claim = (s: number, id: string, agentId: string, summary: string, subject = 'component:cache') =>
  rec(s, { id, kind: 'claim', agentId, targets: [subject], summary });
/** A router decision as the launcher writes it, so `agentId` counts as routed for `capability`. */
function routed(requestId: string, capability: string, assignee: string, attempt = 1) {
  const request = rec(0, { id: requestId, kind: 'request', agentId: 'A1', targets: [`capability:${capability}`], summary: 'help?' });
  const [decision] = planAssignmentDecisions(
    materialize([request]),
    [{ requestId, target: `capability:${capability}`, assignee, reason: 'preferred-agent', open: true }],
    { ...ctx, attempt, now: '2026-01-01T00:00:30.000Z' },
  );
  return [request, decision!];
}

describe('conflict gating: which side prevails and who owns the repair', () => {
  const owner = agent('A1', { components: ['cache'] });
  const agents = [owner, agent('A2'), agent('A3', { capabilities: ['perf'] })];

  it('a tie is settled against the component owner (it can repair), one blocker per overruled claim', () => {
    const view = materialize([claim(1, 'c-owner', 'A1', 'TTL 300 is safe'), claim(2, 'c-other', 'A2', 'TTL 300 stampedes')]);
    const [c] = findClaimConflicts(view, agents, { evidenceRanking: true });
    expect(c).toEqual({
      subject: 'component:cache',
      claimIds: ['c-other', 'c-owner'],
      overruled: 'c-owner',
      prevailing: 'c-other',
      owner: 'A1',
      rule: 'component-owner',
    });
    const [blocker] = planConflictBlockers(view, [c!], ctx);
    expect(blocker).toMatchObject({
      id: 'conflict-c-owner',
      kind: 'blocker',
      status: 'open',
      targets: ['agent:A1'],
      dependsOn: ['c-owner', 'c-other'],
      source: 'conflict-gate',
    });
    expect(blocker!.summary).toContain('your claim c-owner');
  });

  it('the majority prevails when nobody was routed; with evidence ranking the routed specialist beats the majority', () => {
    const records = [
      claim(1, 'c-a1', 'A1', 'TTL 300 is safe'),
      claim(2, 'c-a2', 'A2', 'TTL 300 is safe'),
      claim(3, 'c-a3', 'A3', 'TTL 300 stampedes'),
      ...routed('q', 'perf', 'A3'),
    ];
    const view = materialize(records);
    const byMajority = findClaimConflicts(view, agents, { evidenceRanking: false });
    expect(byMajority.map((c) => [c.overruled, c.rule])).toEqual([['c-a3', 'majority']]);
    const byEvidence = findClaimConflicts(view, agents, { evidenceRanking: true });
    expect(byEvidence.map((c) => [c.overruled, c.owner, c.rule])).toEqual([
      ['c-a1', 'A1', 'routed-specialist'],
      ['c-a2', 'A2', 'routed-specialist'],
    ]);
  });

  it('routed evidence (not only claims) outranks unrouted claims; unrouted evidence never makes a conflict', () => {
    const evidence = rec(4, { id: 'e-a3', kind: 'evidence', agentId: 'A3', targets: ['component:cache'], summary: 'stampede measured' });
    expect(findClaimConflicts(materialize([claim(1, 'c-a1', 'A1', 'safe'), evidence]), agents, { evidenceRanking: true })).toEqual([]);
    const withRouting = findClaimConflicts(materialize([claim(1, 'c-a1', 'A1', 'safe'), evidence, ...routed('q', 'perf', 'A3')]), agents, {
      evidenceRanking: true,
    });
    expect(withRouting.map((c) => [c.overruled, c.prevailing, c.rule])).toEqual([['c-a1', 'e-a3', 'routed-specialist']]);
  });

  it('without an owner the newer observation prevails; conflicts-with always overrules the named claim', () => {
    const view = materialize([claim(1, 'c-old', 'A2', 'x', 'subject:k'), claim(2, 'c-new', 'A3', 'y', 'subject:k')]);
    expect(findClaimConflicts(view, agents, { evidenceRanking: true }).map((c) => [c.overruled, c.rule])).toEqual([['c-old', 'newest']]);
    const explicit = materialize([
      claim(1, 'c1', 'A1', 'fine', 'subject:a'),
      rec(2, { id: 'e9', kind: 'evidence', agentId: 'A2', targets: ['conflicts-with:c1'], summary: 'not fine' }),
    ]);
    expect(findClaimConflicts(explicit, agents, { evidenceRanking: true })).toEqual([
      { subject: 'conflicts-with:c1', claimIds: ['c1', 'e9'], overruled: 'c1', prevailing: 'e9', owner: 'A1', rule: 'explicit' },
    ]);
  });

  it('the blocker resolves itself once the conflict is gone, and is never duplicated while open', () => {
    const c1 = claim(1, 'c-owner', 'A1', 'safe');
    const c2 = claim(2, 'c-other', 'A2', 'unsafe');
    const conflicts = findClaimConflicts(materialize([c1, c2]), agents, { evidenceRanking: true });
    const [blocker] = planConflictBlockers(materialize([c1, c2]), conflicts, ctx);
    expect(planConflictBlockers(materialize([c1, c2, blocker!]), conflicts, ctx)).toEqual([]);
    const repaired = materialize([
      c1,
      c2,
      blocker!,
      updateRecord(c1, { status: 'resolved' }, { now: () => new Date('2026-01-01T00:10:00Z') }),
    ]);
    const after = findClaimConflicts(repaired, agents, { evidenceRanking: true });
    expect(after).toEqual([]);
    expect(planConflictBlockers(repaired, after, ctx)).toEqual([expect.objectContaining({ id: 'conflict-c-owner', status: 'resolved' })]);
  });

  it('conflicts block readiness and the integration gate only with conflict gating on, whatever the marker says', () => {
    const view = materialize([claim(1, 'c-owner', 'A1', 'safe'), claim(2, 'c-other', 'A2', 'unsafe')]);
    const on = compileIntegrationSummary({ view, agents, summaries: {}, assignments: [] });
    const off = compileIntegrationSummary({
      view,
      agents,
      summaries: {},
      assignments: [],
      mechanisms: { conflictGating: false, evidenceRanking: true },
    });
    expect([on.computedRecommendation, on.conflictsBlock]).toEqual(['needs-more-work', true]);
    expect([off.computedRecommendation, off.conflictsBlock, off.conflicts.length]).toEqual(['ready-for-doc-closure', false, 1]);
    const ready = {
      agentId: 'A8',
      components: {},
      gaps: [],
      invalid: [],
      integration: { state: 'ready-for-doc-closure' as const, claims: 0, conflicts: 0, blockers: 0, detail: '' },
    };
    expect(evaluateIntegrationGate('A8', ready, on.conflicts)).toMatchObject({
      ok: false,
      statusCode: 'integration-conflict-open',
      agentId: 'A8',
    });
    expect(evaluateIntegrationGate('A8', ready, []).ok).toBe(true);
  });
});

describe('late evidence', () => {
  const since = '2026-01-01T00:00:10.000Z';
  const c = claim(1, 'c-deps', 'A1', 'deps are safe', 'component:deps');

  it('a record after closure started that names or shares the subject of an earlier claim is late; the claim owner is named', () => {
    const named = rec(20, { id: 'e-cve', kind: 'evidence', agentId: 'scanner', targets: ['claim:c-deps'], summary: 'CVE found' });
    const sameSubject = rec(21, { id: 'e-other', kind: 'evidence', agentId: 'A2', targets: ['component:deps'], summary: 'libfoo is old' });
    expect(findLateEvidence(materialize([c, named, sameSubject]), since, new Set(['A8']))).toEqual([
      { recordId: 'e-cve', claimId: 'c-deps', owner: 'A1' },
      { recordId: 'e-other', claimId: 'c-deps', owner: 'A1' },
    ]);
  });

  it('records before closure, by the claim owner, by stewards, or claims made after closure started are not late', () => {
    const early = rec(5, { id: 'e-early', kind: 'evidence', agentId: 'A2', targets: ['claim:c-deps'], summary: 'CVE' });
    const own = rec(20, { id: 'e-own', kind: 'evidence', agentId: 'A1', targets: ['claim:c-deps'], summary: 'still safe' });
    const steward = rec(20, { id: 'e-st', kind: 'evidence', agentId: 'A8', targets: ['claim:c-deps'], summary: 'x' });
    const lateClaim = claim(30, 'c-late', 'A3', 'deps fine', 'component:other');
    expect(findLateEvidence(materialize([c, early, own, steward, lateClaim]), since, new Set(['A8']))).toEqual([]);
    const resolved = updateRecord(c, { status: 'resolved' }, { now: () => new Date('2026-01-01T00:00:02Z') });
    expect(
      findLateEvidence(
        materialize([c, resolved, rec(20, { id: 'e2', kind: 'evidence', agentId: 'A2', targets: ['claim:c-deps'], summary: 'x' })]),
        since,
        new Set(),
      ),
    ).toEqual([]);
  });
});

describe('overdue acknowledgement', () => {
  const agents = [agent('A1'), agent('A2', { capabilities: ['i18n'] }), agent('A3', { capabilities: ['i18n'] })];
  const reroute = (records: Parameters<typeof materialize>[0], ran: string[], attempt = 2) =>
    planOverdueReroutes(materialize(records), agents, { ...ctx, attempt, ranAgentIds: ran, preferredAgents: { i18n: 'A2' } });

  it('an assignee that ran after the assignment and left the request open loses it to the next capable agent, once', () => {
    const [request, decision] = routed('q', 'i18n', 'A2');
    const [r] = reroute([request!, decision!], ['A2']);
    expect(r).toMatchObject({ requestId: 'q', from: 'A2', to: 'A3' });
    expect(r!.record.detail).toBe('request=q assignee=A3 reason=rerouted-overdue excluded=A2 target=capability:i18n');
    // The router keeps the reroute even though A2 is still the preferred agent.
    const after = materialize([request!, decision!, r!.record]);
    expect(resolveAssignments(after, agents, { preferredAgents: { i18n: 'A2' } })).toEqual([
      { requestId: 'q', target: 'capability:i18n', assignee: 'A3', reason: 'kept', open: true, excluded: ['A2'] },
    ]);
    // When A3 is silent too, nobody is left: the request becomes unroutable instead of waiting forever.
    const [again] = reroute([request!, decision!, r!.record], ['A3'], 3);
    expect(again).toMatchObject({ from: 'A3', to: 'unresolved' });
  });

  it('no reroute when the assignee did not run, acknowledged, or was assigned after its run began', () => {
    const [request, decision] = routed('q', 'i18n', 'A2');
    expect(reroute([request!, decision!], ['A1'])).toEqual([]);
    const acked = updateRecord(request!, { status: 'acknowledged' }, { now: () => new Date('2026-01-01T00:01:00Z') });
    expect(reroute([request!, decision!, acked], ['A2'])).toEqual([]);
    const [, later] = routed('q', 'i18n', 'A2', 3);
    expect(reroute([request!, later!], ['A2'], 2)).toEqual([]);
  });

  it('the ack-overdue alert fires at the deadline itself (5 ticks of the logical clock), not one tick later', () => {
    const q = rec(0, { id: 'q2', kind: 'request', agentId: 'A1', targets: ['agent:A3'] });
    expect(computeResponseMetrics(materialize([q]), { now: new Date(Date.UTC(2026, 0, 1, 0, 5, 0)) }).overdueAckIds).toEqual(['q2']);
    expect(computeResponseMetrics(materialize([q]), { now: new Date(Date.UTC(2026, 0, 1, 0, 4, 59)) }).overdueAckIds).toEqual([]);
  });
});

describe('unroutable requests', () => {
  const request = rec(0, { id: 'q-legal', kind: 'request', agentId: 'A1', targets: ['capability:legal-review'], summary: 'review' });
  const agents = [agent('A1'), agent('A2')];

  it('a request no agent can take blocks closure with a named status only while the mechanism is on', () => {
    const view = materialize([request]);
    const assignments = resolveAssignments(view, agents);
    expect(assignments).toEqual([
      { requestId: 'q-legal', target: 'capability:legal-review', assignee: 'unresolved', reason: 'no-match', open: true },
    ]);
    expect(evaluateBarriers({ view, assignments })).toMatchObject({ ok: false, statusCode: 'helper-assignment-unresolved' });
    expect(evaluateBarriers({ view, assignments, unroutableBlocking: false }).ok).toBe(true);
    expect(
      compileIntegrationSummary({
        view,
        agents,
        summaries: {},
        assignments,
        mechanisms: { conflictGating: true, evidenceRanking: true, unroutableBlocking: false },
      }).computedRecommendation,
    ).toBe('ready-for-doc-closure');
    expect(compileIntegrationSummary({ view, agents, summaries: {}, assignments }).computedRecommendation).toBe('needs-more-work');
  });
});
