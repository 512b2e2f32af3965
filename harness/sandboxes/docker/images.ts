// Building images with the engine's legacy builder; build errors arrive inside the progress stream.
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { WaveBenchError } from '../../../orchestrator/index.js';

/**
 * Builds `tag` from a tar build context; resolves the image id, rejects with the builder's message.
 * RUN steps have no network (`networkmode: none`) unless `network` is set: a Dockerfile from a
 * dataset row is untrusted code, and the host and everything it reaches are off limits to it.
 */
export async function buildImageFromContext(
  docker: Docker,
  context: NodeJS.ReadableStream,
  tag: string,
  o: { network?: boolean } = {},
): Promise<string> {
  const stream = await docker.buildImage(context, { t: tag, rm: true, forcerm: true, networkmode: o.network ? 'default' : 'none' });
  const events = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: Record<string, unknown>[]) =>
      error ? reject(error) : resolve(output),
    );
  });
  const failure = events.find((e) => e.error || e.errorDetail);
  if (failure)
    throw new WaveBenchError(
      'image-build-failed',
      `building ${tag} failed: ${String(failure.error ?? JSON.stringify(failure.errorDetail))}`,
      {
        fix: o.network
          ? 'check the Dockerfile and that its FROM image exists locally'
          : 'check the Dockerfile and that its FROM image exists locally; RUN steps have no network unless you pass --build-network',
      },
    );
  return (await docker.getImage(tag).inspect()).Id;
}

/** Pulls `ref` from its registry; the image id, or why it could not be had (never throws). */
export async function pullImage(docker: Docker, ref: string, timeoutMs = 30 * 60_000): Promise<{ id: string } | { error: string }> {
  try {
    const stream = (await docker.pull(ref)) as NodeJS.ReadableStream;
    let timer: NodeJS.Timeout | undefined;
    const events = await Promise.race([
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        docker.modem.followProgress(stream, (error: Error | null, output: Record<string, unknown>[]) =>
          error ? reject(error) : resolve(output),
        );
      }),
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)), timeoutMs)),
      ),
    ]).finally(() => clearTimeout(timer));
    const failure = events.find((e) => e.error || e.errorDetail);
    if (failure) return { error: String(failure.error ?? JSON.stringify(failure.errorDetail)) };
    return { id: (await docker.getImage(ref).inspect()).Id };
  } catch (error) {
    return { error: (error as Error).message.replace(/\s+/g, ' ').trim() };
  }
}

export interface ArchiveLoad {
  file: string;
  tags: string[];
  /** `present`: every tag it holds was already local (not loaded again); `loaded`: loaded now. */
  status: 'present' | 'loaded';
}

/** The image tags a `docker save` archive holds (its manifest.json), read without loading it. */
export async function archiveTags(file: string): Promise<string[]> {
  const extract = tar.extract();
  const input = createReadStream(file);
  const gunzip = /\.(tgz|gz)$/.test(file) ? createGunzip() : undefined;
  let tags: string[] | undefined;
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      if (header.name.replace(/^\.\//, '') !== 'manifest.json') {
        stream.on('end', next);
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(Buffer.from(c as Buffer)));
      stream.on('end', () => {
        try {
          const manifest = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { RepoTags?: string[] | null }[];
          tags = manifest.flatMap((m) => m.RepoTags ?? []);
        } catch {
          tags = undefined;
        }
        // The tags are known: whatever follows need not be read (docker save writes manifest.json after the layers, so this saves little there).
        resolve();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
    input.on('error', reject);
    gunzip?.on('error', reject);
  });
  (gunzip ? input.pipe(gunzip) : input).pipe(extract);
  try {
    await done;
  } catch (error) {
    throw new WaveBenchError('image-archive-bad', `${file} is not a docker save archive: ${(error as Error).message}`, {
      fix: 'give the output of `docker save -o <file>.tar <image>` (optionally gzipped)',
      exitCode: 2,
    });
  } finally {
    input.destroy();
    gunzip?.destroy();
    extract.destroy();
  }
  if (!tags)
    throw new WaveBenchError('image-archive-bad', `${file} has no readable manifest.json, so it is not a docker save archive`, {
      fix: 'give the output of `docker save -o <file>.tar <image>` (optionally gzipped)',
      exitCode: 2,
    });
  return tags;
}

/**
 * Loads every `docker save` archive (`*.tar`, `*.tar.gz`, `*.tgz`) in `dir` into the engine —
 * how published task images reach a machine with no registry. An archive whose tags are all
 * local already is not loaded again.
 */
function archiveFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new WaveBenchError('image-archive-missing', `--image-archive ${dir} is not a folder`, {
      fix: 'give a folder of `docker save` archives (*.tar, *.tar.gz)',
      exitCode: 2,
    });
  const files = readdirSync(dir)
    .filter((f) => /\.(tar|tar\.gz|tgz)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
  if (!files.length)
    throw new WaveBenchError('image-archive-missing', `--image-archive ${dir} holds no *.tar, *.tar.gz or *.tgz file`, {
      fix: 'save the task images there with `docker save -o <dir>/<name>.tar <image>`',
      exitCode: 2,
    });
  return files;
}

/** The archives of `dir` and the tags each holds, without loading anything (`--dry-run`). */
export async function listImageArchives(dir: string): Promise<{ file: string; tags: string[] }[]> {
  const out: { file: string; tags: string[] }[] = [];
  for (const file of archiveFiles(dir)) out.push({ file, tags: await archiveTags(file) });
  return out;
}

export async function loadImageArchives(docker: Docker, dir: string): Promise<ArchiveLoad[]> {
  const out: ArchiveLoad[] = [];
  for (const file of archiveFiles(dir)) {
    const tags = await archiveTags(file);
    const present = await Promise.all(
      tags.map(async (t) =>
        docker
          .getImage(t)
          .inspect()
          .then(
            () => true,
            () => false,
          ),
      ),
    );
    if (tags.length && present.every(Boolean)) {
      out.push({ file, tags, status: 'present' });
      continue;
    }
    const stream = (await docker.loadImage(createReadStream(file))) as NodeJS.ReadableStream;
    const events = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
      docker.modem.followProgress(stream, (error: Error | null, output: Record<string, unknown>[]) =>
        error ? reject(error) : resolve(output),
      );
    });
    const failure = events.find((e) => e.error || e.errorDetail);
    if (failure)
      throw new WaveBenchError(
        'image-archive-bad',
        `loading ${file} failed: ${String(failure.error ?? JSON.stringify(failure.errorDetail))}`,
        { fix: "check the archive (docker save output) and the engine's free disk space", exitCode: 2 },
      );
    out.push({ file, tags, status: 'loaded' });
  }
  return out;
}
