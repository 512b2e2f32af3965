// `wave-bench control task ...`: coordination records (list, get, create, ack, resolve, reassign,
// answer, escalate, dismiss, cancel); every change is appended to the coordination log.
import type { CommandModule } from 'yargs';
import { UsageError } from '../../options.js';
import {
  ackTask,
  answerTask,
  closeTask,
  createTask,
  escalateTask,
  escapeLine,
  getTask,
  listTasks,
  RECORD_KINDS,
  updateTask,
} from '../../../../orchestrator/operator-entry.js';
import { actor, common, print, ref, type Common } from './shared.js';

const KINDS = RECORD_KINDS;

export const taskCommand: CommandModule = {
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
