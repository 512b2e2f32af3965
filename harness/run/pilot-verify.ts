// Verification in a fresh container (SPEC 3.5 step 5): reset to base, apply the model patch,
// restore the test files and apply test_patch over them, run the selected tests, parse the
// runner's own report — or, with run scripts, SWE-bench Pro's own entry-script steps (docs/pilots.md).
// Resolved ⇔ every fail_to_pass and pass_to_pass test PASSED.
import { randomBytes } from 'node:crypto';
import type { DockerClient as Docker } from '../sandboxes/docker/engine.js';
import type { DatasetRow, RunScripts } from '../schema/pilot.js';
import type { VerifyNetwork } from '../schema/pilot-results.js';
import { runToCompletion, TIMEOUT_EXIT, type ContainerLimits } from '../sandboxes/docker/container.js';
import type { OfflineNetworkPool } from '../sandboxes/docker/offline-network.js';
import type { CompletionRunner } from '../sandboxes/runner.js';
import { TEST_PARSERS, type TestStatus } from '../score/test-parsers/index.js';
import {
  dockerfileEnvExports,
  DROP_PY,
  PREP_MODEL_PATCH_FAILED,
  PREP_RESET_FAILED,
  PREP_TEST_PATCH_FAILED,
  PREP_UNPRIVILEGED_FAILED,
  TEST_UID,
  testsScript,
  verificationScript,
} from './verify-script.js';

export { NODE_FILE_MARK, TEST_UID, testCommand, dockerfileEnvExports, officialTestStaging } from './verify-script.js';

export type VerifyOutcome =
  | { kind: 'patch-apply-failed'; output: string }
  | { kind: 'verifier-error'; output: string }
  /** The tests were killed at their time limit; the statuses are what the runner reported before that. */
  | {
      kind: 'timeout';
      output: string;
      durationMs: number;
      failToPass: Record<string, TestStatus | 'MISSING'>;
      passToPass: Record<string, TestStatus | 'MISSING'>;
    }
  | {
      kind: 'tested';
      resolved: boolean;
      tests: Record<string, TestStatus>;
      failToPass: Record<string, TestStatus | 'MISSING'>;
      passToPass: Record<string, TestStatus | 'MISSING'>;
      exitCode: number;
      output: string;
      durationMs: number;
    };

export interface VerifyOptions {
  docker: Docker;
  image: string;
  row: DatasetRow;
  modelPatch: string;
  timeoutSec: number;
  limits?: ContainerLimits;
  labels: Record<string, string>;
  /** Pooled loopback-only network namespaces (see OfflineNetworkPool); without it each container gets its own. */
  offlineNetworks?: OfflineNetworkPool;
  /** When given, tests run as `bash run_script.sh <files,comma,separated>` and `parser.py` reads its output. */
  runScripts?: RunScripts;
  /** Network of the verification container (default `none`; the CLI defaults to `bridge` when the engine has one). */
  network?: VerifyNetwork;
  /** Pooled namespaces on the bridge (with `network: 'bridge'`); without it each container gets its own. */
  bridgeNetworks?: OfflineNetworkPool;
  /** Where the container runs (`--backend`); the local engine when absent. */
  runner?: CompletionRunner;
}

/** Time allowed for everything around the tests (reset, patches, handing /app over, parser.py) before the container is killed. */
const VERIFY_SETUP_DEADLINE_SEC = 300;

// Repositories whose runner is not their language's usual one (SWE-bench Pro public split).
const REPO_FRAMEWORKS: Record<string, string> = { 'NodeBB/NodeBB': 'mocha' };

/**
 * The framework of a row when no run_scripts are given: an explicit `test_framework`, else a known
 * repository, else the repository language. A guess for real repositories — SWE-bench Pro's own
 * run_scripts (`--run-scripts`) are the faithful way to verify them.
 */
export function frameworkOf(row: DatasetRow): string {
  const explicit = (row as Record<string, unknown>).test_framework;
  if (typeof explicit === 'string') return explicit;
  return (
    REPO_FRAMEWORKS[row.repo] ??
    ({ js: 'jest', ts: 'jest', python: 'pytest', go: 'go-test', shell: 'shell' } as Record<string, string>)[row.repo_language] ??
    'pytest'
  );
}

const PARSED_STATUSES = new Set<TestStatus>(['PASSED', 'FAILED', 'SKIPPED', 'ERROR']);

/** The `{"tests": [{"name", "status"}]}` document parser.py writes, or why it is not one. */
export function readParserOutput(text: string): Record<string, TestStatus> | string {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return `parser.py wrote no JSON document (got ${JSON.stringify(text.slice(0, 120))})`;
  }
  const tests = (doc as { tests?: unknown }).tests;
  if (!Array.isArray(tests)) return 'parser.py output has no "tests" array';
  const out: Record<string, TestStatus> = {};
  for (const [i, t] of tests.entries()) {
    const { name, status } = (t ?? {}) as { name?: unknown; status?: unknown };
    if (typeof name !== 'string' || !PARSED_STATUSES.has(status as TestStatus))
      return `parser.py output tests[${i}] needs a string "name" and a status of PASSED, FAILED, SKIPPED or ERROR`;
    out[name] = status as TestStatus;
  }
  return out;
}

