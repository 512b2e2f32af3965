// The images agent jobs run (docs/cluster.md "Agents as swarm jobs"). On the local backend the
// agent's runtime (node, its loader and libraries, the CLI, the `wave-bench` shim) is bound into the
// task container from the host; a job on another node has no such host files, so the same files go
// into images instead: a runtime image (`FROM scratch`, the files at the paths they are bound to,
// plus this folder's daemon and gateway), built once per content, and per task image an agent image
// `FROM` it with the runtime copied in. Both reach the nodes through the registry, by digest.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { WaveBenchError } from '../../../../orchestrator/index.js';
import { repoRoot } from '../../../version.js';
import { WAVE_BENCH_LABEL } from '../../docker/engine.js';
import { buildImageFromContext } from '../../docker/images.js';
import { localImage } from '../../docker/task-image.js';
import { pushTaskImage } from '../registry.js';

export const RUNTIME_ROOT = '/opt/wave-agent';
/** The daemon and gateway inside (with the wire they share). */
export const JS_DIR = `${RUNTIME_ROOT}/js`;
/** The compiled daemon, gateway and wire (also when this module runs from its TypeScript source, as in tests). */
export const REMOTE_JS = join(repoRoot(), 'dist', 'harness', 'sandboxes', 'swarm', 'remote');
const JS_FILES = ['wire.js', 'daemon.js', 'gateway.js'];
/** Changes when the image's layout (beyond its files) does. */
const RUNTIME_LAYOUT = 'r3';

interface FileEntry {
  /** The path inside the image, without the leading slash. */
  name: string;
  host?: string;
  data?: Buffer;
  mode: number;
  size: number;
  mtimeMs: number;
}

/** The files a read-only bind (`host:inside[:ro]`) stands for, directories walked. */
function bindFiles(bind: string): FileEntry[] {
  const [host, inside] = bind.split(':') as [string, string];
  const walk = (h: string, i: string): FileEntry[] => {
    const st = statSync(h);
    if (st.isDirectory()) return readdirSync(h).flatMap((n) => walk(join(h, n), `${i}/${n}`));
    return st.isFile() ? [{ name: i.replace(/^\//, ''), host: h, mode: st.mode & 0o777, size: st.size, mtimeMs: st.mtimeMs }] : [];
  };
  return walk(host, inside);
}

function runtimeFiles(binds: string[]): FileEntry[] {
  const js = JS_FILES.map((n) => {
    const path = join(REMOTE_JS, n);
    if (!existsSync(path))
      throw new WaveBenchError('agent-runtime', `${path} is missing: the agent job's daemon is not built`, { fix: 'npm run build' });
    const data = readFileSync(path);
    return { name: `${JS_DIR.slice(1)}/${n}`, data, mode: 0o644, size: data.length, mtimeMs: 0 };
  });
  const pkg = Buffer.from('{"type":"module"}\n');
  js.push({ name: `${JS_DIR.slice(1)}/package.json`, data: pkg, mode: 0o644, size: pkg.length, mtimeMs: 0 });
  return [...binds.flatMap(bindFiles), ...js].sort((a, b) => a.name.localeCompare(b.name));
}

/** A key that changes when any file does: small files by content, large ones by size and time. */
function contentKey(files: FileEntry[]): string {
  const h = createHash('sha256');
  for (const f of files) {
    h.update(`${f.name}\0${f.mode}\0${f.size}\0`);
    if (f.data) h.update(f.data);
    else if (f.size < 1024 * 1024) h.update(readFileSync(f.host!));
    else h.update(String(f.mtimeMs));
  }
  return h.digest('hex').slice(0, 16);
}

const isLarge = (f: FileEntry) => /^opt\/wave-agent\/(bin|lib|cli)\//.test(f.name);

/** Packs the files one by one (the CLI's binary is hundreds of MB: it is streamed, never held). */
function runtimeContext(files: FileEntry[]): tar.Pack {
  const pack = tar.pack();
  // Two layers: the large files (node, its libraries, the CLI) first, the same whatever the small
  // ones (the `wave-bench` shim, the daemon), so a variant re-uses and re-pushes none of the large.
  const dockerfile = Buffer.from(`FROM scratch\nCOPY large/ /\nCOPY small/ /\nLABEL ${WAVE_BENCH_LABEL}=agent-runtime\n`);
  pack.entry({ name: 'Dockerfile', mode: 0o644 }, dockerfile);
  void (async () => {
    for (const f of files) {
      const header = { name: `${isLarge(f) ? 'large' : 'small'}/${f.name}`, mode: f.mode, size: f.size, mtime: new Date(0) };
      if (f.data) pack.entry(header, f.data);
      else
        await new Promise<void>((resolve, reject) => {
          const entry = pack.entry(header, (e) => (e ? reject(e) : resolve()));
          createReadStream(f.host!).pipe(entry);
        });
    }
    pack.finalize();
  })().catch((e: Error) => pack.destroy(e));
  return pack;
}

/** The runtime image for these binds (built when this content has none yet); its local tag. */
export async function ensureRuntimeImage(docker: Docker, binds: string[]): Promise<string> {
  const files = runtimeFiles(binds);
  const tag = `wave-bench/agent-runtime:${contentKey(files)}-${RUNTIME_LAYOUT}`;
  if (!(await localImage(docker, tag))) await buildImageFromContext(docker, runtimeContext(files) as unknown as NodeJS.ReadableStream, tag);
  return tag;
}

/** `registry/...@sha256:…` of the task image with the runtime copied in, built and pushed once. */
export async function pushAgentImage(
  docker: Docker,
  o: { registry: string; taskImage: string; runtime: string; binds: string[] },
): Promise<string> {
  const taskId = ((await docker.getImage(o.taskImage).inspect()) as { Id: string }).Id.replace(/^sha256:/, '');
  const tag = `wave-bench/agent:${taskId.slice(0, 12)}-${o.runtime.split(':')[1]}`;
  if (!(await localImage(docker, tag))) {
    const pack = tar.pack();
    const large = ['bin', 'lib', 'cli'].map((d) => `${RUNTIME_ROOT}/${d}`);
    const small = [
      `${JS_DIR}`,
      ...o.binds.map((b) => b.split(':')[1]!).filter((inside) => !large.some((l) => inside.startsWith(`${l}/`) || inside === l)),
    ];
    const dockerfile = [
      `FROM ${o.taskImage}`,
      // the large folders first (layers shared by every variant of the runtime), then the small files
      // (the control shim is also at /usr/local/bin: a login shell may reset PATH from /etc/profile)
      ...[...large, ...small].map((path) => `COPY --from=${o.runtime} ${path} ${path}`),
      `LABEL ${WAVE_BENCH_LABEL}=agent-image`,
    ].join('\n');
    pack.entry({ name: 'Dockerfile', mode: 0o644 }, `${dockerfile}\n`);
    pack.finalize();
    await buildImageFromContext(docker, pack as unknown as NodeJS.ReadableStream, tag);
  }
  return pushTaskImage(docker, o.registry, tag);
}
