// Jobs, configs and job networks a killed coordinator left in the cluster: every one labelled as made
// by a process on this host that is gone (whatever its out folder) is removed before a new swarm run
// starts.
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, WAVE_BENCH_LABEL } from '../docker/engine.js';

export const JOB_KIND = 'swarm-job';

/** Removes a config or network, which stays in use until its service's task is gone: retries briefly. */
export async function removeWhenFree(remove: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 40; i += 1) {
    try {
      await remove();
      return;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

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

/** Removes the dead coordinators' services, configs and networks; returns how many services went. */
export async function removeDeadOwnersJobs(docker: Docker): Promise<number> {
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
  // (each is in use until its service's task is gone)
  const rest: Promise<void>[] = [];
  for (const c of await docker.listConfigs({ filters }))
    if (ownerGone(c.Spec?.Labels as Record<string, string> | undefined)) rest.push(removeWhenFree(() => docker.getConfig(c.ID).remove()));
  for (const n of await docker.listNetworks({ filters }))
    if (ownerGone(n.Labels)) rest.push(removeWhenFree(() => docker.getNetwork(n.Id).remove()));
  await Promise.all(rest);
  return removed;
}
