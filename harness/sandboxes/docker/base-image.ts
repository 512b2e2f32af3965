// The fixture base image, built without any registry (machine facts): a root filesystem made of
// the host's own node, git, GNU patch/diff, dash, bash and coreutils plus their shared libraries,
// and the host's python3 with its standard library when the host has one (SWE-bench Pro's
// run_scripts protocol runs `parser.py` inside the container), added to a `FROM scratch` image.
// Cached by a content hash of the files, so rebuilding is a no-op.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import tar from 'tar-stream';
import type Docker from 'dockerode';
import { WAVE_BENCH_LABEL } from './engine.js';
import { buildImageFromContext } from './images.js';

export const FIXTURE_BASE_REPO = 'wave-bench/fixture-base';
const BINARIES = [
  'node',
  'git',
  'patch',
  'diff',
  'dash',
  'cat',
  'ls',
  'mkdir',
  'rm',
  'cp',
  'mv',
  'timeout',
  'env',
  'sed',
  'grep',
  'chmod',
  'id',
  'sleep',
  'echo',
  'true',
  'false',
  'head',
  'tail',
  'wc',
  'sort',
  'find',
  'touch',
  'tee',
  'basename',
  'dirname',
  'tr',
  'cut',
  'xargs',
  'chown',
  'bash',
  'setpriv',
  'chroot',
];
const USER = { name: 'wave', uid: 1000 }; // tasks run as this non-root user

/** Absolute real paths of host binaries, resolved in one shell call. */
async function which(bins: string[]): Promise<string[]> {
  const { stdout } = await execa('sh', ['-c', bins.map((b) => `command -v ${b} || echo`).join('; ')], { reject: false });
  const found = stdout.split('\n');
  return bins.map((bin, i) => {
    // Shell builtins (echo, true, ...) answer `command -v` with their name: use the binary on disk.
    const candidates = [(found[i] ?? '').trim(), `/usr/bin/${bin}`, `/bin/${bin}`].filter((p) => p.startsWith('/') && existsSync(p));
    if (!candidates.length) throw new Error(`fixture base image: ${bin} is not installed on this host`);
    return realpathSync(candidates[0]!);
  });
}

