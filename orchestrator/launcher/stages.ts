// Closure stages in their fixed order (SPEC 2.1): cont-EVAL → security → integration → documentation → cont-QA.
import type { AgentDefinition, AgentRole, WaveDefinition } from '../wave/types.js';

export const CLOSURE_ORDER: { stage: string; role: AgentRole; gate: string }[] = [
  { stage: 'cont-eval', role: 'cont-eval', gate: 'cont-eval' },
  { stage: 'security-review', role: 'security', gate: 'security' },
  { stage: 'integration', role: 'integration', gate: 'integration' },
  { stage: 'documentation', role: 'documentation', gate: 'documentation' },
  { stage: 'cont-qa', role: 'cont-qa', gate: 'cont-qa' },
];

export interface ClosureStage {
  stage: string;
  gate: string;
  agents: AgentDefinition[];
}

/** The closure stages present in this wave, in order, each with its steward(s). */
export function closureStages(wave: WaveDefinition): ClosureStage[] {
  return CLOSURE_ORDER.map(({ stage, role, gate }) => ({ stage, gate, agents: wave.agents.filter((agent) => agent.role === role) })).filter(
    (stage) => stage.agents.length > 0,
  );
}

export function implementationAgents(wave: WaveDefinition): AgentDefinition[] {
  return wave.agents.filter((agent) => agent.role === 'implementation');
}

/** The steward that owns a ledger phase, for relaunching "the role of the current phase". */
export function phaseRoleAgent(wave: WaveDefinition, phase: string): string | undefined {
  const role: AgentRole | undefined = (
    {
      'cont-eval': 'cont-eval',
      'security-review': 'security',
      integrating: 'integration',
      'docs-closure': 'documentation',
      'cont-qa-closure': 'cont-qa',
    } as Record<string, AgentRole>
  )[phase];
  return role ? wave.agents.find((agent) => agent.role === role)?.id : undefined;
}
