// The resident orchestrator (--resident-orchestrator): an agent that is not part of the wave's gates
// and runs alongside it, once when each attempt starts (next to the implementation agents) and once
// before the closure sweep. It reads the shared summary and the coordination board and steers only
// through `orchestrator-guidance` records targeted at agents, which reach their inboxes.
import type { AgentDefinition } from '../wave/types.js';
import type { LaunchContext } from './context.js';
import type { AgentRunRecord } from './types.js';

/** The id the resident orchestrator acts under (an actor the control CLI accepts, like operator). */
export const RESIDENT_ORCHESTRATOR_ID = 'orchestrator';

export function residentOrchestratorAgent(ctx: LaunchContext): AgentDefinition | undefined {
  const spec = ctx.options.residentOrchestrator;
  if (!spec) return undefined;
  const control =
    ctx.options.controlCommand ?? `wave-bench control --workspace ${ctx.workspace} --lane ${ctx.lane} --wave ${ctx.wave.wave}`;
  const agents = ctx.runnable
    .map((a) => `${a.id} (${a.role}${a.capabilities.length ? `; ${a.capabilities.join(', ')}` : ''}): ${a.title}`)
    .join('\n');
  const prompt = [
    `You are the resident orchestrator of lane ${ctx.lane}, wave ${ctx.wave.wave}. You do not implement anything and you own no files.`,
    'Read the shared summary and your inbox; the coordination board is rendered with:',
    `  wave-bench coord render --board --workspace ${ctx.workspace} --lane ${ctx.lane} --wave ${ctx.wave.wave}`,
    'Watch for unacknowledged requests, stale clarifications, blockers and duplicated work. Intervene only by posting guidance to the agents concerned:',
    `  ${control} task create --agent ${RESIDENT_ORCHESTRATOR_ID} --kind orchestrator-guidance --target agent:<id> --summary "<one line>"`,
    'The agents of this wave:',
    agents,
  ].join('\n');
  return {
    id: RESIDENT_ORCHESTRATOR_ID,
    title: 'Resident orchestrator',
    role: 'implementation',
    prompt,
    ownedPaths: [],
    capabilities: [],
    components: [],
    skills: [],
    deliverables: [],
    proofArtifacts: [],
    executor: { ...spec.executor, id: spec.executor.id ?? ctx.options.executor ?? 'local' },
  };
}

/** Runs the resident orchestrator once (its run is recorded like any agent's, outside the gates). */
export async function runResidentOrchestrator(
  ctx: LaunchContext,
  attempt: number,
  runAgent: (agent: AgentDefinition) => Promise<AgentRunRecord>,
): Promise<AgentRunRecord | undefined> {
  const agent = residentOrchestratorAgent(ctx);
  if (!agent) return undefined;
  ctx.emit({ type: 'message', text: `resident orchestrator: looking at wave ${ctx.wave.wave} (attempt ${attempt})` });
  return runAgent(agent);
}
