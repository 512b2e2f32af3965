// The live human loop and clarification triage (after the implementation runs of an attempt, before
// closure). An open clarification is first routed, by earlier decisions, ownership and capability, to
// an agent that can answer it; only when none can is it escalated to a person. A question to a
// person does not fail the attempt: the launcher prints and records the exact answer command, waits
// up to the human timeout, and when the answer arrives (from any process) runs the waiting agent
// again in the same attempt. Every step is a control event (`clarification_triage`, `human_input`).
import { appendCoordinationRecords } from '../coordination/log.js';
import { createRecord, updateRecord } from '../coordination/records.js';
import { isOpen } from '../coordination/status.js';
import type { CoordinationRecord } from '../coordination/types.js';
import { readControlLog } from '../control/events.js';
import { isInsideOwned } from '../wave/validate.js';
import type { AgentDefinition } from '../wave/types.js';
import type { LaunchContext } from './context.js';
import type { AgentRunOutcome } from './outcome.js';
import { refreshProjections } from './refresh.js';
import { runAgent } from './run-agent.js';
import type { AgentRunRecord } from './types.js';

const POLL_MS = 200;

export interface HumanLoopOptions {
  /** How long to wait for a person's answer before the attempt ends as it would without one. */
  timeoutMinutes: number;
  /** Route clarifications to agents before asking a person (default on). */
  triage?: boolean;
}

const isQuestion = (r: CoordinationRecord) => (r.kind === 'human-feedback' || r.kind === 'human-escalation') && isOpen(r);

/** The command a person runs to answer a question, exactly as printed and recorded. */
export function answerCommand(ctx: LaunchContext, id: string): string {
  return `wave-bench control task answer --workspace ${ctx.workspace} --lane ${ctx.lane} --wave ${ctx.wave.wave} --id ${id} --answer "<answer>"`;
}

/** Runs triage and waits for people; returns the extra agent runs it made in this attempt. */
export async function resolveQuestions(
  ctx: LaunchContext,
  attempt: number,
  lastRuns: Map<string, AgentRunOutcome>,
  loop: HumanLoopOptions,
): Promise<AgentRunRecord[]> {
  const runs: AgentRunRecord[] = [];
  const deadline = Date.now() + loop.timeoutMinutes * 60_000;
  const rerun = async (agent: AgentDefinition) => {
    const projections = refreshProjections(ctx, attempt, { commit: true, now: ctx.clock.now() });
    const record = await runAgent(ctx, agent, attempt, projections, ctx.clock.now());
    ctx.budget.throwIfSpent();
    lastRuns.set(agent.id, {
      agentId: agent.id,
      exitCode: record.exitCode,
      timedOut: record.timedOut,
      ...(record.executorError ? { executorError: record.executorError } : {}),
    });
    runs.push(record);
  };
  for (let guard = 0; guard < 100; guard += 1) {
    ctx.live.refresh();
    if (loop.triage !== false && (await triageOne(ctx, attempt, rerun))) continue;
    const questions = ctx.live.open().filter(isQuestion);
    if (questions.length === 0) break;
    announce(ctx, attempt, questions);
    const answered = await waitForAnswers(ctx, questions, deadline);
    ctx.budget.throwIfSpent();
    if (answered.length === 0) {
      for (const q of questions)
        ctx.control('human_input', q.id, 'timed-out', attempt, { recordId: q.id, waitedMinutes: loop.timeoutMinutes });
      ctx.emit({
        type: 'message',
        text: `[human-feedback] no answer within ${loop.timeoutMinutes} minute(s); the attempt ends with the question open`,
      });
      break;
    }
    for (const q of answered) {
      const answer = answerOf(ctx, q.id);
      ctx.control('human_input', q.id, 'answered', attempt, { recordId: q.id, answer });
      ctx.emit({ type: 'message', text: `[human-feedback] ${q.id} answered: ${answer}` });
      const asker = forwardEscalation(ctx, attempt, q, answer) ?? q.agentId;
      const agent = ctx.runnable.find((a) => a.id === asker);
      if (agent) await rerun(agent);
    }
  }
  return runs;
}

