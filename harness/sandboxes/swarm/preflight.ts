// What `--backend swarm` needs before any item starts (exit 4 with the fix otherwise): this engine a
// swarm manager, the agents network that scripts/ensure-swarm.sh makes, and a registry that answers.
import type Docker from 'dockerode';
import { WaveBenchError } from '../../../orchestrator/index.js';
import { AGENTS_NETWORK } from './remote/agent-hub.js';

/** Checks the swarm is ready for jobs; returns this engine's node id. */
export async function checkSwarm(docker: Docker, registry: string): Promise<string> {
  const fix = 'run `bash scripts/ensure-swarm.sh` on the manager (docs/cluster.md)';
  const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean; NodeID?: string } };
  if (info.Swarm?.LocalNodeState !== 'active' || !info.Swarm.ControlAvailable)
    throw new WaveBenchError(
      'swarm-unavailable',
      `--backend swarm needs this engine to be a swarm manager (its swarm state is ${info.Swarm?.LocalNodeState ?? 'unknown'})`,
      { fix, exitCode: 4 },
    );
  try {
    await docker.getNetwork(AGENTS_NETWORK).inspect();
  } catch {
    throw new WaveBenchError('swarm-unavailable', `the swarm has no ${AGENTS_NETWORK} network (agent jobs join it)`, { fix, exitCode: 4 });
  }
  const r = await fetch(`http://${registry}/v2/`, { signal: AbortSignal.timeout(5_000) }).catch((e: Error) => e);
  if (r instanceof Error || !r.ok)
    throw new WaveBenchError(
      'registry-unavailable',
      `no registry answers at http://${registry}/v2/ (${r instanceof Error ? r.message : `HTTP ${r.status}`})`,
      { fix: `${fix}, or name a reachable one with --registry HOST:PORT`, exitCode: 4 },
    );
  return info.Swarm.NodeID ?? '';
}
