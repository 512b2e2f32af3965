// `wave-bench control ...`: the operator surface of a lane (SPEC 2.7). Agents use it too.
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { checkIdOptions, checkNumbers, UsageError } from '../options.js';
import { CONTROL_RANGES } from '../ranges.js';
import { agentClock, escapeControl, escapeLine, ackTask, answerTask, createTask, laneStatus, registerProofBundle, requestRerun, revokeProofBundle, updateTask, type LaneRef } from '../../../orchestrator/index.js';

const KINDS = ['request', 'ack', 'claim', 'evidence', 'decision', 'blocker', 'handoff', 'clarification-request', 'orchestrator-guidance', 'resolved-by-policy', 'human-escalation', 'human-feedback', 'integration-summary'] as const;

interface Common {
  workspace: string;
  lane: string;
  wave: number;
  json: boolean;
}

const ref = (a: Common): LaneRef => {
  const base: LaneRef = { workspace: resolve(a.workspace), lane: a.lane, wave: a.wave };
  // An agent run by the launcher stamps its records on the run's (possibly logical) clock.
  const start = process.env.WAVE_AGENT_CLOCK;
  return start && !Number.isNaN(Date.parse(start)) ? { ...base, clock: agentClock(base, start) } : base;
};
/**
 * Who acts. A process the launcher started as an agent (WAVE_AGENT_ID) acts as that agent: naming
 * another agent (or the operator) is refused. A guard against an agent signing as another by
 * mistake or by naive forgery, not a security boundary: an agent that clears its environment can
 * still claim another id of the wave (ids outside the wave are refused or flagged in any case).
 */
function actor(named: string): string {
  const self = process.env.WAVE_AGENT_ID;
  if (!self) return named;
  if (named !== 'operator' && named !== self) throw new UsageError(`this process runs as agent ${self} (WAVE_AGENT_ID) and cannot act as ${named}`);
  return self;
}
const print = (a: Common, value: unknown, text: string) => process.stdout.write(a.json ? JSON.stringify(value, null, 2) + '\n' : `${escapeControl(text)}\n`);

function common<T>(y: Argv<T>) {
  return y
    .option('workspace', { type: 'string', default: '.', describe: 'Workspace holding .wave/<lane>' })
    .option('lane', { type: 'string', default: 'main', describe: 'Lane name (state lives in <workspace>/.wave/<lane>)' })
    .option('wave', { type: 'number', demandOption: true, describe: 'Wave number' })
    .option('json', { type: 'boolean', default: false, describe: 'Print JSON instead of text' })
    .check((a) => checkIdOptions(a, ['lane']) && checkNumbers(a, CONTROL_RANGES));
}

const taskCommand: CommandModule = {
  command: 'task <action>',
  describe: 'Create, ack, resolve, reassign or answer coordination records',
  builder: (y) =>
    common(y)
      .positional('action', { choices: ['create', 'ack', 'resolve', 'reassign', 'answer'] as const, demandOption: true, describe: 'What to do with a coordination record' })
      .option('agent', { type: 'string', default: 'operator', describe: 'Who acts (an agent id, or operator)' })
      .option('kind', { choices: KINDS, describe: 'create: record kind' })
      .option('summary', { type: 'string', describe: 'create: one-line summary' })
      .option('detail', { type: 'string', default: '', describe: 'create: longer description' })
      .option('target', { type: 'array', string: true, default: [] as string[], describe: 'agent:<id>, <id>, capability:<cap>, launcher' })
      .option('priority', { choices: ['low', 'normal', 'high', 'urgent'] as const, default: 'normal' as const, describe: 'create: how urgent' })
      .option('depends-on', { type: 'array', string: true, default: [] as string[], describe: 'create: record ids this one depends on' })
      .option('id', { type: 'string', describe: 'the record id (ack/resolve/reassign/answer); with create, an id of your own (a new version if you wrote it before)' })
      .option('answer', { type: 'string', describe: 'answer: the answer text' })
      .check((a) => {
        if (a.action === 'create' && (!a.kind || !a.summary)) throw new UsageError('task create needs --kind and --summary');
        if (a.action !== 'create' && !a.id) throw new UsageError(`task ${a.action} needs --id <record id>`);
        if (a.action === 'reassign' && a.target.length === 0) throw new UsageError('task reassign needs --target');
        if (a.action === 'answer' && !a.answer) throw new UsageError('task answer needs --answer');
        return true;
      }),
  handler: (raw) => {
    const a = raw as unknown as Common & { action: string; agent: string; kind: (typeof KINDS)[number]; summary: string; detail: string; target: string[]; priority: 'normal'; 'depends-on': string[]; id: string; answer: string };
    const r = ref(a);
    if (a.action === 'create') {
      const rec = createTask(r, { agentId: actor(a.agent), kind: a.kind, summary: a.summary, detail: a.detail, targets: a.target, priority: a.priority, dependsOn: a['depends-on'], ...(a.id ? { id: a.id } : {}) });
      print(a, rec, `created ${rec.kind} ${rec.id}`);
      return;
    }
    if (a.action === 'answer') {
      print(a, answerTask(r, a.id, a.answer, actor(a.agent)), `answered ${a.id}`);
      return;
    }
    if (a.action === 'ack') {
      print(a, ackTask(r, a.id, actor(a.agent)), `acknowledged ${a.id}`);
      return;
    }
    const rec = updateTask(r, a.id, a.action === 'resolve' ? { status: 'resolved' } : { targets: a.target });
    print(a, rec, `${a.action === 'resolve' ? 'resolved' : 'reassigned'} ${a.id}`);
  },
};

