// Writing a run's reports: results.json first (the source of truth), then every rendering.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPORTERS, RENDERED_REPORTERS } from './reporters.js';
import { readResults } from '../load/results.js';
import type { NativeResults } from '../schema/native-results.js';

export async function writeNativeReports(outDir: string, results: NativeResults): Promise<string[]> {
  mkdirSync(outDir, { recursive: true });
  await REPORTERS.json!.onRunEnd(results, outDir);
  // Render from what was written and validated, so `report render` later gives identical files.
  const rendered = await renderNativeReports(outDir, readResults(outDir).results);
  return [join(outDir, REPORTERS.json!.files[0]!), ...rendered];
}

/** Rebuilds md/csv/html from results already read back. */
export async function renderNativeReports(outDir: string, results: NativeResults): Promise<string[]> {
  const reporters = RENDERED_REPORTERS.map((id) => REPORTERS[id]!);
  for (const reporter of reporters) await reporter.onRunEnd(results, outDir);
  return reporters.flatMap((r) => r.files.map((f) => join(outDir, f)));
}
