// Control-plane events (SPEC 2.8): appended and read back like the coordination log, and folded
// into proof bundles, the active rerun request, attempts, human inputs and alert keys.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendControlEvents,
  createControlEvent,
  foldControlEvents,
  readControlLog,
  type NewControlEvent,
} from '../../orchestrator/control/index.js';
import { parseAgentLog } from '../../orchestrator/markers/index.js';
import { applyProofBundle } from '../../orchestrator/proof/index.js';
import { tempDir, tickingClock } from '../helpers/tmp.js';

const clock = tickingClock();
const ev = (fields: Omit<NewControlEvent, 'lane' | 'wave' | 'runId' | 'actor'> & Partial<NewControlEvent>) =>
  createControlEvent({ lane: 'main', wave: 1, runId: 'run-1', actor: 'operator', ...fields }, clock);

describe('control plane', () => {
  it('round-trips events through the log and reports a malformed line with its number', () => {
    const log = join(tempDir(), 'control', 'wave-1.jsonl');
    appendControlEvents(log, [ev({ entityType: 'attempt', entityId: 'attempt-1', action: 'started', attempt: 1 })]);
    appendFileSync(log, '{"entityType":"attempt"}\n');
    appendControlEvents(log, [
      ev({
        entityType: 'attempt',
        entityId: 'attempt-1',
        action: 'finished',
        attempt: 1,
        data: { ok: false, statusCode: 'missing-wave-proof' },
      }),
    ]);
    const read = readControlLog(log);
    expect(read.events).toHaveLength(2);
    expect(read.issues).toEqual([expect.objectContaining({ line: 2, kind: 'malformed' })]);
    expect(foldControlEvents(read.events).attempts).toEqual([
      { attempt: 1, state: 'finished', ok: false, statusCode: 'missing-wave-proof' },
    ]);
  });

  it('a newer bundle supersedes the older one for the same agent; revoking leaves none active', () => {
    const reg = (id: string, agentId: string) =>
      ev({
        entityType: 'proof_bundle',
        entityId: id,
        action: 'registered',
        data: { agentId, authoritative: true, proof: { completion: 'live', durability: 'durable', proof: 'live' } },
      });
    const state = foldControlEvents([
      reg('pb1', 'A1'),
      reg('pb2', 'A1'),
      reg('pb3', 'A2'),
      ev({ entityType: 'proof_bundle', entityId: 'pb3', action: 'revoked', data: { reason: 'wrong build' } }),
    ]);
    expect(state.proofBundles.map((b) => [b.id, b.state])).toEqual([
      ['pb1', 'superseded'],
      ['pb2', 'active'],
      ['pb3', 'revoked'],
    ]);
    expect(Object.keys(state.activeBundleByAgent)).toEqual(['A1']);
    expect(state.proofBundles[2]!.revokedReason).toBe('wrong build');
  });

  it('tracks the active rerun request, human inputs and alert keys, and reports unknown actions', () => {
    const state = foldControlEvents([
      ev({ entityType: 'rerun_request', entityId: 'rr1', action: 'requested', data: { agentIds: ['A1'] } }),
      ev({ entityType: 'rerun_request', entityId: 'rr1', action: 'applied' }),
      ev({ entityType: 'rerun_request', entityId: 'rr2', action: 'requested', data: { agentIds: ['A2', 'A3'], phase: 'integrating' } }),
      ev({ entityType: 'human_input', entityId: 'h1', action: 'asked', data: { question: 'which region?' } }),
      ev({ entityType: 'human_input', entityId: 'h1', action: 'answered', data: { answer: 'eu' } }),
      ev({ entityType: 'coordination_alert', entityId: 'al1', action: 'emitted', data: { alert: 'coordination_ack_overdue', key: 'k1' } }),
      ev({ entityType: 'proof_bundle', entityId: 'x', action: 'exploded' }),
      ev({ entityType: 'agent_run', entityId: 'A1', action: 'finished' }),
    ]);
    expect(state.activeRerun).toMatchObject({ id: 'rr2', agentIds: ['A2', 'A3'], phase: 'integrating' });
    expect(state.humanInputs).toEqual([{ id: 'h1', question: 'which region?', answer: 'eu', state: 'answered' }]);
    expect(state.alertKeys).toEqual({ coordination_ack_overdue: 'k1' });
    expect(state.issues).toEqual([expect.stringContaining('unknown action proof_bundle/exploded')]);
  });

  it('the active authoritative bundle upgrades the parsed summary; a non-authoritative one does not', () => {
    const summary = parseAgentLog('A1', '[wave-proof] completion=contract durability=none proof=unit state=gap');
    const reg = (authoritative: boolean) =>
      foldControlEvents([
        ev({
          entityType: 'proof_bundle',
          entityId: 'pb',
          action: 'registered',
          data: {
            agentId: 'A1',
            authoritative,
            proof: { completion: 'live', durability: 'durable', proof: 'live' },
            componentsMet: [{ component: 'ledger', level: 'qa-proved' }],
          },
        }),
      ]).activeBundleByAgent.A1;
    const upgraded = applyProofBundle(summary, reg(true));
    expect(upgraded.proof).toMatchObject({ completion: 'live', state: 'met' });
    expect(upgraded.components.ledger).toMatchObject({ level: 'qa-proved', state: 'met' });
    expect(applyProofBundle(summary, reg(false)).proof!.state).toBe('gap');
    expect(summary.proof!.state).toBe('gap');
  });
});
