// Resuming a native run (`run --resume`), the same model as `pilot run --resume`: each finished item
// is stored atomically under <out>/item-results/ with the hash of its inputs; a resumed run reuses
// an item only when that hash matches, and reruns the rest. Without --resume a non-empty --out is
// refused, so old and new items are never mixed in one results.json.
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { WaveBenchError } from '../../orchestrator/index.js';
import type { Arm } from '../load/arms.js';
import type { EvalCase } from '../load/cases.js';
import { RESULT_FILES, type NativeItemResult } from '../schema/native-results.js';
import { writeFileAtomic } from '../fs/write-file.js';

export const ITEM_RESULTS_DIR = 'item-results'; // one <item>.json per finished item: { inputHash, result }

/** The settings that change what an item does; a change makes its stored result stale. */
export interface NativeItemInputs {
  maxRetries: number;
  agentConcurrency: number;
  agentTimeoutMinutes: number;
  executor: string;
  model: string | null;
  command: string | null;
  /** Only when set, so results stored without a ceiling keep their hash. */
  spendLimit?: { tokens?: number; costUsd?: number };
}

/** Hash of everything an item's result depends on: case file and policies, arm file, epoch, settings (executor included). */
export function nativeItemInputHash(c: EvalCase, arm: Arm, epoch: number, settings: NativeItemInputs): string {
  const inputs = { case: c.sha256, policies: c.policies ?? null, arm: arm.sha256, epoch, settings };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

const fileOf = (outDir: string, itemId: string) => join(outDir, ITEM_RESULTS_DIR, `${itemId.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);

/** Checks --out (a directory or creatable, empty unless resuming) and --work-dir before any work, then creates them. */
export function prepareRunDirs(outDir: string, resume: boolean, workDir?: string): void {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) {
    throw new WaveBenchError('out-not-directory', `--out ${outDir} is a file, not a directory`, {
      fix: 'pass --out with a directory path (it is created when missing)',
    });
  }
  if (workDir && existsSync(workDir) && !statSync(workDir).isDirectory()) {
    throw new WaveBenchError('work-dir-not-directory', `--work-dir ${workDir} is a file, not a directory`, {
      fix: 'pass --work-dir with a directory path (it is created when missing)',
    });
  }
  const entries = existsSync(outDir) ? readdirSync(outDir) : [];
  if (entries.length && !resume) {
    throw new WaveBenchError(
      'out-not-empty',
      `--out ${outDir} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''})`,
      {
        fix: 'add --resume to finish that run (items whose inputs are unchanged are reused), or pass an empty or new --out directory',
      },
    );
  }
  makeDir(join(outDir, ITEM_RESULTS_DIR), '--out', outDir);
  if (workDir) makeDir(workDir, '--work-dir', workDir);
  // Reports of an interrupted run describe old items: they are rebuilt at the end of this one.
  for (const f of Object.values(RESULT_FILES)) rmSync(join(outDir, f), { force: true });
}

function makeDir(path: string, option: string, given: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    const code = writableAncestorProblem(path) ?? (error as NodeJS.ErrnoException).code ?? 'error';
    throw new WaveBenchError('out-unwritable', `cannot create ${option} ${given}: ${code} (${(error as Error).message})`, {
      fix: `pass ${option} in a writable directory${code === 'ENOTDIR' ? `; ${dirname(given)} or one of its parents is a file` : ''}`,
    });
  }
}

/** Why the nearest existing folder above `path` cannot be written (EROFS, EACCES), if it cannot. */
function writableAncestorProblem(path: string): string | undefined {
  let dir = dirname(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }
}

/** The stored result of an item when its inputs are unchanged; undefined to run it again. */
export function reusableItem(outDir: string, itemId: string, inputHash: string): NativeItemResult | undefined {
  const file = fileOf(outDir, itemId);
  if (!existsSync(file)) return undefined;
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { inputHash?: string; result?: NativeItemResult };
    return stored.inputHash === inputHash && stored.result?.itemId === itemId ? stored.result : undefined;
  } catch {
    return undefined; // a torn or hand-edited file: run the item again
  }
}

/** Stores a finished item with its input hash (atomically: a kill leaves the old file or the new one). */
export function storeItem(outDir: string, result: NativeItemResult, inputHash: string): void {
  writeFileAtomic(fileOf(outDir, result.itemId), JSON.stringify({ inputHash, result }) + '\n');
}

/** What the suite needs to skip and store items; undefined lookups mean "run it". */
export interface ItemStore {
  lookup(item: { case: EvalCase; arm: Arm; epoch: number }): NativeItemResult | undefined;
  store(item: { case: EvalCase; arm: Arm; epoch: number }, result: NativeItemResult): void;
}

/** An item store in `outDir`; `resume` false stores results but reuses none. */
export function createItemStore(outDir: string, settings: NativeItemInputs, resume: boolean): ItemStore {
  const hash = (p: { case: EvalCase; arm: Arm; epoch: number }) => nativeItemInputHash(p.case, p.arm, p.epoch, settings);
  const itemId = (p: { case: EvalCase; arm: Arm; epoch: number }) => `${p.case.id}::${p.arm.id}::${p.epoch}`;
  return {
    lookup: (p) => (resume ? reusableItem(outDir, itemId(p), hash(p)) : undefined),
    store: (p, result) => storeItem(outDir, result, hash(p)),
  };
}
