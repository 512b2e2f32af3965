// Small builders for wave agents and records used across projection and gate tests.
import type { AgentDefinition } from '../../orchestrator/wave/types.js';
import { createRecord, type CoordinationRecord, type NewRecord } from '../../orchestrator/coordination/index.js';

export function agent(id: string, extra: Partial<AgentDefinition> = {}): AgentDefinition {
  return {
    id,
    title: `Agent ${id}`,
    role: 'implementation',
    prompt: 'do it',
    ownedPaths: [`src/${id.toLowerCase()}`],
    capabilities: [],
    components: [],
    skills: [],
    deliverables: [],
    proofArtifacts: [],
    executor: { id: 'scripted' },
    ...extra,
  };
}

/** A record at `second` seconds past 2026-01-01T00:00Z. */
export function rec(second: number, fields: Omit<NewRecord, 'lane' | 'wave'> & Partial<NewRecord>): CoordinationRecord {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, second));
  return createRecord({ lane: 'main', wave: 1, ...fields }, { now: () => at });
}
