// `wave-bench control ...`: the operator surface of a lane (SPEC 2.7). Agents use it too.
import { resolve } from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { checkIdOptions, checkNumbers, UsageError } from '../options.js';
import { CONTROL_RANGES } from '../ranges.js';
import {
  agentClock,
  agentStatus,
  clearRerun,
  closeTask,
  escalateTask,
  getTask,
  listTasks,
  proofBundles,
  rerunState,
  supersedeProofBundle,
  escapeControl,
  escapeLine,
  ackTask,
  answerTask,
  createTask,
  humanQuestions,
  laneStatus,
  RECORD_KINDS,
  type HumanQuestion,
  registerProofBundle,
  requestRerun,
  revokeProofBundle,
  updateTask,
  type LaneRef,
} from '../../../orchestrator/operator-entry.js';

const KINDS = RECORD_KINDS;

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
  if (named !== 'operator' && named !== self)
    throw new UsageError(`this process runs as agent ${self} (WAVE_AGENT_ID) and cannot act as ${named}`);
  return self;
}
const print = (a: Common, value: unknown, text: string) =>
  process.stdout.write(a.json ? JSON.stringify(value, null, 2) + '\n' : `${escapeControl(text)}\n`);

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
  describe: 'Coordination records: list, get, create, ack, resolve, reassign, answer, escalate, dismiss, cancel',
  builder: (y) =>
    common(y)
      .positional('action', {
        choices: ['list', 'get', 'create', 'ack', 'resolve', 'reassign', 'answer', 'escalate', 'dismiss', 'cancel'] as const,
        demandOption: true,
        describe: 'What to do with a coordination record (list and get only read)',
      })
      .option('reason', { type: 'string', default: '', describe: 'escalate/dismiss/cancel: why (recorded)' })
      .option('open', { type: 'boolean', default: false, describe: 'list: only open records' })
      .option('agent', { type: 'string', default: 'operator', describe: 'Who acts (an agent id, or operator)' })
      .option('kind', { choices: KINDS, describe: 'create: record kind' })
      .option('summary', { type: 'string', describe: 'create: one-line summary' })
      .option('detail', { type: 'string', default: '', describe: 'create: longer description' })
      .option('target', { type: 'array', string: true, default: [] as string[], describe: 'agent:<id>, <id>, capability:<cap>, launcher' })
      .option('priority', {
        choices: ['low', 'normal', 'high', 'urgent'] as const,
        default: 'normal' as const,
        describe: 'create: how urgent',
      })
      .option('depends-on', { type: 'array', string: true, default: [] as string[], describe: 'create: record ids this one depends on' })
      .option('id', {
        type: 'string',
        describe: 'the record id (ack/resolve/reassign/answer); with create, an id of your own (a new version if you wrote it before)',
      })
      .option('answer', { type: 'string', describe: 'answer: the answer text' })
      .check((a) => {
        if (a.action === 'create' && (!a.kind || !a.summary)) throw new UsageError('task create needs --kind and --summary');
        if (a.action !== 'create' && a.action !== 'list' && !a.id) throw new UsageError(`task ${a.action} needs --id <record id>`);
        if (a.action === 'reassign' && a.target.length === 0) throw new UsageError('task reassign needs --target');
        if (a.action === 'answer' && !a.answer) throw new UsageError('task answer needs --answer');
        return true;
      }),
  handler: (raw) => {
    const a = raw as unknown as Common & {
      action: string;
      agent: string;
      kind: (typeof KINDS)[number];
      summary: string;
      detail: string;
      target: string[];
      priority: 'normal';
      'depends-on': string[];
      id: string;
      answer: string;
      reason: string;
      open: boolean;
    };
    const r = ref(a);
    if (a.action === 'list') {
      const records = listTasks(r, {
        open: a.open,
        ...(a.agent !== 'operator' ? { agent: a.agent } : {}),
        ...(a.kind ? { kind: a.kind } : {}),
      });
      print(
        a,
        records,
        records
          .map((t) =>
            escapeLine(`${t.id} [${t.kind}/${t.status}/${t.priority}] ${t.agentId} → ${t.targets.join(', ') || '-'}: ${t.summary}`),
          )
          .join('\n') || 'no records',
      );
      return;
    }
    if (a.action === 'get') {
      const got = getTask(r, a.id);
      const t = got.record;
      print(
        a,
        got,
        [
          `${t.id} [${t.kind}/${t.status}/${t.priority}] by ${t.agentId} → ${t.targets.join(', ') || '-'}`,
          `summary: ${t.summary}`,
          ...(t.detail ? [`detail: ${t.detail}`] : []),
          ...(t.dependsOn.length ? [`depends on: ${t.dependsOn.join(', ')}`] : []),
          ...(t.artifactRefs.length ? [`artifacts: ${t.artifactRefs.join(', ')}`] : []),
          `versions: ${got.versions.map((v) => `${v.status}@${v.updatedAt}`).join(' → ')}`,
        ]
          .map(escapeLine)
          .join('\n'),
      );
      return;
    }
    if (a.action === 'escalate') {
      const rec = escalateTask(r, a.id, a.agent, a.reason);
      print(a, rec, `escalated ${a.id} to a person as ${rec.id}`);
      return;
    }
    if (a.action === 'dismiss' || a.action === 'cancel') {
      const rec = closeTask(r, a.id, a.action === 'dismiss' ? 'closed' : 'cancelled', a.reason || 'no reason given');
      print(a, rec, `${a.action === 'dismiss' ? 'dismissed' : 'cancelled'} ${a.id}`);
      return;
    }
    if (a.action === 'create') {
      const rec = createTask(r, {
        agentId: actor(a.agent),
        kind: a.kind,
        summary: a.summary,
        detail: a.detail,
        targets: a.target,
        priority: a.priority,
        dependsOn: a['depends-on'],
        ...(a.id ? { id: a.id } : {}),
      });
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
  builder: (y) => common(y).option('agent', { type: 'string', describe: 'One agent: its state, runs, open records and inbox file' }),
  handler: (raw) => {
    const a = raw as unknown as Common & { agent?: string };
    if (a.agent) {
      const st = agentStatus(ref(a), a.agent);
      const lines = [
        `agent ${st.agentId}: ${st.state}${st.attempt !== null ? ` (attempt ${st.attempt})` : ''}`,
        ...st.runs
          .filter((x) => x.action === 'finished')
          .map(
            (x) =>
              `  attempt ${x.attempt}: ${'executorError' in x && x.executorError ? `executor error ${x.executorError}` : 'timedOut' in x && x.timedOut ? 'timed out' : `exit ${'exitCode' in x ? x.exitCode : '?'}`}`,
          ),
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

const rerunCommand: CommandModule = {
  command: 'rerun [action]',
  describe: 'Ask the next launch to rerun agents (request), see the pending request (get), or withdraw it (clear)',
  builder: (y) =>
    common(y)
      .positional('action', {
        choices: ['request', 'get', 'clear'] as const,
        default: 'request' as const,
        describe: 'request (default), get or clear',
      })
      .option('agent', { type: 'array', string: true, default: [] as string[], describe: 'request: agent id(s) to rerun' })
      .option('phase', { type: 'string', describe: 'request: phase the rerun is for (recorded with the request)' })
      .option('reuse', {
        type: 'array',
        string: true,
        default: [] as string[],
        describe: 'request: agent id(s) whose last result is kept even if another selector names them',
      })
      .option('invalidate-component', {
        type: 'array',
        string: true,
        default: [] as string[],
        describe: 'request: component id(s) whose owning agents must run again',
      })
      .check((a) => {
        if (a.action === 'request' && a.agent.length === 0 && a['invalidate-component'].length === 0)
          throw new UsageError('rerun request needs --agent <id> or --invalidate-component <component> (one or more)');
        return true;
      }),
  handler: (raw) => {
    const a = raw as unknown as Common & {
      action: string;
      agent: string[];
      phase?: string;
      reuse: string[];
      'invalidate-component': string[];
    };
    if (a.action === 'get') {
      const st = rerunState(ref(a));
      print(
        a,
        st,
        [
          `pending: ${st.active ? `${st.active.id} for ${st.active.agentIds.join(', ')} (by ${st.active.requestedBy} at ${st.active.requestedAt})` : 'none'}`,
          ...st.history.map((h) => `  ${h.at} ${h.id} ${h.action}${h.agentIds.length ? ` ${h.agentIds.join(', ')}` : ''} (${h.actor})`),
        ]
          .map(escapeLine)
          .join('\n'),
      );
      return;
    }
    if (a.action === 'clear') {
      const ev = clearRerun(ref(a));
      print(a, ev, `rerun request ${ev.entityId} withdrawn`);
      return;
    }
    const ev = requestRerun(ref(a), a.agent, a.phase, { reuse: a.reuse, invalidateComponents: a['invalidate-component'] });
    const what = [...a.agent, ...a['invalidate-component'].map((c) => `owners of ${c}`)].join(', ');
    print(a, ev, `rerun requested for ${what}${a.reuse.length ? ` (reusing ${a.reuse.join(', ')})` : ''} (${ev.entityId})`);
  },
};

const proofCommand: CommandModule = {
  command: 'proof <action>',
  describe: 'Operator proof bundles: get, register, supersede, revoke',
  builder: (y) =>
    common(y)
      .positional('action', {
        choices: ['get', 'register', 'supersede', 'revoke'] as const,
        demandOption: true,
        describe: 'List bundles, register one, register a successor of one, or revoke one',
      })
      .option('file', { type: 'string', describe: 'register: bundle JSON file' })
      .option('id', { type: 'string', describe: 'revoke: bundle id' })
      .option('reason', { type: 'string', default: 'revoked by operator', describe: 'revoke: why (recorded)' })
      .check((a) => {
        if (a.action === 'register' && !a.file) throw new UsageError('proof register needs --file <bundle.json>');
        if (a.action === 'revoke' && !a.id) throw new UsageError('proof revoke needs --id <bundle id>');
        if (a.action === 'supersede' && (!a.id || !a.file))
          throw new UsageError('proof supersede needs --id <active bundle id> and --file <new bundle.json>');
        return true;
      }),
  handler: (raw) => {
    const a = raw as unknown as Common & { action: string; file: string; id: string; reason: string };
    if (a.action === 'get') {
      const bundles = proofBundles(ref(a), a.id);
      print(
        a,
        bundles,
        bundles
          .map((b) =>
            escapeLine(
              `${b.id} [${b.state}] ${b.agentId}${b.authoritative ? ' authoritative' : ''}: ${b.summary}${b.supersededBy ? ` (superseded by ${b.supersededBy})` : ''}${b.revokedReason ? ` (revoked: ${b.revokedReason})` : ''}`,
            ),
          )
          .join('\n') || 'no proof bundles',
      );
      return;
    }
    if (a.action === 'supersede') {
      const ev = supersedeProofBundle(ref(a), a.id, resolve(a.file));
      print(a, ev, `proof bundle ${ev.entityId} supersedes ${a.id}`);
      return;
    }
    const ev = a.action === 'register' ? registerProofBundle(ref(a), resolve(a.file)) : revokeProofBundle(ref(a), a.id, a.reason);
    print(a, ev, `${a.action === 'register' ? 'registered' : 'revoked'} proof bundle ${ev.entityId}`);
  },
};

const questionLine = (q: HumanQuestion) =>
  `${q.id} [${q.kind}/${q.state}] ${q.askedBy}: ${q.question}${q.state === 'answered' ? ` → ${q.answer ?? '(no answer text)'}` : ''}`;

const feedbackCommand: CommandModule = {
  command: 'feedback <action>',
  describe: 'Questions for a person: list, show, watch (print new ones as they come), respond',
  builder: (y) =>
    common(y)
      .positional('action', {
        choices: ['list', 'show', 'watch', 'respond'] as const,
        demandOption: true,
        describe: 'list, show, watch (only read) or respond (answers)',
      })
      .option('id', { type: 'string', describe: "show/respond: the question's record id" })
      .option('answer', { type: 'string', describe: 'respond: the answer text' })
      .option('agent', { type: 'string', default: 'operator', describe: 'respond: who answers' })
      .option('open', { type: 'boolean', default: false, describe: 'list/watch: only questions still waiting' })
      .option('interval', { type: 'number', default: 1, describe: 'watch: seconds between looks' })
      .option('timeout', { type: 'number', describe: 'watch: stop after this many seconds (default: until interrupted)' })
      .check((a) => {
        if ((a.action === 'show' || a.action === 'respond') && !a.id) throw new UsageError(`feedback ${a.action} needs --id <record id>`);
        if (a.action === 'respond' && !a.answer) throw new UsageError('feedback respond needs --answer');
        return checkNumbers(a, {
          interval: { min: 0, max: 3600, integer: false, above: true },
          timeout: { min: 0, max: 604_800, integer: false },
        });
      }),
  handler: async (raw) => {
    const a = raw as unknown as Common & {
      action: string;
      id?: string;
      answer?: string;
      agent: string;
      open: boolean;
      interval: number;
      timeout?: number;
    };
    const r = ref(a);
    if (a.action === 'respond') {
      print(a, answerTask(r, a.id!, a.answer!, a.agent), `answered ${a.id}`);
      return;
    }
    const pick = () => humanQuestions(r).filter((q) => !a.open || q.state === 'open');
    if (a.action === 'list') {
      const qs = pick();
      print(a, qs, qs.length ? qs.map(questionLine).map(escapeLine).join('\n') : 'no questions for a person');
      return;
    }
    if (a.action === 'show') {
      const q = humanQuestions(r).find((x) => x.id === a.id);
      if (!q) throw new UsageError(`no question ${a.id} in lane ${a.lane} wave ${a.wave} (see \`wave-bench control feedback list\`)`);
      const lines = [
        questionLine(q),
        `asked at: ${q.askedAt}`,
        ...(q.detail ? [`detail: ${q.detail}`] : []),
        q.state === 'open' ? `answer with: ${q.answerCommand}` : `answered by: ${q.answeredBy ?? 'unknown'}`,
        ...q.launcher.map((e) => `launcher ${e.action} (attempt ${e.attempt}) at ${e.at}`),
      ];
      print(a, q, lines.map(escapeLine).join('\n'));
      return;
    }
    // watch: one line per question each time it appears or changes state.
    const seen = new Map<string, string>();
    const end = a.timeout === undefined ? Infinity : Date.now() + a.timeout * 1000;
    for (;;) {
      for (const q of pick()) {
        if (seen.get(q.id) === q.state) continue;
        seen.set(q.id, q.state);
        process.stdout.write(
          a.json
            ? JSON.stringify(q) + '\n'
            : `${escapeLine(questionLine(q))}${q.state === 'open' ? `\n  answer with: ${escapeLine(q.answerCommand)}` : ''}\n`,
        );
      }
      if (Date.now() >= end) return;
      await new Promise((res) => setTimeout(res, Math.min(a.interval * 1000, Math.max(0, end - Date.now()))));
    }
  },
};

export const controlCommand: CommandModule = {
  command: 'control <command>',
  describe: 'Operator surface of a lane: status, task, feedback, rerun, proof',
  builder: (y) =>
    y.command(statusCommand).command(taskCommand).command(feedbackCommand).command(rerunCommand).command(proofCommand).demandCommand(1),
  handler: () => undefined,
};
