// Read-only views of a lane's coordination for operators (`wave-bench coord`, `wave-bench dashboard`):
// the projections compiled now from the log with the wave's recorded settings, why a record is (or is
// not) in an inbox or the shared summary, and a dashboard of agents, closure, coordination and proofs.
import { readCoordinationLog } from '../coordination/log.js';
import { materialize } from '../coordination/materialize.js';
import { isOpen } from '../coordination/status.js';
import type { CoordinationRecord } from '../coordination/types.js';
import { WaveBenchError } from '../errors.js';
import { FULL_WAVE_FEATURES, type OrchestrationFeatures } from '../launcher/types.js';
import { lanePaths } from '../paths.js';
import { compileProjections, type Projections } from '../projections/compile.js';
import { inboxReason } from '../projections/inbox.js';
import { SEED_SOURCE } from '../projections/routing.js';
import { summaryExclusion } from '../projections/summary.js';
import { loadWaveFile } from '../wave/load.js';
import type { WaveDefinition } from '../wave/types.js';
import { readControlLog } from './events.js';
import { foldControlEvents } from './fold.js';
import { humanQuestions } from './feedback.js';
import type { LaneRef } from './lane-ref.js';
import { agentStatus } from './status.js';

export interface LaneWave {
  wave: WaveDefinition;
  features: OrchestrationFeatures;
  preferredAgents: Record<string, string>;
}

/** The wave as its last launch ran it: the wave file and settings recorded in the `wave_run started` event. */
export function launchedWave(ref: LaneRef): LaneWave {
  const events = readControlLog(lanePaths(ref.workspace, ref.lane).controlLog(ref.wave)).events;
  const started = events.filter((e) => e.entityType === 'wave_run' && e.action === 'started').at(-1);
  if (!started)
    throw new WaveBenchError('no-wave-run', `lane ${ref.lane} wave ${ref.wave} has not been launched in ${ref.workspace}`, {
      fix: 'launch it first (`wave-bench launch`), or check --workspace, --lane and --wave',
    });
  const settings = (started.data.settings ?? {}) as {
    features?: OrchestrationFeatures;
    preferredAgents?: Record<string, string>;
    closureIds?: WaveDefinition['closureIds'];
  };
  const wave = loadWaveFile(String(started.data.waveFile), {
    requireContQa: false,
    ...(settings.closureIds ? { closureIds: settings.closureIds } : {}),
  });
  return { wave, features: { ...FULL_WAVE_FEATURES, ...settings.features }, preferredAgents: settings.preferredAgents ?? {} };
}

/** The projections as they would be compiled now from the log (nothing is written). */
export function currentProjections(
  ref: LaneRef,
  lw = launchedWave(ref),
): { projections: Projections; records: readonly CoordinationRecord[] } {
  const view = materialize(readCoordinationLog(lanePaths(ref.workspace, ref.lane).coordinationLog(ref.wave)).records);
  const projections = compileProjections({
    view,
    agents: lw.wave.agents,
    features: lw.features,
    lane: ref.lane,
    wave: ref.wave,
    attempt: 0,
    now: new Date(view.newestTimestamp ?? Date.now()),
    routing: { preferredAgents: lw.preferredAgents },
    integrationStewardId: lw.wave.agents.find((a) => a.role === 'integration')?.id,
  });
  return { projections, records: view.latest() };
}

export interface RecordExplanation {
  id: string;
  kind: string;
  status: string;
  summary: { included: boolean; why: string };
  inboxes: { agentId: string; included: boolean; why: string }[];
}

/** Why a record is (or is not) in the shared summary and in each agent's inbox. */
export function explainRecord(ref: LaneRef, id: string, agentId?: string): RecordExplanation {
  const lw = launchedWave(ref);
  const { projections, records } = currentProjections(ref, lw);
  const record = records.find((r) => r.id === id);
  if (!record)
    throw new WaveBenchError('unknown-record', `no coordination record ${id} in lane ${ref.lane} wave ${ref.wave}`, {
      fix: 'list records with `wave-bench control task list`',
    });
  const inSummary = projections.sharedSummary.includedIds.includes(id);
  const summaryWhy =
    lw.features.summary !== 'compiled'
      ? `the shared summary is "${lw.features.summary}" under this run's features`
      : (summaryExclusion(record) ??
        (inSummary
          ? `kind ${record.kind} is summarised and it fits the size bound`
          : 'it lost to more important records under the size bound (omitted)'));
  const agents = lw.wave.agents.filter((a) => !agentId || a.id === agentId);
  if (agentId && agents.length === 0)
    throw new WaveBenchError(
      'unknown-agent',
      `"${agentId}" is not an agent of lane ${ref.lane} wave ${ref.wave} (agents: ${lw.wave.agents.map((a) => a.id).join(', ')})`,
      { fix: "name one of the wave's agents" },
    );
  const inboxes = agents.map((agent) => {
    const assigned = new Set(projections.assignments.filter((x) => x.assignee === agent.id).map((x) => x.requestId));
    const reason = lw.features.inboxes ? inboxReason(record, agent, assigned) : undefined;
    const included = projections.inboxes[agent.id]?.includedIds.includes(id) ?? false;
    const why = !lw.features.inboxes
      ? "targeted inboxes are off under this run's features"
      : !reason
        ? `not for ${agent.id}: not targeted at it, not assigned to it, no capability of it (${agent.capabilities.join(', ') || 'none'}), not its own open record, no artifact under its owned paths (${agent.ownedPaths.join(', ') || 'none'})`
        : included
          ? `for ${agent.id} (${reason}) and within the inbox size bound`
          : `for ${agent.id} (${reason}) but omitted under the inbox size bound`;
    return { agentId: agent.id, included, why };
  });
  return { id, kind: record.kind, status: record.status, summary: { included: inSummary, why: summaryWhy }, inboxes };
}

