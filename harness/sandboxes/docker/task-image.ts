// Which image a task runs in (SPEC 3.5): an explicit map, else `<namespace>/sweap-images:<tag>` if
// present locally or pullable (each failed pull is said in the error), else built from the row's
// dockerfiles. The digest is recorded; an unavailable image is an infrastructure class.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { WaveBenchError } from '../../../orchestrator/index.js';
import type { ResolvedImage } from '../../schema/pilot-results.js';
import { WAVE_BENCH_LABEL } from './engine.js';
import { buildImageFromContext, pullImage } from './images.js';
import { DockerfileTranslationError, firstFrom, replaceFirstFrom, toClassicDockerfile } from './dockerfile.js';

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

/** What resolving would do, found without building or pulling anything (`--dry-run`). */
export interface ImagePlan {
  image: string;
  /** `local` (present now), `pull` (would be pulled), `build` (would be built), `unavailable`. */
  action: 'local' | 'pull' | 'build' | 'unavailable';
  source: ResolvedImage['source'] | null;
  digest: string | null;
  detail: string;
}

export class ImageUnavailableError extends WaveBenchError {
  constructor(instanceId: string, detail: string) {
    super('image-unavailable', `no image for ${instanceId}: ${detail}`, {
      fix: "give --image-map, load the sweap image locally, or fix the row's dockerfiles",
    });
    this.name = 'ImageUnavailableError';
  }
}

/** The id of a local image, or undefined when the engine has none by that reference. */
export async function localImage(docker: Docker, ref: string): Promise<string | undefined> {
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

/** The build context: a Dockerfile (heredocs translated for the legacy builder), its heredoc files, plus `repo/` when a fixture folder provides one. */
function contextEntries(dockerfileText: string, label: string, repoDir: string | undefined, network: boolean): ContextEntry[] {
  const classic = toClassicDockerfile(dockerfileText);
  const joined = classic.dockerfile.trim();
  const marked = network ? joined.replace(/^(\s*FROM\s[^\n]*)$/gim, `$1\n${NETWORK_MARK}`) : joined;
  const dockerfile = `${marked}\nLABEL ${WAVE_BENCH_LABEL}=${label}\n`;
  const entries: ContextEntry[] = [{ name: 'Dockerfile', dir: false, mode: 0o644, data: Buffer.from(dockerfile) }];
  for (const f of classic.files) entries.push({ name: f.name, dir: false, mode: f.mode, data: Buffer.from(f.data) });
  if (repoDir && existsSync(repoDir)) {
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir).sort()) {
        const full = join(dir, name);
        const st = lstatSync(full);
        // Only the fixture folder's own files: a symlink (which may lead to host files) or a special file is left out.
        if (st.isSymbolicLink() || (!st.isDirectory() && !st.isFile())) continue;
        const entryName = `repo/${relative(repoDir, full)}`;
        if (st.isDirectory()) {
          entries.push({ name: entryName, dir: true, mode: 0o755 });
          walk(full);
        } else entries.push({ name: entryName, dir: false, mode: st.mode & 0o777, data: readFileSync(full) });
      }
    };
    walk(repoDir);
  }
  return entries;
}

/**
 * How a row's image is built. SWE-bench Pro's instance Dockerfile starts `FROM base_<repo>…`, an
 * image built separately from `base_dockerfile`: then the base is built first (its own image) and
 * the instance's FROM is pointed at it. Rows whose instance Dockerfile has no FROM of its own
 * continue the base Dockerfile (one build).
 */
export function buildSteps(row: TaskImageRow): { base: string | null; from: string | null; instance: string } {
  const from = firstFrom(row.instance_dockerfile);
  if (from && row.base_dockerfile.trim()) return { base: row.base_dockerfile, from, instance: row.instance_dockerfile };
  return { base: null, from: null, instance: `${row.base_dockerfile.trim()}\n${row.instance_dockerfile.trim()}` };
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9_.-]/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 100) || 'x';

/** The image ids (or, when not local, the references) the Dockerfile builds FROM. */
async function fromImages(docker: Docker, dockerfile: string): Promise<string[]> {
  const refs = [...dockerfile.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)]
    .map((m) => m[1]!)
    .filter((ref) => ref.toLowerCase() !== 'scratch');
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
    if ('error' in pulled)
      throw new ImageUnavailableError(
        row.instance_id,
        `mapped image ${mapped} is not present locally and pulling it failed: ${pulled.error}`,
      );
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
  if (!row.base_dockerfile.trim() && !row.instance_dockerfile.trim())
    throw new ImageUnavailableError(row.instance_id, [...tried, 'no image map entry and no dockerfiles to build from'].join('; '));
  try {
    return await buildTaskImage(docker, row, o);
  } catch (error) {
    const offline = o.buildNetwork ? '' : ' (its RUN steps had no network: pass --build-network if the build must download)';
    const message =
      error instanceof DockerfileTranslationError
        ? `the row's dockerfiles cannot be built without BuildKit: ${error.message}`
        : `building from the row's dockerfiles failed${offline}: ${(error as Error).message}`;
    throw new ImageUnavailableError(row.instance_id, [...tried, message].join('; '));
  }
}

/** The tag a build would get, and whether it is already there (cached by content: context and FROM image ids). */
async function buildKey(
  docker: Docker,
  entries: ContextEntry[],
  prefix: string,
  network: boolean,
): Promise<{ tag: string; cached: string | undefined }> {
  const bases = await fromImages(docker, entries[0]!.data!.toString());
  const tag = `${prefix}-${contextHash(entries, bases, network)}`;
  return { tag, cached: await localImage(docker, tag) };
}

