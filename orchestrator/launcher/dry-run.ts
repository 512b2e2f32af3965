// `launch --dry-run` (SPEC 2.7 step 2): write every prompt, the projections and each agent's
// executor preview, launch nothing.
import { writeStateFile } from '../safe-fs.js';
import { join } from 'node:path';
import { getExecutor } from '../executors/registry.js';
import { ExecutorError } from '../executors/types.js';
import { compileProjections } from '../projections/compile.js';
import type { LaunchContext } from './context.js';
import { prepareAgentRun } from './run-agent.js';
import type { LaunchOutcome } from './types.js';

export function writeDryRun(ctx: LaunchContext): Omit<LaunchOutcome, 'wallTimeMs'> {
  const dir = ctx.paths.dryRunDir(ctx.wave.wave);
  ctx.live.refresh();
  const at = ctx.clock.now();
  const projections = compileProjections({
    view: ctx.live,
    agents: ctx.runnable,
    features: ctx.features,
    lane: ctx.lane,
    wave: ctx.wave.wave,
    attempt: 1,
    now: at,
  });
  writeStateFile(ctx.workspace, join(dir, 'shared-summary.md'), projections.sharedSummary.markdown);
  const previews: Record<string, unknown> = {};
  for (const agent of ctx.runnable) {
    const { request, executorId } = prepareAgentRun(
      { ...ctx, paths: { ...ctx.paths, agentDir: (_w, id) => join(dir, 'agents', id) } },
      agent,
      1,
      projections,
      at,
    );
    try {
      previews[agent.id] = getExecutor(executorId).preview(request);
    } catch (error) {
      if (!(error instanceof ExecutorError)) throw error;
      previews[agent.id] = { executor: executorId, error: error.message, fix: error.fix };
    }
  }
  writeStateFile(ctx.workspace, join(dir, 'executor-preview.json'), JSON.stringify(previews, null, 2) + '\n');
  return {
    ok: true,
    exitCode: 0,
    wave: ctx.wave.wave,
    attempts: 0,
    reason: `dry run written to ${dir}`,
    relaunchesByRole: {},
    agentRuns: [],
    traceDirs: [],
    agentProcessTimeMs: 0,
  };
}