const statusCommand: CommandModule = {
  command: 'status',
  describe: 'Phase, blocking edge, open tasks and the next ack deadline',
  builder: (y) => common(y),
  handler: (raw) => {
    const a = raw as unknown as Common;
    const s = laneStatus(ref(a));
    const lines = [`phase: ${s.phase}`, `blocking: ${s.blockingEdge ?? 'nothing'}`, `next deadline: ${s.nextDeadline ? `${s.nextDeadline.id} ack due ${s.nextDeadline.dueAt}` : 'none'}`, `open tasks (${s.openTasks.length}):`, ...s.openTasks.map((t) => `  ${t.id} [${t.kind}/${t.status}/${t.priority}] ${t.by} → ${t.targets.join(', ') || '-'}: ${t.summary}`)];
    if (s.logIssues.length) lines.push(`log problems (${s.logIssues.length}; these lines were not read):`, ...s.logIssues.map((i) => `  ${i.file}:${i.line}: ${i.kind}: ${i.message}`));
    if (s.unknownAgents.length) lines.push(`not agents of this wave (${s.unknownAgents.length}):`, ...s.unknownAgents.map((u) => `  ${u.where} claims agent "${u.agentId}"`));
    print(a, s, lines.map(escapeLine).join('\n'));
  },
};

const rerunCommand: CommandModule = {
  command: 'rerun',
  describe: 'Ask the next launch to rerun these agents',
  builder: (y) =>
    common(y)
      .option('agent', { type: 'array', string: true, demandOption: true, describe: 'Agent id(s) to rerun' })
      .option('phase', { type: 'string', describe: 'Phase the rerun is for (recorded with the request)' }),
  handler: (raw) => {
    const a = raw as unknown as Common & { agent: string[]; phase?: string };
    const ev = requestRerun(ref(a), a.agent, a.phase);
    print(a, ev, `rerun requested for ${a.agent.join(', ')} (${ev.entityId})`);
  },
};

const proofCommand: CommandModule = {
  command: 'proof <action>',
  describe: 'Register or revoke an operator proof bundle',
  builder: (y) =>
    common(y)
      .positional('action', { choices: ['register', 'revoke'] as const, demandOption: true, describe: 'Register a bundle or revoke one' })
      .option('file', { type: 'string', describe: 'register: bundle JSON file' })
      .option('id', { type: 'string', describe: 'revoke: bundle id' })
      .option('reason', { type: 'string', default: 'revoked by operator', describe: 'revoke: why (recorded)' })
      .check((a) => {
        if (a.action === 'register' && !a.file) throw new UsageError('proof register needs --file <bundle.json>');
        if (a.action === 'revoke' && !a.id) throw new UsageError('proof revoke needs --id <bundle id>');
        return true;
      }),
  handler: (raw) => {
    const a = raw as unknown as Common & { action: string; file: string; id: string; reason: string };
    const ev = a.action === 'register' ? registerProofBundle(ref(a), resolve(a.file)) : revokeProofBundle(ref(a), a.id, a.reason);
    print(a, ev, `${a.action === 'register' ? 'registered' : 'revoked'} proof bundle ${ev.entityId}`);
  },
};

export const controlCommand: CommandModule = {
  command: 'control <command>',
  describe: 'Operator surface of a lane: status, task, rerun, proof',
  builder: (y) => y.command(statusCommand).command(taskCommand).command(rerunCommand).command(proofCommand).demandCommand(1),
  handler: () => undefined,
};