function announce(ctx: LaunchContext, attempt: number, questions: readonly CoordinationRecord[]): void {
  const asked = new Set(
    readControlLog(ctx.paths.controlLog(ctx.wave.wave))
      .events.filter((e) => e.entityType === 'human_input' && e.action === 'asked' && e.attempt === attempt)
      .map((e) => e.entityId),
  );
  for (const q of questions) {
    if (asked.has(q.id)) continue;
    const command = answerCommand(ctx, q.id);
    ctx.control('human_input', q.id, 'asked', attempt, { recordId: q.id, question: q.summary, askedBy: q.agentId, answerCommand: command });
    ctx.emit({ type: 'message', text: `[human-feedback] wave ${ctx.wave.wave} agent ${q.agentId} asks (${q.id}): ${q.summary}` });
    ctx.emit({ type: 'message', text: `[human-feedback] answer with: ${command}` });
  }
}

async function waitForAnswers(
  ctx: LaunchContext,
  questions: readonly CoordinationRecord[],
  deadline: number,
): Promise<CoordinationRecord[]> {
  for (;;) {
    ctx.live.refresh();
    const answered = questions.filter((q) => !isOpen(ctx.live.get(q.id) ?? q));
    if (answered.length || Date.now() >= deadline || ctx.budget.signal.aborted) return answered;
    await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
  }
}

/** The answer text: the resolved human-feedback record that depends on the question, else the question's detail. */
function answerOf(ctx: LaunchContext, id: string): string {
  const reply = ctx.live
    .latest()
    .filter((r) => r.kind === 'human-feedback' && r.dependsOn.includes(id) && !isOpen(r))
    .at(-1);
  if (reply) return reply.summary;
  const detail = ctx.live.get(id)?.detail ?? '';
  return /answer: (.*)$/s.exec(detail)?.[1] ?? '(resolved without an answer text)';
}

/** An answered escalation of a clarification answers the clarification too; returns the original asker. */
function forwardEscalation(ctx: LaunchContext, attempt: number, q: CoordinationRecord, answer: string): string | undefined {
  if (q.kind !== 'human-escalation' || q.agentId !== 'launcher') return undefined;
  const clarification = q.dependsOn.map((id) => ctx.live.get(id)).find((r) => r?.kind === 'clarification-request');
  if (!clarification) return undefined;
  const at = { now: () => ctx.clock.now() };
  const records = [
    createRecord(
      {
        lane: ctx.lane,
        wave: ctx.wave.wave,
        kind: 'human-feedback',
        agentId: 'launcher',
        targets: [`agent:${clarification.agentId}`],
        summary: answer,
        dependsOn: [clarification.id, q.id],
        status: 'resolved',
        source: 'launcher',
        attempt,
      },
      at,
    ),
  ];
  if (isOpen(clarification))
    records.push(
      updateRecord(
        clarification,
        {
          status: 'resolved',
          detail: `${clarification.detail}${clarification.detail ? '\n' : ''}answer (from a person, via ${q.id}): ${answer}`,
        },
        at,
      ),
    );
  appendCoordinationRecords(ctx.live.logPath, records);
  ctx.control('clarification_triage', clarification.id, 'answered', attempt, { by: 'human', via: q.id });
  return clarification.agentId;
}

interface TriageState {
  tried: string[];
  escalated: boolean;
  done: boolean;
}

function triageState(ctx: LaunchContext, id: string): TriageState {
  const state: TriageState = { tried: [], escalated: false, done: false };
  for (const e of readControlLog(ctx.paths.controlLog(ctx.wave.wave)).events) {
    if (e.entityType !== 'clarification_triage' || e.entityId !== id) continue;
    if (e.action === 'routed') state.tried.push(String(e.data.to));
    if (e.action === 'escalated') state.escalated = true;
    if (e.action === 'answered' || e.action === 'resolved-by-policy') state.done = true;
  }
  return state;
}

