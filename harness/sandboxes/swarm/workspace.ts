// The agent phase's first container under `--backend swarm`: the task tree at its base, after the
// setup part of before_repo_set_cmd, packed as a tar of /app (without .git) by a job on any node
// and sent back in the job's hash-checked frame. The coordinator unpacks it exactly as it unpacks
// the local engine's archive.
import type { ContainerLimits } from '../docker/container.js';
import type { CompletionRunner } from '../runner.js';

const OUT = '/tmp/wb-ws';
const PACK_PY =
  'import sys,tarfile\nt=tarfile.open(sys.argv[1],"w")\nt.add("/app",arcname="app",filter=lambda i: None if i.name=="app/.git" or i.name.startswith("app/.git/") else i)\nt.close()';
const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export type WorkspaceArchive = { ok: true; tar: Buffer } | { ok: false; detail: string };

export async function workspaceArchive(
  runner: CompletionRunner,
  o: { image: string; labels: Record<string, string>; limits?: ContainerLimits; setup: string[] },
): Promise<WorkspaceArchive> {
  const script = [
    `mkdir -m 700 ${OUT} || exit 90`,
    o.setup.length
      ? `(cd /app && timeout -s KILL 300 sh -c ${shq(o.setup.join(' && '))}) > ${OUT}/setup.log 2>&1 || { echo $? > ${OUT}/setup-exit; exit 0; }`
      : '',
    'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    `if command -v tar >/dev/null 2>&1; then tar -C / --exclude=app/.git -cf ${OUT}/app.tar app 2> ${OUT}/pack.log || echo tar > ${OUT}/pack-failed`,
    `elif command -v python3 >/dev/null 2>&1; then python3 -I -c ${shq(PACK_PY)} ${OUT}/app.tar 2> ${OUT}/pack.log || echo python3 > ${OUT}/pack-failed`,
    `else echo 'the image has neither tar nor python3 to pack /app' > ${OUT}/pack-failed; fi`,
  ]
    .filter(Boolean)
    .join('\n');
  const run = await runner.run(
    { image: o.image, labels: o.labels, ...(o.limits ? { limits: o.limits } : {}) },
    { cmd: ['sh', '/tmp/wb-ws.sh'], files: { 'wb-ws.sh': script }, collect: OUT, deadlineSec: 900 },
  );
  if (run.infra) return { ok: false, detail: `infrastructure: ${run.infra}` };
  if (run.exitCode === null) return { ok: false, detail: 'copying the workspace out did not finish within 900 s' };
  if (run.files['setup-exit'] !== undefined)
    return {
      ok: false,
      detail: `before_repo_set_cmd failed (${run.files['setup-exit'].trim()}): ${(run.files['setup.log'] ?? '').slice(-500)}`,
    };
  if (run.files['pack-failed'] !== undefined || !run.raw?.['app.tar'])
    return {
      ok: false,
      detail: `could not pack /app (${(run.files['pack-failed'] ?? 'no archive').trim()}): ${(run.files['pack.log'] ?? '').slice(-300)}`,
    };
  return { ok: true, tar: run.raw['app.tar'] };
}
