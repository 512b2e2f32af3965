// Questions for a person in a lane's wave, as the operator sees them (`wave-bench control feedback`):
// folded from the coordination log (the question and its answer) and the control log (when the
// launcher asked, with the exact answer command, answered or gave up waiting), and answering them.
import { appendCoordinationRecords, readCoordinationLog } from '../coordination/log.js';
import { materialize } from '../coordination/materialize.js';
import { createRecord, systemClock, updateRecord } from '../coordination/records.js';
import { isOpen } from '../coordination/status.js';
import type { CoordinationRecord } from '../coordination/types.js';
import { lanePaths } from '../paths.js';
import { readControlLog } from './events.js';
import { checkActor, currentRecord, logOf, type LaneRef } from './lane-ref.js';

export interface HumanQuestion {
  id: string;
  kind: 'human-feedback' | 'human-escalation';
  askedBy: string;
  question: string;
  detail: string;
  askedAt: string;
  state: 'open' | 'answered';
  answer?: string;
  answeredBy?: string;
  /** The command the launcher printed, when a launcher is (or was) waiting for this answer. */
  answerCommand: string;
  /** Launcher events for the question: asked, answered, timed-out. */
  launcher: { action: string; attempt: number; at: string }[];
}

const HUMAN_KINDS = new Set(['human-feedback', 'human-escalation']);

/** An answer is a human record written already resolved in reply to another record. */
const isAnswer = (first: CoordinationRecord) => !isOpen(first) && first.dependsOn.length > 0;

export function humanQuestions(ref: LaneRef): HumanQuestion[] {
  const paths = lanePaths(ref.workspace, ref.lane);
  const records = readCoordinationLog(paths.coordinationLog(ref.wave)).records;
  const firstVersion = new Map<string, CoordinationRecord>();
  for (const r of records) if (!firstVersion.has(r.id)) firstVersion.set(r.id, r);
  const view = materialize(records);
  const events = readControlLog(paths.controlLog(ref.wave)).events.filter((e) => e.entityType === 'human_input');
  const questions: HumanQuestion[] = [];
  for (const r of view.latest()) {
    if (!HUMAN_KINDS.has(r.kind) || isAnswer(firstVersion.get(r.id)!)) continue;
    const reply = view
      .latest()
      .filter((x) => x.kind === 'human-feedback' && x.dependsOn.includes(r.id) && isAnswer(firstVersion.get(x.id)!))
      .at(-1);
    const mine = events.filter((e) => e.entityId === r.id);
    const asked = mine.find((e) => e.action === 'asked');
    const open = isOpen(r);
    const answer = reply?.summary ?? /answer: (.*)$/s.exec(r.detail)?.[1];
    questions.push({
      id: r.id,
      kind: r.kind as HumanQuestion['kind'],
      askedBy: r.agentId,
      question: r.summary,
      detail: r.detail,
      askedAt: r.createdAt,
      state: open ? 'open' : 'answered',
      ...(!open && answer !== undefined ? { answer } : {}),
      ...(!open && reply ? { answeredBy: reply.agentId } : {}),
      answerCommand:
        typeof asked?.data.answerCommand === 'string'
          ? asked.data.answerCommand
          : `wave-bench control task answer --workspace ${ref.workspace} --lane ${ref.lane} --wave ${ref.wave} --id ${r.id} --answer "<answer>"`,
      launcher: mine.map((e) => ({ action: e.action, attempt: e.attempt, at: e.recordedAt })),
    });
  }
  return questions;
}

/** Answers a clarification or escalation: posts the answer as human feedback and resolves the question. */
export function answerTask(ref: LaneRef, id: string, answer: string, by = 'operator'): CoordinationRecord[] {
  checkActor(ref, by, '--agent');
  const question = currentRecord(ref, id);
  const feedback = createRecord(
    {
      lane: ref.lane,
      wave: ref.wave,
      kind: 'human-feedback',
      agentId: by,
      targets: [`agent:${question.agentId}`],
      summary: answer,
      dependsOn: [id],
      status: 'resolved',
      source: 'operator',
    },
    ref.clock ?? systemClock,
  );
  const resolved = updateRecord(
    question,
    { status: 'resolved', detail: `${question.detail}${question.detail ? '\n' : ''}answer: ${answer}` },
    ref.clock ?? systemClock,
  );
  appendCoordinationRecords(logOf(ref), [feedback, resolved]);
  return [feedback, resolved];
}
