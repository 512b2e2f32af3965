// Per-agent inboxes (SPEC 2.4): each record reaches the agents it concerns, for the stated reason.
import { describe, expect, it } from 'vitest';
import { materialize } from '../../orchestrator/coordination/index.js';
import { compileInbox, compileProjections, resolveAssignments } from '../../orchestrator/projections/index.js';
import { agent, rec } from '../helpers/agents.js';

const a1 = agent('A1', { capabilities: ['db'], components: ['ledger'], ownedPaths: ['src/ledger'] });
const a2 = agent('A2', { capabilities: ['queue'] });
const a8 = agent('A8', { role: 'integration', ownedPaths: [] });

const view = materialize([
  rec(1, { id: 'to-a1', kind: 'request', agentId: 'A2', targets: ['agent:A1'], summary: 'direct' }),
  rec(2, { id: 'cap-db', kind: 'request', agentId: 'A2', targets: ['capability:db'], summary: 'needs db' }),
  rec(3, { id: 'a1-open', kind: 'claim', agentId: 'A1', summary: 'own claim' }),
  rec(4, { id: 'path', kind: 'evidence', agentId: 'A2', artifactRefs: ['src/ledger/post.ts'], summary: 'touches ledger code' }),
  rec(5, { id: 'comp', kind: 'evidence', agentId: 'A2', targets: ['component:ledger'], summary: 'ledger component' }),
  rec(6, { id: 'to-a2', kind: 'request', agentId: 'A1', targets: ['agent:A2'], summary: 'for a2 only' }),
  rec(7, { id: 'prefix-trap', kind: 'evidence', agentId: 'A2', artifactRefs: ['src/ledger-old/x.ts'], summary: 'similar prefix only' }),
]);

describe('targeted inboxes', () => {
  it('collects targeted, capability, own-open, owned-path and component records, and nothing else', () => {
    const inbox = compileInbox(view, a1, resolveAssignments(view, [a1, a2]));
    // to-a2 is there because A1 wrote it and it is still open.
    expect(inbox.includedIds).toEqual(['a1-open', 'cap-db', 'comp', 'path', 'to-a1', 'to-a2']);
    // cap-db is routed to A1 (the only db agent), so it shows as assigned rather than capability.
    expect(inbox.markdown).toContain('needs db (assigned)');
    const unrouted = compileInbox(view, a1, []);
    expect(unrouted.markdown).toContain('needs db (capability)');
    expect(inbox.markdown).toContain('(owned-path)');
  });

  it('gives the integration steward the integration-relevant records', () => {
    const inbox = compileInbox(view, a8, []);
    expect(inbox.includedIds).toEqual(['a1-open', 'comp', 'path', 'prefix-trap']);
  });

  it('without the inbox feature an agent sees only its own records', () => {
    const p = compileProjections({
      view,
      agents: [a1, a2],
      features: { summary: 'none', inboxes: false, routing: false },
      lane: 'main',
      wave: 1,
      attempt: 1,
      now: new Date('2026-01-01T01:00:00Z'),
    });
    expect(p.inboxes.A1!.includedIds).toEqual(['a1-open', 'to-a2']);
    expect(p.assignments).toEqual([]);
    expect(p.assignmentDecisions).toEqual([]);
    expect(p.sharedSummary.includedIds).toEqual([]);
  });

  it('the counts-only summary shows counts and no record content', () => {
    const p = compileProjections({
      view,
      agents: [a1, a2],
      features: { summary: 'counts', inboxes: false, routing: false },
      lane: 'main',
      wave: 1,
      attempt: 1,
      now: new Date('2026-01-01T01:00:00Z'),
    });
    expect(p.sharedSummary.markdown).toContain('request: 3 open of 3');
    expect(p.sharedSummary.markdown).not.toContain('needs db');
  });
});
