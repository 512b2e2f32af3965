// Response metrics against an injected clock, alert de-duplication, the integration summary and
// the ledger phase (SPEC 2.4).
import { describe, expect, it } from 'vitest';
import { materialize, updateRecord } from '../../orchestrator/coordination/index.js';
import {
  alertsToEmit,
  compileIntegrationSummary,
  compileProjections,
  computeResponseMetrics,
  deriveLedgerPhase,
} from '../../orchestrator/projections/index.js';
import type { AgentSummary } from '../../orchestrator/markers/types.js';
import { agent, rec } from '../helpers/agents.js';

const at = (second: number) => ({ now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, second)) });
const minutes = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m, 0));

describe('response metrics', () => {
  const q1 = rec(0, { id: 'q1', kind: 'request', agentId: 'A1', targets: ['agent:A2'] });
  const q2 = rec(0, { id: 'q2', kind: 'request', agentId: 'A1', targets: ['agent:A3'] });
  const q3 = rec(0, { id: 'q3', kind: 'request', agentId: 'A2', targets: ['launcher'] });
  const ack = rec(30, { id: 'ack1', kind: 'ack', agentId: 'A2', dependsOn: ['q1'] });
  const q2Done = updateRecord(q2, { status: 'resolved' }, at(50));
  const clar = rec(0, { id: 'c1', kind: 'clarification-request', agentId: 'A3', targets: ['agent:A1'] });
  const esc = rec(0, { id: 'h1', kind: 'human-escalation', agentId: 'A3' });

  it('counts overdue acks and stale clarifications, ages and mean response times', () => {
    const view = materialize([q1, q2, q3, ack, q2Done, clar, esc]);
    const m = computeResponseMetrics(view, { now: minutes(40) });
    expect(m.overdueAckIds).toEqual([]); // q1 acked by record, q2 resolved, q3 targets only the launcher
    expect(m.overdueClarificationIds).toEqual(['c1']);
    expect(m.openHumanEscalations).toBe(1);
    expect(m.oldestOpenCoordinationAgeMs).toBe(40 * 60_000);
    expect(m.meanTimeToFirstAckMs).toBe((30_000 + 50_000) / 2);
    expect(m.meanTimeToResolutionMs).toBe(50_000);
  });

  it('an unacknowledged targeted request becomes overdue only after the ack timeout', () => {
    const view = materialize([q2]);
    expect(computeResponseMetrics(view, { now: minutes(4) }).overdueAckIds).toEqual([]);
    expect(computeResponseMetrics(view, { now: minutes(6) }).overdueAckIds).toEqual(['q2']);
    expect(computeResponseMetrics(view, { now: minutes(6) }).oldestUnackedRequestAgeMs).toBe(6 * 60_000);
    expect(computeResponseMetrics(view, { now: minutes(6), ackTimeoutMs: 10 * 60_000 }).overdueAckIds).toEqual([]);
  });

  it('emits an alert once per distinct overdue set, not on every tick', () => {
    const view = materialize([q2, clar]);
    const m = computeResponseMetrics(view, { now: minutes(45) });
    const first = alertsToEmit({}, m);
    expect(first.map((a) => a.alert)).toEqual(['coordination_ack_overdue', 'clarification_chain_stale']);
    const keys = Object.fromEntries(first.map((a) => [a.alert, a.key]));
    expect(alertsToEmit(keys, m)).toEqual([]);
    const grown = computeResponseMetrics(
      materialize([q2, clar, rec(1, { id: 'q9', kind: 'request', agentId: 'A1', targets: ['agent:A2'] })]),
      { now: minutes(45) },
    );
    expect(alertsToEmit(keys, grown).map((a) => a.ids)).toEqual([['q2', 'q9']]);
  });
});

describe('integration summary', () => {
  const a1 = agent('A1', { exitContract: { completion: 'contract', durability: 'none', proof: 'unit', docImpact: 'owned' } });
  const a2 = agent('A2', { exitContract: { completion: 'contract', durability: 'none', proof: 'unit', docImpact: 'none' } });
  const met = (id: string): AgentSummary => ({
    agentId: id,
    components: {},
    gaps: [],
    invalid: [],
    proof: { completion: 'contract', durability: 'none', proof: 'unit', state: 'met', detail: '' },
    docDelta: { state: 'owned', paths: [], detail: '' },
  });

  it('finds conflicting claims on a shared subject and recommends more work', () => {
    const view = materialize([
      rec(1, { id: 'c1', kind: 'claim', agentId: 'A1', targets: ['component:ledger'], summary: 'ledger is idempotent' }),
      rec(2, { id: 'c2', kind: 'claim', agentId: 'A2', targets: ['component:ledger'], summary: 'ledger double-posts on retry' }),
    ]);
    const s = compileIntegrationSummary({ view, agents: [a1, a2], summaries: { A1: met('A1'), A2: met('A2') }, assignments: [] });
    expect(s.conflicts).toHaveLength(1);
    expect(s.conflicts[0]).toMatchObject({ subject: 'component:ledger', claimIds: ['c1', 'c2'] });
    expect(s.recommendation).toBe('needs-more-work');
  });

  it('is ready when nothing is open, and reports proof and doc gaps otherwise', () => {
    const view = materialize([rec(1, { id: 'c1', kind: 'claim', agentId: 'A1', summary: 'done', status: 'resolved' })]);
    expect(
      compileIntegrationSummary({ view, agents: [a1, a2], summaries: { A1: met('A1'), A2: met('A2') }, assignments: [] }).recommendation,
    ).toBe('ready-for-doc-closure');
    const gaps = compileIntegrationSummary({ view, agents: [a1, a2], summaries: { A2: met('A2') }, assignments: [] });
    expect(gaps.proofGaps).toEqual(['A1']);
    expect(gaps.docGaps).toEqual(['A1']);
  });

  it("takes the integration steward's marker as authoritative", () => {
    const view = materialize([rec(1, { id: 'b1', kind: 'blocker', agentId: 'A1' })]);
    const steward: AgentSummary = {
      agentId: 'A8',
      components: {},
      gaps: [],
      invalid: [],
      integration: { state: 'ready-for-doc-closure', claims: 0, conflicts: 0, blockers: 0, detail: '' },
    };
    const s = compileIntegrationSummary({ view, agents: [a1], summaries: { A1: met('A1') }, assignments: [], stewardSummary: steward });
    expect(s).toMatchObject({ recommendation: 'ready-for-doc-closure', decidedBy: 'marker', unresolvedBlockers: ['b1'] });
  });
});

