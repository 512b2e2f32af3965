// Which image a task runs in (SPEC 3.5): an explicit map, else `<namespace>/sweap-images:<tag>` if
// present locally or pullable (each failed pull is said in the error), else built from the row's
// dockerfiles. The digest is recorded; an unavailable image is an infrastructure class.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { WaveBenchError } from '../../../orchestrator/index.js';
import { WAVE_BENCH_LABEL } from './engine.js';
import { buildImageFromContext, pullImage } from './images.js';

export interface TaskImageRow {
  instance_id: string;
  dockerhub_tag: string;
  base_dockerfile: string;
  instance_dockerfile: string;
}

export interface ImageResolveOptions {
  /** instance_id → image reference (highest priority). */
  imageMap?: Record<string, string>;
  namespace?: string;
  /** Try the registry when a mapped or sweap image is not local (default true; `--no-pull`). */
  pull?: boolean;
  /** Folder holding `repos/<instance_id>/` build contexts for rows that COPY their repo. */
  contextDir?: string;
  /** Give the RUN steps of a row's Dockerfile the network (`--build-network`; off by default). */
  buildNetwork?: boolean;
}

export interface ResolvedImage {
  image: string;
  digest: string;
  source: 'image-map' | 'sweap-local' | 'sweap-pulled' | 'built';
  /** Built images only: whether its RUN steps had the network. */
  buildNetwork?: boolean;
}

export class ImageUnavailableError extends WaveBenchError {
  constructor(instanceId: string, detail: string) {
    super('image-unavailable', `no image for ${instanceId}: ${detail}`, { fix: 'give --image-map, load the sweap image locally, or fix the row\'s dockerfiles' });
    this.name = 'ImageUnavailableError';
  }
}

async function localImage(docker: Docker, ref: string): Promise<string | undefined> {
  try {
    return (await docker.getImage(ref).inspect()).Id;
  } catch {
    return undefined;
  }
}

interface ContextEntry {
  name: string;
  dir: boolean;
  mode: number;
  data?: Buffer;
}

/**
 * With the network on, every stage declares this build argument, so its RUN steps get their own
 * entries in the engine's layer cache: an offline build never reuses a layer that had the network.
 */
const NETWORK_MARK = 'ARG WAVE_BENCH_BUILD_NETWORK=1';

/** The build context: the row's dockerfiles, plus `repo/` when a fixture folder provides one. */
function contextEntries(row: TaskImageRow, contextDir: string | undefined, network: boolean): ContextEntry[] {
  const joined = `${row.base_dockerfile.trim()}\n${row.instance_dockerfile.trim()}`;
  const marked = network ? joined.replace(/^(\s*FROM\s[^\n]*)$/gim, `$1\n${NETWORK_MARK}`) : joined;
  const dockerfile = `${marked}\nLABEL ${WAVE_BENCH_LABEL}=task-image\n`;
  const entries: ContextEntry[] = [{ name: 'Dockerfile', dir: false, mode: 0o644, data: Buffer.from(dockerfile) }];
  const repo = contextDir ? join(contextDir, 'repos', row.instance_id) : undefined;
  if (repo && existsSync(repo)) {
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir).sort()) {
        const full = join(dir, name);
        const st = lstatSync(full);
        // Only the fixture folder's own files: a symlink (which may lead to host files) or a special file is left out.
        if (st.isSymbolicLink() || (!st.isDirectory() && !st.isFile())) continue;
        const entryName = `repo/${relative(repo, full)}`;
        if (st.isDirectory()) {
          entries.push({ name: entryName, dir: true, mode: 0o755 });
          walk(full);
        } else entries.push({ name: entryName, dir: false, mode: st.mode & 0o777, data: readFileSync(full) });
      }
    };
    walk(repo);
  }
  return entries;
}

