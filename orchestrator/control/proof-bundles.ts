// Operator proof bundles (SPEC 2.8): register (artifact hashes computed and checked), revoke,
// supersede and list. Each action is one appended control event; the lifecycle is folded from them.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, WaveBenchError } from '../errors.js';
import { workspaceEscapeReason } from '../safe-fs.js';
import { ProofBundleFileSchema } from '../schema/control-event.js';
import { foldControlEvents } from './fold.js';
import { appendOperatorEvent, checkWorkspace, controlEventsOf, waveRoster, type LaneRef } from './lane-ref.js';

type Issue = { file: string; where: string; message: string };

/** Registers a proof bundle file; artifact hashes are computed (and checked when given). */
export function registerProofBundle(ref: LaneRef, file: string) {
  checkWorkspace(ref.workspace);
  const parsed = ProofBundleFileSchema.safeParse(readBundleJson(file));
  if (!parsed.success)
    throw new InputError(
      parsed.error.issues.map((i) => ({ file, where: i.path.join('.') || '(file)', message: i.message })),
      'see docs/coordination.md (Proof registry and control plane) for the proof bundle format',
    );
  const issues: Issue[] = [];
  const artifacts = parsed.data.artifacts.map((a, i) => hashArtifact(ref.workspace, a, { file, index: i, issues }));
  const roster = waveRoster(ref);
  if (roster.length && !roster.includes(parsed.data.agentId))
    issues.push({
      file,
      where: 'agentId',
      message: `"${parsed.data.agentId}" is not an agent of lane ${ref.lane} wave ${ref.wave} (agents: ${roster.join(', ')})`,
    });
  if (issues.length) throw new InputError(issues, 'fix the bundle or the artifacts, then register again');
  const id = `proof-${parsed.data.agentId}-${Date.now().toString(36)}`;
  return appendOperatorEvent(ref, { type: 'proof_bundle', id }, 'registered', { ...parsed.data, artifacts });
}

/** The artifact with its sha256; a path that is unsafe, missing or not a regular file is an issue. */
function hashArtifact<A extends { path: string; sha256?: string | undefined }>(
  workspace: string,
  a: A,
  at: { file: string; index: number; issues: Issue[] },
): A {
  const unsafe = workspaceEscapeReason(workspace, a.path);
  const path = join(workspace, a.path);
  if (unsafe || !existsSync(path) || !statSync(path).isFile()) {
    at.issues.push({
      file: at.file,
      where: `artifacts[${at.index}].path`,
      message: unsafe
        ? `"${a.path}" ${unsafe}`
        : existsSync(path)
          ? `${a.path} is not a regular file`
          : `${a.path} does not exist in the workspace`,
    });
    return a;
  }
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  if (a.sha256 && a.sha256 !== sha256)
    at.issues.push({
      file: at.file,
      where: `artifacts[${at.index}].sha256`,
      message: `expected ${a.sha256}, the file hashes to ${sha256}`,
    });
  return { ...a, sha256 };
}

function readBundleJson(file: string): unknown {
  let text: string;
  try {
    if (existsSync(file) && !statSync(file).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      [
        {
          file,
          where: '(file)',
          message: `cannot read the proof bundle: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        },
      ],
      'pass --file with an existing proof bundle JSON file',
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      [{ file, where: '(file)', message: `not valid JSON: ${(error as Error).message}` }],
      'fix the JSON syntax of the bundle (format: docs/launcher.md)',
    );
  }
}

export function revokeProofBundle(ref: LaneRef, id: string, reason: string) {
  const state = foldControlEvents(controlEventsOf(ref));
  if (!state.proofBundles.some((b) => b.id === id))
    throw new WaveBenchError('unknown-proof-bundle', `no proof bundle ${id}`, {
      fix: 'see registered bundles with `wave-bench control status --json`',
    });
  return appendOperatorEvent(ref, { type: 'proof_bundle', id }, 'revoked', { reason });
}

/** Registered proof bundles (one, or all) with their lifecycle state. */
export function proofBundles(ref: LaneRef, id?: string) {
  const bundles = foldControlEvents(controlEventsOf(ref)).proofBundles;
  if (id === undefined) return bundles;
  const one = bundles.filter((b) => b.id === id);
  if (!one.length)
    throw new WaveBenchError('unknown-proof-bundle', `no proof bundle ${id}`, { fix: 'list bundles with `wave-bench control proof get`' });
  return one;
}

/** Registers `file` as the successor of the active bundle `id` (same agent); the old one becomes superseded. */
export function supersedeProofBundle(ref: LaneRef, id: string, file: string) {
  const [old] = proofBundles(ref, id);
  if (old!.state !== 'active')
    throw new WaveBenchError('proof-bundle-not-active', `proof bundle ${id} is ${old!.state}, not active`, {
      fix: 'supersede the active bundle of that agent (see `wave-bench control proof get`)',
    });
  const raw = readBundleJson(file) as { agentId?: unknown };
  if (raw && typeof raw === 'object' && raw.agentId !== old!.agentId)
    throw new InputError(
      [{ file, where: 'agentId', message: `expected "${old!.agentId}" (the agent of ${id}), got ${JSON.stringify(raw.agentId)}` }],
      'a bundle supersedes another bundle of the same agent',
    );
  return registerProofBundle(ref, file);
}
