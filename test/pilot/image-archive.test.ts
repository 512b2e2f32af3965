// Published task images reach an offline machine as `docker save` archives: --image-archive loads
// them (once: an archive whose tags are all local is not loaded again), a task whose published tag
// is in an archive then resolves to it, --dry-run only lists what it would load, and a file that is
// not an archive is a clear error.
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { archiveTags, buildImageFromContext, loadImageArchives } from '../../harness/sandboxes/docker/images.js';
import { connectDocker } from '../../harness/sandboxes/docker/engine.js';
import { resolveTaskImage } from '../../harness/sandboxes/docker/task-image.js';
import { cli, repo } from '../helpers/cli.js';
import { dockerAvailable } from '../helpers/docker.js';
import { tempDir } from '../helpers/tmp.js';

const available = await dockerAvailable();
const suffix = `${process.pid}-${Date.now().toString(36)}`;
const tag = `wave-bench-test-${suffix}`;
const ref = `jefzda/sweap-images:${tag}`;
let docker: Docker;
let archives: string;

async function tinyImage(): Promise<string> {
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile' }, `FROM scratch\nCOPY hello.txt /hello.txt\nLABEL wave-bench=test-archive\n`);
  pack.entry({ name: 'hello.txt' }, `archived ${suffix}\n`);
  pack.finalize();
  return buildImageFromContext(docker, pack as unknown as NodeJS.ReadableStream, ref);
}

describe.runIf(available)('task images from docker save archives', () => {
  beforeAll(async () => {
    docker = await connectDocker();
    const id = await tinyImage();
    archives = tempDir();
    await pipeline((await docker.getImage(ref).get()) as NodeJS.ReadableStream, createWriteStream(join(archives, 'task.tar')));
    await docker.getImage(id).remove({ force: true });
  }, 120_000);

  it('reads the tags an archive holds without loading it; gzipped archives too', async () => {
    expect(await archiveTags(join(archives, 'task.tar'))).toEqual([ref]);
    const gz = tempDir();
    await pipeline(
      (await import('node:fs')).createReadStream(join(archives, 'task.tar')),
      createGzip(),
      createWriteStream(join(gz, 'task.tar.gz')),
    );
    expect(await archiveTags(join(gz, 'task.tar.gz'))).toEqual([ref]);
  });

  it('--dry-run lists the archive it would load for the task, and loads nothing', async () => {
    const work = tempDir();
    const dataset = join(work, 'rows.jsonl');
    writeFileSync(
      dataset,
      JSON.stringify({
        instance_id: 'instance_acme__widgets-0123456789abcdef0123456789abcdef01234567-vnan',
        repo: 'acme/widgets',
        repo_language: 'js',
        base_commit: '0123456789abcdef0123456789abcdef01234567',
        problem_statement: 'x',
        patch: '',
        test_patch: '',
        fail_to_pass: "['a']",
        pass_to_pass: '[]',
        selected_test_files_to_run: "['a']",
        dockerhub_tag: tag,
      }) + '\n',
    );
    const r = await cli(['pilot', 'calibrate', '--dataset', dataset, '--builtin-verifier', '--image-archive', archives, '--dry-run'], {
      cwd: repo,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as {
      archives: { file: string; tags: string[] }[];
      images: { image: string; action: string; archive?: string }[];
    };
    expect(plan.archives).toEqual([{ file: join(archives, 'task.tar'), tags: [ref] }]);
    expect(plan.images[0]).toMatchObject({ image: ref, action: 'load', archive: join(archives, 'task.tar') });
    await expect(docker.getImage(ref).inspect()).rejects.toThrow();
  }, 60_000);

  it('loads the archive once, and the published tag then resolves locally', async () => {
    const first = await loadImageArchives(docker, archives);
    expect(first).toEqual([{ file: join(archives, 'task.tar'), tags: [ref], status: 'loaded' }]);
    const again = await loadImageArchives(docker, archives);
    expect(again[0]!.status).toBe('present');
    const resolved = await resolveTaskImage(
      docker,
      { instance_id: 'i', dockerhub_tag: tag, base_dockerfile: '', instance_dockerfile: '' },
      { pull: false },
    );
    expect(resolved).toMatchObject({ image: ref, source: 'sweap-local' });
    await docker.getImage(ref).remove({ force: true });
  }, 120_000);

  it('a folder without archives, or a file that is not one, is a clear error', async () => {
    await expect(loadImageArchives(docker, tempDir())).rejects.toThrow(/holds no \*\.tar, \*\.tar\.gz or \*\.tgz file/);
    const bad = tempDir();
    writeFileSync(
      join(bad, 'broken.tar'),
      'not a tar archive at all, just text that is long enough to be read as a header block '.repeat(10),
    );
    await expect(loadImageArchives(docker, bad)).rejects.toThrow(
      /broken\.tar (is not a docker save archive|has no readable manifest\.json)/,
    );
    await expect(loadImageArchives(docker, join(bad, 'nope'))).rejects.toThrow(/is not a folder/);
    const notGz = tempDir();
    writeFileSync(join(notGz, 'task.tar.gz'), 'plain text, not gzip');
    await expect(archiveTags(join(notGz, 'task.tar.gz'))).rejects.toThrow(/task\.tar\.gz is not a docker save archive/);
  });
});
