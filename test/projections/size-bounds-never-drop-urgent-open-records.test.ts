// The shared summary and inboxes are bounded in size. The bound must never drop a high-priority
// open record while keeping a low-priority or closed one, and never cut a record in half.
import { describe, expect, it } from 'vitest';
import { materialize } from '../../orchestrator/coordination/index.js';
import { compileInbox, compileSharedSummary } from '../../orchestrator/projections/index.js';
import { agent, rec } from '../helpers/agents.js';

function noisyLog() {
  const noise = Array.from({ length: 300 }, (_, i) =>
    rec(i, {
      id: `noise-${i}`,
      kind: i % 2 ? 'evidence' : 'claim',
      agentId: 'A2',
      targets: ['agent:A1'],
      priority: 'low',
      status: i % 3 ? 'open' : 'closed',
      summary: `routine note ${i} ${'.'.repeat(60)}`,
    }),
  );
  const closedUrgent = rec(400, {
    id: 'old-urgent',
    kind: 'blocker',
    agentId: 'A3',
    targets: ['agent:A1'],
    priority: 'urgent',
    status: 'resolved',
    summary: 'resolved long ago',
  });
  const critical = rec(500, {
    id: 'critical-fact',
    kind: 'blocker',
    agentId: 'A3',
    targets: ['agent:A1'],
    priority: 'high',
    summary: 'payments table is sharded by region: the migration must run per shard',
  });
  return materialize([...noise, closedUrgent, critical]);
}

describe('size bounds', () => {
  it('the shared summary keeps the high-priority open blocker and drops low-priority and closed records first', () => {
    const summary = compileSharedSummary(noisyLog(), [], 1_500);
    expect(summary.markdown.length).toBeLessThan(2_000);
    expect(summary.includedIds).toContain('critical-fact');
    expect(summary.markdown).toContain('payments table is sharded by region');
    expect(summary.includedIds).not.toContain('old-urgent');
    expect(summary.omittedCount).toBeGreaterThan(0);
    expect(summary.markdown).toMatch(/less important record\(s\) omitted/);
  });

  it('every shown record is whole: each record line appears complete or not at all', () => {
    const view = noisyLog();
    const summary = compileSharedSummary(view, [], 1_500);
    for (const id of summary.includedIds) {
      const line = summary.markdown.split('\n').find((l) => l.includes(`\`${id}\``))!;
      expect(line).toContain(view.get(id)!.summary.replace(/\s+/g, ' ').slice(0, 150));
    }
  });

  it('an inbox under a tight bound still holds the high-priority open record targeted at the agent', () => {
    const inbox = compileInbox(noisyLog(), agent('A1'), [], 800);
    expect(inbox.includedIds).toContain('critical-fact');
    expect(inbox.includedIds).not.toContain('old-urgent');
    expect(inbox.markdown.indexOf('critical-fact')).toBeLessThan(inbox.markdown.indexOf('noise-'));
  });

  it('a closed record is never kept while an open one of the same priority is dropped', () => {
    const view = noisyLog();
    const summary = compileSharedSummary(view, [], 3_000);
    const kept = new Set(summary.includedIds);
    const dropped = view.latest().filter((r) => !kept.has(r.id));
    const keptClosedLow = summary.includedIds
      .map((id) => view.get(id)!)
      .filter((r) => r.priority === 'low' && !['open', 'acknowledged', 'in_progress'].includes(r.status));
    const droppedOpenLow = dropped.filter((r) => r.priority === 'low' && r.status === 'open');
    expect(keptClosedLow.length === 0 || droppedOpenLow.length === 0).toBe(true);
  });
});
