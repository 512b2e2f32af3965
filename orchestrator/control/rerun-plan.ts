// Which agents a rerun request relaunches and whose earlier results it reuses (pure). Selectors:
// `agentIds` and the owners of `invalidateComponents` run again (every implementation agent when
// neither is given); `reuse` keeps an agent's last result; `reuseAttempts` reuses the accepted
// results of those attempts for every agent not named to run again; `reuseProofBundles` keeps the
// bundle's agent, its proof standing in through the bundle. A bundle that is superseded, revoked
// or not authoritative, or an attempt that never finished, is a problem, never silently skipped.
import type { ControlEvent, ProofBundle, RerunRequest } from './types.js';

/** One finished agent run as its `agent_run finished` (or `reused`) event recorded it. */
export interface FinishedRun {
  agentId: string;
  attempt: number;
  /** Exit 0, not timed out, not an executor error, not stopped by the wave's time budget. */
  accepted: boolean;
  data: Record<string, unknown>;
}

export interface ReusedResult {
  agentId: string;
  /** `last-run`: kept as it is (`--reuse`); `attempt`: restored from an attempt; `proof-bundle`: kept by its bundle. */
  from: 'last-run' | 'attempt' | 'proof-bundle';
  bundleId?: string;
  /** The run that is reused, when it is not simply the agent's last one. */
  run?: FinishedRun;
}

export interface RerunPlan {
  relaunch: string[];
  reused: ReusedResult[];
  problems: { where: string; message: string }[];
}

export type RerunSelectors = Pick<RerunRequest, 'agentIds' | 'reuse' | 'invalidateComponents' | 'reuseAttempts' | 'reuseProofBundles'>;

export interface RerunPlanInput {
  /** The wave's implementation agents, in wave order. */
  implementation: readonly { id: string; components: readonly string[] }[];
  request: RerunSelectors;
  /** Every finished run of the wave, in log order. */
  runs: readonly FinishedRun[];
  /** Attempts that have an `attempt finished` event. */
  finishedAttempts: readonly number[];
  bundles: readonly ProofBundle[];
}

/** Finished runs from control events: `agent_run finished` and the launcher's `agent_run reused`. */
export function finishedRuns(events: readonly ControlEvent[]): FinishedRun[] {
  return events
    .filter((e) => e.entityType === 'agent_run' && (e.action === 'finished' || e.action === 'reused'))
    .map((e) => ({
      agentId: e.entityId,
      attempt: typeof e.data.fromAttempt === 'number' ? e.data.fromAttempt : e.attempt,
      accepted: e.data.exitCode === 0 && e.data.timedOut !== true && !e.data.executorError && !e.data.stoppedBy,
      data: e.data,
    }));
}

export function planRerun(input: RerunPlanInput): RerunPlan {
  const { request } = input;
  const ids = input.implementation.map((a) => a.id);
  const owners = input.implementation.filter((a) => a.components.some((c) => request.invalidateComponents.includes(c))).map((a) => a.id);
  const named = new Set([...request.agentIds, ...owners]);
  const problems = checkAttempts(input);
  const bundles = request.reuseProofBundles.map((id) => usableBundle(input, id, problems)).filter((b) => b !== undefined);
  const attemptRun = (agentId: string) =>
    input.runs.filter((r) => r.agentId === agentId && r.accepted && request.reuseAttempts.includes(r.attempt)).at(-1);
  const reused: ReusedResult[] = request.reuse.map((agentId) => ({ agentId, from: 'last-run' as const }));
  for (const bundle of bundles) {
    const run = attemptRun(bundle.agentId);
    const last = run ?? input.runs.filter((r) => r.agentId === bundle.agentId).at(-1);
    if (last && !last.accepted)
      problems.push({
        where: `--reuse-proof ${bundle.id}`,
        message: `${bundle.agentId}'s last run (attempt ${last.attempt}) did not succeed; a proof bundle stands in for proof, not for a failed run (reuse an attempt where ${bundle.agentId} succeeded with --reuse-attempt, or rerun it)`,
      });
    reused.push({ agentId: bundle.agentId, from: 'proof-bundle', bundleId: bundle.id, ...(run ? { run } : {}) });
  }
  const kept = new Set(reused.map((r) => r.agentId));
  for (const agentId of ids) {
    const run = named.has(agentId) || kept.has(agentId) ? undefined : attemptRun(agentId);
    if (run) reused.push({ agentId, from: 'attempt', run });
  }
  const reusedIds = new Set(reused.map((r) => r.agentId));
  const base = named.size ? ids.filter((id) => named.has(id)) : ids;
  return { relaunch: base.filter((id) => !reusedIds.has(id)), reused, problems };
}

function checkAttempts(input: RerunPlanInput): RerunPlan['problems'] {
  const problems: RerunPlan['problems'] = [];
  for (const attempt of input.request.reuseAttempts) {
    if (!input.finishedAttempts.includes(attempt))
      problems.push({
        where: `--reuse-attempt ${attempt}`,
        message: `attempt ${attempt} has not finished (finished attempts: ${input.finishedAttempts.join(', ') || 'none'})`,
      });
    else if (!input.runs.some((r) => r.attempt === attempt && r.accepted && input.implementation.some((a) => a.id === r.agentId)))
      problems.push({ where: `--reuse-attempt ${attempt}`, message: `attempt ${attempt} has no accepted implementation result to reuse` });
  }
  return problems;
}

function usableBundle(input: RerunPlanInput, id: string, problems: RerunPlan['problems']): ProofBundle | undefined {
  const where = `--reuse-proof ${id}`;
  const bundle = input.bundles.find((b) => b.id === id);
  const problem = !bundle
    ? `no proof bundle ${id} (bundles: ${input.bundles.map((b) => b.id).join(', ') || 'none'})`
    : bundle.state === 'superseded'
      ? `proof bundle ${id} was superseded by ${bundle.supersededBy}; reuse ${bundle.supersededBy} instead`
      : bundle.state === 'revoked'
        ? `proof bundle ${id} was revoked (${bundle.revokedReason || 'no reason given'}) and cannot be reused`
        : !bundle.authoritative
          ? `proof bundle ${id} is not authoritative, so it stands in for nothing; register an authoritative one`
          : !input.implementation.some((a) => a.id === bundle.agentId)
            ? `proof bundle ${id} is for ${bundle.agentId}, not an implementation agent of this wave`
            : undefined;
  if (problem) problems.push({ where, message: problem });
  return problem ? undefined : bundle;
}