/** Paths a clarification is about: its artifact refs and path-like words of its text. */
function pathsOf(r: CoordinationRecord): string[] {
  const words = `${r.summary} ${r.detail}`.match(/[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]*/g) ?? [];
  return [...new Set([...r.artifactRefs, ...words].map((p) => p.replace(/[.,;:]+$/, '')))];
}

/** Agents that can answer, in order: owners of what it is about, then capability holders, then named agents. */
export function triageCandidates(
  ctx: LaunchContext,
  r: CoordinationRecord,
): { agent: AgentDefinition; by: 'ownership' | 'capability' | 'named' }[] {
  const out: { agent: AgentDefinition; by: 'ownership' | 'capability' | 'named' }[] = [];
  const add = (agent: AgentDefinition | undefined, by: 'ownership' | 'capability' | 'named') => {
    if (agent && agent.id !== r.agentId && !out.some((c) => c.agent.id === agent.id)) out.push({ agent, by });
  };
  const paths = pathsOf(r);
  for (const a of ctx.runnable) if (paths.some((p) => isInsideOwned(p, a.ownedPaths))) add(a, 'ownership');
  for (const t of r.targets.filter((x) => x.startsWith('capability:'))) {
    const cap = t.slice('capability:'.length);
    const preferred = ctx.options.preferredAgents?.[cap];
    add(
      ctx.runnable.find((a) => a.id === preferred && a.capabilities.includes(cap)),
      'capability',
    );
    for (const a of ctx.runnable) if (a.capabilities.includes(cap)) add(a, 'capability');
  }
  for (const t of r.targets)
    add(
      ctx.runnable.find((a) => a.id === t.replace(/^agent:/, '')),
      'named',
    );
  return out;
}

/** An earlier decision about the same thing (a shared artifact, posted before the question). */
function earlierDecision(ctx: LaunchContext, r: CoordinationRecord): CoordinationRecord | undefined {
  const paths = new Set(pathsOf(r));
  if (paths.size === 0) return undefined;
  return ctx.live
    .byKind('decision')
    .find(
      (d) =>
        d.createdAt <= r.createdAt && d.status !== 'cancelled' && d.status !== 'superseded' && d.artifactRefs.some((p) => paths.has(p)),
    );
}

