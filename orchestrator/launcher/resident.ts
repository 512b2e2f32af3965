// The resident orchestrator (--resident-orchestrator): one agent outside the wave's gates that runs
// alongside the wave for its whole duration. It is started when the launch starts its first attempt
// and stopped (its whole process group, like any agent's) when the launch ends, however it ends; if
// the launcher itself is killed, the executors' watchdog kills it. It reads the shared summary and
// the board the launcher keeps rewriting, and steers only through `orchestrator-guidance` records
// targeted at agents, which reach their inboxes.
import { join } from 'node:path';
import type { AgentDefinition } from '../wave/types.js';
import type { LaunchContext } from './context.js';
import type { AgentRunRecord } from './types.js';

/** The board the resident orchestrator reads, in the wave's projections folder (rewritten at every refresh). */
export const RESIDENT_BOARD_FILE = 'board.md';
const RESIDENT_MAX_MINUTES = 7 * 24 * 60; // without a wave budget: the longest --wave-timeout allowed

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
    'You run for the whole wave and are stopped when it ends. Keep reading the shared summary and the coordination board; the launcher rewrites both as records arrive:',
    `  ${join(ctx.paths.projectionsDir(ctx.wave.wave), 'shared-summary.md')}`,
    `  ${join(ctx.paths.projectionsDir(ctx.wave.wave), RESIDENT_BOARD_FILE)}`,
    `  (or: wave-bench coord render --board --workspace ${ctx.workspace} --lane ${ctx.lane} --wave ${ctx.wave.wave})`,
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

/** A running resident orchestrator; `stop` ends it (its process group) and resolves with its run. */
export interface ResidentOrchestrator {
  stop(): Promise<AgentRunRecord>;
}

/** Starts the resident orchestrator for the rest of this launch (undefined when it is not asked for). */
export function startResidentOrchestrator(
  ctx: LaunchContext,
  attempt: number,
  run: (agent: AgentDefinition, options: { signal: AbortSignal; minutes: number }) => Promise<AgentRunRecord>,
): ResidentOrchestrator | undefined {
  const agent = residentOrchestratorAgent(ctx);
  if (!agent) return undefined;
  const controller = new AbortController();
  ctx.emit({ type: 'message', text: `resident orchestrator: started for wave ${ctx.wave.wave} (attempt ${attempt})` });
  // Its budget is the wave's: it must not time out while the wave runs.
  const running = run(agent, { signal: controller.signal, minutes: ctx.options.waveTimeoutMinutes ?? RESIDENT_MAX_MINUTES });
  return {
    async stop() {
      controller.abort('wave-end');
      const record = await running;
      ctx.emit({ type: 'message', text: `resident orchestrator: stopped (${record.stoppedBy ?? `exited ${record.exitCode}`})` });
      return record;
    },
  };
}