export interface Dashboard {
  lane: string;
  wave: number;
  title: string;
  attempt: number | null;
  lastAttempt: { attempt: number; state: string; ok?: boolean; statusCode?: string } | null;
  closureStage: { stage: string; ok: boolean; statusCode: string } | null;
  agents: { id: string; role: string; state: string; attempt: number | null; lastExit: string }[];
  openByKind: Record<string, number>;
  alerts: { overdueAcks: string[]; staleClarifications: string[]; openHumanQuestions: string[] };
  proofs: { id: string; agentId: string; state: string }[];
}

/** Everything an operator watches during a wave, from the same logs and projections the launcher uses. */
export function laneDashboard(ref: LaneRef): Dashboard {
  const lw = launchedWave(ref);
  const { projections, records } = currentProjections(ref, lw);
  const events = readControlLog(lanePaths(ref.workspace, ref.lane).controlLog(ref.wave)).events;
  const control = foldControlEvents(events);
  const stage = events.filter((e) => e.entityType === 'gate' && e.action === 'stage-finished').at(-1);
  const openByKind: Record<string, number> = {};
  for (const r of records) if (isOpen(r) && r.source !== SEED_SOURCE) openByKind[r.kind] = (openByKind[r.kind] ?? 0) + 1;
  const last = control.attempts.at(-1);
  return {
    lane: ref.lane,
    wave: ref.wave,
    title: lw.wave.title,
    attempt: last?.attempt ?? null,
    lastAttempt: last
      ? {
          attempt: last.attempt,
          state: last.state,
          ...(last.ok !== undefined ? { ok: last.ok } : {}),
          ...(last.statusCode ? { statusCode: last.statusCode } : {}),
        }
      : null,
    closureStage: stage ? { stage: String(stage.data.stage), ok: stage.data.ok === true, statusCode: String(stage.data.statusCode) } : null,
    agents: lw.wave.agents.map((a) => {
      const st = agentStatus(ref, a.id);
      const fin = st.runs.filter((r) => r.action === 'finished').at(-1) as
        | { exitCode?: unknown; timedOut?: boolean; executorError?: string }
        | undefined;
      return {
        id: a.id,
        role: a.role,
        state: st.state,
        attempt: st.attempt,
        lastExit: !fin ? '-' : fin.executorError ? 'executor-error' : fin.timedOut ? 'timeout' : `exit ${String(fin.exitCode)}`,
      };
    }),
    openByKind,
    alerts: {
      overdueAcks: projections.metrics.overdueAckIds,
      staleClarifications: projections.metrics.overdueClarificationIds,
      openHumanQuestions: humanQuestions(ref)
        .filter((q) => q.state === 'open')
        .map((q) => q.id),
    },
    proofs: control.proofBundles.map((b) => ({ id: b.id, agentId: b.agentId, state: b.state })),
  };
}

/** The dashboard as plain lines (the CLI prints these; a TTY redraws them in place). */
export function renderDashboard(d: Dashboard): string[] {
  return [
    `lane ${d.lane} · wave ${d.wave}: ${d.title}`,
    `attempt: ${d.lastAttempt ? `${d.lastAttempt.attempt} ${d.lastAttempt.state}${d.lastAttempt.state === 'finished' ? ` ${d.lastAttempt.ok ? 'PASS' : `FAIL ${d.lastAttempt.statusCode ?? ''}`}` : ''}` : 'none yet'}`,
    `closure: ${d.closureStage ? `${d.closureStage.stage} ${d.closureStage.ok ? 'pass' : d.closureStage.statusCode}` : 'not reached'}`,
    'agents:',
    ...d.agents.map((a) => `  ${a.id} (${a.role}): ${a.state}${a.attempt !== null ? ` attempt ${a.attempt}` : ''}, last ${a.lastExit}`),
    `open coordination: ${
      Object.entries(d.openByKind)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ') || 'none'
    }`,
    `alerts: overdue acks ${d.alerts.overdueAcks.length ? d.alerts.overdueAcks.join(', ') : '0'} · stale clarifications ${d.alerts.staleClarifications.length ? d.alerts.staleClarifications.join(', ') : '0'} · questions for a person ${d.alerts.openHumanQuestions.length ? d.alerts.openHumanQuestions.join(', ') : '0'}`,
    `proofs: ${d.proofs.map((p) => `${p.id} ${p.agentId} ${p.state}`).join(', ') || 'none'}`,
  ];
}
