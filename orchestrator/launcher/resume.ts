// Reading a lane's control-plane history back after a crash: where the launcher must pick up (SPEC 2.7 step 6).
import type { AgentRunRecord } from './types.js';

/** The part of a control-plane event the launcher folds for resuming. */
export interface LauncherControlEvent {
  entityType: string;
  entityId: string;
  action: string;
  attempt: number;
  data: Record<string, unknown>;
}

/** A finished run as recorded in its `agent_run finished` control event. */
export type FinishedAgentRun = Pick<AgentRunRecord, 'agentId' | 'attempt' | 'exitCode' | 'timedOut' | 'durationMs' | 'executorError'> & {
  taskHash: string;
};

export interface ResumePoint {
  /** The attempt to run now (1-based). */
  attempt: number;
  /** Agents planned for that attempt, when it was already started. */
  plannedAgentIds?: string[];
  /** Runs finished in that attempt (not re-run on resume). */
  finishedRuns: Map<string, FinishedAgentRun>;
  /** Closure stages whose steward already finished in that attempt. */
  finishedStages: Set<string>;
  /** Attempts already completed and whether they consumed retry budget. */
  completedAttempts: { attempt: number; ok: boolean; continuation: boolean; statusCode: string }[];
  /** The last completed attempt's relaunch plan, when it asked for another attempt. */
  nextPlan?: { agentIds: string[]; continuation: boolean };
  /** The wave already passed in an earlier run of the launcher. */
  alreadyPassed: boolean;
}

/** Folds launcher events (`attempt`, `agent_run`, `gate`) into the point to resume from. */
export function findResumePoint(events: LauncherControlEvent[]): ResumePoint {
  const point: ResumePoint = {
    attempt: 1,
    finishedRuns: new Map(),
    finishedStages: new Set(),
    completedAttempts: [],
    alreadyPassed: false,
  };
  for (const event of events) {
    if (event.entityType === 'attempt' && event.action === 'started') {
      point.attempt = event.attempt;
      point.plannedAgentIds = event.data.agentIds as string[];
      point.finishedRuns = new Map();
      point.finishedStages = new Set();
    } else if (
      event.entityType === 'agent_run' &&
      event.action === 'finished' &&
      event.attempt === point.attempt &&
      !event.data.stoppedBy
    ) {
      // A run the wave's time budget stopped did not finish its work: the resumed attempt runs it again.
      point.finishedRuns.set(event.entityId, event.data as unknown as FinishedAgentRun);
    } else if (event.entityType === 'gate' && event.action === 'stage-finished' && event.attempt === point.attempt) {
      point.finishedStages.add(String(event.data.stage));
    } else if (event.entityType === 'attempt' && event.action === 'finished') {
      const data = event.data as { ok: boolean; continuation: boolean; statusCode: string; nextAgentIds?: string[] };
      point.completedAttempts.push({ attempt: event.attempt, ok: data.ok, continuation: data.continuation, statusCode: data.statusCode });
      point.alreadyPassed = data.ok;
      point.nextPlan = data.nextAgentIds ? { agentIds: data.nextAgentIds, continuation: data.continuation } : undefined;
      point.attempt = event.attempt + 1;
      point.plannedAgentIds = undefined;
      point.finishedRuns = new Map();
      point.finishedStages = new Set();
    }
  }
  return point;
}