const LIBRARY_PATH = /(\/[^\s]+\.so[^\s]*)/g;
// The dynamic loader as ldd lists it: an absolute path with no "=>" before it.
const LOADER_LINE = /^\s*(\/\S*\/ld-[^\s/]*\.so[^\s]*)\s+\(0x/m;
const LOADER_JOBS = 4; // modules listed at once: the loader mostly waits on the disk and the scheduler

/**
 * The shared libraries of executables and loadable modules (python's lib-dynload, ~50 files). ldd is
 * a shell script that costs a dozen processes per file (seconds under load), so it runs on one
 * executable to name the dynamic loader, and the loader itself lists every file (`--list`, what ldd
 * runs per file), a few at once. Without a loader line, ldd lists them all.
 */
async function sharedLibraries(files: string[]): Promise<string[]> {
  const first = await execa('ldd', files.slice(0, 1), { reject: false });
  const loader = LOADER_LINE.exec(first.stdout)?.[1];
  const outputs =
    loader && existsSync(loader)
      ? [first.stdout, ...(await listEach(loader, files))]
      : [(await execa('ldd', files, { reject: false })).stdout];
  return outputs.flatMap((o) => [...o.matchAll(LIBRARY_PATH)].map((m) => m[1]!)).filter((p) => existsSync(p));
}

async function listEach(loader: string, modules: string[]): Promise<string[]> {
  const outputs: string[] = [];
  const queue = [...modules];
  const worker = async () => {
    for (let m = queue.shift(); m !== undefined; m = queue.shift())
      outputs.push((await execa(loader, ['--list', m], { reject: false })).stdout);
  };
  await Promise.all(Array.from({ length: LOADER_JOBS }, worker));
  return outputs;
}

/** The system python (never a pyenv shim or a virtualenv) and its version directory, if installed. */
function hostPython(): { binary: string; stdlib: string } | null {
  if (!existsSync('/usr/bin/python3')) return null;
  const binary = realpathSync('/usr/bin/python3');
  const version = /python(\d+\.\d+)$/.exec(binary)?.[1];
  const stdlib = version ? `/usr/lib/python${version}` : '';
  return stdlib && existsSync(stdlib) ? { binary, stdlib } : null;
}

// Parts of the standard library a test-output parser never needs.
const STDLIB_SKIP = new Set([
  'test',
  'tests',
  'idlelib',
  'tkinter',
  'turtledemo',
  'ensurepip',
  'lib2to3',
  'pydoc_data',
  'site-packages',
  'dist-packages',
  '__pycache__',
]);

function stdlibFiles(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (STDLIB_SKIP.has(entry.name) || entry.name.startsWith('config-') || /^(_test|xx|_ctypes_test)/.test(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) stdlibFiles(path, out);
    else if (entry.isFile()) out.push(path);
  }
}

/** Every host file the rootfs needs, absolute paths, deduplicated and sorted. */
export async function rootfsFiles(): Promise<string[]> {
  const files = new Set<string>();
  const executables = await which(BINARIES);
  const python = hostPython();
  const stdlib: string[] = [];
  if (python) {
    executables.push(python.binary);
    stdlibFiles(python.stdlib, stdlib);
  }
  [...executables, ...stdlib].forEach((f) => files.add(f));
  for (const lib of await sharedLibraries([...executables, ...stdlib.filter((f) => f.endsWith('.so'))])) files.add(lib);
  return [...files].sort();
}

function contentHash(files: string[]): string {
  const h = createHash('sha256');
  for (const f of files) {
    const s = statSync(f);
    h.update(`${f}\0${s.size}\0${s.mtimeMs}\n`);
  }
  h.update(`user ${USER.uid}\n`);
  return h.digest('hex').slice(0, 16);
}

function rootfsTar(files: string[]): tar.Pack {
  const pack = tar.pack();
  const dirs = new Set<string>();
  const addDir = (dir: string) => {
    for (let d = dir; d !== '/' && !dirs.has(d); d = d.slice(0, d.lastIndexOf('/')) || '/') {
      dirs.add(d);
    }
  };
  files.forEach((f) => addDir(f.slice(0, f.lastIndexOf('/'))));
  ['/tmp', '/app', '/home/wave', '/etc', '/bin', '/usr/bin'].forEach(addDir);
  for (const d of [...dirs].sort()) pack.entry({ name: d.slice(1), type: 'directory', mode: d === '/tmp' ? 0o1777 : 0o755 });
  for (const f of files) pack.entry({ name: f.slice(1), mode: statSync(f).mode & 0o777 }, readFileSync(f));
  const dash = files.find((f) => f.endsWith('/dash'))!;
  pack.entry({ name: 'bin/sh', type: 'symlink', linkname: dash });
  for (const bin of BINARIES) {
    const real = files.find((f) => f.endsWith(`/${bin}`));
    if (real && real !== `/usr/bin/${bin}`) pack.entry({ name: `usr/bin/${bin}`, type: 'symlink', linkname: real });
  }
  const python = files.find((f) => /^\/usr\/bin\/python\d+\.\d+$/.test(f));
  if (python) for (const alias of ['python3', 'python']) pack.entry({ name: `usr/bin/${alias}`, type: 'symlink', linkname: python });
  pack.entry({ name: 'etc/passwd' }, `root:x:0:0:root:/root:/bin/sh\n${USER.name}:x:${USER.uid}:${USER.uid}::/home/wave:/bin/sh\n`);
  pack.entry({ name: 'etc/group' }, `root:x:0:\n${USER.name}:x:${USER.uid}:\n`);
  pack.finalize();
  return pack;
}

/** The image tag, building it first when this content hash was never built on this engine. */
export async function ensureFixtureBaseImage(docker: Docker): Promise<{ tag: string; built: boolean; id: string }> {
  const files = await rootfsFiles();
  const tag = `${FIXTURE_BASE_REPO}:${contentHash(files)}`;
  try {
    const info = await docker.getImage(tag).inspect();
    await docker.getImage(tag).tag({ repo: FIXTURE_BASE_REPO, tag: 'latest' });
    return { tag, built: false, id: info.Id };
  } catch {
    // not built yet
  }
  const context = tar.pack();
  const rootfs = await streamToBuffer(rootfsTar(files));
  context.entry(
    { name: 'Dockerfile' },
    `FROM scratch\nADD rootfs.tar /\nENV PATH=/usr/local/bin:/usr/bin:/bin HOME=/home/wave\nLABEL ${WAVE_BENCH_LABEL}=fixture-base\n`,
  );
  context.entry({ name: 'rootfs.tar' }, rootfs);
  context.finalize();
  const id = await buildImageFromContext(docker, context as unknown as NodeJS.ReadableStream, tag);
  // Fixture rows name the base as `:latest`, so the content-hashed tag is also tagged latest.
  await docker.getImage(tag).tag({ repo: FIXTURE_BASE_REPO, tag: 'latest' });
  return { tag, built: true, id };
}

export async function streamToBuffer(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

export { USER as FIXTURE_USER };
