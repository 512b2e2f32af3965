// Loads and validates arm files from arm-templates/ (SPEC 3.1).
import { basename, join } from 'node:path';
import { InputError, WaveBenchError, didYouMean, type InputIssue, type OrchestrationFeatures } from '../../orchestrator/index.js';
import { ArmFileSchema } from '../schema/arm.js';
import { listJsonFiles, readJsonFile } from './json-file.js';
import { zodIssues } from './zod-issues.js';

export interface Arm {
  id: string;
  title: string;
  description: string;
  kind: 'base' | 'ablation';
  features: OrchestrationFeatures;
  /** `union`: the one agent gets every agent's observations (single-agent--full-info). */
  knowledge: 'own' | 'union';
  ablationOf?: string;
  removes?: string;
  file: string;
  sha256: string;
}

/** Every arm file in `dir`, validated; all problems of all files reported at once. */
export function loadArms(dir: string): Arm[] {
  const files = listJsonFiles(dir, '--arms-dir');
  const arms: Arm[] = [];
  const issues: InputIssue[] = [];
  for (const name of files) {
    const file = join(dir, name);
    const { value, sha256 } = readJsonFile(file);
    const parsed = ArmFileSchema.safeParse(value);
    if (!parsed.success) {
      issues.push(...zodIssues(file, parsed.error));
      continue;
    }
    if (parsed.data.id !== basename(name, '.json')) {
      issues.push({ file, where: 'id', message: `expected "${basename(name, '.json')}" (the file name), got "${parsed.data.id}"` });
    }
    arms.push({ ...parsed.data, file, sha256 });
  }
  for (const arm of arms) {
    if (arm.ablationOf && !arms.some((other) => other.id === arm.ablationOf)) {
      issues.push({
        file: arm.file,
        where: 'ablationOf',
        message: `unknown arm "${arm.ablationOf}"; ${didYouMean(
          arm.ablationOf,
          arms.map((a) => a.id),
        )}`,
      });
    }
  }
  if (issues.length > 0) throw new InputError(issues, 'fix the arm files (schema: docs/arms.md)');
  return arms;
}

/** The arms named by `ids` (in that order), or the base arms when none are named. */
export function selectArms(arms: Arm[], ids: string[] | undefined): Arm[] {
  if (!ids || ids.length === 0) return arms.filter((arm) => arm.kind === 'base');
  // A repeated id would make two items with one id (and one workspace): each arm runs once.
  return [...new Set(ids)].map((id) => {
    const arm = arms.find((candidate) => candidate.id === id);
    if (!arm) {
      throw new WaveBenchError(
        'unknown-arm',
        `unknown arm "${id}": ${didYouMean(
          id,
          arms.map((a) => a.id),
        )}`,
        {
          fix: '`wave-bench list --arms` shows every arm',
        },
      );
    }
    return arm;
  });
}