describe('ledger phase', () => {
  const base = { openBlockers: 0, openClarifications: 0, implementationActive: false, snapshotPassed: false };
  it.each([
    [{ ...base, openBlockers: 1, openClarifications: 2, implementationActive: true }, 'blocked'],
    [{ ...base, openClarifications: 1, implementationActive: true }, 'clarifying'],
    [{ ...base, implementationActive: true, closureStage: 'cont-eval' as const }, 'running'],
    [{ ...base, closureStage: 'cont-eval' as const }, 'cont-eval'],
    [{ ...base, closureStage: 'security' as const }, 'security-review'],
    [{ ...base, closureStage: 'integration' as const }, 'integrating'],
    [{ ...base, closureStage: 'documentation' as const }, 'docs-closure'],
    [{ ...base, closureStage: 'cont-qa' as const }, 'cont-qa-closure'],
    [{ ...base, closureStage: 'cont-qa' as const, snapshotPassed: true }, 'completed'],
  ])('%o → %s', (input, phase) => {
    expect(deriveLedgerPhase(input)).toBe(phase);
  });
});

describe('scale', () => {
  it('compiles every projection over 10,000 records and stays within its bounds', () => {
    const agents = Array.from({ length: 8 }, (_, i) => agent(`A${i}`, { capabilities: [`cap${i % 3}`] }));
    const records = Array.from({ length: 10_000 }, (_, i) =>
      rec(i % 3600, {
        id: `r${i}`,
        kind: (['request', 'claim', 'evidence', 'blocker'] as const)[i % 4],
        agentId: `A${i % 8}`,
        targets: [i % 2 ? `capability:cap${i % 3}` : `agent:A${(i + 3) % 8}`],
        priority: i % 97 === 0 ? 'urgent' : 'normal',
        status: i % 5 ? 'resolved' : 'open',
      }),
    );
    const p = compileProjections({
      view: materialize(records),
      agents,
      features: { summary: 'compiled', inboxes: true, routing: true },
      lane: 'main',
      wave: 1,
      attempt: 1,
      now: minutes(90),
    });
    expect(p.sharedSummary.markdown.length).toBeLessThan(6_500);
    expect(Object.values(p.inboxes).every((i) => i.markdown.length < 4_500)).toBe(true);
    expect(p.assignments.length).toBe(500);
    expect(p.sharedSummary.includedIds.some((id) => Number(id.slice(1)) % 97 === 0)).toBe(true);
  });
});

describe('incremental inbox reuse', () => {
  it('reusing unaffected inboxes gives exactly what a full compile gives', async () => {
    const { appendCoordinationRecords, LiveCoordinationState } = await import('../../orchestrator/coordination/index.js');
    const { tempDir } = await import('../helpers/tmp.js');
    const { join } = await import('node:path');
    const agents = Array.from({ length: 6 }, (_, i) => agent(`A${i}`, { capabilities: [`c${i % 2}`] }));
    const log = join(tempDir(), 'wave-1.jsonl');
    appendCoordinationRecords(
      log,
      Array.from({ length: 300 }, (_, i) =>
        rec(i, {
          id: `r${i}`,
          kind: (['request', 'claim', 'evidence'] as const)[i % 3],
          agentId: `A${i % 6}`,
          targets: [i % 2 ? `capability:c${i % 2}` : `agent:A${(i + 1) % 6}`],
        }),
      ),
    );
    const live = new LiveCoordinationState(log);
    live.refresh();
    const features = { summary: 'compiled' as const, inboxes: true, routing: true };
    const base = { agents, features, lane: 'main', wave: 1, attempt: 1, now: minutes(30) };
    let previous = compileProjections({ view: live, ...base });
    for (const [i, extra] of [
      rec(400, { id: 'n1', kind: 'evidence', agentId: 'A1', summary: 'only A1 sees this' }),
      rec(401, { id: 'n2', kind: 'blocker', agentId: 'A2', targets: ['agent:A4'], priority: 'urgent' }),
      rec(402, { id: 'r5', kind: 'claim', agentId: 'A5', status: 'resolved' }),
    ].entries()) {
      appendCoordinationRecords(log, [extra]);
      const changedIds = live.refresh().changedIds;
      const reused = compileProjections({
        view: live,
        ...base,
        previous: { inboxes: previous.inboxes, assignments: previous.assignments, changedIds },
      });
      const full = compileProjections({ view: live, ...base });
      expect(reused.inboxes, `step ${i}`).toEqual(full.inboxes);
      previous = reused;
    }
  });
});
