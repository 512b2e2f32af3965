// A dataset's build context folder (`--context-dir`, `repos/<instance_id>/`) is untrusted content: a
// symlink inside it must never pack a host file into the task image, and an instance id must never
// name a folder outside it. The image is built for real and searched for the host secret. Real
// Docker; required in CI.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../harness/load/pilot-inputs.js';
import { ensureFixtureBaseImage } from '../../harness/sandboxes/docker/base-image.js';
import { TaskContainer } from '../../harness/sandboxes/docker/container.js';
import { connectDocker } from '../../harness/sandboxes/docker/engine.js';
import { resolveTaskImage } from '../../harness/sandboxes/docker/task-image.js';
import { repo } from '../helpers/cli.js';
import { dockerAvailable } from '../helpers/docker.js';
import { tempDir } from '../helpers/tmp.js';

const available = await dockerAvailable();
const calcAdd = loadDataset(join(repo, 'pilots', 'fixtures', 'tasks.jsonl')).rows.find((r) => r.instance_id === 'fixture__calc-add')!;
const SECRET = `host-secret-${process.pid}`;
let docker: Docker;
const built: string[] = [];

describe.runIf(available)('build contexts never pack host files (Docker)', () => {
  beforeAll(async () => {
    docker = await connectDocker();
    await ensureFixtureBaseImage(docker);
  }, 180_000);

  afterAll(async () => {
    for (const tag of built)
      await docker
        .getImage(tag)
        .remove({ force: true })
        .catch(() => undefined);
  });

  it('a symlink in the context folder to a host file or folder is left out of the image', async () => {
    const root = tempDir();
    const host = join(root, 'host');
    mkdirSync(host);
    writeFileSync(join(host, 'secret.txt'), SECRET);
    const id = `fixture__symlinked-${process.pid}`;
    const ctx = join(root, 'ctx', 'repos', id);
    mkdirSync(ctx, { recursive: true });
    writeFileSync(join(ctx, 'README.md'), 'a real file\n');
    symlinkSync(join(host, 'secret.txt'), join(ctx, 'leak.txt'));
    symlinkSync(host, join(ctx, 'leakdir'));
    const row = {
      ...calcAdd,
      instance_id: id,
      base_dockerfile: 'FROM wave-bench/fixture-base:latest\n',
      instance_dockerfile: 'COPY repo /app\n',
    };
    const image = await resolveTaskImage(docker, row, { contextDir: join(root, 'ctx') });
    built.push(image.image);
    const c = await TaskContainer.create(docker, { image: image.image });
    try {
      const listing = await c.exec(['sh', '-c', 'ls -A /app; grep -rl host-secret /app || true'], { timeoutSec: 30 });
      expect(listing.stdout).toContain('README.md');
      expect(listing.stdout).not.toContain('leak');
      expect(listing.stdout).not.toContain(SECRET);
    } finally {
      await c.remove();
    }
  }, 240_000);
});
