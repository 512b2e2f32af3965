// Where a lane keeps its state under a workspace (SPEC 2.1, 2.3, 2.7, 2.8). Declared once here.
import { join } from 'node:path';
import { assertInsideRoot, checkSafeId } from './ids.js';

export const WAVE_DIR = '.wave';

/** Every path of one lane's state; functions take the wave number. */
export function lanePaths(workspace: string, lane = 'main') {
  checkSafeId('lane', lane, '--lane');
  const root = assertInsideRoot(join(workspace, WAVE_DIR), join(workspace, WAVE_DIR, lane), 'lane state');
  const agentDir = (wave: number, agentId: string) =>
    assertInsideRoot(root, join(root, 'agents', `wave-${wave}`, checkSafeId('agent id', agentId, 'agent')), 'agent directory');
  return {
    root,
    launcherLock: join(root, 'launcher.lock'),
    coordinationLog: (wave: number) => join(root, 'coordination', `wave-${wave}.jsonl`),
    controlLog: (wave: number) => join(root, 'control', `wave-${wave}.jsonl`),
    /** Per-agent run files: prompt, log, summary, inbox. */
    agentDir,
    projectionsDir: (wave: number) => join(root, 'projections', `wave-${wave}`),
    relaunchPlan: (wave: number) => join(root, 'relaunch', `wave-${wave}.json`),
    dashboard: (wave: number) => join(root, 'dashboard', `wave-${wave}.json`),
    traceDir: (wave: number, attempt: number) => join(root, 'traces', `wave-${wave}`, `attempt-${attempt}`),
    dryRunDir: (wave: number) => join(root, 'dry-run', `wave-${wave}`),
  };
}
export type LanePaths = ReturnType<typeof lanePaths>;
