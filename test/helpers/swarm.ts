// Docker Swarm for tests: a single-node swarm with the agents network and a local registry
// (scripts/ensure-swarm.sh). Required wherever Docker is required (CI); skipped on a laptop without it.
import { execa } from 'execa';
import { dockerAvailable, dockerRequired } from './docker.js';

export const REGISTRY = process.env.WAVE_BENCH_TEST_REGISTRY ?? '127.0.0.1:5000';

export async function swarmAvailable(): Promise<boolean> {
  if (!(await dockerAvailable())) return false;
  const state = await execa('docker', ['info', '--format', '{{.Swarm.LocalNodeState}}/{{.Swarm.ControlAvailable}}'], { reject: false });
  const net = await execa('docker', ['network', 'inspect', 'wave-bench-agents'], { reject: false });
  const registry = await fetch(`http://${REGISTRY}/v2/`, { signal: AbortSignal.timeout(3_000) }).then(
    (r) => r.ok,
    () => false,
  );
  if (state.stdout.trim() === 'active/true' && net.exitCode === 0 && registry) return true;
  const why = `swarm ${state.stdout.trim() || 'unknown'}, agents network ${net.exitCode === 0 ? 'present' : 'missing'}, registry ${registry ? 'up' : 'down'}`;
  if (dockerRequired) throw new Error(`a swarm manager with a registry is required here (CI): run scripts/ensure-swarm.sh (${why})`);
  console.warn(`no swarm (${why}): swarm tests are skipped on this machine`);
  return false;
}

/** Swarm job services still present with this label. */
export async function leftoverServices(label: string): Promise<string[]> {
  const r = await execa('docker', ['service', 'ls', '-q', '--filter', `label=${label}`]);
  return r.stdout.split('\n').filter(Boolean);
}
