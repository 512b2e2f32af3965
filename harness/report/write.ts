// Writing a run's reports atomically: each file goes to a temp name first, then is renamed.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderNativeCsv } from './csv.js';
import { renderNativeMarkdown } from './markdown.js';
import { RESULT_FILES, type NativeResults } from './types.js';

export function writeFileAtomic(path: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** results.json first (the source of truth), then the renderings. */
export function writeNativeReports(outDir: string, results: NativeResults): string[] {
  mkdirSync(outDir, { recursive: true });
  const files = [
    [RESULT_FILES.json, JSON.stringify(results, null, 2) + '\n'],
    [RESULT_FILES.markdown, renderNativeMarkdown(results)],
    [RESULT_FILES.csv, renderNativeCsv(results)],
  ] as const;
  for (const [name, data] of files) writeFileAtomic(join(outDir, name), data);
  return files.map(([name]) => join(outDir, name));
}
