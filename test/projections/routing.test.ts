// Helper assignment routing (SPEC 2.4) and its write-back: decisions are appended only when an
// assignment changes, so refreshing an unchanged state never grows the log.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendCoordinationRecords, LiveCoordinationState, materialize } from '../../orchestrator/coordination/index.js';
import { planAssignmentDecisions, resolveAssignments } from '../../orchestrator/projections/index.js';
import { agent, rec } from '../helpers/agents.js';
import { tempDir } from '../helpers/tmp.js';

const agents = [
  agent('A1', { capabilities: ['db'] }),
  agent('A2', { capabilities: ['db', 'queue'] }),
  agent('A3', { capabilities: ['queue'] }),
];

describe('helper assignment routing', () => {
  it('resolves agent:X, exact ids, preferred and least-loaded capabilities, and unresolved targets', () => {
    const view = materialize([
      rec(1, { id: 'q1', kind: 'request', agentId: 'A1', targets: ['agent:A3'] }),
      rec(2, { id: 'q2', kind: 'request', agentId: 'A1', targets: ['A2'] }),
      rec(3, { id: 'q3', kind: 'request', agentId: 'A3', targets: ['capability:db'] }),
      rec(4, { id: 'q4', kind: 'request', agentId: 'A3', targets: ['capability:queue'] }),
      rec(5, { id: 'q5', kind: 'request', agentId: 'A3', targets: ['capability:gpu'] }),
      rec(6, { id: 'q6', kind: 'request', agentId: 'A1', targets: ['capability:db'], status: 'resolved' }),
    ]);
    const got = resolveAssignments(view, agents, { preferredAgents: { queue: 'A3' } });
    expect(got.map((a) => [a.requestId, a.assignee, a.reason])).toEqual([
      ['q1', 'A3', 'explicit-agent'],
      ['q2', 'A2', 'explicit-agent'],
      // A1 and A2 have db; A2 already carries q2, so A1 is least loaded.
      ['q3', 'A1', 'least-loaded'],
      ['q4', 'A3', 'preferred-agent'],
      ['q5', 'unresolved', 'no-match'],
    ]);
  });

  it('breaks load ties by agent id', () => {
    const view = materialize([rec(1, { id: 'q1', kind: 'request', agentId: 'A3', targets: ['capability:db'] })]);
    expect(resolveAssignments(view, agents)[0]!.assignee).toBe('A1');
  });

  it('spreads simultaneous capability requests over distinct owners', () => {
    const view = materialize([1, 2, 3, 4].map((s) => rec(s, { id: `q${s}`, kind: 'request', agentId: 'A3', targets: ['capability:db'] })));
    expect(resolveAssignments(view, agents).map((a) => a.assignee)).toEqual(['A1', 'A2', 'A1', 'A2']);
  });

  it('refreshing an unchanged state 100 times leaves the log byte-identical; growth feeds back', () => {
    const log = join(tempDir(), 'wave-1.jsonl');
    appendCoordinationRecords(log, [
      rec(1, { id: 'q1', kind: 'request', agentId: 'A3', targets: ['capability:db'] }),
      rec(2, { id: 'q2', kind: 'request', agentId: 'A1', targets: ['capability:queue', 'agent:A2'] }),
    ]);
    const live = new LiveCoordinationState(log);
    const refresh = (second: number) => {
      live.refresh();
      const decisions = planAssignmentDecisions(live, resolveAssignments(live, agents), {
        lane: 'main',
        wave: 1,
        attempt: 1,
        now: new Date(Date.UTC(2026, 0, 1, 0, 1, second)).toISOString(),
      });
      appendCoordinationRecords(log, decisions);
      return decisions.length;
    };
    expect(refresh(0)).toBe(3);
    const bytes = readFileSync(log);
    for (let i = 1; i <= 100; i += 1) expect(refresh(i)).toBe(0);
    expect(readFileSync(log).equals(bytes)).toBe(true);

    // q1→A1, q2's queue→A2 (tie by id) and agent:A2→A2; a new db request goes to the less loaded A1,
    // and only its own decision is appended: the standing ones are kept.
    appendCoordinationRecords(log, [rec(30, { id: 'q3', kind: 'request', agentId: 'A2', targets: ['capability:db'] })]);
    expect(refresh(50)).toBe(1);
    expect(refresh(51)).toBe(0);
    live.refresh();
    expect(live.byKind('decision').map((d) => d.detail)).toContain('request=q3 assignee=A1 reason=least-loaded target=capability:db');
  });

  it('records a changed assignment as a new version of the same decision record', () => {
    const q = rec(1, { id: 'q1', kind: 'request', agentId: 'A1', targets: ['capability:gpu'] });
    let view = materialize([q]);
    const first = planAssignmentDecisions(view, resolveAssignments(view, agents), {
      lane: 'main',
      wave: 1,
      attempt: 1,
      now: '2026-01-01T00:01:00.000Z',
    });
    expect(first[0]!.detail).toContain('assignee=unresolved');
    const withGpu = [...agents, agent('A4', { capabilities: ['gpu'] })];
    view = materialize([q, ...first]);
    const second = planAssignmentDecisions(view, resolveAssignments(view, withGpu), {
      lane: 'main',
      wave: 1,
      attempt: 2,
      now: '2026-01-01T00:02:00.000Z',
    });
    expect(second).toHaveLength(1);
    expect(second[0]!.id).toBe(first[0]!.id);
    expect(second[0]!.detail).toContain('assignee=A4');
  });
});
