// Reading results.json back: a wrong schema version or a damaged file is a clear error naming the field.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, WaveBenchError } from '../../orchestrator/index.js';
import { RESULT_FILES, RESULTS_SCHEMA_VERSION, type NativeResults } from '../schema/native-results.js';
import { NativeResultsSchema } from '../schema/results.js';
import { PilotResultsSchema, type PilotResults } from '../schema/pilot-results.js';
import { readJsonFile } from './json-file.js';
import { zodIssues } from './zod-issues.js';

/** Either kind of run, validated: native results or pilot results (report/pilot-view.ts gives the latter's native view). */
export function readAnyResults(dirOrFile: string): { kind: 'native'; results: NativeResults } | { kind: 'pilot'; results: PilotResults } {
  const file = dirOrFile.endsWith('.json') ? dirOrFile : join(dirOrFile, RESULT_FILES.json);
  const kind = existsSync(file) ? (readJsonFile(file).value as { kind?: unknown })?.kind : undefined;
  if (kind !== 'pilot') return { kind: 'native', results: readResults(dirOrFile).results };
  const parsed = PilotResultsSchema.safeParse(readJsonFile(file).value);
  if (!parsed.success)
    throw new InputError(
      zodIssues(file, parsed.error),
      'the pilot results file is damaged or was edited by hand; re-run with --resume or restore it',
    );
  return { kind: 'pilot', results: parsed.data as unknown as PilotResults };
}

/** The validated results of a run directory (or of a results.json path). */
export function readResults(dirOrFile: string): { results: NativeResults; file: string; sha256: string } {
  const file = dirOrFile.endsWith('.json') ? dirOrFile : join(dirOrFile, RESULT_FILES.json);
  if (!existsSync(file))
    throw new WaveBenchError('results-missing', `no ${RESULT_FILES.json} at ${file}`, {
      fix: 'pass a run directory written by `wave-bench run` (or its results.json)',
    });
  const { value, sha256 } = readJsonFile(file);
  const version = (value as { schemaVersion?: unknown })?.schemaVersion;
  if (version !== RESULTS_SCHEMA_VERSION) {
    throw new WaveBenchError(
      'results-version',
      `${file}: schemaVersion is ${JSON.stringify(version)}, this wave-bench reads version ${RESULTS_SCHEMA_VERSION}`,
      { fix: 're-run the suite with this version, or use the wave-bench release that wrote the file' },
    );
  }
  const parsed = NativeResultsSchema.safeParse(value);
  if (!parsed.success)
    throw new InputError(zodIssues(file, parsed.error), 'the results file is damaged or was edited by hand; re-run or restore it');
  return { results: parsed.data as NativeResults, file, sha256 };
}
