// Loading dataset rows (JSONL or a JSON array) and pilot manifests, with every problem named by
// file, row and field. A derivative manifest must be a true subset of its parent.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError, type InputIssue } from '../../orchestrator/index.js';
import { DatasetRowSchema, PilotManifestSchema, type DatasetRow, type PilotManifest } from '../schema/pilot.js';
import { readJsonFile, refuseSpecialFile } from './json-file.js';
import { zodIssues } from './zod-issues.js';

/** Every row of a dataset file; throws one InputError listing every bad row and field. */
export function loadDataset(file: string): { rows: DatasetRow[]; sha256: string } {
  const FIX = 'fix the dataset rows (SWE-bench Pro public format, see docs/pilots.md)';
  let text: string;
  try {
    refuseSpecialFile(file);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      [{ file, where: '(file)', message: `cannot read the dataset: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }],
      'pass --dataset with an existing JSONL or JSON-array file',
    );
  }
  const issues: InputIssue[] = [];
  let raw: unknown[];
  if (text.trimStart().startsWith('[')) {
    try {
      raw = JSON.parse(text) as unknown[];
    } catch (error) {
      throw new InputError([{ file, where: '(file)', message: `not a valid JSON array (truncated?): ${(error as Error).message}` }], FIX);
    }
    if (!Array.isArray(raw)) throw new InputError([{ file, where: '(file)', message: 'expected a JSON array of rows' }], FIX);
  } else {
    raw = [];
    text.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        raw.push(JSON.parse(line));
      } catch (error) {
        issues.push({ file, where: `line ${i + 1}`, message: `not valid JSON: ${(error as Error).message}` });
      }
    });
  }
  const rows: DatasetRow[] = [];
  raw.forEach((value, i) => {
    const parsed = DatasetRowSchema.safeParse(value);
    const id = (value as { instance_id?: string })?.instance_id ?? `#${i + 1}`;
    if (parsed.success && rows.some((r) => r.instance_id === parsed.data.instance_id))
      issues.push({
        file,
        where: `row ${id}: instance_id`,
        message: 'duplicate instance_id; every task must appear once (items and their artifacts are keyed by it)',
      });
    else if (parsed.success) rows.push(parsed.data);
    else issues.push(...zodIssues(file, parsed.error).map((x) => ({ ...x, where: `row ${id}: ${x.where}` })));
  });
  if (issues.length) throw new InputError(issues, FIX);
  if (rows.length === 0)
    throw new InputError(
      [{ file, where: '(file)', message: 'holds no rows' }],
      'pass --dataset with at least one SWE-bench Pro row (JSONL: one JSON object a line)',
    );
  return { rows, sha256: readJsonFileHash(text) };
}

function readJsonFileHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A validated manifest; a derivative is checked against its parent in the same folder. */
export function loadManifest(file: string): { manifest: PilotManifest; sha256: string } {
  const { value, sha256 } = readJsonFile(file);
  const parsed = PilotManifestSchema.safeParse(value);
  if (!parsed.success)
    throw new InputError(
      zodIssues(file, parsed.error),
      'fix the manifest (format: docs/pilots.md); frozen manifests are never edited, derive a new one instead',
    );
  const manifest = parsed.data;
  if (manifest.parent) {
    const parentFile = join(dirname(file), `${manifest.parent}.json`);
    const issues: InputIssue[] = [];
    if (!existsSync(parentFile)) issues.push({ file, where: 'parent', message: `parent manifest ${parentFile} does not exist` });
    else {
      const parent = loadManifest(parentFile).manifest;
      manifest.tasks.forEach((t, i) => {
        if (!parent.tasks.some((p) => p.instance_id === t.instance_id))
          issues.push({
            file,
            where: `tasks[${i}].instance_id`,
            message: `${t.instance_id} is not in the parent manifest ${manifest.parent}`,
          });
      });
    }
    if (issues.length) throw new InputError(issues, 'a derivative manifest may only select tasks of its parent');
  }
  return { manifest, sha256 };
}