/** Takes one triage step on the first open clarification that still needs one; false when none does. */
async function triageOne(ctx: LaunchContext, attempt: number, rerun: (a: AgentDefinition) => Promise<void>): Promise<boolean> {
  const open = ctx.live.byKind('clarification-request').filter((r) => isOpen(r) && r.agentId !== 'launcher');
  for (const r of open) {
    const state = triageState(ctx, r.id);
    if (state.escalated || state.done) continue;
    const at = { now: () => ctx.clock.now() };
    const decision = earlierDecision(ctx, r);
    if (decision) {
      appendCoordinationRecords(ctx.live.logPath, [
        createRecord(
          {
            lane: ctx.lane,
            wave: ctx.wave.wave,
            kind: 'resolved-by-policy',
            agentId: 'launcher',
            targets: [`agent:${r.agentId}`],
            summary: `Answered by earlier decision ${decision.id}: ${decision.summary}`,
            dependsOn: [r.id, decision.id],
            status: 'resolved',
            source: 'launcher',
            attempt,
          },
          at,
        ),
        updateRecord(
          r,
          { status: 'resolved', detail: `${r.detail}${r.detail ? '\n' : ''}answered by earlier decision ${decision.id}` },
          at,
        ),
      ]);
      ctx.control('clarification_triage', r.id, 'resolved-by-policy', attempt, { decisionId: decision.id });
      ctx.emit({ type: 'message', text: `[triage] ${r.id} answered by earlier decision ${decision.id}` });
      const asker = ctx.runnable.find((a) => a.id === r.agentId);
      if (asker) await rerun(asker);
      return true;
    }
    const next = triageCandidates(ctx, r).find((c) => !state.tried.includes(c.agent.id));
    if (next) {
      const requestId = `triage-${r.id}-${next.agent.id}`;
      appendCoordinationRecords(ctx.live.logPath, [
        createRecord(
          {
            id: requestId,
            lane: ctx.lane,
            wave: ctx.wave.wave,
            kind: 'request',
            agentId: 'launcher',
            targets: [`agent:${next.agent.id}`],
            summary: `Clarification ${r.id} from ${r.agentId}: ${r.summary}`,
            detail: r.detail,
            dependsOn: [r.id],
            artifactRefs: r.artifactRefs,
            source: 'launcher',
            priority: 'high',
            attempt,
          },
          at,
        ),
      ]);
      ctx.control('clarification_triage', r.id, 'routed', attempt, { to: next.agent.id, by: next.by, requestId });
      ctx.emit({ type: 'message', text: `[triage] ${r.id} routed to ${next.agent.id} (${next.by})` });
      await rerun(next.agent);
      ctx.live.refresh();
      const reply = ctx.live
        .latest()
        .find((x) => x.agentId === next.agent.id && x.id !== requestId && (x.dependsOn.includes(r.id) || x.dependsOn.includes(requestId)));
      const routed = ctx.live.get(requestId);
      const current = ctx.live.get(r.id) ?? r;
      if (reply || !isOpen(current)) {
        const records = [];
        if (isOpen(current))
          records.push(
            updateRecord(
              current,
              {
                status: 'resolved',
                detail: `${current.detail}${current.detail ? '\n' : ''}answered by ${next.agent.id}${reply ? ` in ${reply.id}: ${reply.summary}` : ''}`,
              },
              at,
            ),
          );
        if (routed && isOpen(routed)) records.push(updateRecord(routed, { status: 'resolved' }, at));
        if (records.length) appendCoordinationRecords(ctx.live.logPath, records);
        ctx.control('clarification_triage', r.id, 'answered', attempt, { by: next.agent.id, ...(reply ? { recordId: reply.id } : {}) });
        ctx.emit({ type: 'message', text: `[triage] ${r.id} answered by ${next.agent.id}` });
        const asker = ctx.runnable.find((a) => a.id === r.agentId);
        if (asker) await rerun(asker);
      } else {
        if (routed && isOpen(routed))
          appendCoordinationRecords(ctx.live.logPath, [
            updateRecord(routed, { status: 'cancelled', detail: 'not answered; triage moves on' }, at),
          ]);
        ctx.control('clarification_triage', r.id, 'not-answered', attempt, { agent: next.agent.id });
        ctx.emit({ type: 'message', text: `[triage] ${next.agent.id} did not answer ${r.id}` });
      }
      return true;
    }
    const escalation = createRecord(
      {
        id: `escalate-${r.id}`,
        lane: ctx.lane,
        wave: ctx.wave.wave,
        kind: 'human-escalation',
        agentId: 'launcher',
        targets: ['operator'],
        summary: `Clarification from ${r.agentId} needs a person: ${r.summary}`,
        detail: r.detail,
        dependsOn: [r.id],
        source: 'launcher',
        priority: 'high',
        attempt,
      },
      at,
    );
    appendCoordinationRecords(ctx.live.logPath, [escalation]);
    ctx.control('clarification_triage', r.id, 'escalated', attempt, { escalationId: escalation.id, tried: state.tried });
    ctx.emit({
      type: 'message',
      text: `[triage] ${r.id}: no agent could answer (tried ${state.tried.join(', ') || 'none'}); asking a person`,
    });
    return true;
  }
  return false;
}
