// `wave-bench control status [--agent ID]`: the wave's phase, what blocks, open tasks, what could not
// be trusted; or one agent's state, runs, open records and inbox file. Only reads.
import type { CommandModule } from 'yargs';
import { agentStatus, escapeLine, laneStatus } from '../../../../orchestrator/operator-entry.js';
import { common, print, ref, type Common } from './shared.js';

export const statusCommand: CommandModule = {
  command: 'status',
  describe: 'Phase, blocking edge, open tasks and the next ack deadline',
  builder: (y) => common(y).option('agent', { type: 'string', describe: 'One agent: its state, runs, open records and inbox file' }),
  handler: (raw) => {
    const a = raw as unknown as Common & { agent?: string };
    if (a.agent) {
      const st = agentStatus(ref(a), a.agent);
      const lines = [
        `agent ${st.agentId}: ${st.state}${st.attempt !== null ? ` (attempt ${st.attempt})` : ''}`,
        ...st.runs.filter((x) => x.action === 'finished' || x.action === 'reused').map((x) => `  attempt ${x.attempt}: ${runLine(x)}`),
        `open records (${st.openTasks.length}):`,
        ...st.openTasks.map((t) => `  ${t.id} [${t.kind}/${t.status}] ${t.by} → ${t.targets.join(', ') || '-'}: ${t.summary}`),
        `inbox: ${st.inboxFile}`,
      ];
      print(a, st, lines.map(escapeLine).join('\n'));
      return;
    }
    const s = laneStatus(ref(a));
    const lines = [
      `phase: ${s.phase}`,
      `blocking: ${s.blockingEdge ?? 'nothing'}`,
      `next deadline: ${s.nextDeadline ? `${s.nextDeadline.id} ack due ${s.nextDeadline.dueAt}` : 'none'}`,
      `open tasks (${s.openTasks.length}):`,
      ...s.openTasks.map((t) => `  ${t.id} [${t.kind}/${t.status}/${t.priority}] ${t.by} → ${t.targets.join(', ') || '-'}: ${t.summary}`),
    ];
    if (s.logIssues.length)
      lines.push(
        `log problems (${s.logIssues.length}; these lines were not read):`,
        ...s.logIssues.map((i) => `  ${i.file}:${i.line}: ${i.kind}: ${i.message}`),
      );
    if (s.unknownAgents.length)
      lines.push(
        `not agents of this wave (${s.unknownAgents.length}):`,
        ...s.unknownAgents.map((u) => `  ${u.where} claims agent "${u.agentId}"`),
      );
    print(a, s, lines.map(escapeLine).join('\n'));
  },
};

/** One finished (or reused) run of an agent, in words. */
function runLine(x: Record<string, unknown>): string {
  if (x.action === 'reused') return `reused its attempt ${x.reusedFromAttempt} result`;
  if (x.stoppedBy) return `stopped (${x.stoppedBy})`;
  if (x.executorError) return `executor error ${x.executorError}`;
  return x.timedOut ? 'timed out' : `exit ${x.exitCode ?? '?'}`;
}
