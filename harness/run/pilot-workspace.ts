// An agent's workspace for a pilot item (docs/pilots.md "One item", step 2): the task tree at its
// base, after the setup part of before_repo_set_cmd, copied out of a container into a host folder
// as a fresh one-commit repository (no history: a task image's history can hold the fix).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import type { DatasetRow } from '../schema/pilot.js';
import { withContainer, type ContainerLimits } from '../sandboxes/docker/container.js';
import type { DockerClient as Docker } from '../sandboxes/docker/engine.js';
import type { OfflineNetworkPool } from '../sandboxes/docker/offline-network.js';
import { commitTaskBase, splitBeforeRepoSetCmd } from '../sandboxes/git.js';
import type { CompletionRunner } from '../sandboxes/runner.js';
import { workspaceArchive } from '../sandboxes/swarm/workspace.js';

/** The task tree at its base, copied out of a container into `dest` as a fresh one-commit repository. */
export async function copyOutWorkspace(
  docker: Docker,
  image: string,
  row: DatasetRow,
  dest: string,
  labels: Record<string, string>,
  limits?: ContainerLimits,
  offlineNetworks?: OfflineNetworkPool,
  runner?: CompletionRunner,
): Promise<{ ok: true; base: string } | { ok: false; detail: string }> {
  if (runner?.backend === 'swarm') {
    const packed = await workspaceArchive(runner, {
      image,
      labels,
      ...(limits ? { limits } : {}),
      setup: splitBeforeRepoSetCmd(row.before_repo_set_cmd, row.base_commit).setup,
    });
    if (!packed.ok) return packed;
    await extractTar(Readable.from([packed.tar]), dest, 'app/');
    return { ok: true, base: await commitTaskBase(dest) };
  }
  const copied = await withContainer(
    docker,
    { image, labels, ...(limits ? { limits } : {}), ...(offlineNetworks ? { offlineNetworks } : {}) },
    async (c) => {
      // Only the setup part of before_repo_set_cmd: its test staging is for verification alone.
      const { setup } = splitBeforeRepoSetCmd(row.before_repo_set_cmd, row.base_commit);
      if (setup.length) {
        const set = await c.exec(['sh', '-c', `cd /app && ${setup.join(' && ')}`], { timeoutSec: 300 });
        if (set.exitCode !== 0)
          return { ok: false as const, detail: `before_repo_set_cmd failed (${set.exitCode}): ${set.stderr.slice(0, 500)}` };
      }
      await extractTar(await c.getArchiveStream('/app'), dest, 'app/');
      return { ok: true as const };
    },
  );
  if (!copied.ok) return copied;
  return { ok: true, base: await commitTaskBase(dest) };
}

export async function extractTar(archive: NodeJS.ReadableStream, dest: string, prefix: string): Promise<void> {
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const name = header.name.startsWith(prefix) ? header.name.slice(prefix.length) : header.name;
      const target = join(dest, name);
      // No path escapes the workspace, and no git metadata comes along (the task's history holds its future).
      if (!name || name.split('/').includes('..') || name.split('/').includes('.git')) {
        stream.resume();
        return next();
      }
      if (header.type === 'directory') {
        mkdirSync(target, { recursive: true });
        stream.resume();
        return next();
      }
      if (header.type !== 'file') {
        stream.resume();
        return next();
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(Buffer.from(c as Buffer)));
      stream.on('end', () => {
        mkdirSync(join(target, '..'), { recursive: true });
        writeFileSync(target, Buffer.concat(chunks), { mode: header.mode ?? 0o644 });
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  archive.pipe(extract);
  await done;
}