export async function verifyPatch(o: VerifyOptions): Promise<VerifyOutcome> {
  const id = randomBytes(8).toString('hex');
  const report = `/tmp/wb-report-${id}`;
  const input = `/tmp/wb-${id}`;
  const framework = frameworkOf(o.row);
  const parser = TEST_PARSERS[framework];
  if (!o.runScripts && !parser) return { kind: 'verifier-error', output: `no parser for test framework ${framework}` };
  const inputs: Record<string, string> = {
    [`wb-${id}-verify.sh`]: verificationScript(
      { row: o.row, modelPatch: o.modelPatch, timeoutSec: o.timeoutSec, runScripts: Boolean(o.runScripts) },
      report,
      input,
    ),
    [`wb-${id}-tests.sh`]: testsScript(
      framework,
      o.row.selected_test_files_to_run,
      o.runScripts ? { file: `${input}-run_script.sh`, exports: dockerfileEnvExports(o.row) } : undefined,
    ),
    [`wb-${id}-model.patch`]: o.modelPatch,
    [`wb-${id}-test.patch`]: o.row.test_patch,
    [`wb-${id}-drop.py`]: DROP_PY,
    ...(o.runScripts ? { [`wb-${id}-run_script.sh`]: o.runScripts.runScript, [`wb-${id}-parser.py`]: o.runScripts.parser } : {}),
  };
  // Root inside the container, whatever the image's USER: only root can hand the tests to another uid.
  const container = {
    image: o.image,
    user: '0:0',
    labels: o.labels,
    ...(o.network === 'bridge' ? { network: true, ...(o.bridgeNetworks ? { bridgeNetworks: o.bridgeNetworks } : {}) } : {}),
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.offlineNetworks ? { offlineNetworks: o.offlineNetworks } : {}),
  };
  const spec = { cmd: ['sh', `${input}-verify.sh`], files: inputs, collect: report, deadlineSec: o.timeoutSec + VERIFY_SETUP_DEADLINE_SEC };
  const run: Awaited<ReturnType<CompletionRunner['run']>> = o.runner
    ? await o.runner.run(container, spec)
    : await runToCompletion(o.docker, container, spec);
  if (run.infra) return { kind: 'verifier-error', output: `infrastructure: ${run.infra}` };
  const f = run.files;
  const prepLog = f['prep.log'] ?? '';
  if (run.exitCode === null)
    return {
      kind: 'verifier-error',
      output: `verification did not finish within ${o.timeoutSec + VERIFY_SETUP_DEADLINE_SEC} s (the tests' own limit is ${o.timeoutSec} s); the container was killed\n${prepLog}`,
    };
  if (run.exitCode === PREP_MODEL_PATCH_FAILED) return { kind: 'patch-apply-failed', output: prepLog };
  if (run.exitCode === PREP_RESET_FAILED) return { kind: 'verifier-error', output: `reset to base failed: ${prepLog}` };
  if (run.exitCode === PREP_UNPRIVILEGED_FAILED)
    return { kind: 'verifier-error', output: `could not hand the tests to an unprivileged user (uid ${TEST_UID}): ${prepLog}` };
  if (run.exitCode === PREP_TEST_PATCH_FAILED)
    return {
      kind: 'verifier-error',
      output: `test_patch (or the row's test staging) did not apply after restoring test files: ${prepLog}`,
    };
  if (run.exitCode !== 0 || f.exit === undefined)
    return { kind: 'verifier-error', output: `the verification script failed (exit ${run.exitCode}) before the tests ran: ${prepLog}` };
  const exitCode = Number(f.exit.trim());
  const [t0, t1] = (f.uptime ?? '').trim().split(/\s+/).map(Number);
  const durationMs =
    t0 !== undefined && t1 !== undefined && Number.isFinite(t0) && Number.isFinite(t1) ? Math.round((t1 - t0) * 1000) : run.durationMs;
  const testOutput = `${f['stdout.log'] ?? ''}${f['stderr.log'] ? `\n--- stderr ---\n${f['stderr.log']}` : ''}`;
  const timedOut = exitCode === TIMEOUT_EXIT;
  let statuses: Record<string, TestStatus>;
  let reportText: string;
  if (o.runScripts) {
    reportText = f['output.json'] ?? '';
    const parserExit = f['parser-exit']?.trim();
    const read =
      parserExit === '0'
        ? readParserOutput(reportText)
        : `parser.py failed (exit ${parserExit ?? 'unknown'}): ${(f['parser.log'] ?? '').slice(-400)}`;
    // Killed tests leave partial output: whatever the parser can read of it still says which tests ran.
    if (typeof read === 'string' && !timedOut) return { kind: 'verifier-error', output: `${read}\n${testOutput}` };
    statuses = typeof read === 'string' ? {} : read;
  } else {
    reportText = f.report ?? '';
    statuses = parser!.parse(reportText);
  }
  const pick = (ids: string[]) => Object.fromEntries(ids.map((t) => [t, statuses[t] ?? ('MISSING' as const)]));
  const failToPass = pick(o.row.fail_to_pass);
  const passToPass = pick(o.row.pass_to_pass);
  const parserLog = o.runScripts ? `\n--- parser.py ---\n${f['parser.log'] ?? ''}` : '';
  const output = `${testOutput}${parserLog}\n--- report ---\n${reportText}`;
  if (timedOut) return { kind: 'timeout', output, durationMs, failToPass, passToPass };
  const resolved = [...Object.values(failToPass), ...Object.values(passToPass)].every((st) => st === 'PASSED');
  return { kind: 'tested', resolved, tests: statuses, failToPass, passToPass, exitCode, output, durationMs };
}