/** The image ids (or, when not local, the references) the Dockerfile builds FROM. */
async function fromImages(docker: Docker, dockerfile: string): Promise<string[]> {
  const refs = [...dockerfile.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)].map((m) => m[1]!).filter((ref) => ref.toLowerCase() !== 'scratch');
  return Promise.all(refs.map(async (ref) => (await localImage(docker, ref)) ?? ref));
}

/**
 * Cache key of a built task image: its context, the ids of its base images (a rebuilt base re-keys
 * it) and whether RUN steps had the network (an offline run never reuses an online build).
 */
function contextHash(entries: ContextEntry[], bases: string[], network: boolean): string {
  const h = createHash('sha256');
  for (const e of entries) h.update(`${e.name}\0${e.dir}\0${e.mode}\0`).update(e.data ?? '');
  for (const b of bases) h.update(`FROM ${b}\n`);
  if (network) h.update('build-network\n');
  return h.digest('hex').slice(0, 12);
}

function packContext(entries: ContextEntry[]): tar.Pack {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.dir) pack.entry({ name: e.name, type: 'directory', mode: e.mode });
    else pack.entry({ name: e.name, mode: e.mode }, e.data!);
  }
  pack.finalize();
  return pack;
}

/** Resolves (building if needed) the task image; throws ImageUnavailableError when none can be had. */
export async function resolveTaskImage(docker: Docker, row: TaskImageRow, o: ImageResolveOptions = {}): Promise<ResolvedImage> {
  const pull = o.pull ?? true;
  const mapped = o.imageMap?.[row.instance_id];
  if (mapped) {
    const id = await localImage(docker, mapped);
    if (id) return { image: mapped, digest: id, source: 'image-map' };
    if (!pull) throw new ImageUnavailableError(row.instance_id, `mapped image ${mapped} is not present locally (pulling is off)`);
    const pulled = await pullImage(docker, mapped);
    if ('error' in pulled) throw new ImageUnavailableError(row.instance_id, `mapped image ${mapped} is not present locally and pulling it failed: ${pulled.error}`);
    return { image: mapped, digest: pulled.id, source: 'image-map' };
  }
  const tried: string[] = [];
  if (row.dockerhub_tag) {
    const ref = `${o.namespace ?? 'jefzda'}/sweap-images:${row.dockerhub_tag}`;
    const id = await localImage(docker, ref);
    if (id) return { image: ref, digest: id, source: 'sweap-local' };
    if (pull) {
      const pulled = await pullImage(docker, ref);
      if ('id' in pulled) return { image: ref, digest: pulled.id, source: 'sweap-pulled' };
      tried.push(`pulling ${ref} failed: ${pulled.error}`);
    } else tried.push(`${ref} is not local (pulling is off)`);
  }
  if (!row.base_dockerfile.trim() && !row.instance_dockerfile.trim()) throw new ImageUnavailableError(row.instance_id, [...tried, 'no image map entry and no dockerfiles to build from'].join('; '));
  // Built images are cached by a hash of their build context and base images: an unchanged row on
  // an unchanged base is never rebuilt.
  const buildNetwork = o.buildNetwork ?? false;
  const entries = contextEntries(row, o.contextDir, buildNetwork);
  const bases = await fromImages(docker, entries[0]!.data!.toString());
  const tag = `wave-bench/task:${row.instance_id.toLowerCase().replace(/[^a-z0-9_.-]/g, '-').slice(0, 100)}-${contextHash(entries, bases, buildNetwork)}`;
  const cached = await localImage(docker, tag);
  if (cached) return { image: tag, digest: cached, source: 'built', buildNetwork };
  try {
    const id = await buildImageFromContext(docker, packContext(entries) as unknown as NodeJS.ReadableStream, tag, { network: buildNetwork });
    return { image: tag, digest: id, source: 'built', buildNetwork };
  } catch (error) {
    const offline = buildNetwork ? '' : ' (its RUN steps had no network: pass --build-network if the build must download)';
    throw new ImageUnavailableError(row.instance_id, [...tried, `building from the row's dockerfiles failed${offline}: ${(error as Error).message}`].join('; '));
  }
}
