// Trace bundles (SPEC 2.8): a directory of files plus a manifest listing each file's sha256.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { writeStateFile } from '../safe-fs.js';

export const TRACE_MANIFEST = 'manifest.json';

export interface TraceManifest {
  schemaVersion: 1;
  createdAt: string;
  files: { path: string; sha256: string; bytes: number }[];
}

export interface TraceDifference {
  path: string;
  problem: 'missing' | 'modified' | 'unlisted';
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Writes every file of a bundle, then the manifest last (a bundle without a manifest is incomplete). */
export function writeTraceBundle(
  dir: string,
  files: Record<string, string | Buffer>,
  createdAt: string,
  workspace?: string,
): TraceManifest {
  // Inside a workspace (the launcher's traces), agents can reach the folder: never follow a planted symlink.
  const write = (path: string, data: string | Buffer) => (workspace ? writeStateFile(workspace, path, data) : writeFileSync(path, data));
  const entries = Object.keys(files).sort();
  for (const path of entries) {
    const target = join(dir, path);
    if (!workspace) mkdirSync(dirname(target), { recursive: true });
    write(target, files[path]!);
  }
  const manifest: TraceManifest = {
    schemaVersion: 1,
    createdAt,
    files: entries.map((path) => {
      const data = typeof files[path] === 'string' ? Buffer.from(files[path] as string) : (files[path] as Buffer);
      return { path, sha256: sha256(data), bytes: data.length };
    }),
  };
  const tmp = join(dir, `${TRACE_MANIFEST}.tmp`);
  write(tmp, JSON.stringify(manifest, null, 2) + '\n');
  renameSync(tmp, join(dir, TRACE_MANIFEST));
  return manifest;
}

/** Compares a bundle on disk with its manifest: files missing, modified, or present but unlisted. */
export function verifyTraceBundle(dir: string): { manifest: TraceManifest; differences: TraceDifference[] } {
  const manifest = JSON.parse(readFileSync(join(dir, TRACE_MANIFEST), 'utf8')) as TraceManifest;
  const differences: TraceDifference[] = [];
  const listed = new Set<string>();
  for (const file of manifest.files) {
    listed.add(file.path);
    let data: Buffer;
    try {
      data = readFileSync(join(dir, file.path));
    } catch {
      differences.push({ path: file.path, problem: 'missing' });
      continue;
    }
    if (sha256(data) !== file.sha256) differences.push({ path: file.path, problem: 'modified' });
  }
  for (const path of listFiles(dir)) {
    if (path !== TRACE_MANIFEST && !listed.has(path)) differences.push({ path, problem: 'unlisted' });
  }
  return { manifest, differences };
}

function listFiles(root: string, dir = root): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(root, full));
    else out.push(relative(root, full).split(sep).join('/'));
  }
  return out.sort();
}
