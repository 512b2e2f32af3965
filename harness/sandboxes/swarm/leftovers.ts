// Jobs and configs a killed coordinator left in the cluster: every one labelled as made by a process
// on this host that is gone (whatever its out folder) is removed before a new swarm run starts.
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, WAVE_BENCH_LABEL } from '../docker/engine.js';

export const JOB_KIND = 'swarm-job';

const ownerGone = (labels: Record<string, string> | undefined) => {
  if (!labels || labels[OWNER_HOST_LABEL] !== hostname()) return false;
  const pid = Number(labels[OWNER_PID_LABEL]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
};

/** Removes the dead coordinators' services and configs; returns how many services went. */
export async function removeDeadOwnersJobs(docker: Docker, removeConfig: (id: string) => Promise<void>): Promise<number> {
  const filters = { label: [`${WAVE_BENCH_LABEL}=${JOB_KIND}`] };
  let removed = 0;
  for (const s of await docker.listServices({ filters })) {
    if (!ownerGone(s.Spec?.Labels)) continue;
    await docker
      .getService(s.ID)
      .remove()
      .catch(() => undefined);
    removed += 1;
  }
  for (const c of await docker.listConfigs({ filters }))
    if (ownerGone(c.Spec?.Labels as Record<string, string> | undefined)) await removeConfig(c.ID);
  return removed;
}
