// Which skills an agent's prompt carries. Resolution lives in orchestrator/skills; this adapts it.
import { loadSkillsFor } from '../skills/load.js';
import type { PromptSkill } from '../prompt/compile.js';
import type { AgentDefinition } from '../wave/types.js';

export function resolveSkills(agent: AgentDefinition, executorId: string): PromptSkill[] {
  return loadSkillsFor(agent, executorId);
}