async function buildCached(
  docker: Docker,
  entries: ContextEntry[],
  prefix: string,
  network: boolean,
): Promise<{ image: string; digest: string }> {
  const { tag, cached } = await buildKey(docker, entries, prefix, network);
  if (cached) return { image: tag, digest: cached };
  return {
    image: tag,
    digest: await buildImageFromContext(docker, packContext(entries) as unknown as NodeJS.ReadableStream, tag, { network }),
  };
}

async function buildTaskImage(docker: Docker, row: TaskImageRow, o: ImageResolveOptions): Promise<ResolvedImage> {
  const repoDir = o.contextDir ? join(o.contextDir, 'repos', row.instance_id) : undefined;
  const steps = buildSteps(row);
  const network = o.buildNetwork ?? false;
  const taskPrefix = `wave-bench/task:${slug(row.instance_id)}`;
  if (!steps.base) {
    const built = await buildCached(docker, contextEntries(steps.instance, 'task-image', repoDir, network), taskPrefix, network);
    return { ...built, source: 'built', buildNetwork: network };
  }
  // The base gets a content-keyed tag of its own: the FROM name is often not a valid image
  // reference (capitals, `___`), and each instance pins its own base commit, so a shared name would clash.
  const base = await buildCached(
    docker,
    contextEntries(steps.base, 'task-base', repoDir, network),
    `wave-bench/base:${slug(steps.from!)}`,
    network,
  );
  const built = await buildCached(
    docker,
    contextEntries(replaceFirstFrom(steps.instance, base.image), 'task-image', repoDir, network),
    taskPrefix,
    network,
  );
  return { ...built, source: 'built', buildNetwork: network, base: { ...base, from: steps.from! } };
}

/** What resolveTaskImage would do, without building or pulling (for `--dry-run`). */
export async function planTaskImage(docker: Docker, row: TaskImageRow, o: ImageResolveOptions = {}): Promise<ImagePlan> {
  const pull = o.pull ?? true;
  const mapped = o.imageMap?.[row.instance_id];
  if (mapped) {
    const id = await localImage(docker, mapped);
    if (id) return { image: mapped, action: 'local', source: 'image-map', digest: id, detail: 'mapped image, present' };
    return pull
      ? { image: mapped, action: 'pull', source: 'image-map', digest: null, detail: 'mapped image, would be pulled' }
      : { image: mapped, action: 'unavailable', source: null, digest: null, detail: 'mapped image is not local (pulling is off)' };
  }
  const notes: string[] = [];
  if (row.dockerhub_tag) {
    const ref = `${o.namespace ?? 'jefzda'}/sweap-images:${row.dockerhub_tag}`;
    const id = await localImage(docker, ref);
    if (id) return { image: ref, action: 'local', source: 'sweap-local', digest: id, detail: 'published task image, present' };
    if (pull) notes.push(`${ref} would be pulled first`);
    else notes.push(`${ref} is not local`);
  }
  if (!row.base_dockerfile.trim() && !row.instance_dockerfile.trim()) {
    if (pull && row.dockerhub_tag)
      return {
        image: `${o.namespace ?? 'jefzda'}/sweap-images:${row.dockerhub_tag}`,
        action: 'pull',
        source: 'sweap-pulled',
        digest: null,
        detail: 'would be pulled (no dockerfiles to build from)',
      };
    return {
      image: '',
      action: 'unavailable',
      source: null,
      digest: null,
      detail: [...notes, 'no image map entry and no dockerfiles to build from'].join('; '),
    };
  }
  const repoDir = o.contextDir ? join(o.contextDir, 'repos', row.instance_id) : undefined;
  const steps = buildSteps(row);
  const network = o.buildNetwork ?? false;
  try {
    if (!steps.base) {
      const { tag, cached } = await buildKey(
        docker,
        contextEntries(steps.instance, 'task-image', repoDir, network),
        `wave-bench/task:${slug(row.instance_id)}`,
        network,
      );
      return {
        image: tag,
        action: cached ? 'local' : 'build',
        source: 'built',
        digest: cached ?? null,
        detail: [...notes, cached ? 'built before (cached)' : "would be built from the row's dockerfiles"].join('; '),
      };
    }
    const base = await buildKey(
      docker,
      contextEntries(steps.base, 'task-base', repoDir, network),
      `wave-bench/base:${slug(steps.from!)}`,
      network,
    );
    if (!base.cached)
      return {
        image: `wave-bench/task:${slug(row.instance_id)}-…`,
        action: 'build',
        source: 'built',
        digest: null,
        detail: [...notes, `would build the base ${base.tag} (for FROM ${steps.from}), then the instance image on it`].join('; '),
      };
    const { tag, cached } = await buildKey(
      docker,
      contextEntries(replaceFirstFrom(steps.instance, base.tag), 'task-image', repoDir, network),
      `wave-bench/task:${slug(row.instance_id)}`,
      network,
    );
    return {
      image: tag,
      action: cached ? 'local' : 'build',
      source: 'built',
      digest: cached ?? null,
      detail: [
        ...notes,
        cached ? `built before (cached) on base ${base.tag}` : `would build the instance image on the cached base ${base.tag}`,
      ].join('; '),
    };
  } catch (error) {
    return { image: '', action: 'unavailable', source: null, digest: null, detail: (error as Error).message };
  }
}
