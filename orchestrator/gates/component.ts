// The component gate (SPEC 2.6): every promoted component is satisfied by all of its owners.
// When only some owners are done, the others are relaunched as a continuation that does not use
// up the retry budget (`shared-component-sibling-pending`).
import type { AgentSummary } from '../markers/types.js';
import type { WaveDefinition } from '../wave/types.js';
import { PASS } from './codes.js';
import { checkOwnedComponents } from './implementation.js';
import type { GateResult } from './types.js';

/** One result per promoted component, in the wave file's order. */
export function evaluateComponentGates(wave: WaveDefinition, summaries: Readonly<Record<string, AgentSummary>>): GateResult[] {
  return wave.componentPromotions.map(({ component, level }) => {
    const owners = wave.agents.filter((a) => a.role === 'implementation' && a.components.includes(component));
    if (owners.length === 0)
      return {
        ok: false,
        gate: 'component',
        statusCode: 'component-unowned',
        detail: `${component} is promoted to ${level} but no implementation agent owns it`,
      };
    const failures = owners.map((owner) => ({
      owner: owner.id,
      result: checkOwnedComponents({ ...wave, componentPromotions: [{ component, level }] }, owner, summaries[owner.id]),
    }));
    const waiting = failures.filter((f) => f.result).map((f) => f.owner);
    if (waiting.length === 0)
      return {
        ok: true,
        gate: 'component',
        statusCode: PASS,
        detail: `${component} at ${level} (owners ${owners.map((o) => o.id).join(', ')})`,
      };
    if (waiting.length < owners.length) {
      return {
        ok: false,
        gate: 'component',
        statusCode: 'shared-component-sibling-pending',
        detail: `${component}: ${waiting.join(', ')} still to reach ${level}; other owners are done`,
        waitingAgents: waiting,
      };
    }
    const first = failures.find((f) => f.result)!;
    return {
      ok: false,
      gate: 'component',
      statusCode: first.result!.statusCode,
      agentId: first.owner,
      detail: first.result!.detail,
      waitingAgents: waiting,
    };
  });
}
