// Docker for tests: a real engine, required in CI (CI or WAVE_BENCH_REQUIRE_DOCKER set), skipped
// with a message on a laptop without one.
import { execa } from 'execa';

export const dockerRequired = Boolean(process.env.CI || process.env.WAVE_BENCH_REQUIRE_DOCKER);

export async function dockerAvailable(): Promise<boolean> {
  const r = await execa('docker', ['info'], { reject: false });
  if (r.exitCode === 0) return true;
  if (dockerRequired) throw new Error('a Docker engine is required here (CI): run scripts/ensure-docker.sh');
  console.warn('no Docker engine: Docker tests are skipped on this machine');
  return false;
}

/** Containers still present with this label (every container we create carries wave-bench labels). */
export async function leftoverContainers(label: string): Promise<string[]> {
  const r = await execa('docker', ['ps', '-aq', '--filter', `label=${label}`]);
  return r.stdout.split('\n').filter(Boolean);
}
