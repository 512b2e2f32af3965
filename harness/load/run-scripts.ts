// SWE-bench Pro's per-instance test protocol, read from a local copy of the `run_scripts/` folder of
// SWE-bench_Pro-os: `<dir>/<instance_id>/run_script.sh` runs the selected tests (given as one
// comma-separated argument) and `parser.py <stdout> <stderr> <output.json>` turns their output into
// `{"tests": [{"name", "status"}]}`. Every selected task must have both files.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WaveBenchError } from '../../orchestrator/index.js';
import type { DatasetRow, RunScripts } from '../schema/pilot.js';

export interface LoadedRunScripts extends RunScripts {
  /** Hash of both files: part of an item's input hash, so --resume re-verifies when they change. */
  sha256: string;
}

export function loadRunScripts(dir: string, rows: readonly DatasetRow[]): Map<string, LoadedRunScripts> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new WaveBenchError('run-scripts-missing', `--run-scripts ${dir} is not a folder`, {
      fix: 'point --run-scripts at the run_scripts/ folder of a SWE-bench_Pro-os checkout (one <instance_id>/ folder per task)',
    });
  }
  const scripts = new Map<string, LoadedRunScripts>();
  const missing: string[] = [];
  for (const row of rows) {
    const runScriptFile = join(dir, row.instance_id, 'run_script.sh');
    const parserFile = join(dir, row.instance_id, 'parser.py');
    const absent = [runScriptFile, parserFile].filter((f) => !existsSync(f));
    if (absent.length) {
      missing.push(...absent);
      continue;
    }
    const runScript = readFileSync(runScriptFile, 'utf8');
    const parser = readFileSync(parserFile, 'utf8');
    scripts.set(row.instance_id, {
      runScript,
      parser,
      sha256: createHash('sha256').update(runScript).update('\0').update(parser).digest('hex'),
    });
  }
  if (missing.length) {
    throw new WaveBenchError(
      'run-scripts-missing',
      `${missing.length} run script file(s) missing under ${dir}: ${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', …' : ''}`,
      { fix: "copy those tasks' folders from SWE-bench_Pro-os/run_scripts, or leave them out with --task" },
    );
  }
  return scripts;
}
