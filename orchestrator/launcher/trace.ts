// Writing an attempt's trace bundle (SPEC 2.8): everything replay needs to recompute the outcome.
import type { ControlState } from '../control/types.js';
import type { Projections } from '../projections/compile.js';
import { writeTraceBundle } from '../trace/bundle.js';
import { isWorkspaceFile, readNoFollow } from '../safe-fs.js';
import { packageVersionOf } from './version.js';
import type { LaunchContext } from './context.js';
import type { AgentRunOutcome, Outcome } from './outcome.js';

export const TRACE_FILES = {
  wave: 'wave.json',
  rawLog: 'coordination/raw.jsonl',
  materialized: 'coordination/materialized.json',
  control: 'control/events.jsonl',
  proofRegistry: 'proof-registry.json',
  files: 'files.json',
  runs: 'agent-runs.json',
  quality: 'quality.json',
  outcome: 'outcome.json',
  metadata: 'run-metadata.json',
} as const;

const read = (path: string) => readNoFollow(path); // an agent may have swapped its log for a symlink to a host file
const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

export interface TraceInput {
  attempt: number;
  projections: Projections;
  outcome: Outcome;
  runs: AgentRunOutcome[];
  control: ControlState;
  executors: Record<string, string>;
}

/** Writes `.wave/<lane>/traces/wave-<n>/attempt-<k>/` and returns its path. */
export function writeAttemptTrace(ctx: LaunchContext, input: TraceInput): string {
  const dir = ctx.paths.traceDir(ctx.wave.wave, input.attempt);
  const files: Record<string, string | Buffer> = {
    [TRACE_FILES.wave]: json({
      wave: ctx.wave,
      features: ctx.features,
      runnable: ctx.runnable.map((a) => a.id),
      preferredAgents: ctx.options.preferredAgents ?? {},
    }),
    [TRACE_FILES.rawLog]: read(ctx.live.logPath),
    [TRACE_FILES.materialized]: json(ctx.live.latest()),
    [TRACE_FILES.control]: read(ctx.paths.controlLog(ctx.wave.wave)),
    [TRACE_FILES.proofRegistry]: json({ bundles: input.control.proofBundles, active: input.control.activeBundleByAgent }),
    [TRACE_FILES.files]: json(fileExistence(ctx)),
    [TRACE_FILES.runs]: json(input.runs),
    [TRACE_FILES.quality]: json(input.outcome.quality),
    [TRACE_FILES.outcome]: json(input.outcome),
    [TRACE_FILES.metadata]: json({
      waveBenchVersion: packageVersionOf(),
      node: process.version,
      runId: ctx.runId,
      lane: ctx.lane,
      attempt: input.attempt,
      executors: input.executors,
      taskHashes: Object.fromEntries(Object.entries(ctx.latestRun).map(([id, r]) => [id, r.taskHash])),
      ...(ctx.settings ? { settings: ctx.settings } : {}),
    }),
    'projections/shared-summary.md': input.projections.sharedSummary.markdown,
    'projections/assignments.json': json(input.projections.assignments),
    'projections/metrics.json': json(input.projections.metrics),
    'projections/integration.json': json(input.projections.integration),
  };
  for (const [id, inbox] of Object.entries(input.projections.inboxes)) files[`projections/inboxes/${id}.md`] = inbox.markdown;
  for (const [id, run] of Object.entries(ctx.latestRun)) {
    files[`agents/${id}/prompt.md`] = read(run.promptFile);
    files[`agents/${id}/log.txt`] = run.output ?? read(run.logFile);
    files[`agents/${id}/inbox.md`] = read(run.inboxFile);
    files[`agents/${id}/summary.json`] = json(ctx.summaries[id] ?? null);
  }
  writeTraceBundle(dir, files, new Date().toISOString(), ctx.workspace);
  return dir;
}

/** Which deliverables and proof artifacts existed when the attempt ended (gates read this). */
function fileExistence(ctx: LaunchContext): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const agent of ctx.wave.agents)
    for (const p of [...agent.deliverables, ...agent.proofArtifacts.map((a) => a.path)]) out[p] = isWorkspaceFile(ctx.workspace, p);
  return out;
}
